"""What one JVM start left in a log: the parsed run. Plain data, bounded in size."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_SAMPLE = 20  # other output lines kept as a sample
MAX_ERRORS = 50
MAX_WARNING_KINDS = 200

_SIZE = re.compile(r"^(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[KMGT]?)B?$", re.IGNORECASE)
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def size_bytes(text: str) -> int | None:
    """Bytes of a size as the launcher prints it ("512.00M" -> 536870912), else None."""
    match = _SIZE.match(text.strip())
    if match is None:
        return None
    return round(float(match.group("number")) * _UNITS[match.group("unit").upper()])


@dataclass
class Warnings:
    """Warnings counted by (source, level, message); a bounded number of distinct ones."""

    counts: dict[tuple[str, str, str], int] = field(default_factory=dict)
    overflow: int = 0

    def add(self, source: str, level: str, message: str) -> None:
        key = (source, level, message)
        if key in self.counts or len(self.counts) < MAX_WARNING_KINDS:
            self.counts[key] = self.counts.get(key, 0) + 1
        else:
            self.overflow += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.overflow

    def groups(self) -> list[dict[str, object]]:
        """Messages that differ only in their last word are one group ("... for {sect163k1, ...}")."""
        grouped: dict[tuple[str, str, str], dict[str, object]] = {}
        for (source, level, message), count in self.counts.items():
            stem, _, last = message.rpartition(" ")
            key = (source, level, stem or message)
            group = grouped.setdefault(
                key, {"source": source, "level": level, "message": message, "count": 0, "subjects": []}
            )
            group["count"] = int(group["count"]) + count  # type: ignore[call-overload]
            group["subjects"].append(last if stem else message)  # type: ignore[attr-defined]
        for (_, _, stem), group in grouped.items():
            subjects = group["subjects"]
            if len(subjects) > 1:  # type: ignore[arg-type]
                group["message"] = f"{stem} …"
            else:
                group["subjects"] = []
        return sorted(grouped.values(), key=lambda g: -int(g["count"]))  # type: ignore[call-overload]


@dataclass
class Sample:
    """Lines nobody claimed: counted, and the first few kept."""

    count: int = 0
    lines: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.count += 1
        if len(self.lines) < MAX_SAMPLE:
            self.lines.append(text)


@dataclass
class SecurityInfo:
    title: str = ""
    properties: dict[str, str] = field(default_factory=dict)
    providers: list[str] = field(default_factory=list)
    provider_info: dict[str, str] = field(default_factory=dict)
    services: dict[str, list[str]] = field(default_factory=dict)
    tls_provider: str = ""
    protocols: list[str] = field(default_factory=list)
    ciphers: list[str] = field(default_factory=list)


@dataclass
class Run:
    """One JVM start: the hook's trace lines and what the JVM printed."""

    index: int = 0  # 1-based position in the log
    first_line: int = 0
    last_line: int = 0
    marker: dict[str, str] | None = None  # fields of `#jopt-run`; None for a bare capture
    trace: dict[str, str] = field(default_factory=dict)  # options-file, launch-options, ...
    optfile_lines: list[str] = field(default_factory=list)
    environment: dict[str, str] = field(default_factory=dict)
    sections: list[str] = field(default_factory=list)  # titles, in the order seen
    vm: dict[str, str] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)
    locale: dict[str, str] = field(default_factory=dict)
    security: SecurityInfo | None = None
    system: dict[str, str] = field(default_factory=dict)
    unknown: dict[str, list[str]] = field(default_factory=dict)
    elided: list[str] = field(default_factory=list)  # sections with "..." lines
    banner: list[str] = field(default_factory=list)
    warnings: Warnings = field(default_factory=Warnings)
    errors: list[str] = field(default_factory=list)
    other: Sample = field(default_factory=Sample)
    problems: list[str] = field(default_factory=list)
    truncated: bool = False

    @property
    def has_settings(self) -> bool:
        return bool(self.sections)

    @property
    def complete(self) -> bool:
        return self.has_settings and not self.truncated

    def error(self, text: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(text)

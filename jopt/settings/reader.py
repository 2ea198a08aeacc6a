"""Parse -XshowSettings output and the hook's trace logs into runs, streaming.

A run starts at the hook's `#jopt-run` marker, or, in a bare capture, at a settings header
the current run has already seen (`java -XshowSettings … 2>>log` appended again). Runs
are yielded one at a time as they end, so memory stays flat however long the log is;
`pick` keeps only the runs asked for.

`SettingsLog.pick` does not parse every run of a log file: the run index
(`jopt.settings.index`) finds where the wanted runs start from the file's bytes, and only
those are parsed, each from its first line; the result is the same as a full parse.

Entry points: `open_log(path)` (a context manager giving a `SettingsLog`), `parse_text`
for strings, and `pick` to choose runs by position (negative: from the end).
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from jopt.errors import JoptError
from jopt.redaction import MASK
from jopt.settings import index as settings_index
from jopt.settings import lines as lines_
from jopt.settings.inputs import LogReader
from jopt.settings.model import Run, SecurityInfo
from jopt.settings.sections import KeyValues, Labeled, Raw, Section
from jopt.settings.security import Security

__all__ = ["LogError", "Run", "SettingsLog", "iter_runs", "open_log", "parse_text", "pick"]


class LogError(JoptError):
    """A log cannot be read, or holds no run that can be reported."""


def _new_section(title: str, kind: str) -> Section:
    if kind in ("vm", "system"):
        return Labeled(title, kind)
    if kind in ("properties", "locale"):
        return KeyValues(title, kind)
    if kind == "security":
        return Security(title)
    return Raw(title)


class _Builder:
    """Collects one run, line by line."""

    def __init__(self, first_line: int, marker: dict[str, str] | None = None):
        self.run = Run(first_line=first_line, last_line=first_line, marker=marker)
        self.kinds: set[str] = set()
        self.section: Section | None = None
        self.after_blank = False
        self.in_section = False  # the last non-blank line belonged to the open section
        self.jul: tuple[str, str] | None = None  # (source + method, head line) awaiting its level line
        self.banner_open = False
        self.env_name: str | None = None

    def repeats(self, kind: str) -> bool:
        return bool(kind) and kind in self.kinds

    def feed(self, text: str, stripped: str, head: tuple[str, str] | None) -> None:
        """A line that is not the hook's (`stripped` is `text.strip()`, `head` its header)."""
        if not stripped:
            self._blank(text)
        elif head is not None and (head[1] or self.run.sections):
            self._open(*head)
        elif self.jul is not None or (" = " not in stripped and "." in stripped):  # maybe a log record
            if not self._logging(stripped):
                self._content(text, stripped)
        elif self.banner_open or self.section is None or not text[0].isspace():
            self._content(text, stripped)
        elif self.section.feed(text, stripped, self.after_blank):  # what _content does with most lines
            self.after_blank, self.in_section = False, True
        else:
            self._content(text, stripped, refused=True)

    def hook(self, kind: str, rest: str) -> None:
        if kind == "trace":
            key, _, value = rest.partition("=")
            self.run.trace[key] = value
        elif kind == "optfile":
            self.run.optfile_lines.append(rest)
        elif kind == "env":
            self._env(rest)

    def _env(self, rest: str) -> None:
        name, equals, value = rest.partition("=")
        if equals and name.isidentifier():
            self.env_name = name
            self.run.environment[name] = value
        elif self.env_name is not None and self.run.environment[self.env_name] != MASK:
            self.run.environment[self.env_name] += "\n" + rest

    def _blank(self, text: str) -> None:
        self._flush_jul()
        self.banner_open = False
        if self.section is not None:
            self.section.blank(text)
        self.after_blank = True
        self.in_section = False

    def _open(self, title: str, kind: str) -> None:
        self._flush_jul()
        self._close_section()
        self.section = _new_section(title, kind)
        self.run.sections.append(title)
        self.kinds.add(kind)
        self.after_blank = self.in_section = self.banner_open = False

    def _logging(self, stripped: str) -> bool:
        """A java.util.logging record (two lines); True when the line was taken."""
        if self.jul is not None:
            level = lines_.JUL_LEVEL.match(stripped)
            source, head = self.jul
            self.jul = None
            if level:
                self.run.warnings.add(source, level.group("level"), level.group("message"))
                self.after_blank = self.in_section = False
                return True
            self.run.other.add(head)
        record = lines_.jul_head(stripped) if " = " not in stripped else None
        if record:
            self.jul = (record, stripped)
            return True
        return False

    def _flush_jul(self) -> None:
        if self.jul is not None:
            self.run.other.add(self.jul[1])
            self.jul = None

    def _content(self, text: str, stripped: str, refused: bool = False) -> None:
        """A line of output; `refused`: the open section has already refused it."""
        if self.banner_open and lines_.BANNER_MORE.search(stripped):
            self.run.banner.append(stripped)
            return
        self.banner_open = False
        if text[:1].strip() and self._diagnostic(stripped):
            self.after_blank = self.in_section = False
            return
        if self.section is not None:
            if not refused and self.section.feed(text, stripped, self.after_blank):
                self.after_blank, self.in_section = False, True
                return
            if self.after_blank:
                self._close_section()
        self.after_blank = self.in_section = False
        if self.section is None and not self.run.sections and lines_.bare_property(stripped):
            self._headless(text, stripped)
            return
        self._loose(stripped)

    def _headless(self, text: str, stripped: str) -> None:
        """Property lines with no header above them (a paste that lost it): read them as
        Property settings."""
        self._open("Property settings", "properties")
        self.run.problems.append('no "Property settings:" header above the property lines: read as if it were there')
        assert self.section is not None
        self.section.feed(text, stripped, False)
        self.in_section = True

    def _diagnostic(self, stripped: str) -> bool:
        warning = lines_.warning(stripped)
        if warning is not None:
            self.run.warnings.add(*warning)
            return True
        if lines_.is_error(stripped):
            self.run.error(stripped)
            return True
        return False

    def _loose(self, stripped: str) -> None:
        if lines_.is_banner_start(stripped):
            self.run.banner.append(stripped)
            self.banner_open = True
        elif not lines_.is_elision(stripped):
            self.run.other.add(stripped)

    def _close_section(self) -> None:
        section, self.section = self.section, None
        if section is None:
            return
        if section.elided:
            self.run.elided.append(section.title)
        run = self.run
        if isinstance(section, KeyValues) and section.kind == "properties":
            run.properties.update(section.finished(section.values.get("path.separator", ":")))
        elif isinstance(section, KeyValues):
            run.locale.update(section.finished())
        elif isinstance(section, Labeled):
            (run.vm if section.kind == "vm" else run.system).update(section.values)
        elif isinstance(section, Security):
            run.security = _security(section)
        elif isinstance(section, Raw):
            run.unknown[section.title] = section.lines

    def finish(self, last_line: int, ended_by: str, cut: bool = False) -> Run:
        """The run, its last line `last_line`, with its problems: `ended_by` is "eof", "marker" or "header"."""
        self._flush_jul()
        run = self.run
        run.last_line = max(run.first_line, last_line)
        if self.section is not None and (self.in_section or cut):
            run.truncated = True
            where = "the log ends" if ended_by == "eof" else "the run stops"
            run.problems.append(f"truncated: {where} inside {self.section.title} (line {run.last_line})")
        if cut and ended_by == "eof":
            run.problems.append("the last line has no line end: the log was cut off while it was written")
        self._close_section()
        if not run.sections:
            why = f"; the JVM did not start ({run.errors[0]})" if run.errors else ""
            later = " yet (the JVM may still be starting)" if ended_by == "eof" and not run.errors else why
            run.problems.append(f"no -XshowSettings output{later}")
        return run


def _security(section: Security) -> SecurityInfo:
    return SecurityInfo(
        title=section.title,
        properties=section.properties,
        providers=section.providers,
        provider_info=section.provider_info,
        services=section.services,
        tls_provider=section.tls_provider,
        protocols=section.protocols,
        ciphers=section.ciphers,
    )


def iter_runs(
    blocks: Iterable[list[str]], cut: Callable[[], bool] | None = None, lines_before: int = 0, runs_before: int = 0
) -> Iterator[Run]:
    """Runs in order, each yielded when the next starts or the lines end.

    `blocks` are lists of lines (`LogReader.blocks`); `cut()` tells, at the end, whether the
    last line lacked its line end. Reading from the middle of a log, `lines_before` and
    `runs_before` say where: the first line is line `lines_before + 1`.
    """
    builder = _Builder(first_line=lines_before + 1)
    count = runs_before
    number = lines_before
    hook_line, header = lines_.hook_line, lines_.header

    def done(ended_by: str, is_cut: bool = False) -> Run | None:
        nonlocal count
        if builder.run.marker is None and not builder.run.sections:
            return None  # lines before the first run
        count += 1
        run = builder.finish(number - (ended_by != "eof"), ended_by, is_cut)
        run.index = count
        return run

    for block in blocks:
        for text in block:
            number += 1
            hook = hook_line(text) if text[:1] == "#" else None
            if hook is None:
                stripped = text.strip()
                head = header(stripped) if stripped[-1:] == ":" else None
                if head is not None and builder.repeats(head[1]):
                    run = done("header")
                    builder = _Builder(number)
                    if run is not None:
                        yield run
                builder.feed(text, stripped, head)
            elif hook[0] == "run":
                run = done("marker")
                builder = _Builder(number, lines_.marker_fields(hook[1]))
                if run is not None:
                    yield run
            else:
                builder.hook(*hook)
    run = done("eof", bool(cut and cut()))
    if run is not None:
        yield run


class SettingsLog:
    """A log being read: `runs()` (every run) or `pick()` (some), once; then `source()`."""

    def __init__(self, stream: BinaryIO, name: str, codec: str | None = None, prefix: str | None = None):
        self.name = name
        self._stream = stream
        self._start = _tell(stream)
        self.reader = LogReader(stream, codec, prefix)
        self.count = 0
        self._lines: int | None = None  # known from the run index

    def runs(self) -> Iterator[Run]:
        for run in iter_runs(self.reader.blocks(), lambda: self.reader.incomplete):
            self.count = run.index
            yield run

    def pick(self, wanted: Sequence[int]) -> tuple[dict[int, Run], int]:
        """The runs at the wanted 1-based positions (-1 is the latest), and how many there are.

        A log file is indexed and only the wanted runs are parsed; a stream (or a log the
        index cannot read) is parsed run by run.
        """
        index = self._index(wanted)
        if index is not None and index.runs == 0:  # no header nor marker: maybe a paste that lost them
            self._restart()
            index = None
        found = self._parse_starts(index, wanted) if index is not None else None
        if index is None or found is None:
            return pick(self.runs(), wanted)
        self.count, self._lines = index.runs, index.lines
        return found, index.runs

    def _index(self, wanted: Sequence[int]) -> settings_index.RunIndex | None:
        if self._start is None:
            return None
        self.reader.sniff()
        self._stream.seek(self._start)
        index = settings_index.scan(self._stream, self.reader.codec, self.reader.prefix, wanted)
        if index is None:
            self._restart()
        return index

    def _parse_starts(self, index: settings_index.RunIndex, wanted: Sequence[int]) -> dict[int, Run] | None:
        """The wanted runs, each parsed from where the index says it starts; None if it was wrong."""
        found = {}
        for w in wanted:
            n = w if w > 0 else index.runs + 1 + w
            if 1 <= n <= index.runs:
                run = self._run_at(n, *index.starts[n])
                if run is None:  # the index and the parser disagree: trust the parser
                    self._restart()
                    return None
                found[w] = run
        return found

    def _restart(self) -> None:
        """Back to the first line, to parse every line (the encoding and prefix stay found)."""
        assert self._start is not None
        self._stream.seek(self._start)
        self.reader = LogReader(self._stream, self.reader.codec, self.reader.prefix or "")

    def _run_at(self, number: int, offset: int, lines_before: int) -> Run | None:
        """Run `number`, parsed from its first line at byte `offset`."""
        assert self._start is not None
        self._stream.seek(self._start + offset)
        reader = LogReader(self._stream, self.reader.codec, self.reader.prefix or "", lines_before)
        run = next(iter_runs(reader.blocks(), lambda: reader.incomplete, lines_before, number - 1), None)
        return run if run is not None and run.first_line == lines_before + 1 else None

    def source(self) -> dict[str, object]:
        prefix = self.reader.prefix
        return {
            "file": self.name,
            "encoding": self.reader.codec,
            "prefix": prefix.shown if prefix else None,
            "lines": self.reader.lines if self._lines is None else self._lines,
            "runs": self.count,
        }


def _tell(stream: BinaryIO) -> int | None:
    """Where a seekable regular file stands (before anything was read), else None."""
    try:
        return stream.tell() if stream.seekable() and not stream.isatty() else None
    except (OSError, ValueError):
        return None


@contextlib.contextmanager
def open_log(path: Path | str, codec: str | None = None, prefix: str | None = None) -> Iterator[SettingsLog]:
    """Open a log file ("-" is standard input) for reading runs."""
    if str(path) == "-":
        yield SettingsLog(sys.stdin.buffer, "<stdin>", codec, prefix)
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115  (closed when the generator ends)
    except FileNotFoundError:
        raise LogError("log file not found", path=path) from None
    except OSError as error:
        raise LogError(f"cannot read log file: {error.strerror}", path=path) from None
    with stream:
        yield SettingsLog(stream, str(path), codec, prefix)


def parse_text(text: str) -> list[Run]:
    """Every run in `text` (for tests and small captures)."""
    return list(SettingsLog(io.BytesIO(text.encode("utf-8")), "<text>", "utf-8").runs())


def pick(runs: Iterable[Run], wanted: Sequence[int]) -> tuple[dict[int, Run], int]:
    """The runs at the wanted 1-based positions (-1 is the latest), and how many there were.

    Only the runs asked for (and as many of the latest as a negative position needs) are kept.
    """
    tail: deque[Run] = deque(maxlen=max([-w for w in wanted if w < 0] + [0]) or None)
    keep_tail = any(w < 0 for w in wanted)
    found: dict[int, Run] = {}
    total = 0
    for run in runs:
        total = run.index
        if run.index in wanted:
            found[run.index] = run
        if keep_tail:
            tail.append(run)
    for w in wanted:
        if w < 0 and -w <= len(tail):
            found[w] = tail[w]
    return found, total

"""Start-up times from Zowe's own messages: in a saved job log or in the hook's trace logs.

Pure: lines in, starts out. The message shapes (samples and their sources:
tests/data/joblogs/README.md):

- API ML services log ``ZWEAM000I <service> started in <seconds> seconds`` when Spring says the
  application is ready; the seconds are the JVM's uptime (older releases: "has been started in").
  ``ZWEAM001I API Mediation Layer started`` follows when all of API ML is up. The explorer
  services (v2) log ``ZWEE0000I <Application> started in <seconds> seconds``.
- Their lines are logback's ``%d{yyyy-MM-dd HH:mm:ss.SSS,UTC} <job:thread:pid> user LEVEL
  (logger) message``; v3 writes ``((logger))`` and may colour the parts with ANSI codes.
- The launcher (ZWESLSTC) logs ``ZWEL0021I Zowe Launcher starting`` and, per component,
  ``ZWEL0001I component <name> started`` (launched, not ready) as ``<date time> <ZWELNCH:pid>
  user INFO message``, in local time without milliseconds.
- A job log may carry ASA carriage control in column 1, be EBCDIC, and JES may wrap a long
  record so that the message starts the next line; the JES message log repeats some messages
  as ``hh.mm.ss STCnnnnn +ZWEAM000I ...`` WTOs, which are not counted twice.
- The hook's trace logs start each run with ``#jopt-run time=... component=... pid=...``: the
  component's stdout (``start.log1<TAG>``) holds its messages, stderr (``start.log2<TAG>``) the
  options file the run used (``#jopt-trace options-file=...``, ``#jopt-optfile <line>``).

A start is one JVM: a hook run, or in a job log one ``<job:...:pid>``. Its time to ready is
the largest uptime its services reported.

Schema ``jopt-startup/1`` (``jopt startup --json``)::

    schema    "jopt-startup/1"
    sources   [{file, kind: "joblog"|"trace", encoding, lines}]
    starts    [START]  per component, oldest first
    changes   [CHANGE] per component with two or more starts: its last two

    START:    {component, started_at, ready_at, seconds, services: [{service, seconds, ready_at,
              line}], job, pid, launched_at, apiml_ready_at, source, line, run, options}
              started_at: ready_at minus the uptime, as the component's log clock (UTC) tells;
              launched_at: the launcher's ZWEL0001I (its local time); run: the hook's marker
              fields; options: null (not known: a job log) or {file, sha256, profiles, options}
              (file null: the run had no options file; sha256: 12 hex digits of the text the
              trace logged)
    CHANGE:   {component, before, after, percent, cause, text}: cause null when the options
              are not known
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, BinaryIO, NamedTuple

from jopt.options.optionsfile import parse_argfile, parse_openj9
from jopt.settings.inputs import LogReader
from jopt.settings.report import mask_options

SCHEMA = "jopt-startup/1"

#: ANSI colour codes; the bare "[35m" form is what is left when the escape byte was lost.
_ANSI = re.compile(r"\x1b?\[[0-9;]*m")
#: The head of a Zowe log line, after an optional ASA carriage-control character.
_HEAD = re.compile(
    r"^[ 01+\-]?\s*(?P<at>\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?)\s+<(?P<job>[^:>\s]+)(?::(?P<rest>[^>]*))?>"
)
_READY = re.compile(
    r"\b(?P<id>ZWEAM000I|ZWEE0000I)\s+(?P<service>\S.*?)\s+(?:has been\s+)?started in\s+(?P<seconds>\d+(?:\.\d+)?)\s+seconds"
)
_APIML_READY = re.compile(r"\bZWEAM001I\b")
_LAUNCHED = re.compile(r"\bZWEL0001I\s+component\s+(?P<component>\S+)\s+started\b")
_CONTINUED = re.compile(r"^[ 01+\-]?\s*ZWE[A-Z]{1,2}\d{3,4}I\b")
_MARKER = "#jopt-run "
_FIELD = re.compile(r"(\w+)=(\S*)")
_PROFILES = re.compile(r"^#\s*Rendered by jopt \S+ from profiles: (.*?)\s*$")

#: Service names in ZWEAM000I / ZWEE0000I -> Zowe component ids.
SERVICES = {
    "Gateway Service": "gateway",
    "Discovery Service": "discovery",
    "API Catalog Service": "api-catalog",
    "Caching Service": "caching-service",
    "ZAAS Service": "zaas",
    "Metrics Service": "metrics-service",
    "DataSetsAndUnixFilesApplication": "files-api",
    "JesJobsApplication": "jobs-api",
}
_APIML_SERVICES = {"gateway", "discovery", "api-catalog", "caching-service", "zaas"}


class Ready(NamedTuple):
    service: str
    seconds: float
    at: str
    line: int


class Options(NamedTuple):
    """The options file a traced run used, as the hook logged it."""

    file: str | None
    lines: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.file.rsplit("/", 1)[-1] if self.file else "none"

    @property
    def digest(self) -> str | None:
        if self.file is None:
            return None
        return hashlib.sha256(("\n".join(self.lines) + "\n").encode()).hexdigest()[:12]

    @property
    def profiles(self) -> list[str]:
        for line in self.lines:
            if match := _PROFILES.match(line):
                return [p.strip() for p in match.group(1).split(",") if p.strip()]
        return []

    @property
    def options(self) -> list[str]:
        text = "\n".join(self.lines) + "\n"
        return parse_argfile(text) if ".argfile." in self.name else parse_openj9(text)


@dataclass
class Start:
    source: str
    line: int
    component: str | None = None
    job: str | None = None
    pid: str | None = None
    run: dict[str, str] | None = None
    ready: list[Ready] = field(default_factory=list)
    launched_at: str | None = None
    apiml_ready_at: str | None = None
    options: Options | None = None

    @property
    def last(self) -> Ready | None:
        return max(self.ready, key=lambda r: r.seconds) if self.ready else None

    @property
    def seconds(self) -> float | None:
        return self.last.seconds if self.last else None

    @property
    def started_at(self) -> str | None:
        last = self.last
        if last is None:
            return None
        return (_when(last.at) - timedelta(seconds=last.seconds)).strftime("%Y-%m-%d %H:%M:%S")


def _when(text: str) -> datetime:
    text = text.replace("T", " ").replace(",", ".")
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f" if "." in text else "%Y-%m-%d %H:%M:%S")


def clean(text: str) -> str:
    """A log line without ANSI colour codes."""
    return _ANSI.sub("", text) if "[" in text else text


def lines_of(stream: BinaryIO, codec: str | None = None) -> tuple[LogReader, Iterator[tuple[int, str]]]:
    """Numbered lines of a log in any of the encodings a job log comes in (UTF-8, ISO8859-1,
    EBCDIC with NL line ends, CRLF); no prefix is removed: the parser allows for ASA."""
    reader = LogReader(stream, codec, prefix="")
    return reader, ((line.number, line.text) for line in reader)


def component_of(services: list[str], job: str | None) -> str:
    """The component a JVM belongs to, from the services it reported."""
    ids = [SERVICES.get(s, s.removesuffix(" Service").strip().lower().replace(" ", "-")) for s in services]
    unique = list(dict.fromkeys(ids))
    if len(unique) == 1:
        return unique[0]
    if unique and set(unique) <= _APIML_SERVICES:
        return "apiml"  # v3 single-service: every API ML service in one JVM
    return job or "?"


class _Scan:
    """State while reading one log: the current hook run, the JVMs seen, the launcher's launches."""

    def __init__(self, source: str):
        self.source = source
        self.starts: list[Start] = []
        self.run: Start | None = None
        self.jvms: dict[tuple[str, str | None], Start] = {}
        self.launches: list[tuple[str, str, int]] = []  # (component, at, line)
        self.pending: re.Match[str] | None = None  # a head whose message may be on the next line

    def marker(self, number: int, rest: str) -> None:
        fields = dict(_FIELD.findall(rest))
        self.run = Start(self.source, number, component=fields.get("component"), run=fields, pid=fields.get("pid"))
        self.starts.append(self.run)
        self.jvms = {}

    def start_for(self, head: re.Match[str], number: int) -> Start:
        if self.run is not None:
            self.run.job = self.run.job or head.group("job")  # the address space the hook's run became
            return self.run
        pid = (head.group("rest") or "").rsplit(":", 1)[-1] or None
        key = (head.group("job"), pid)
        if key not in self.jvms:
            self.jvms[key] = Start(self.source, number, job=key[0], pid=pid)
            self.starts.append(self.jvms[key])
        return self.jvms[key]

    def message(self, head: re.Match[str], body: str, number: int) -> bool:
        """Record a Zowe message; False when the line holds none of those looked for."""
        if ready := _READY.search(body):
            item = Ready(ready.group("service"), float(ready.group("seconds")), head.group("at"), number)
            self.start_for(head, number).ready.append(item)
        elif _APIML_READY.search(body):
            self.start_for(head, number).apiml_ready_at = head.group("at")
        elif launched := _LAUNCHED.search(body):
            self.launches.append((launched.group("component"), head.group("at"), number))
        else:
            return False
        return True

    def line(self, number: int, raw: str) -> None:
        if raw.startswith(_MARKER):
            self.marker(number, raw[len(_MARKER) :])
            self.pending = None
            return
        text = clean(raw)
        head = _HEAD.match(text)
        if head is not None:
            self.pending = None if self.message(head, text[head.end() :], number) else head
        elif self.pending is not None and _CONTINUED.match(text):
            self.message(self.pending, text, number)  # JES wrapped the record: the message is on this line
            self.pending = None
        else:
            self.pending = None

    def finish(self) -> list[Start]:
        starts = [s for s in self.starts if s.ready or s.run is not None]
        for start in starts:
            if start.component is None:
                start.component = component_of([r.service for r in start.ready], start.job)
            before = [at for name, at, n in self.launches if name == start.component and n < start.line]
            start.launched_at = before[-1] if before else None
        return starts


def scan(lines: Iterable[tuple[int, str]], source: str) -> list[Start]:
    """The starts in one log (a job log, or a trace log's stdout), in the order they began."""
    state = _Scan(source)
    for number, text in lines:
        state.line(number, text)
    return state.finish()


def run_options(lines: Iterable[tuple[int, str]]) -> dict[str, Options]:
    """The options file of each hook run in a trace log's stderr (start.log2<TAG>), by marker."""
    found: dict[str, Options] = {}
    key: str | None = None
    file: str | None = None
    body: list[str] = []
    for _, text in lines:
        if text.startswith(_MARKER):
            if key is not None:
                found[key] = Options(file, tuple(body))
            key, file, body = text[len(_MARKER) :].strip(), None, []
        elif key is not None and text.startswith("#jopt-trace options-file="):
            value = text.partition("=")[2].strip()
            file = None if value in ("", "none") else value
        elif key is not None and text.startswith("#jopt-optfile "):
            body.append(text[len("#jopt-optfile ") :])
    if key is not None:
        found[key] = Options(file, tuple(body))
    return found


def marker_key(run: dict[str, str]) -> str:
    """The marker text of a run, as run_options keys it."""
    return " ".join(f"{k}={v}" for k, v in run.items())


# --- what changed -----------------------------------------------------------------------------


def _listed(items: list[str]) -> str:
    return ", ".join(items)


def _option_change(before: list[str], after: list[str]) -> str:
    gone = [o for o in before if o not in after]
    new = [o for o in after if o not in before]
    if len(gone) == 1 and len(new) == 1:
        return mask_options(f"{gone[0]} -> {new[0]}")
    words = [f"+{o}" for o in new] + [f"-{o}" for o in gone]
    return mask_options(" ".join(words)) if words else "comments only"


def cause(before: Options | None, after: Options | None) -> str | None:
    """Why two traced starts differ, in words; None when a side's options are not known."""
    if before is None or after is None:
        return None
    if before.file is None and after.file is None:
        return "no options file either time"
    if before.file is None:
        return f"since {after.name} was added ({_listed(after.profiles) or 'no jopt header'})"
    if after.file is None:
        return f"since {before.name} was removed"
    if before.digest == after.digest:
        return f"same {after.name} ({after.digest})"
    added = [p for p in after.profiles if p not in before.profiles]
    removed = [p for p in before.profiles if p not in after.profiles]
    parts = [f"{_listed(added)} added"] * bool(added) + [f"{_listed(removed)} removed"] * bool(removed)
    detail = "; ".join(parts) or _option_change(before.options, after.options)
    name = after.name if before.name == after.name else f"{before.name} -> {after.name}"
    return f"since {name} changed ({detail})"


def change(before: Start, after: Start) -> dict[str, Any]:
    b, a = before.seconds or 0.0, after.seconds or 0.0
    percent = round((a - b) * 100 / b) if b else 0
    why = cause(before.options, after.options)
    text = f"{after.component}: {b:.1f} s -> {a:.1f} s ({percent:+d}%)" + (f" {why}" if why else "")
    return {"component": after.component, "before": b, "after": a, "percent": percent, "cause": why, "text": text}


# --- the listing --------------------------------------------------------------------------------


def _options_dict(options: Options | None) -> dict[str, Any] | None:
    if options is None:
        return None
    return {
        "file": options.file,
        "sha256": options.digest,
        "profiles": options.profiles,
        "options": [mask_options(o) for o in options.options] if options.file else [],
    }


def start_dict(start: Start) -> dict[str, Any]:
    last = start.last
    return {
        "component": start.component,
        "started_at": start.started_at,
        "ready_at": last.at if last else None,
        "seconds": start.seconds,
        "services": [
            {"service": r.service, "seconds": r.seconds, "ready_at": r.at, "line": r.line} for r in start.ready
        ],
        "job": start.job,
        "pid": start.pid,
        "launched_at": start.launched_at,
        "apiml_ready_at": start.apiml_ready_at,
        "source": start.source,
        "line": start.line,
        "run": start.run,
        "options": _options_dict(start.options),
    }


def document(starts: list[Start], sources: list[dict[str, Any]], last: int = 10) -> dict[str, Any]:
    """The listing: each component's last `last` starts that reached ready, and its last change."""
    by_component: dict[str, list[Start]] = {}
    for start in starts:
        if start.ready:
            by_component.setdefault(start.component or "?", []).append(start)
    shown = [s for group in by_component.values() for s in group[-last:]]
    changes = [change(group[-2], group[-1]) for group in by_component.values() if len(group) >= 2]
    return {"schema": SCHEMA, "sources": sources, "starts": [start_dict(s) for s in shown], "changes": changes}


def summary(start: Start | None) -> dict[str, Any] | None:
    """One start as `jopt report` shows it (null when the run never reported ready)."""
    if start is None or not start.ready:
        return None
    return start_dict(start)


Style = Callable[[str, str], str]


def _plain(text: str, role: str) -> str:
    return text


def _options_cell(options: dict[str, Any] | None) -> str:
    if options is None:
        return "-"
    if options["file"] is None:
        return "none"
    profiles = f" ({', '.join(options['profiles'])})" if options["profiles"] else ""
    return f"{options['file'].rsplit('/', 1)[-1]} {options['sha256']}{profiles}"


def listing_text(doc: dict[str, Any], style: Style = _plain) -> str:
    """The text of a listing (schema jopt-startup/1)."""
    rows = [("COMPONENT", "STARTED", "READY IN", "JOB", "OPTIONS")]
    notes: list[str] = []
    for s in doc["starts"]:
        rows.append(
            (s["component"], s["started_at"], f"{s['seconds']:.1f} s", s["job"] or "-", _options_cell(s["options"]))
        )
        if len(s["services"]) > 1:
            parts = ", ".join(f"{v['service']} {v['seconds']:.1f} s" for v in s["services"])
            notes.append(f"{s['component']} {s['started_at']}: {parts}")
        if s["apiml_ready_at"]:
            notes.append(f"API ML ready at {s['apiml_ready_at']} (ZWEAM001I, {s['component']})")
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(c.rjust(widths[i]) if i == 2 else c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in rows
    ]
    for item in doc["changes"]:
        role = "good" if item["percent"] < 0 else ("warn" if item["percent"] > 0 else "dim")
        notes.append(style(item["text"], role))
    return "\n".join(lines + ([""] + notes if notes else [])) + "\n"


def run_line(startup: dict[str, Any]) -> str:
    """The start-up line of `jopt report`."""
    services = startup["services"]
    what = services[0]["service"] if len(services) == 1 else f"{len(services)} services"
    return f"ready in {startup['seconds']:.1f} s ({what}, ready at {startup['ready_at']})"

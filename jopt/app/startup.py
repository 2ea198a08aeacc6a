"""jopt startup and the start-up line of jopt report: find the logs, read them, list the starts.

Two kinds of source. A job log the user saved (SDSF, `zowe jobs view`): it tells how long each
JVM took to be ready, not which options it ran with. The hook's trace logs in the overrides
directory (`start.log1<TAG>`: the component's stdout, with Zowe's messages; `start.log2<TAG>`:
the options file each run used): they tell both, run by run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from jopt.app.site import Site
from jopt.settings import startup
from jopt.settings.reader import LogError
from jopt.zowe.discovery import Component


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[BinaryIO]:
    try:
        with path.open("rb") as stream:
            yield stream
    except FileNotFoundError:
        raise LogError("not found", path=path) from None
    except IsADirectoryError:
        raise LogError("is a directory, expected a log file", path=path) from None
    except PermissionError:
        raise LogError("cannot read it: permission denied (run as a user that may read it)", path=path) from None


def _read(path: Path, kind: str, codec: str | None) -> tuple[list[startup.Start], dict[str, Any]]:
    with _opened(path) as stream:
        reader, lines = startup.lines_of(stream, codec)
        starts = startup.scan(lines, path.name)
        source = {"file": str(path), "kind": kind, "encoding": reader.codec, "lines": reader.lines}
    return starts, source


def _options(path: Path) -> dict[str, startup.Options]:
    if not path.is_file():
        return {}
    with _opened(path) as stream:
        _, lines = startup.lines_of(stream)
        return startup.run_options(lines)


def _only(starts: list[startup.Start], component: str | None, where: str) -> list[startup.Start]:
    ready = [s for s in starts if s.ready]
    if not ready:
        raise LogError(f"no Zowe start-up message (ZWEAM000I, ZWEE0000I) in {where}")
    if component is None:
        return ready
    chosen = [s for s in ready if s.component == component]
    if not chosen:
        found = ", ".join(sorted({s.component or "?" for s in ready}))
        raise LogError(f"no start of {component} in {where} (it has starts of {found})")
    return chosen


def from_joblogs(paths: list[Path], component: str | None, last: int, codec: str | None = None) -> dict[str, Any]:
    """The listing from saved job logs, read in the order given (oldest first)."""
    starts: list[startup.Start] = []
    sources = []
    for path in paths:
        found, source = _read(path, "joblog", codec)
        starts += found
        sources.append(source)
    where = ", ".join(str(p) for p in paths)
    return startup.document(_only(starts, component, where), sources, last)


def trace_logs(site: Site, component: Component) -> tuple[Path, Path]:
    """The hook's trace logs of a component: stdout (Zowe's messages) and stderr (the options)."""
    tag = site.tags[component.id]
    overrides = site.locations.overrides
    return overrides / f"start.log1{tag}", overrides / f"start.log2{tag}"


def traced(site: Site, component: Component) -> tuple[list[startup.Start], dict[str, Any]] | None:
    """A component's traced starts, each with the options file it ran with; None: never traced."""
    out, err = trace_logs(site, component)
    if not out.is_file():
        return None
    starts, source = _read(out, "trace", None)
    options = _options(err)
    for start in starts:
        start.component = component.id
        if start.run is not None:
            start.options = options.get(startup.marker_key(start.run), startup.Options(None, ()))
    return starts, source


def from_traces(site: Site, component: str | None, last: int) -> dict[str, Any]:
    """The listing from the trace logs of one component, or of every component traced."""
    chosen = site.select((component,)) if component else site.components
    starts: list[startup.Start] = []
    sources = []
    for item in chosen:
        found = traced(site, item)
        if found is not None:
            starts += found[0]
            sources.append(found[1])
    if not sources:
        who = component or "any component"
        raise LogError(
            f"no trace log of {who} in {site.locations.overrides}: `jopt trace on {component or 'COMPONENT'}`, "
            "restart it, then run this again; or give a saved job log with --joblog FILE"
        )
    where = ", ".join(s["file"] for s in sources)
    return startup.document(_only(starts, None, where), sources, last)


def for_report(log: Path, hook: dict[str, str] | None) -> dict[str, Any] | None:
    """The start-up of the run `jopt report` shows: its ready message in the trace log's stdout
    (`start.log1<TAG>` beside `start.log2<TAG>`), matched by the hook's run marker."""
    if hook is None or not log.name.startswith("start.log2"):
        return None
    out = log.with_name("start.log1" + log.name[len("start.log2") :])
    if not out.is_file():
        return None
    starts, _ = _read(out, "trace", None)
    key = startup.marker_key(hook)
    return startup.summary(next((s for s in starts if s.run and startup.marker_key(s.run) == key), None))

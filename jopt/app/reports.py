"""The workflows behind `jopt report`, `jopt verify` and the fleet's `jopt_report`: which log,
which runs, and the jopt-report/1 (or report-diff, jopt-verify/1) data for them.

The reading and the documents are `jopt.settings` (report, report_diff, verify); this module
finds the logs of a site and puts the pieces together.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from jopt.app import startup, verifying
from jopt.app.site import Site
from jopt.errors import ConfigError
from jopt.settings import report, verify
from jopt.settings.reader import LogError
from jopt.settings.report_diff import diff_runs
from jopt.zowe.discovery import Component

Log = Path | str  # a path, or "-" for standard input


class Reading(NamedTuple):
    """How to read a log: its codec and line prefix (None: detected)."""

    codec: str | None = None
    prefix: str | None = None
    show_secrets: bool = False
    partial: bool = False  # report a run even when it has no settings at all


class Places(NamedTuple):
    """The locations given on the command line, for looking up bare log names."""

    zowe_yaml: str | Path | None = None  # a path, or a `zwe --config` string
    runtime: Path | None = None
    extensions: Path | None = None
    overrides: Path | None = None
    ha_instance: str | None = None

    def folders(self) -> tuple[list[Path | None], dict[str, str]]:
        """Where bare log names are looked up (the overrides and log directories), and the tags."""
        try:
            site = Site.at(self.zowe_yaml, self.runtime, self.extensions, self.overrides, self.ha_instance)
        except ConfigError as error:
            if self.overrides:
                return [self.overrides], {}
            raise ConfigError(f"{error} (needed to look up a bare log name)") from None
        return [site.locations.overrides, site.locations.logs], site.tags


def locate(names: tuple[str, ...] | list[str], places: Places) -> list[Log]:
    """Each name as a log: `-`, a path, or a bare log or component name looked up in the site."""
    found: list[Log] = []
    looked: tuple[list[Path | None], dict[str, str]] | None = None  # the site is opened for a bare name only
    for name in names:
        if name == "-" or Path(name).exists() or "/" in name:
            found.append(name if name == "-" else Path(name))
            continue
        looked = looked or places.folders()
        folders, tags = looked
        path = report.locate_log(name, folders, tags)
        if path is None:
            where = " or ".join(str(f) for f in folders if f is not None)
            raise LogError(f"not found here nor in {where}", path=name)
        found.append(path)
    return found


def one(path: Log, wanted: int, reading: Reading) -> dict[str, Any]:
    """The jopt-report/1 document of run `wanted` (1 the first, -1 the latest)."""
    source, found = report.load_runs(path, [wanted], codec=reading.codec, prefix=reading.prefix)
    run = report.usable(found[wanted], str(source["file"]), reading.partial)
    document = report.document(source, [run], reading.show_secrets)
    if isinstance(path, Path):  # its start-up time, from the trace log's stdout beside it
        document["run"]["startup"] = startup.for_report(path, document["run"]["hook"])
    return document


def every_run(path: Log, reading: Reading) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(source, run) for every run of the log, one at a time (memory stays flat)."""
    return report.all_runs(path, show_secrets=reading.show_secrets, codec=reading.codec, prefix=reading.prefix)


def incomplete(document: dict[str, Any]) -> list[str]:
    """ "<file>: run N is incomplete (<why>)" for the run of a one-run document that is."""
    run = document["run"]
    if run["complete"]:
        return []
    why = next((p for p in run["problems"] if p.startswith(("truncated", "no -XshowSettings"))), "incomplete")
    return [f"{document['source']['file']}: run {run['index']} is incomplete ({why})"]


def diff(paths: list[Log], runs: list[int], reading: Reading) -> dict[str, Any]:
    """What changed: between two runs of one log (the last two by default) or the latest runs of two."""
    return diff_checked(paths, runs, reading)[0]


def diff_checked(paths: list[Log], runs: list[int], reading: Reading) -> tuple[dict[str, Any], list[str]]:
    """diff(), and which of the two runs are incomplete (as `incomplete` says it)."""
    if len(paths) == 1:
        wanted = runs if len(runs) == 2 else [-2, -1]
        source, found = report.load_runs(paths[0], wanted, codec=reading.codec, prefix=reading.prefix)
        sides = [(source, found[w]) for w in wanted]
    else:
        sides = []
        for path in paths:
            source, found = report.load_runs(path, [-1], codec=reading.codec, prefix=reading.prefix)
            sides.append((source, found[-1]))
    (sa, ra), (sb, rb) = [
        (s, report.run_dict(report.usable(r, str(s["file"]), reading.partial), reading.show_secrets)) for s, r in sides
    ]
    cut = incomplete({"source": sa, "run": ra}) + incomplete({"source": sb, "run": rb})
    return diff_runs(sa, ra, sb, rb), cut


def check(
    site: Site,
    name: str,
    log: Path | None = None,
    javacore: Path | None = None,
    ha_instance: str | None = None,
    show_secrets: bool = False,
    joblog: Path | None = None,
) -> verify.Verification:
    """`jopt verify`: whether the component's options file took effect at its latest start
    (the log of its mode: `jopt.app.verifying`)."""
    (component,) = site.select((name,))
    return verifying.verify(site, component, log, joblog, javacore, ha_instance, show_secrets)


def latest(site: Site, component: Component, with_verify: bool = True) -> dict[str, Any]:
    """The fleet's `jopt_report` of one component: its tag, the latest run of its trace log
    (reported even when incomplete: `complete` and `problems` say so) and, with
    `with_verify`, that run's jopt-verify/1 result (else None)."""
    tag = site.tags[component.id]
    overrides = site.locations.overrides
    log = overrides / f"start.log2{tag}"
    if not log.is_file():
        raise LogError(f"no trace log: `jopt trace on {component.id}`, restart the component, then report", path=log)
    source, runs = report.load_runs(log, [-1])
    checked = verify.verify(overrides, component.id, tag, log).as_dict() if with_verify else None
    return {"tag": tag, "report": report.document(source, [runs[-1]]), "verify": checked}

"""report, verify: what a JVM printed at its start, and whether the options took effect.
The work is in jopt.app.reports (which log, which runs) over jopt.settings."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from jopt.app import reports
from jopt.cli.common import json_option, location_options, use_color, with_site
from jopt.errors import ExitCode
from jopt.settings.report import SCHEMA
from jopt.settings.report_text import RUN_HEADER, diff_text, plain, report_text, run_row, verify_text

if TYPE_CHECKING:
    from jopt.app.site import Site

_REPORT_EPILOG = """\b
Examples:
  jopt report start.log2GW               latest run (looked up in the overrides directory)
  jopt report gateway                    the same, by component name
  jopt report start.log2GW --run 2       the second run; --run -2 is the one before the latest
  jopt report start.log2GW --all-runs    one line per run (--json: every run in full)
  jopt report start.log2GW --json        schema jopt-report/1 (documented in jopt/settings/report.py)
  jopt report start.log2GW --diff        what changed between the last two runs
  jopt report start.log2GW --diff --run 3 --run 7
  jopt report before.log after.log --diff
  java -XshowSettings:all -version 2>&1 | jopt report -

\b
FILE is a path, `-` (standard input), a bare log name (looked up in the overrides
directory, then the Zowe log directory) or a component name (its start.log2<TAG>).
A log may be UTF-8, ISO8859-1 or EBCDIC, have CRLF line ends, a constant prefix on every
line (found by itself; --prefix gives it), lost indentation and other output mixed in.
Secret-looking property and environment values print as *** unless --show-secrets.
"""

_VERIFY_EPILOG = """\b
Examples:
  jopt verify gateway
  jopt verify gateway --javacore /global/zowe/javacore.20250529.093025.84017.0001.txt
  jopt verify gateway --json
  jopt verify apiml --joblog ZWE1AM.joblog.txt      native mode: the job log saved from SDSF

\b
Requested: <overrides>/java.options.<TAG> or java.argfile.<TAG> (the one the hook uses).
Effective: the latest run in <overrides>/start.log2<TAG> (trace must be on at the start);
in native mode the JVM prints -XshowSettings into the component's job log: save it and
give it with --joblog. An option `jopt explain` predicts to lose says so.
Checks -D properties, heap sizes where -XshowSettings shows them, the file the hook
passed, and the JVM kind against the file's dialect. Options -XshowSettings cannot show
are listed as "cannot verify" with what to check instead; --javacore makes the JVM's
2CIUSERARG lines the authoritative list.
Exit code 0: passed; 6: an option did not take effect; 1: no log, no run, no options file.
"""

_FORMATS = [click.option("--yaml", "as_yaml", is_flag=True, help="Print YAML instead of text."), json_option]


def _formats(command: Callable[..., Any]) -> Callable[..., Any]:
    for decorator in reversed(_FORMATS):
        command = decorator(command)
    return command


def _style(text: str, role: str) -> str:
    colours = {"good": "green", "warn": "yellow", "bad": "red", "dim": "bright_black"}
    return click.style(text, fg=colours.get(role))


def _emit(data: dict[str, Any], as_json: bool, as_yaml: bool, text: Callable[..., str]) -> None:
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif as_yaml:
        import yaml

        click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), nl=False)
    else:
        click.echo(text(data, _style if use_color() else plain), nl=False)


@click.command(epilog=_REPORT_EPILOG)
@click.argument("files", nargs=-1, required=True, metavar="FILE [FILE]")
@click.option("--run", "runs", type=int, multiple=True, metavar="N",
              help="Run N: 1 the first, -1 the latest (default). Twice with --diff.")  # fmt: skip
@click.option("--all-runs", is_flag=True, help="Every run in the log.")
@click.option(
    "--diff", is_flag=True, help="What changed: the last two runs, the two --run, or the latest run of two files."
)
@_formats
@click.option("--show-secrets", is_flag=True, help="Do not mask secret-looking values.")
@click.option("--properties", "all_properties", is_flag=True, help="List every property in the text report.")
@click.option("--partial", is_flag=True, help="Report a run even when it has no settings at all.")
@click.option("--strict", is_flag=True, help="Exit 1 when a run reported is incomplete (cut short or no settings).")
@click.option(
    "--encoding", type=click.Choice(["utf-8", "iso8859-1", "cp1047"]), help="The log's encoding (default: detected)."
)
@click.option("--prefix", metavar="REGEX", help="Remove this regex from the start of every line (default: detected).")
@location_options
def report(files: tuple[str, ...], runs: tuple[int, ...], all_runs: bool, diff: bool, as_json: bool, as_yaml: bool,
           show_secrets: bool, all_properties: bool, partial: bool, strict: bool, encoding: str | None,
           prefix: str | None, **locations: Any) -> None:  # fmt: skip
    """Summarise what a JVM printed at its start (-XshowSettings in a trace log)."""
    if len(files) > 2 or (len(files) == 2 and not diff):
        raise click.UsageError("give one FILE, or two with --diff")
    most = (2 if len(files) == 1 else 0) if diff else 1
    if len(runs) > most or (diff and len(runs) == 1) or (all_runs and (runs or diff)):
        raise click.UsageError("--run: once; with --diff on one file twice (or not at all); never with --all-runs")
    paths = reports.locate(files, reports.Places(**locations))
    reading = reports.Reading(encoding, prefix, show_secrets, partial)
    if diff:
        document, incomplete = reports.diff_checked(paths, list(runs), reading)
        _emit(document, as_json, as_yaml, diff_text)
    elif all_runs:
        _report_all(paths[0], reading, as_json, as_yaml)
        incomplete = []
    else:
        document = reports.one(paths[0], runs[0] if runs else -1, reading)
        _emit(document, as_json, as_yaml, lambda data, style: report_text(data, style, all_properties))
        incomplete = reports.incomplete(document)
    if strict and incomplete:
        for line in incomplete:
            click.echo(f"jopt: error: {line}; --strict", err=True)
        raise SystemExit(int(ExitCode.ERROR))


def _report_all(path: reports.Log, reading: reports.Reading, as_json: bool, as_yaml: bool) -> None:
    items = reports.every_run(path, reading)
    if as_json or as_yaml:
        chunks = _stream_all(items, reading.show_secrets, as_json)
    else:
        chunks = ((RUN_HEADER + "\n" if run["index"] == 1 else "") + run_row(run) + "\n" for _, run in items)
    for chunk in chunks:
        click.echo(chunk, nl=False)


def _stream_all(items: Iterator[tuple[dict[str, Any], dict[str, Any]]], show: bool, as_json: bool) -> Iterator[str]:
    """The --all-runs document, one run at a time (memory stays flat)."""
    import yaml

    head = {"schema": SCHEMA, "redacted": not show}
    yield json.dumps(head)[:-1] + ', "runs": [\n' if as_json else yaml.safe_dump(head, sort_keys=False) + "runs:\n"
    source: dict[str, Any] = {}
    for n, (source, run) in enumerate(items):  # noqa: B007  (the last source is used below)
        if as_json:
            yield ("" if n == 0 else ",\n") + json.dumps(run, indent=2, ensure_ascii=False)
        else:
            yield yaml.safe_dump([run], sort_keys=False, allow_unicode=True)
    tail = {"source": source}
    yield (
        "\n], " + json.dumps(tail, ensure_ascii=False)[1:] + "\n" if as_json else yaml.safe_dump(tail, sort_keys=False)
    )


@click.command(epilog=_VERIFY_EPILOG)
@click.argument("component")
@click.option("--log", type=click.Path(path_type=Path), help="Trace log to read (default <overrides>/start.log2<TAG>).")
@click.option("--joblog", type=click.Path(path_type=Path),
              help="The component's job log (native mode: -XshowSettings goes there), saved to a file.")  # fmt: skip
@click.option("--javacore", type=click.Path(path_type=Path),
              help="An OpenJ9 javacore of the running JVM: its 2CIUSERARG lines decide.")  # fmt: skip
@click.option("--ha", metavar="ID", help="HA instance whose options file to check (default: the run's).")
@_formats
@click.option("--show-secrets", is_flag=True, help="Do not mask secret-looking values.")
@with_site
def verify(site: Site, component: str, log: Path | None, joblog: Path | None, javacore: Path | None,
           ha: str | None, as_json: bool, as_yaml: bool, show_secrets: bool) -> None:  # fmt: skip
    """Check that the options file's options took effect at the latest start."""
    if log is not None and joblog is not None:
        raise click.UsageError("give --log or --joblog, not both")
    result = reports.check(site, component, log, javacore, ha, show_secrets, joblog)
    _emit(result.as_dict(), as_json, as_yaml, verify_text)
    if not result.passed:
        raise SystemExit(int(ExitCode.VERIFY_FAILED))

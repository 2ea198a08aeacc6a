"""report, verify: what a JVM printed at its start, and whether the options took effect."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from jopt.cli.common import json_option, location_options, site_from, use_color, with_site
from jopt.errors import ConfigError, ExitCode

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

\b
Requested: <overrides>/java.options.<TAG> or java.argfile.<TAG> (the one the hook uses).
Effective: the latest run in <overrides>/start.log2<TAG> (trace must be on at the start).
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
        from jopt.settings.report_text import plain

        click.echo(text(data, _style if use_color() else plain), nl=False)


def _bare_folders(locations: dict[str, Any]) -> tuple[list[Path | None], dict[str, str]]:
    """Where bare log names are looked up: the overrides and log directories."""
    try:
        site = site_from(dict(locations))
    except ConfigError as error:
        if locations.get("overrides"):
            return [locations["overrides"]], {}
        raise ConfigError(f"{error} (needed to look up a bare log name)") from None
    return [site.locations.overrides, site.locations.logs], site.tags


def _resolve(names: tuple[str, ...], locations: dict[str, Any]) -> list[Path | str]:
    from jopt.settings.reader import LogError
    from jopt.settings.report import locate_log

    found: list[Path | str] = []
    looked: tuple[list[Path | None], dict[str, str]] | None = None
    for name in names:
        if name == "-" or Path(name).exists() or "/" in name:
            found.append(name if name == "-" else Path(name))
            continue
        looked = looked or _bare_folders(locations)
        path = locate_log(name, *looked)
        if path is None:
            places = " or ".join(str(f) for f in looked[0] if f is not None)
            raise LogError(f"not found here nor in {places}", path=name)
        found.append(path)
    return found


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
@click.option("--partial", is_flag=True, help="Report a run even when it is cut off or has no settings.")
@click.option(
    "--encoding", type=click.Choice(["utf-8", "iso8859-1", "cp1047"]), help="The log's encoding (default: detected)."
)
@click.option("--prefix", metavar="REGEX", help="Remove this regex from the start of every line (default: detected).")
@location_options
def report(files: tuple[str, ...], runs: tuple[int, ...], all_runs: bool, diff: bool, as_json: bool, as_yaml: bool,
           show_secrets: bool, all_properties: bool, partial: bool, encoding: str | None, prefix: str | None,
           **locations: Any) -> None:  # fmt: skip
    """Summarise what a JVM printed at its start (-XshowSettings in a trace log)."""
    if len(files) > 2 or (len(files) == 2 and not diff):
        raise click.UsageError("give one FILE, or two with --diff")
    most = (2 if len(files) == 1 else 0) if diff else 1
    if len(runs) > most or (diff and len(runs) == 1) or (all_runs and (runs or diff)):
        raise click.UsageError("--run: once; with --diff on one file twice (or not at all); never with --all-runs")
    paths = _resolve(files, locations)
    read = {"codec": encoding, "prefix": prefix}
    if diff:
        _report_diff(paths, list(runs), read, show_secrets, partial, as_json, as_yaml)
    elif all_runs:
        _report_all(paths[0], read, show_secrets, as_json, as_yaml)
    else:
        _report_one(paths[0], runs[0] if runs else -1, read, show_secrets, partial, all_properties, as_json, as_yaml)


def _report_one(path: Path | str, wanted: int, read: dict[str, Any], show: bool, partial: bool, everything: bool,
                as_json: bool, as_yaml: bool) -> None:  # fmt: skip
    from jopt.settings import report as report_
    from jopt.settings.report_text import report_text

    source, found = report_.load_runs(path, [wanted], **read)
    run = report_.usable(found[wanted], str(source["file"]), partial)
    document = report_.document(source, [run], show)
    _emit(document, as_json, as_yaml, lambda data, style: report_text(data, style, everything))


def _report_all(path: Path | str, read: dict[str, Any], show: bool, as_json: bool, as_yaml: bool) -> None:
    from jopt.settings import report as report_
    from jopt.settings.report_text import RUN_HEADER, run_row

    items = report_.all_runs(path, show_secrets=show, **read)
    if as_json or as_yaml:
        chunks = _stream_all(items, show, as_json)
    else:
        chunks = ((RUN_HEADER + "\n" if run["index"] == 1 else "") + run_row(run) + "\n" for _, run in items)
    for chunk in chunks:
        click.echo(chunk, nl=False)


def _stream_all(items: Iterator[tuple[dict[str, Any], dict[str, Any]]], show: bool, as_json: bool) -> Iterator[str]:
    """The --all-runs document, one run at a time (memory stays flat)."""
    import yaml

    from jopt.settings.report import SCHEMA

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


def _report_diff(paths: list[Path | str], runs: list[int], read: dict[str, Any], show: bool, partial: bool,
                 as_json: bool, as_yaml: bool) -> None:  # fmt: skip
    from jopt.settings import report as report_
    from jopt.settings.report_diff import diff_runs
    from jopt.settings.report_text import diff_text

    if len(paths) == 1:
        wanted = runs if len(runs) == 2 else [-2, -1]
        source, found = report_.load_runs(paths[0], wanted, **read)
        sides = [(source, found[w]) for w in wanted]
    else:
        sides = []
        for path in paths:
            source, found = report_.load_runs(path, [-1], **read)
            sides.append((source, found[-1]))
    (sa, ra), (sb, rb) = [(s, report_.run_dict(report_.usable(r, str(s["file"]), partial), show)) for s, r in sides]
    _emit(diff_runs(sa, ra, sb, rb), as_json, as_yaml, diff_text)


@click.command(epilog=_VERIFY_EPILOG)
@click.argument("component")
@click.option("--log", type=click.Path(path_type=Path), help="Trace log to read (default <overrides>/start.log2<TAG>).")
@click.option("--javacore", type=click.Path(path_type=Path),
              help="An OpenJ9 javacore of the running JVM: its 2CIUSERARG lines decide.")  # fmt: skip
@click.option("--ha", "ha_instance", metavar="ID", help="HA instance whose options file to check (default: the run's).")
@_formats
@click.option("--show-secrets", is_flag=True, help="Do not mask secret-looking values.")
@with_site
def verify(site: Any, component: str, log: Path | None, javacore: Path | None, ha_instance: str | None,
           as_json: bool, as_yaml: bool, show_secrets: bool) -> None:  # fmt: skip
    """Check that the options file's options took effect at the latest start."""
    from jopt.settings import verify as verify_
    from jopt.settings.report_text import verify_text

    (chosen,) = site.select((component,))
    result = verify_.verify(
        site.locations.overrides, chosen.id, site.tags[chosen.id], log, javacore, ha_instance, show_secrets
    )
    _emit(result.as_dict(), as_json, as_yaml, verify_text)
    if not result.passed:
        raise SystemExit(int(ExitCode.VERIFY_FAILED))

"""startup: how long each component took to start, from Zowe's own messages, and what changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from jopt.cli.common import echo_json, json_option, location_options, site_from, use_color

_EPILOG = """\b
Examples:
  jopt startup                          every traced component (jopt trace on ...)
  jopt startup gateway                  one component's traced starts and the last change
  jopt startup --joblog ZWE1SV.txt      a job log saved from SDSF or `zowe jobs view`
  jopt startup --joblog before.txt --joblog after.txt
  jopt startup gateway --json           schema jopt-startup/1 (documented in jopt/settings/startup.py)

\b
Reads ZWEAM000I "<service> started in N seconds" (API ML), ZWEE0000I (explorer services),
ZWEAM001I (API ML ready) and the launcher's ZWEL0001I. Trace logs (start.log1<TAG> and
start.log2<TAG> in the overrides directory) also tell which options file each start ran
with (its hash and profiles), so the change between the last two starts names what changed.
A job log may be ASCII or EBCDIC, have ASA carriage control in column 1 and ANSI colours.
"""


def _style(text: str, role: str) -> str:
    return click.style(text, fg={"good": "green", "warn": "yellow", "dim": "bright_black"}.get(role))


@click.command(epilog=_EPILOG)
@click.argument("component", required=False)
@click.option("--joblog", "joblogs", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="A saved job log to read instead of the trace logs (again for more; oldest first).")  # fmt: skip
@click.option("--last", type=click.IntRange(1, 1000), default=10, show_default=True, help="Starts shown per component.")
@click.option(
    "--encoding",
    type=click.Choice(["utf-8", "iso8859-1", "cp1047"]),
    help="The job log's encoding (default: detected).",
)
@json_option
@location_options
def startup(component: str | None, joblogs: tuple[Path, ...], last: int, encoding: str | None, as_json: bool,
            **locations: Any) -> None:  # fmt: skip
    """List start-up times from Zowe's messages, and what changed since the start before."""
    from jopt.app import startup as startup_
    from jopt.settings.startup import listing_text

    if joblogs:
        doc = startup_.from_joblogs(list(joblogs), component, last, encoding)
    else:
        doc = startup_.from_traces(site_from(locations), component, last)
    if as_json:
        echo_json(doc)
    else:
        click.echo(listing_text(doc, _style if use_color() else lambda text, role: text), nl=False)

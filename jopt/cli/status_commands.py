"""status and list: what jopt sees in each component (jopt.app.status). They only read, so
they import none of the writers' code (jopt.app.hooking, nativemode, optionsfiles)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from jopt.app.status import overview
from jopt.cli import output
from jopt.cli.common import echo_json, json_option, use_color, warn, with_site

if TYPE_CHECKING:
    from jopt.app.site import Site

_STATUS_EPILOG = """\b
Examples:
  jopt status --zowe-yaml /global/zowe/zowe.yaml
  jopt status gateway --json
  JOPT_RUNTIME=/usr/lpp/zowe JOPT_OVERRIDES=/global/zowe/jopt jopt status

\b
HOOK is one of: none, current, outdated (older hook or changed parameters; `jopt install`
upgrades it), damaged (markers or hook lines edited; jopt will not touch it), hand-made
(an -Xoptionsfile hook written by hand; `jopt install --adopt` replaces it).
Options that lose: an options file option that the JVM will not take (a later option of the
start script wins, or the JVM refuses it) is a warning line; `jopt explain COMPONENT` shows
the whole command line.
Damage besides a damaged hook: two components reading one options file (one tag), an
options file the started task's user cannot read, an options file the JVM would refuse
or misread (checked with render's rules; each finding with its line).
Exit code 0: all good; 3: drift; 4: damage; 6: an options file has options that will not
take effect (drift and damage come first).
"""


def _style(text: str, role: str) -> str:
    colours = {"good": "green", "warn": "yellow", "bad": "red", "dim": "bright_black"}
    return click.style(text, fg=colours.get(role))


@click.command(epilog=_STATUS_EPILOG)
@click.argument("components", nargs=-1)
@click.option(
    "--run-as",
    metavar="USER",
    envvar="JOPT_RUN_AS",
    help="The user the Zowe JVMs run as, to check it can read the options files. "
    "[default: zowe.setup.security.users.zowe, else ZWESVUSR; env JOPT_RUN_AS]",
)
@json_option
@with_site
def status(site: Site, components: tuple[str, ...], run_as: str | None, as_json: bool) -> None:
    """Show each component: Java or not, hook state, options files, trace, drift."""
    found = overview(site, components, run_as)
    if as_json:
        echo_json(found.as_dict())
    else:
        table = output.status_table(found.statuses, _style if use_color() else output.plain, found.notes)
        click.echo(table + output.passed_over(found.passed_over), nl=False)
    for line in found.findings.warnings:
        warn(line)
    raise SystemExit(int(found.exit_code))


list_ = click.command("list", epilog=_STATUS_EPILOG, help="Same as `jopt status`.")(status.callback)  # type: ignore[arg-type]
list_.params = status.params

__all__ = ["list_", "status"]

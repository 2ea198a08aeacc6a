"""status and list: what jopt sees in each component. They only read, so they import none
of the writers' code (hook_commands, native_commands)."""

from __future__ import annotations

from typing import Any

import click

from jopt.cli.common import echo_json, json_option, use_color, with_site
from jopt.errors import ExitCode

_STATUS_EPILOG = """\b
Examples:
  jopt status --zowe-yaml /global/zowe/zowe.yaml
  jopt status gateway --json
  JOPT_RUNTIME=/usr/lpp/zowe JOPT_OVERRIDES=/global/zowe/jopt jopt status

\b
HOOK is one of: none, current, outdated (older hook or changed parameters; `jopt install`
upgrades it), damaged (markers or hook lines edited; jopt will not touch it), hand-made
(an -Xoptionsfile hook written by hand; `jopt install --adopt` replaces it).
Exit code 0: all good; 3: drift; 4: damage.
"""


def _style(text: str, role: str) -> str:
    colours = {"good": "green", "warn": "yellow", "bad": "red", "dim": "bright_black"}
    return click.style(text, fg=colours.get(role))


@click.command(epilog=_STATUS_EPILOG)
@click.argument("components", nargs=-1)
@json_option
@with_site
def status(site: Any, components: tuple[str, ...], as_json: bool) -> None:
    """Show each component: Java or not, hook state, options files, trace, drift."""
    from jopt.app import recovery
    from jopt.app import status as status_

    chosen = site.select(components) if components else site.components
    statuses = status_.of_all(site, chosen)
    if as_json:
        echo_json(
            {
                "runtime": str(site.locations.runtime),
                "overrides": str(site.locations.overrides),
                "components": [s.as_dict() for s in statuses],
            }
        )
    else:
        from jopt.cli import output

        click.echo(output.status_table(statuses, _style if use_color() else output.plain), nl=False)
    found = recovery.findings(site)
    for line in found.warnings:
        click.echo(f"jopt: warning: {line}", err=True)
    floor = ExitCode.DRIFT if found.interrupted else ExitCode.OK
    raise SystemExit(int(max(status_.exit_code(statuses), floor)))


list_ = click.command("list", epilog=_STATUS_EPILOG, help="Same as `jopt status`.")(status.callback)  # type: ignore[arg-type]
list_.params = status.params

__all__ = ["list_", "status"]

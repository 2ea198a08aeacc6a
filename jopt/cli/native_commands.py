"""`install --native` / `uninstall --native`: the options file through zowe.yaml, no hook.

`install` and `uninstall` (hook_commands) own the flags and load this module only when
--native is given, as the group loads a command's module only when it runs; the work is
in jopt.app.nativemode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from jopt.app import nativemode
from jopt.cli.common import note, require_targets, warn

if TYPE_CHECKING:
    from jopt.app.site import Site


def run(
    site: Site,
    install: bool,
    components: tuple[str, ...],
    all_: bool,
    write_config: bool,
    dry_run: bool,
    keep: int,
    wait: float,
) -> None:
    """`install --native` (install) or `uninstall --native`."""
    require_targets(components, all_)
    chosen = nativemode.targets(site, components, all_, install)
    result = nativemode.run(site, chosen, install, write_config, dry_run, keep, wait, note)
    _show(result)
    for backup in result.backups:
        click.echo(f"  backup: {backup}")


def _show(result: nativemode.Result) -> None:
    plan = result.plan
    if not plan.edits:
        click.echo("nothing to do: no component matched")
    elif not plan.write:
        click.echo(nativemode.printed(result), nl=False)
    else:
        if result.dry_run and plan.changed:
            click.echo(plan.diff, nl=False)
        for line in nativemode.written_lines(plan, result.dry_run):
            click.echo(line)
    for line in plan.warnings:
        warn(line)
    for line in plan.notes:
        click.echo(f"jopt: note: {line}", err=True)
    if result.dry_run:
        click.echo("dry run: nothing written")

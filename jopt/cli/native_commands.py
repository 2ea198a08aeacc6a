"""`install --native` / `uninstall --native`: the options file through zowe.yaml, no hook.

Called from `install` and `uninstall` in hook_commands; the work is in jopt.app.nativemode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from jopt.app import nativemode
from jopt.cli.common import note, require_targets, warn

if TYPE_CHECKING:
    from jopt.app.site import Site

NATIVE_HELP = "Do not edit start.sh: point the JVM at the options file through zowe.yaml (native-capable components)."
WRITE_CONFIG_HELP = (
    "With --native: edit zowe.yaml (backed up first) instead of printing the settings: the file of --zowe-yaml "
    "that sets the key, else its first FILE entry (a PARMLIB member is never edited)."
)


def check_flags(native: bool, write_config: bool, adopt: bool = False) -> None:
    if write_config and not native:
        raise click.UsageError("--write-config goes with --native")
    if native and adopt:
        raise click.UsageError("--adopt is for the hook; it does not go with --native")


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

"""`install --native` / `uninstall --native`: the options file through zowe.yaml, no hook.

Called from `install` and `uninstall` in hook_commands; the work is in jopt.app.nativemode.
"""

from __future__ import annotations

from typing import Any

import click

from jopt.cli.common import locked

NATIVE_HELP = "Do not edit start.sh: point the JVM at the options file through zowe.yaml (native-capable components)."
WRITE_CONFIG_HELP = (
    "With --native: edit the zowe.yaml named by --zowe-yaml (backed up first) instead of printing the settings."
)


def check_flags(native: bool, write_config: bool, adopt: bool = False) -> None:
    if write_config and not native:
        raise click.UsageError("--write-config goes with --native")
    if native and adopt:
        raise click.UsageError("--adopt is for the hook; it does not go with --native")


def _targets(site: Any, components: tuple[str, ...], all_: bool, every: list[Any]) -> list[Any]:
    from jopt.cli.hook_commands import _targets as targets

    return targets(site, components, all_, every)


def _run(site: Any, command: str, plan: Any, install: bool, dry_run: bool, keep: int, wait: float) -> None:
    from jopt.app import nativemode

    if dry_run:
        _show(plan(), install, dry_run=True)
        return
    with locked(site, command, wait):
        site.reload_state()  # another jopt may have written while we waited
        made = plan()
        backup = nativemode.commit(site, made, keep)
    _show(made, install, dry_run=False)
    if backup is not None:
        click.echo(f"  backup: {backup}")


def _show(plan: Any, install: bool, dry_run: bool) -> None:
    from jopt.app import nativemode
    from jopt.diffs import unified

    if not plan.edits:
        click.echo("nothing to do: no component matched")
    elif plan.config is None:
        text = nativemode.printed_install(plan) if install else nativemode.printed_uninstall(plan)
        click.echo(text, nl=False)
    else:
        if dry_run and plan.changed:
            name = str(plan.config.shown)
            click.echo(unified(plan.config.text, plan.new_text, f"a{name}", f"b{name}"), nl=False)
        for line in nativemode.written_lines(plan):
            click.echo(line)
    for note in plan.notes:
        click.echo(f"jopt: note: {note}", err=True)
    if dry_run:
        click.echo("dry run: nothing written")


def install(
    site: Any, components: tuple[str, ...], all_: bool, write_config: bool, dry_run: bool, keep: int, wait: float
) -> None:
    from jopt.app import nativemode, nativeview

    every = [c for c in site.components if nativeview.capable(c)] if all_ else []
    chosen = _targets(site, components, all_, every)
    _run(site, "install", lambda: nativemode.plan(site, chosen, True, write_config), True, dry_run, keep, wait)


def uninstall(
    site: Any, components: tuple[str, ...], all_: bool, write_config: bool, dry_run: bool, keep: int, wait: float
) -> None:
    from jopt.app import nativemode, nativeview

    every = [c for c in site.components if nativeview.recorded(site, c.id)] if all_ else []
    chosen = _targets(site, components, all_, every)
    _run(site, "uninstall", lambda: nativemode.plan(site, chosen, False, write_config), False, dry_run, keep, wait)


def hook_targets(site: Any, chosen: list[Any], all_: bool, command: str) -> list[Any]:
    """For the hook's install/uninstall: drop native-mode components from --all, refuse named ones."""
    from jopt.app import nativeview
    from jopt.errors import ConfigError

    kept, native = nativeview.split(site, chosen)
    if native and not all_:
        why = "first, or the JVM gets the options file twice" if command == "install" else "to undo it"
        raise ConfigError(
            f"{native[0]} uses native mode (zowe.yaml gives it the options file, no hook): "
            f"`jopt uninstall {native[0]} --native` {why}"
        )
    if native:
        click.echo(f"skipped (native mode, see `jopt status`): {', '.join(native)}")
    return kept


def hint(changes: list[Any]) -> None:
    """One line on stderr naming the hooked components that could do without the hook."""
    from jopt.script import native

    able = [c.component.id for c in changes if native.capability(c.script.text.lines).capable]
    if able:
        names = " ".join(able)
        click.echo(
            f"hint: {', '.join(able)} can take the options file from zowe.yaml instead, with no script edit: "
            f"jopt install {names} --native",
            err=True,
        )


def trace_hint(site: Any, chosen: list[Any], state: str) -> None:
    """Native mode reads the trace switch only when jopt sets zowe.yaml: say how."""
    from jopt.app import nativeview

    change = "adds" if state == "on" else "removes"
    for cid in [c.id for c in chosen if nativeview.recorded(site, c.id)]:
        click.echo(
            f"  {cid} is in native mode: `jopt install {cid} --native --write-config` {change} "
            f"components.{cid}.jvm.XshowSettings in zowe.yaml (without --write-config it prints the settings)"
        )

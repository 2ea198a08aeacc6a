"""install, uninstall, restore, trace: the commands that write (status and list: status_commands)."""

from __future__ import annotations

import contextlib
from typing import Any

import click

from jopt.cli import native_commands
from jopt.cli.common import dry_run_option, keep_option, locked, wait_option, with_site
from jopt.errors import ConfigError, ExitCode


def _targets(site: Any, components: tuple[str, ...], all_: bool, every: list[Any]) -> list[Any]:
    if all_ and components:
        raise click.UsageError("name components or give --all, not both")
    if not all_ and not components:
        raise click.UsageError("name at least one component, or give --all")
    return every if all_ else site.select(components)


def _parse_tags(values: tuple[str, ...], components: tuple[str, ...]) -> dict[str, str]:
    chosen = {}
    for value in values:
        if "=" in value:
            name, tag = value.split("=", 1)
        elif len(components) == 1:
            name, tag = components[0], value
        else:
            raise ConfigError(f"--tag {value}: with several components write --tag COMPONENT=TAG")
        chosen[name] = tag
    return chosen


def _report(outcomes: list[Any]) -> None:
    from jopt.cli.output import change_line

    if not outcomes:
        click.echo("nothing to do: no component matched")
    lines = []  # echoed together: one write instead of one per component
    for outcome in outcomes:
        change = outcome.change
        backup = str(outcome.backup) if outcome.backup else None
        lines.append(change_line(change.component.id, change.result, str(change.script.shown), backup, change.note))
        if change.warnings:  # each warning right after its component's line
            click.echo("\n".join(lines))
            lines = []
            for warning in change.warnings:
                click.echo(f"jopt: warning: {warning}", err=True)
    if lines:
        click.echo("\n".join(lines))


def _show_diffs(changes: list[Any]) -> None:
    from jopt.diffs import unified

    for change in changes:
        if change.changed:
            name = str(change.script.shown)
            click.echo(unified(change.script.text.join(), change.new_text.join(), f"a{name}", f"b{name}"), nl=False)
            for warning in change.warnings:
                click.echo(f"jopt: warning: {warning}", err=True)
        else:
            click.echo(f"{change.component.id}: unchanged {change.script.shown}")
    click.echo("dry run: nothing written")


def _apply(site: Any, command: str, plan: Any, dry_run: bool, keep: int, wait: float, check: bool = True) -> list[Any]:
    """Plan and commit under the overrides directory's lock (a dry run only plans); the changes.

    `plan(check)` makes the changes. With `check`, the plan's `sh -n` check runs in the plan
    on a dry run, and otherwise in the commit, while the backups are written."""
    from jopt.app import hooking as operations

    if dry_run:
        changes = plan(check)
        _show_diffs(changes)
        return changes  # type: ignore[no-any-return]
    with locked(site, command, wait):
        site.reload_state()  # another jopt may have written while we waited
        changes = plan(False)
        _report(operations.commit(site, changes, keep, check=check))
    return changes  # type: ignore[no-any-return]


@click.command(
    epilog="""\b
Examples:
  jopt install gateway --dry-run     show the diff, write nothing
  jopt install gateway               hook the gateway (tag GW)
  jopt install zaas --tag ZAAS1      choose the tag used in file names
  jopt install --all                 every Java component (others are skipped)
  jopt install apiml --native        no hook: print the zowe.yaml settings to add
  jopt install apiml --native --write-config --dry-run
                                     show the zowe.yaml diff, write nothing
  jopt install apiml --native --write-config
                                     edit zowe.yaml (backed up first)

\b
After install, create <overrides>/java.options.<TAG> (e.g. `jopt render`) and restart
the component. Without that file the script behaves exactly as shipped.
Nothing is written unless every named component can be hooked; each changed script is
backed up to <overrides>/backups/<component>/ first and replaced atomically.

\b
--native is for start scripts that take JVM options from zowe.yaml (they source
parse_jvm_args.sh; `jopt status` says "native-capable"): it sets
components.<id>.jvm.Xoptionsfile (and XshowSettings while `jopt trace on` is set) and
never edits start.sh. Refused when the key already holds another value."""
)
@click.argument("components", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every Java component.")
@click.option("--tag", "tags", multiple=True, metavar="[COMPONENT=]TAG", help="Tag for file names ([A-Z0-9]{1,8}).")
@click.option("--adopt", is_flag=True, help="Replace a hand-made -Xoptionsfile hook with the managed one.")
@click.option("--native", is_flag=True, help=native_commands.NATIVE_HELP)
@click.option("--write-config", is_flag=True, help=native_commands.WRITE_CONFIG_HELP)
@dry_run_option
@keep_option
@wait_option
@with_site
def install(
    site: Any,
    components: tuple[str, ...],
    all_: bool,
    tags: tuple[str, ...],
    adopt: bool,
    native: bool,
    write_config: bool,
    dry_run: bool,
    keep: int,
    wait: float,
) -> None:
    """Put the guarded hook into start scripts (idempotent), or with --native set zowe.yaml."""
    from jopt.app import hooking as operations

    native_commands.check_flags(native, write_config, adopt)
    site.retag(_parse_tags(tags, components))
    if native:
        native_commands.install(site, components, all_, write_config, dry_run, keep, wait)
        return
    chosen = native_commands.hook_targets(site, _targets(site, components, all_, site.components), all_, "install")
    skipped = operations.Skipped({}) if all_ else None
    changes = _apply(
        site, "install", lambda check: operations.plan_install(site, chosen, adopt, skipped, check), dry_run, keep, wait
    )
    native_commands.hint(changes)
    if skipped and skipped.reasons:
        click.echo(f"skipped (not Java or no start script): {', '.join(sorted(skipped.reasons))}")


@click.command(
    epilog="""\b
Examples:
  jopt uninstall gateway --dry-run
  jopt uninstall --all
  jopt uninstall apiml --native                  print the zowe.yaml settings to remove
  jopt uninstall apiml --native --write-config   remove them from zowe.yaml

\b
Removes exactly the hook's lines: the script becomes byte-for-byte what it was before
install, even if other lines changed since (it never puts a stale backup back).
With --native --write-config it removes exactly the zowe.yaml lines jopt added."""
)
@click.argument("components", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every hooked component (with --native: every native-mode one).")
@click.option("--native", is_flag=True, help="Undo native mode: the zowe.yaml settings, not a hook.")
@click.option("--write-config", is_flag=True, help=native_commands.WRITE_CONFIG_HELP)
@dry_run_option
@keep_option
@wait_option
@with_site
def uninstall(
    site: Any,
    components: tuple[str, ...],
    all_: bool,
    native: bool,
    write_config: bool,
    dry_run: bool,
    keep: int,
    wait: float,
) -> None:
    """Remove the hook from start scripts, or with --native the zowe.yaml settings."""
    from jopt.app import hooking as operations

    native_commands.check_flags(native, write_config)
    if native:
        native_commands.uninstall(site, components, all_, write_config, dry_run, keep, wait)
        return
    chosen = native_commands.hook_targets(site, _targets(site, components, all_, site.components), all_, "uninstall")
    _apply(site, "uninstall", lambda check: operations.plan_uninstall(site, chosen, all_, check), dry_run, keep, wait)


@click.command(
    epilog="""\b
Examples:
  jopt restore gateway --dry-run
  jopt restore gateway
  jopt restore gateway --force

\b
Refuses (and prints the diff) when the script changed since the backup in more than the
hook, since restoring would silently drop that change (e.g. maintenance)."""
)
@click.argument("component")
@click.option("--force", is_flag=True, help="Restore even if that drops later changes.")
@dry_run_option
@keep_option
@wait_option
@with_site
def restore(site: Any, component: str, force: bool, dry_run: bool, keep: int, wait: float) -> None:
    """Put the newest backup of a start script back."""
    from jopt.app import hooking as operations

    (chosen,) = site.select((component,))

    def plan(check: bool) -> list[Any]:  # a backup goes back as it is: no `sh -n` check
        try:
            return [operations.plan_restore(site, chosen, force)[0]]
        except operations.RestoreRefused as refused:
            click.echo(refused.diff, nl=False)
            raise

    _apply(site, "restore", plan, dry_run, keep, wait, check=False)


@click.command(
    epilog="""\b
Examples:
  jopt trace on gateway       next start writes <overrides>/start.log1GW and start.log2GW
  jopt trace off gateway

\b
With trace on, the hooked script adds -XshowSettings, writes a run marker, the options
file and the environment (secrets masked) to the logs (mode 0600), and sends the
component's stdout/stderr there too, through a filter that masks secret values."""
)
@click.argument("state", type=click.Choice(["on", "off"]))
@click.argument("components", nargs=-1, required=True)
@wait_option
@with_site
def trace(site: Any, state: str, components: tuple[str, ...], wait: float) -> None:
    """Switch tracing on or off for hooked components (a switch file per TAG)."""
    from jopt.storage.fileio import atomic_write

    chosen = site.select(components)
    writes = state == "on" or site.locations.overrides.is_dir()
    with locked(site, f"trace {state}", wait) if writes else contextlib.nullcontext():
        for component in chosen:
            switch = site.trace_switch(component)
            if state == "on" and not switch.exists():
                atomic_write(switch, b"", mode=0o600)
            elif state == "off" and switch.exists():
                switch.unlink()
            click.echo(f"{component.id}: trace {state} ({switch})")
    native_commands.trace_hint(site, chosen, state)


__all__ = ["ExitCode", "install", "restore", "trace", "uninstall"]

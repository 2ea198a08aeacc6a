"""install, uninstall, restore: the commands that put the hook into start scripts, take it
out and put backups back. The work is in jopt.app.hooking (and jopt.app.nativemode for --native)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from jopt.app import hookfiles, hooking, nativeview
from jopt.cli.common import dry_run_option, keep_option, note, require_targets, wait_option, warn, with_site
from jopt.cli.output import change_line
from jopt.errors import ConfigError, ExitCode

if TYPE_CHECKING:
    from jopt.app.site import Site
    from jopt.zowe.discovery import Component

NATIVE_HELP = "Do not edit start.sh: point the JVM at the options file through zowe.yaml (native-capable components)."
WRITE_CONFIG_HELP = (
    "With --native: edit zowe.yaml (backed up first) instead of printing the settings: the file of --zowe-yaml "
    "that sets the key, else its first FILE entry (a PARMLIB member is never edited)."
)


def _check_flags(native: bool, write_config: bool, adopt: bool = False) -> None:
    if write_config and not native:
        raise click.UsageError("--write-config goes with --native")
    if native and adopt:
        raise click.UsageError("--adopt is for the hook; it does not go with --native")


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


def _report(outcomes: list[hooking.Outcome]) -> None:
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
                warn(warning)
    if lines:
        click.echo("\n".join(lines))


def _show_diffs(changes: list[hooking.Change], hook_files: list[hookfiles.HookFile]) -> None:
    for change in changes:
        if change.changed:
            click.echo(change.diff, nl=False)
            for warning in change.warnings:
                warn(warning)
        else:
            click.echo(f"{change.component.id}: unchanged {change.script.shown}")
    for item in hook_files:  # jopt's own files, read by every v2-hooked script
        click.echo(item.diff, nl=False)
    click.echo("dry run: nothing written")


def _show(result: hooking.Result) -> None:
    if result.outcomes is None:
        _show_diffs(result.changes, result.hook_files)
    else:
        _report(result.outcomes)
        for item in result.hook_files:
            click.echo(f"hook file: {item.result} {item.path}")


def _targets(site: Site, components: tuple[str, ...], all_: bool, command: str) -> hooking.Targets:
    require_targets(components, all_)
    chosen = hooking.targets(site, components, all_, command)
    if chosen.native:
        click.echo(f"skipped (native mode, see `jopt status`): {', '.join(chosen.native)}")
    return chosen


def _hint(site: Site, able: list[Component]) -> None:
    """One line on stderr naming the hooked components that could do without the hook."""
    if able:
        click.echo(
            f"hint: {', '.join(c.id for c in able)} can take the options file from zowe.yaml instead, with no "
            f"script edit: {nativeview.go_native(site, able, hooked=True)}",
            err=True,
        )


@click.command(
    epilog="""\b
Examples:
  jopt install gateway --dry-run     show the diff, write nothing
  jopt install gateway               hook the gateway (tag GW)
  jopt install zaas --tag ZAAS1      choose the tag used in file names
  jopt install --all                 every Java component it can hook (exit 7 lists the others)
  jopt install apiml --native        no hook: print the zowe.yaml settings to add
  jopt install apiml --native --write-config --dry-run
                                     show the zowe.yaml diff, write nothing
  jopt install apiml --native --write-config
                                     edit zowe.yaml (backed up first)

\b
install adds five lines after the script's opening comments and `${JOPT_OPTIONS}` right
before -jar or the main class; the logic is in <overrides>/hook/v2.sh and v2-trace.sh,
which install writes once for all components. After install, create
<overrides>/java.options.<TAG> (e.g. `jopt render`) and restart the component. Without
that file, or without hook/v2.sh, the script behaves exactly as shipped.
Named components: nothing is written unless every one can be hooked. --all hooks every
Java component it can and lists the others with the reason (exit code 7). Each changed
script is backed up to <overrides>/backups/<component>/ first and replaced atomically;
an older (v1) hook is upgraded in place.

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
@click.option("--native", is_flag=True, help=NATIVE_HELP)
@click.option("--write-config", is_flag=True, help=WRITE_CONFIG_HELP)
@dry_run_option
@keep_option
@wait_option
@with_site
def install(
    site: Site,
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
    _check_flags(native, write_config, adopt)
    site.retag(_parse_tags(tags, components))
    if native:
        from jopt.cli import native_commands

        native_commands.run(site, True, components, all_, write_config, dry_run, keep, wait)
        return
    chosen = _targets(site, components, all_, "install")
    result = hooking.install(site, chosen, adopt, dry_run, keep, wait, note)
    _show(result)
    _hint(site, result.could_go_native)
    if result.skipped:
        click.echo(f"skipped (not Java or no start script): {', '.join(sorted(result.skipped))}")
    if result.unhookable:
        click.echo(f"not hooked: {len(result.unhookable)} Java component(s) jopt cannot hook:")
        for cid, reason in sorted(result.unhookable.items()):
            click.echo(f"  {cid}: {reason}")
        raise SystemExit(int(ExitCode.NOT_ALL_HOOKED))


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
@click.option("--write-config", is_flag=True, help=WRITE_CONFIG_HELP)
@dry_run_option
@keep_option
@wait_option
@with_site
def uninstall(
    site: Site,
    components: tuple[str, ...],
    all_: bool,
    native: bool,
    write_config: bool,
    dry_run: bool,
    keep: int,
    wait: float,
) -> None:
    """Remove the hook from start scripts, or with --native the zowe.yaml settings."""
    _check_flags(native, write_config)
    if native:
        from jopt.cli import native_commands

        native_commands.run(site, False, components, all_, write_config, dry_run, keep, wait)
        return
    chosen = _targets(site, components, all_, "uninstall")
    _show(hooking.uninstall(site, chosen, dry_run, keep, wait, note))


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
def restore(site: Site, component: str, force: bool, dry_run: bool, keep: int, wait: float) -> None:
    """Put the newest backup of a start script back."""
    try:
        result = hooking.restore(site, component, force, dry_run, keep, wait, note)
    except hooking.RestoreRefused as refused:
        click.echo(refused.diff, nl=False)
        raise
    _show(result)


__all__ = ["ExitCode", "install", "restore", "uninstall"]

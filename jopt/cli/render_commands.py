"""render and profiles: options files from validated, composable profiles.
The work is in jopt.app.optionsfiles (render) and jopt.options.profiles (profiles)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from jopt.app import optionsfiles
from jopt.cli.common import echo_json, json_option, location_options, note, wait_option, warn, with_site

if TYPE_CHECKING:
    from jopt.app.site import Site

_profiles_dir_option = click.option(
    "--profiles-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Site profiles folder (default <overrides>/profiles); its profiles replace built-ins of the same name.",
)

_RENDER_EPILOG = """\b
Examples:
  jopt render --profile shareclasses              every component with the hook installed
  jopt render --profile heap --set xmx=2g gateway
  jopt render -p shareclasses -p heap --set heap.xms=512m gateway zaas
  jopt render --profile heap --dialect hotspot --dry-run gateway
  jopt render -p heap -p myheap --allow-override --all

\b
Writes <overrides>/java.options.<TAG> (openj9, read through -Xoptionsfile) or
<overrides>/java.argfile.<TAG> (hotspot, read as @argfile), with a header of comments,
atomically, and only when the bytes change. On z/OS the file is IBM-1047 and tagged;
elsewhere UTF-8 (--encoding: IBM-1047, UTF-8 or ISO8859-1). Profiles compose in the
order given; two setting the same option family is an error unless --allow-override.
Every problem is reported at once and nothing is written. `jopt profiles` lists the
profiles and `jopt profiles show NAME` their parameters.

\b
An options file jopt did not write, or that changed since it did, is not replaced:
render prints the diff and stops, writing nothing. --force replaces it, after a copy
to <overrides>/backups/options/<name>.<UTC time stamp>.
"""


@click.command(epilog=_RENDER_EPILOG)
@click.argument("components", nargs=-1)
@click.option(
    "--profile",
    "-p",
    "profile_names",
    multiple=True,
    required=True,
    metavar="NAME",
    help="Profile to apply; repeat to compose (in order).",
)
@click.option(
    "--set", "sets", multiple=True, metavar="KEY=VALUE", help="Parameter value (KEY or PROFILE.KEY); repeatable."
)
@click.option("--all", "all_", is_flag=True, help="Every Java component, hooked or not.")
@click.option(
    "--dialect",
    type=click.Choice(["openj9", "hotspot"]),
    default="openj9",
    show_default=True,
    help="The JVM that reads the file.",
)
@click.option(
    "--encoding", metavar="CCSID", help="IBM-1047, UTF-8 or ISO8859-1. [default: IBM-1047 on z/OS, else UTF-8]"
)
@click.option(
    "--allow-override", is_flag=True, help="Let a later profile replace an option family set by an earlier one."
)
@_profiles_dir_option
@click.option("--dry-run", is_flag=True, help="Print the text of each file; write nothing.")
@click.option(
    "--force", is_flag=True, help="Replace options files jopt did not write or that changed since (backed up first)."
)
@wait_option
@with_site
def render(site: Site, components: tuple[str, ...], profile_names: tuple[str, ...], sets: tuple[str, ...],
           all_: bool, dialect: str, encoding: str | None, allow_override: bool, profiles_dir: Path | None,
           dry_run: bool, force: bool, wait: float) -> None:  # fmt: skip
    """Render options files for components from profiles.

    With no COMPONENT (and no --all), renders for every component whose hook is installed.
    """
    request = optionsfiles.Request(profile_names, sets, dialect, allow_override, encoding, profiles_dir)
    plan = optionsfiles.plan(site, components, all_, request)
    if plan.how:
        click.echo(plan.how)
    for line in plan.target_warnings + plan.warnings:
        warn(line)
    for line in plan.notes:
        note(line)
    if dry_run:
        _dry_run(site, plan, force)
        return

    def done(file: optionsfiles.OptionsFile, result: str, backup: Path | None) -> None:
        _overridden(file)
        click.echo(f"{file.output.context.component}: {result} {file.path}")
        if backup is not None:
            click.echo(f"  backup: {backup} ({file.foreign})")

    try:
        optionsfiles.commit(site, plan, force, wait, note, done)
    except optionsfiles.OptionsFileRefused as refused:
        click.echo("".join(refused.diffs), nl=False)
        raise


def _dry_run(site: Site, plan: optionsfiles.Plan, force: bool) -> None:
    """Each file's text (a diff for one jopt did not write); refused as the real run would be."""
    for file in plan.files:
        _overridden(file)
        if file.refused:
            how = "would be backed up and replaced" if force else "refused without --force"
            click.echo(f"==> {file.path} ({file.foreign}: {how}; {file.encoding}) <==\n{file.diff()}", nl=False)
        else:
            click.echo(f"==> {file.path} ({file.pending()}; {file.encoding}) <==\n{file.output.text}", nl=False)
    optionsfiles.check(site, plan.files, force)
    click.echo("dry run: nothing written")


def _overridden(file: optionsfiles.OptionsFile) -> None:
    for line in file.output.overridden:
        click.echo(f"{file.output.context.component}: {line}")


def _sources(command: Callable[..., Any]) -> Callable[..., Any]:
    """--profiles-dir and the location options, turned into a `site_dir` argument."""
    import functools

    @_profiles_dir_option
    @location_options
    @functools.wraps(command)
    def wrapper(profiles_dir: Path | None, zowe_yaml: str | None, runtime: Path | None, extensions: Path | None,
                overrides: Path | None, ha_instance: str | None, **kwargs: Any) -> Any:  # fmt: skip
        found = optionsfiles.site_profiles(profiles_dir, zowe_yaml, runtime, extensions, overrides, ha_instance)
        return command(found, **kwargs)

    return wrapper


def _builtin_names() -> set[str]:
    from jopt.options import profiles

    return set(profiles.available(None))


@click.group(
    invoke_without_command=True,
    epilog="""\b
Examples:
  jopt profiles                       built-in and site profiles
  jopt profiles --json
  jopt profiles show shareclasses     parameters, defaults and an example
  jopt profiles --profiles-dir ./my-profiles

\b
A profile is NAME.yaml (name, description, jvms, parameters with type, default,
allowed values and help) plus the jinja2 template NAME.options.j2 beside it.
Site profiles in <overrides>/profiles/ replace built-ins of the same name.""",
)
@json_option
@_sources
@click.pass_context
def profiles(ctx: click.Context, site_dir: Path | None, as_json: bool) -> None:
    """List the profiles `jopt render` can use."""
    if ctx.invoked_subcommand is not None:
        return
    from jopt.options import profiles as profiles_
    from jopt.options import profileview

    found = profiles_.load_all(site_dir)
    builtin = _builtin_names()
    if as_json:
        echo_json([profileview.as_dict(p, builtin) for p in found])
    else:
        click.echo(profileview.table(found, builtin), nl=False)


@profiles.command(
    epilog="""\b
Examples:
  jopt profiles show heap
  jopt profiles show shareclasses --json"""
)
@click.argument("name")
@json_option
@_sources
def show(site_dir: Path | None, name: str, as_json: bool) -> None:
    """Show one profile: parameters, defaults, notes and an example with its output."""
    from jopt.options import profiles as profiles_
    from jopt.options import profileview

    profile = profiles_.find(name, site_dir)
    if as_json:
        echo_json(profileview.as_dict(profile, _builtin_names()))
    else:
        click.echo(profileview.details(profile, _builtin_names()), nl=False)

"""render and profiles: options files from validated, composable profiles."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from jopt.cli.common import echo_json, json_option, location_options, locked, wait_option, with_site

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
@wait_option
@with_site
def render(site: Any, components: tuple[str, ...], profile_names: tuple[str, ...], sets: tuple[str, ...], all_: bool,
           dialect: str, encoding: str | None, allow_override: bool, profiles_dir: Path | None, dry_run: bool,
           wait: float) -> None:  # fmt: skip
    """Render options files for components from profiles.

    With no COMPONENT (and no --all), renders for every component whose hook is installed.
    """
    from jopt.app import optionsfiles as optionsio
    from jopt.options import profiles
    from jopt.options import render as render_

    targets, how = optionsio.targets(site, components, all_, dialect)
    chosen = profiles.find_all(profile_names, profiles.site_dir(site.locations.overrides, profiles_dir))
    request = render_.Request(chosen, sets, dialect, allow_override)
    result = render_.render(request, [t.context for t in targets])
    encoding = encoding or optionsio.default_encoding()
    files = [(out, site.locations.overrides / out.file_name) for out in result.outputs]
    data = [optionsio.encode(out.text, encoding, path) for out, path in files]
    if how:
        click.echo(how)
    for line in [w for t in targets for w in t.warnings] + result.warnings:
        click.echo(f"jopt: warning: {line}", err=True)
    for line in result.notes + optionsio.zowe_heap_notes(site, result.outputs):
        click.echo(f"jopt: note: {line}", err=True)
    with contextlib.nullcontext() if dry_run or not files else locked(site, "render", wait):
        for (out, path), raw in zip(files, data):
            for line in out.overridden:
                click.echo(f"{out.context.component}: {line}")
            if dry_run:
                click.echo(f"==> {path} ({optionsio.pending(path, raw)}; {encoding}) <==\n{out.text}", nl=False)
            else:
                click.echo(f"{out.context.component}: {optionsio.write(path, raw, encoding)} {path}")
    if dry_run:
        click.echo("dry run: nothing written")


def _sources(command: Callable[..., Any]) -> Callable[..., Any]:
    """--profiles-dir and the location options, turned into a `site_dir` argument."""
    import functools

    @_profiles_dir_option
    @location_options
    @functools.wraps(command)
    def wrapper(profiles_dir: Path | None, zowe_yaml: Path | None, runtime: Path | None, extensions: Path | None,
                overrides: Path | None, **kwargs: Any) -> Any:  # fmt: skip
        from jopt.options import profiles

        if profiles_dir is None and overrides is None and (zowe_yaml or runtime):
            from jopt.zowe.locations import resolve

            overrides = resolve(zowe_yaml, runtime, extensions, None).overrides
        return command(profiles.site_dir(overrides, profiles_dir), **kwargs)

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

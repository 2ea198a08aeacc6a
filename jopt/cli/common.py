"""Options and helpers shared by commands: locations, output, targets. No workflow, no file I/O."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from jopt.storage import backups

if TYPE_CHECKING:
    from jopt.app.site import Site

_LOCATION_HELP = {
    "zowe_yaml": "Zowe configuration, as zwe --config and CONFIG= in ZWESLSTC take it: a path, or "
    "FILE(/my/zowe.yaml):FILE(/global/defaults.yaml):PARMLIB(DSN(MEMBER)), left entries overriding right ones "
    "(PARMLIB members are read on z/OS only). jopt reads zowe.runtimeDirectory, extensionDirectory, "
    "workspaceDirectory, logDirectory, haInstances and components.<id>.jvm from it; ${{ key.path }} "
    "templates are evaluated. [env JOPT_ZOWE_YAML]",
    "runtime": "Zowe runtime directory (components are in <runtime>/components). [env JOPT_RUNTIME]",
    "extensions": "Zowe extension directory. [env JOPT_EXTENSIONS]",
    "overrides": "Where options files, backups, state and trace logs live; "
    "default <workspaceDirectory>/jopt. [env JOPT_OVERRIDES]",
    "ha_instance": "HA instance (haInstances.<ID> in zowe.yaml): render writes java.options.<TAG>.<ID>, "
    "which the hook reads before java.options.<TAG> when ZWE_haInstance_id is ID, and zowe.yaml is read "
    "with that instance's overrides. [env ZWE_haInstance_id]",
}
LOCATIONS = ("zowe_yaml", "runtime", "extensions", "overrides", "ha_instance")


def location_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--zowe-yaml, --runtime, --extensions, --overrides, --ha-instance, each with its variable."""
    path = click.Path(path_type=Path)
    decorators = [
        click.option("--zowe-yaml", metavar="CONFIG", envvar="JOPT_ZOWE_YAML", help=_LOCATION_HELP["zowe_yaml"]),
        click.option("--runtime", type=path, envvar="JOPT_RUNTIME", help=_LOCATION_HELP["runtime"]),
        click.option("--extensions", type=path, envvar="JOPT_EXTENSIONS", help=_LOCATION_HELP["extensions"]),
        click.option("--overrides", type=path, envvar="JOPT_OVERRIDES", help=_LOCATION_HELP["overrides"]),
        click.option("--ha-instance", metavar="ID", envvar="ZWE_haInstance_id", help=_LOCATION_HELP["ha_instance"]),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def site_from(kwargs: dict[str, Any]) -> Site:
    """Pop the location options out of a command's kwargs and open the site."""
    from jopt.app.site import Site

    return Site.at(*(kwargs.pop(k) for k in LOCATIONS))


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
dry_run_option = click.option("--dry-run", is_flag=True, help="Print the unified diff of each change; write nothing.")
keep_option = click.option(
    "--keep",
    type=click.IntRange(1, 1000),
    default=backups.DEFAULT_KEEP,
    show_default=True,
    help="Backups to keep per component.",
)

wait_option = click.option(
    "--wait",
    type=click.FloatRange(0, 3600),
    default=10.0,
    show_default=True,
    envvar="JOPT_LOCK_WAIT",
    help="Seconds to wait for another jopt writing in the same overrides directory. [env JOPT_LOCK_WAIT]",
)


def note(line: str) -> None:
    """What taking the lock found (a killed writer, temp files removed): one line on stderr."""
    click.echo(f"jopt: note: {line}", err=True)


def warn(line: str) -> None:
    click.echo(f"jopt: warning: {line}", err=True)


def require_targets(components: tuple[str, ...], all_: bool) -> None:
    if all_ and components:
        raise click.UsageError("name components or give --all, not both")
    if not all_ and not components:
        raise click.UsageError("name at least one component, or give --all")


def use_color(stream: Any = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (any value)."""
    stream = stream or sys.stdout
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, sort_keys=False))


def with_site(command: Callable[..., Any]) -> Callable[..., Any]:
    """Location options in, a `site` argument out."""

    @location_options
    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        return command(site_from(kwargs), **kwargs)

    return wrapper

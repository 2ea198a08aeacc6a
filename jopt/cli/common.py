"""Options and helpers shared by commands: locations, output, targets."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from jopt.storage import backups

_LOCATION_HELP = {
    "zowe_yaml": "zowe.yaml to read zowe.runtimeDirectory, extensionDirectory, workspaceDirectory, "
    "logDirectory and haInstances from. [env JOPT_ZOWE_YAML]",
    "runtime": "Zowe runtime directory (components are in <runtime>/components). [env JOPT_RUNTIME]",
    "extensions": "Zowe extension directory. [env JOPT_EXTENSIONS]",
    "overrides": "Where options files, backups, state and trace logs live; "
    "default <workspaceDirectory>/jopt. [env JOPT_OVERRIDES]",
}


def location_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--zowe-yaml, --runtime, --extensions, --overrides, each with its JOPT_* variable."""
    path = click.Path(path_type=Path)
    decorators = [
        click.option("--zowe-yaml", type=path, envvar="JOPT_ZOWE_YAML", help=_LOCATION_HELP["zowe_yaml"]),
        click.option("--runtime", type=path, envvar="JOPT_RUNTIME", help=_LOCATION_HELP["runtime"]),
        click.option("--extensions", type=path, envvar="JOPT_EXTENSIONS", help=_LOCATION_HELP["extensions"]),
        click.option("--overrides", type=path, envvar="JOPT_OVERRIDES", help=_LOCATION_HELP["overrides"]),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def open_site(zowe_yaml: Path | None, runtime: Path | None, extensions: Path | None, overrides: Path | None):  # type: ignore[no-untyped-def]
    from jopt.app.site import Site
    from jopt.zowe.locations import resolve

    return Site.open(resolve(zowe_yaml, runtime, extensions, overrides))


def site_from(kwargs: dict[str, Any]):  # type: ignore[no-untyped-def]
    """Pop the location options out of a command's kwargs and open the site."""
    return open_site(*(kwargs.pop(k) for k in ("zowe_yaml", "runtime", "extensions", "overrides")))


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


def dir_mode() -> int:
    """JOPT_DIR_MODE: the mode a new overrides directory gets (default 0700). The JVM reads
    the options files there as the Zowe user: 0750 lets the directory's group in."""
    from jopt.errors import ConfigError
    from jopt.storage.lock import DIR_MODE

    raw = os.environ.get("JOPT_DIR_MODE", "").strip()
    if not raw:
        return DIR_MODE
    try:
        mode = int(raw, 8)
    except ValueError:
        mode = -1
    if not 0 <= mode <= 0o777 or mode & 0o700 != 0o700 or mode & 0o022:
        raise ConfigError(
            f"JOPT_DIR_MODE={raw}: give an octal mode with rwx for the owner and no write for group "
            "or others (e.g. 0700, 0750, 0755): the JVM runs what the options files there say"
        )
    return mode


@contextlib.contextmanager
def locked(site: Any, command: str, wait: float) -> Iterator[None]:
    """Hold the overrides directory's lock while a command writes; clear what a killed jopt left."""
    from jopt.app import recovery
    from jopt.storage import lock

    site.locations.check_overrides_for_hook()  # before the lock makes the directory
    with lock.hold(site.locations.overrides, command, timeout=wait, dir_mode=dir_mode()) as left:
        if left:
            click.echo(f"jopt: note: the last writer here, {recovery.interrupted_note(left)}", err=True)
        removed = recovery.sweep(site)
        if removed:
            names = ", ".join(str(p) for p in removed)
            click.echo(f"jopt: note: removed {len(removed)} temp file(s) left by a killed jopt: {names}", err=True)
        yield


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

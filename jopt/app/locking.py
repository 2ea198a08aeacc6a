"""The overrides directory's lock, as every writer takes it (the CLI's commands and the fleet modules).

One jopt writes in an overrides directory at a time. Whoever takes the lock also clears
what a killed jopt left there (`jopt.app.recovery`) and is told about it through `note`,
a callback: the CLI prints each note as it comes, the fleet modules collect them as warnings.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator

from jopt.app import recovery
from jopt.app.site import Site
from jopt.errors import ConfigError
from jopt.storage import lock

#: Told one line at a time what taking the lock found (a killed writer, temp files removed).
Note = Callable[[str], None]


def ignore(line: str) -> None:
    """A `Note` for callers with no one to tell."""


def dir_mode() -> int:
    """JOPT_DIR_MODE: the mode a new overrides directory gets (default 0700). The JVM reads
    the options files there as the Zowe user: 0750 lets the directory's group in."""
    raw = os.environ.get("JOPT_DIR_MODE", "").strip()
    if not raw:
        return lock.DIR_MODE
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
def writing(site: Site, command: str, wait: float, note: Note = ignore) -> Iterator[None]:
    """Hold the overrides directory's lock while `command` writes; clear what a killed jopt left.

    Waits up to `wait` seconds for another jopt (LockError after that). The caller reloads
    the site's state inside: another jopt may have written while this one waited."""
    site.locations.check_overrides_for_hook()  # before the lock makes the directory
    with lock.hold(site.locations.overrides, command, timeout=wait, dir_mode=dir_mode()) as left:
        if left:
            note(f"the last writer here, {recovery.interrupted_note(left)}")
        removed = recovery.sweep(site)
        if removed:
            names = ", ".join(str(p) for p in removed)
            note(f"removed {len(removed)} temp file(s) left by a killed jopt: {names}")
        yield

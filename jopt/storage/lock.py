"""One writer at a time per overrides directory: a POSIX record lock on `<overrides>/.lock`.

The operating system drops the lock when its holder dies, so a lock left by a killed jopt
is never stale. The file names the holder (`pid N: jopt <command>`) while it writes and is
emptied when it finishes; a name left in an unlocked file therefore means that jopt was
killed while writing, which the next jopt reports (see `jopt.app.recovery`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from jopt.errors import LockError, WriteError
from jopt.storage.fileio import os_message

LOCK_FILE = ".lock"
DIR_MODE = 0o700


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip() or "unknown"
    except OSError:
        return "unknown"


def make_dir(overrides: Path, mode: int = DIR_MODE) -> None:
    """Create the overrides directory with exactly `mode` (umask aside); keep an existing one."""
    try:
        if not overrides.is_dir():
            overrides.mkdir(parents=True, exist_ok=True, mode=mode)
            os.chmod(overrides, mode)
    except OSError as error:
        raise WriteError(f"cannot create the overrides directory: {os_message(error)}", path=overrides) from None


@contextlib.contextmanager
def hold(
    overrides: Path, command: str, timeout: float = 10.0, poll: float = 0.05, dir_mode: int = DIR_MODE
) -> Iterator[str | None]:
    """Hold the lock while the block runs; after `timeout` seconds fail naming the holder.

    Yields the line a killed holder left behind ("pid N: jopt install"), or None.
    """
    make_dir(overrides, dir_mode)
    path = overrides / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise WriteError(f"cannot open the lock file: {os_message(error)}", path=path) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    raise LockError(
                        f"another jopt is writing here ({_holder(path)}); waited {timeout:g}s", path=path
                    ) from None
                time.sleep(poll)
        left = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip() or None
        _write_holder(fd, f"pid {os.getpid()}: jopt {command}\n")
        try:
            yield left
        except Exception:
            _write_holder(fd, "")  # failed cleanly (jopt rolls back what it wrote)
            raise
        _write_holder(fd, "")  # finished; a kill or KeyboardInterrupt leaves the name for the next jopt
    finally:
        os.close(fd)


def _write_holder(fd: int, line: str) -> None:
    try:
        os.ftruncate(fd, 0)
        if line:
            os.pwrite(fd, line.encode(), 0)
    except OSError:
        pass  # e.g. no space left: the name is only information; the lock itself holds


class Holder(NamedTuple):
    """What the lock file says now: a jopt writing (`busy`), or one killed while writing."""

    line: str
    busy: bool


def peek(overrides: Path) -> Holder | None:
    """Who is writing here, or was killed while writing; None when neither (or unreadable).

    Takes no lock, so a reader never waits. Within one process a POSIX lock is dropped
    when any descriptor of the file closes: do not call this while holding the lock.
    """
    path = overrides / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        line = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip()
        try:
            fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            busy = False
        except OSError:
            busy = True
        return Holder(line or "unknown", busy) if line or busy else None
    finally:
        os.close(fd)

"""One writer at a time per overrides directory: a POSIX record lock on `<overrides>/.lock`.

The operating system drops the lock when its holder dies, so a lock left by a killed jopt
is never stale; the file only tells the next one who held it last.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path
from typing import Iterator

from jopt.errors import LockError

LOCK_FILE = ".lock"


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip() or "unknown"
    except OSError:
        return "unknown"


@contextlib.contextmanager
def hold(overrides: Path, command: str, timeout: float = 10.0, poll: float = 0.05) -> Iterator[None]:
    """Hold the lock while the block runs; after `timeout` seconds fail naming the holder."""
    overrides.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = overrides / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
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
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}: jopt {command}\n".encode(), 0)
        yield
    finally:
        os.close(fd)

"""Backups of start scripts: `<overrides>/backups/<id>/<name>.<UTC timestamp>`.

Never beside the script: the runtime may be read-only or scanned by maintenance tools.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path

from jopt.storage.fileio import atomic_write

DEFAULT_KEEP = 5
_STAMP = re.compile(r"\.(\d{8}T\d{6}\.\d{6}Z)$")


def folder(overrides: Path, component_id: str) -> Path:
    return overrides / "backups" / component_id


def stamp(now: _dt.datetime | None = None) -> str:
    now = now or _dt.datetime.now(_dt.timezone.utc)
    return now.strftime("%Y%m%dT%H%M%S.%fZ")


def listing(overrides: Path, component_id: str) -> list[Path]:
    """Backups of a component, oldest first."""
    where = folder(overrides, component_id)
    try:
        names = os.listdir(where)
    except (FileNotFoundError, NotADirectoryError):
        return []
    stamped = sorted((m.group(1), name) for name in names if (m := _STAMP.search(name)))
    return [where / name for _, name in stamped]


def path(overrides: Path, component_id: str, script_name: str, when: str) -> Path:
    """Where `write` puts a backup made at `when` (a `stamp()`)."""
    return folder(overrides, component_id) / f"{script_name}.{when}"


def write(overrides: Path, component_id: str, script_name: str, data: bytes, when: str) -> Path:
    where = folder(overrides, component_id)
    for level in (where.parent, where):
        level.mkdir(parents=True, exist_ok=True, mode=0o700)
    made = path(overrides, component_id, script_name, when)
    atomic_write(made, data, mode=0o600)
    return made


def prune(overrides: Path, component_id: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups; return what was deleted."""
    old = listing(overrides, component_id)
    doomed = old[: max(0, len(old) - keep)]
    for path in doomed:
        path.unlink()
    return doomed

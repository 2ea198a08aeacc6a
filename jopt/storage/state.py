"""jopt's record of what it installed: `<overrides>/state.json`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from jopt.errors import ConfigError
from jopt.storage.fileio import atomic_write

STATE_FILE = "state.json"
SCHEMA = 1


def sha256(data: bytes) -> str:
    """The hex SHA-256 of a script's bytes, as recorded before and after install."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


class Record(NamedTuple):
    """One component jopt manages: its script, tag and the sha256 of the text before and after
    (equal in native mode, where the script is not touched)."""

    script: str
    tag: str
    original_sha256: str
    installed_sha256: str
    hook_version: int
    installed_at: str
    mode: str = "hook"  # "native": zowe.yaml points the JVM at the options file, no script edit
    trace: bool = False  # native: jopt manages components.<id>.jvm.XshowSettings
    config: str | None = None  # native: the zowe.yaml jopt wrote (None: settings only printed)


@dataclass(frozen=True, slots=True)
class State:
    """The records by component id, the tags chosen with --tag (kept for every later command),
    what render wrote, and the sha256 of each jopt-owned file v2 hooks source (by path
    relative to the overrides directory: jopt.app.hookfiles). A command updates the dicts in
    place, then `save`s them."""

    components: dict[str, Record] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    #: options file name (in the overrides directory) -> sha256 of the bytes `jopt render` wrote
    rendered: dict[str, str] = field(default_factory=dict)
    hook_files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> State:
        return cls({}, {})


def load(overrides: Path) -> State:
    path = overrides / STATE_FILE
    if not path.exists():
        return State.empty()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        records = {k: Record(**v) for k, v in data.get("components", {}).items()}
        return State(
            records,
            dict(data.get("tags", {})),
            dict(data.get("rendered", {})),
            dict(data.get("hook_files", {})),
        )
    except (ValueError, TypeError, AttributeError) as error:
        raise ConfigError(f"state file is damaged ({error}); move it aside to start afresh", path=path) from None


def dumps(state: State) -> bytes:
    data = {
        "schema": SCHEMA,
        "components": {k: v._asdict() for k, v in sorted(state.components.items())},
        "tags": dict(sorted(state.tags.items())),
    }
    if state.rendered:  # written since jopt records what render writes; absent before that
        data["rendered"] = dict(sorted(state.rendered.items()))
    if state.hook_files:
        data["hook_files"] = dict(sorted(state.hook_files.items()))
    return (json.dumps(data, indent=2) + "\n").encode()


def save(overrides: Path, state: State) -> None:
    path = overrides / STATE_FILE
    data = dumps(state)
    if path.exists() and path.read_bytes() == data:
        return
    atomic_write(path, data, mode=0o600)

"""jopt's record of what it installed: `<overrides>/state.json`."""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from jopt.errors import ConfigError
from jopt.storage.fileio import atomic_write

STATE_FILE = "state.json"
SCHEMA = 1


def sha256(data: bytes) -> str:
    return _sha256()(data).hexdigest()


@functools.cache
def _sha256() -> Callable[[bytes], Any]:
    """CPython's own SHA-256 when it has one: hashlib's loads OpenSSL first, 3% of `jopt status`
    (the digests are the same; tests/storage/test_state.py compares them)."""
    for name in ("_sha2", "_sha256"):  # 3.12+, 3.11
        try:
            return importlib.import_module(name).sha256  # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256


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


class State:
    __slots__ = ("components", "tags")

    def __init__(self, components: dict[str, Record], tags: dict[str, str]) -> None:
        self.components = components
        self.tags = tags  # tags chosen with --tag, kept for every later command

    def __repr__(self) -> str:
        return f"State(components={self.components!r}, tags={self.tags!r})"

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
        return State(records, dict(data.get("tags", {})))
    except (ValueError, TypeError, AttributeError) as error:
        raise ConfigError(f"state file is damaged ({error}); move it aside to start afresh", path=path) from None


def dumps(state: State) -> bytes:
    data = {
        "schema": SCHEMA,
        "components": {k: v._asdict() for k, v in sorted(state.components.items())},
        "tags": dict(sorted(state.tags.items())),
    }
    return (json.dumps(data, indent=2) + "\n").encode()


def save(overrides: Path, state: State) -> None:
    path = overrides / STATE_FILE
    data = dumps(state)
    if path.exists() and path.read_bytes() == data:
        return
    atomic_write(path, data, mode=0o600)

"""Read settings from zowe.yaml text: parsed once per text, no editing (that is jopt.zowe.yamledit)."""

from __future__ import annotations

import functools
from typing import Any

from jopt.errors import ConfigError
from jopt.storage import yamlfile

MISSING = object()


def value(data: Any, keys: tuple[str, ...]) -> Any:
    """data[k1][k2]... or MISSING."""
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return MISSING
        data = data[key]
    return data


def parsed(text: str, path: object | None = None, what: str = "zowe.yaml") -> Any:
    """The values in zowe.yaml `text`, parsed once per text and shared: never change them.
    ConfigError naming `path` and the line when the text is malformed."""
    try:
        return _parsed(text)
    except ConfigError:
        pass
    return yamlfile.loads(text, path, what)  # raises again, naming the file


@functools.lru_cache(maxsize=16)
def _parsed(text: str) -> Any:
    return yamlfile.loads(text)


def configured(text: str, component: str, name: str) -> Any:
    """The value zowe.yaml text gives `components.<component>.jvm.<name>`, or None."""
    found = value(parsed(text), ("components", component, "jvm", name))
    return None if found is MISSING else found

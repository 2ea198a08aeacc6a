"""Read settings from zowe.yaml text: parsed once per text, no editing (that is jopt.zowe.yamledit)."""

from __future__ import annotations

import functools
from typing import Any

from jopt.storage import yamlfile

MISSING = object()


def value(data: Any, keys: tuple[str, ...]) -> Any:
    """data[k1][k2]... or MISSING."""
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return MISSING
        data = data[key]
    return data


@functools.lru_cache(maxsize=4)
def parsed(text: str) -> Any:
    return yamlfile.loads(text, None, "zowe.yaml")


def configured(text: str, component: str, name: str) -> Any:
    """The value zowe.yaml text gives `components.<component>.jvm.<name>`, or None."""
    found = value(parsed(text), ("components", component, "jvm", name))
    return None if found is MISSING else found

"""Read settings from zowe.yaml: from one text (parsed once per text), or from the whole
configuration as Zowe reads it (jopt.zowe.config). No editing (that is jopt.zowe.yamledit)."""

from __future__ import annotations

import functools
from typing import Any

from jopt.errors import ConfigError
from jopt.storage import yamlfile
from jopt.zowe.config import MISSING, ZoweConfig

__all__ = ["MISSING", "configured", "jvm", "parsed", "value"]


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


def jvm(config: ZoweConfig, component: str, name: str) -> Any:
    """`components.<component>.jvm.<name>` as the JVM of config's HA instance gets it (its
    templates evaluated), or None. ConfigError when a template cannot be evaluated."""
    found = config.value(("components", component, "jvm", name))
    return None if found is MISSING else found

"""The zowe.yaml key behind a `ZWE_*` environment variable, and its value. Pure.

Zowe starts a component with its configuration exported as environment variables: the
component's own `components.<id>.<a>.<b>` as `ZWE_configs_<a>_<b>` (its manifest's
`configs` give the defaults), any component's as `ZWE_components_<id>_<a>_<b>`, and
`zowe.<a>.<b>` as `ZWE_zowe_<a>_<b>`; list items are numbered (`externalDomains_0`).
Keys are camelCase, so `_` separates levels; a name is matched against the keys the
configuration really has, and shown with dots where it has none.
"""

from __future__ import annotations

from types import EllipsisType
from typing import Any, NamedTuple

UNKNOWN = ...


class Setting(NamedTuple):
    key: str  # dotted zowe.yaml key, e.g. components.gateway.heap.max
    value: str | EllipsisType | None  # ...: not in the configuration given
    origin: str  # "zowe.yaml", "manifest" (the component's default) or ""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _walk(node: Any, rest: str) -> tuple[list[str], Any]:
    """The keys `rest` (joined by `_`) names under `node`, and the value there (... if none)."""
    path: list[str] = []
    while rest:
        if isinstance(node, list):
            head, _, tail = rest.partition("_")
            if not head.isdigit() or int(head) >= len(node):
                return path + rest.split("_"), UNKNOWN
            node, rest, path = node[int(head)], tail, path + [head]
            continue
        if not isinstance(node, dict):
            return path + rest.split("_"), UNKNOWN
        keys = sorted((str(k) for k in node if rest == str(k) or rest.startswith(f"{k}_")), key=len, reverse=True)
        if not keys:
            return path + rest.split("_"), UNKNOWN
        node, rest, path = node[keys[0]], rest[len(keys[0]) + 1 :], path + [keys[0]]
    if isinstance(node, (dict, list)):
        return path, UNKNOWN
    return path, _text(node)


def _under(root: Any, prefix: list[str]) -> Any:
    for key in prefix:
        if not isinstance(root, dict) or key not in root:
            return None
        root = root[key]
    return root


def setting(name: str, component: str, config: Any = None, defaults: Any = None) -> Setting | None:
    """The configuration behind environment variable `name` for `component`, or None when
    the name is not one Zowe derives from its configuration. `config`: zowe.yaml's data;
    `defaults`: the component manifest's `configs`."""
    if name.startswith("ZWE_configs_"):
        prefix, rest = ["components", component], name[len("ZWE_configs_") :]
    elif name.startswith("ZWE_zowe_"):
        prefix, rest = ["zowe"], name[len("ZWE_zowe_") :]
    elif name.startswith("ZWE_components_"):
        rest = name[len("ZWE_components_") :]
        ids = [
            str(k) for k in (_under(config, ["components"]) or {}) if rest.startswith(f"{str(k).replace('-', '_')}_")
        ]
        if not ids:
            return None
        cid = max(ids, key=len)
        prefix, rest = ["components", cid], rest[len(cid) + 1 :]
    else:
        return None
    keys, value = _walk(_under(config, prefix), rest)
    origin = "zowe.yaml" if value is not UNKNOWN else ""
    if value is UNKNOWN and name.startswith("ZWE_configs_") and defaults is not None:
        default_keys, value = _walk(defaults, rest)
        keys, origin = (default_keys, "manifest") if value is not UNKNOWN else (keys, "")
    return Setting(".".join(prefix + keys), value, origin)

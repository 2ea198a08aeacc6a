"""What changed between two runs: the question after a migration or a maintenance. Pure.

Schema ``jopt-report-diff/1``::

    schema        "jopt-report-diff/1"
    a, b          {file, run, time, component}: the two runs compared (a is "before")
    same          true when no field below has a change
    jvm           {field: {from, to}} for kind, name, vendor, version, home
    heap          {min|max|max_estimated|stack: {from, to}}  (sizes as printed, or null)
    properties    {added: {key: value}, removed: {key: value}, changed: {key: {from, to}}}
    locale, system, environment, security_properties   same shape as properties
    security_providers, tls_protocols, cipher_suites, options_file_lines, errors
                  {added: [str], removed: [str], order_changed: bool}; options_file_lines
                  leaves out comment and blank lines
    launch_options {from, to} or null
    warnings      {from, to} total counts, or null when equal

Both inputs are run dicts of schema jopt-report/1 (already redacted or not).
"""

from __future__ import annotations

from typing import Any

SCHEMA = "jopt-report-diff/1"
_JVM_FIELDS = ("kind", "name", "vendor", "version", "home")
_MAPPINGS = ("properties", "locale", "system", "environment")
_LISTS = {
    "security_providers": ("security", "providers"),
    "tls_protocols": ("security", "tls_protocols"),
    "cipher_suites": ("security", "cipher_suites"),
    "options_file_lines": ("options_file_lines", None),
    "errors": ("errors", None),
}


def mapping_diff(a: dict[str, str], b: dict[str, str]) -> dict[str, Any]:
    return {
        "added": {k: b[k] for k in b if k not in a},
        "removed": {k: a[k] for k in a if k not in b},
        "changed": {k: {"from": a[k], "to": b[k]} for k in a if k in b and a[k] != b[k]},
    }


def list_diff(a: list[str], b: list[str]) -> dict[str, Any]:
    added = [x for x in b if x not in a]
    removed = [x for x in a if x not in b]
    common_a = [x for x in a if x in b]
    common_b = [x for x in b if x in a]
    return {"added": added, "removed": removed, "order_changed": common_a != common_b}


def _list_of(run: dict[str, Any], where: tuple[str, str | None]) -> list[str]:
    outer, inner = where
    value = run.get(outer)
    if inner is not None:
        value = (value or {}).get(inner)
    if outer == "options_file_lines":
        return [line for line in value or [] if line.strip() and not line.lstrip().startswith("#")]
    return list(value or [])


def _ident(source: dict[str, Any], run: dict[str, Any]) -> dict[str, Any]:
    hook = run.get("hook") or {}
    return {
        "file": source.get("file"),
        "run": run["index"],
        "time": hook.get("time"),
        "component": hook.get("component"),
    }


def _changed(diff: Any) -> bool:
    if diff is None:
        return False
    if isinstance(diff, dict) and ("added" in diff or "changed" in diff):
        return bool(diff.get("added") or diff.get("removed") or diff.get("changed") or diff.get("order_changed"))
    return bool(diff)


def diff_runs(
    source_a: dict[str, Any], a: dict[str, Any], source_b: dict[str, Any], b: dict[str, Any]
) -> dict[str, Any]:
    """The differences from run `a` to run `b` (schema jopt-report-diff/1)."""
    result: dict[str, Any] = {"schema": SCHEMA, "a": _ident(source_a, a), "b": _ident(source_b, b)}
    result["jvm"] = {f: {"from": a["jvm"][f], "to": b["jvm"][f]} for f in _JVM_FIELDS if a["jvm"][f] != b["jvm"][f]}
    result["heap"] = {
        k: {"from": (a["heap"][k] or {}).get("text"), "to": (b["heap"][k] or {}).get("text")}
        for k in a["heap"]
        if (a["heap"][k] or {}).get("bytes") != (b["heap"][k] or {}).get("bytes")
    }
    for name in _MAPPINGS:
        result[name] = mapping_diff(a[name], b[name])
    result["security_properties"] = mapping_diff(
        (a["security"] or {}).get("properties", {}), (b["security"] or {}).get("properties", {})
    )
    for name, where in _LISTS.items():
        result[name] = list_diff(_list_of(a, where), _list_of(b, where))
    launch = (a["launch_options"], b["launch_options"])
    result["launch_options"] = {"from": launch[0], "to": launch[1]} if launch[0] != launch[1] else None
    totals = (sum(g["count"] for g in a["warnings"]), sum(g["count"] for g in b["warnings"]))
    result["warnings"] = {"from": totals[0], "to": totals[1]} if totals[0] != totals[1] else None
    skip = ("schema", "a", "b")
    result["same"] = not any(_changed(v) for k, v in result.items() if k not in skip)
    return result

"""The text of `jopt explain`: one row per option family, from a jopt-explain/1 document."""

from __future__ import annotations

from typing import Any

_FAMILY_WIDTH = 30
_VALUE_WIDTH = 44


def _detail(arg: dict[str, Any]) -> str:
    """Where an argument comes from, and what decides its value."""
    parts = []
    if arg["option"] != arg["value"]:
        parts.append(f"as written {arg['option']}")
    if arg["defaulted"]:
        parts.append("default")
    parts += arg["zowe_keys"][:2] if arg["source"] != "zowe.yaml" else []
    if arg["via"]:
        parts.append(f"via {arg['via']}")
    if arg["condition"]:
        parts.append(arg["condition"] if arg["certain"] else f"only {arg['condition']}")
    where = arg["file"] + (f" line {arg['line']}" if arg["line"] else "")
    if arg["source"] == "zowe.yaml" and arg["zowe_keys"]:
        where += f" {arg['zowe_keys'][0]}"
    return where + (f" ({'; '.join(parts)})" if parts else "")


def _line(mark: str, label: str, value: str, detail: str) -> str:
    head = f"{mark} {label:<{_FAMILY_WIDTH}} {value}"
    if len(value) > _VALUE_WIDTH:
        return f"{head}\n{'':<{_FAMILY_WIDTH + 2}} {'':<{_VALUE_WIDTH}} {detail}".rstrip()
    return f"{mark} {label:<{_FAMILY_WIDTH}} {value:<{_VALUE_WIDTH}} {detail}".rstrip()


def _row_lines(row: dict[str, Any]) -> list[str]:
    args = row["args"]
    if row["winner"] is None:  # every one applies
        return [_line(" ", row["family"] if i == 0 else "", a["value"], _detail(a)) for i, a in enumerate(args)]
    winner = args[row["winner"]]
    mine = winner["source"] == "options file"
    lines = [_line("+" if mine and len(args) > 1 else " ", row["family"], winner["value"], _detail(winner))]
    for arg in reversed(args[:-1]):
        lost = arg["source"] == "options file" and arg["value"] != winner["value"]
        lines.append(_line("!" if lost else " ", "  overrides", arg["value"], _detail(arg)))
    return lines


def explain_text(data: dict[str, Any], everything: bool = True) -> str:
    """The explanation as text; `everything`: every family, else only those with more than
    one option or an option from an options file or zowe.yaml."""
    platform = "z/OS" if data["platform"] == "z/OS" else "not z/OS"
    lines = [
        f"{data['component']} (tag {data['tag']}): {data['mode']} mode, {data['jvm']} on {platform}",
        f"  start script  {data['script']}",
    ]
    lines += [f"  sources       {h}" for h in data["helpers"]]
    lines.append(f"  zowe.yaml     {data['zowe_yaml'] or '(none given: defaults shown)'}")
    lines.append("")
    lines.append(f"  {'OPTION':<{_FAMILY_WIDTH}} {'VALUE':<{_VALUE_WIDTH}} FROM")
    for row in data["rows"]:
        jopts = any(a["source"] != "script" for a in row["args"])
        interesting = jopts or (len(row["args"]) > 1 and row["winner"] is not None)
        if everything or interesting:
            lines += _row_lines(row)
    lines.append("")
    lines.append("+ an options file's option wins over the start script's;  ! an options file's option loses")
    cache = data["shared_cache"]
    if cache:
        where = f" in {cache['cache_dir']}" if cache["cache_dir"] else ""
        lines.append(f"Shared classes: cache {cache['name']}{where} ({cache['persistence']}), from {cache['where']}")
    lines += [f"warning: {w}" for w in data["warnings"]]
    lines += [f"note: {n}" for n in data["notes"]]
    return "\n".join(lines) + "\n"

"""Reports, diffs and verifications as text for people. Pure: data in, str out; no click.

`style(text, role)` colours a piece (roles: good, warn, bad, dim); `plain` leaves it be.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from jopt.settings.startup import run_line

Style = Callable[[str, str], str]

KEY_PROPERTIES = (
    "java.version", "java.vendor", "java.home", "file.encoding", "native.encoding", "sun.jnu.encoding",
    "java.io.tmpdir", "user.dir", "user.name", "os.name", "os.version", "os.arch",
)  # fmt: skip
_MAX_LIST = 8
_D_KEY = re.compile(r"(?:^|\s|\")-D([^\s=\"]+)")


def plain(text: str, role: str) -> str:
    return text


def _row(label: str, text: str) -> str:
    return f"{label:<12}{text}".rstrip()


def _short(items: list[str], limit: int = _MAX_LIST) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f", … ({len(items) - limit} more)" if len(items) > limit else "")


def _value(value: str) -> str:
    return value.replace("\r", "\\r").replace("\n", "\\n")


def requested_keys(lines: Iterable[str]) -> list[str]:
    """Property names set with -D in options-file lines, in order."""
    keys: list[str] = []
    for line in lines:
        keys += [k for k in _D_KEY.findall(line) if k not in keys]
    return keys


def run_title(source: dict[str, Any], run: dict[str, Any]) -> str:
    where = f"{source['file']}: run {run['index']} of {source['runs']} (lines {run['lines'][0]}-{run['lines'][1]})"
    hook = run["hook"]
    if not hook:
        return where
    who = f"{hook.get('component', '?')} (tag {hook.get('tag', '?')})"
    ha = f" ha {hook['ha']}" if hook.get("ha") else ""
    return f"{where}\n  started   {hook.get('time', '?')}  {who}{ha}  pid {hook.get('pid', '?')}  hook {hook.get('hook', '?')}"


def _jvm_lines(run: dict[str, Any]) -> list[str]:
    jvm = run["jvm"]
    vendor = f"; {jvm['vendor']}" if jvm["vendor"] else ""
    lines = [_row("JVM", f"{jvm['name'] or '?'} {jvm['version'] or ''} ({jvm['kind']}{vendor})")]
    if jvm["home"]:
        lines.append(_row("  home", jvm["home"]))
    lines += [_row("  build", line) for line in jvm["build"][:6]]
    heap = run["heap"]
    parts = [f"{name} {heap[key]['text']}" for key, name in
             (("min", "min"), ("max", "max"), ("max_estimated", "max (estimated)"), ("stack", "stack")) if heap[key]]  # fmt: skip
    lines.append(_row("Heap", "  ".join(parts) or "not shown"))
    return lines


def _options_lines(run: dict[str, Any]) -> list[str]:
    if not run["hook"]:
        return []
    count = len(run["options_file_lines"])
    lines = [
        _row("  options", f"{run['options_file'] or 'none'}" + (f"  ({count} lines)" if run["options_file"] else ""))
    ]
    if run["launch_options"] is not None:
        lines.append(_row("  launch", run["launch_options"].strip()))
    if run.get("startup"):
        lines.append(_row("  start-up", run_line(run["startup"])))
    return lines


def _property_lines(run: dict[str, Any], everything: bool) -> list[str]:
    props = run["properties"]
    wanted = requested_keys(run["options_file_lines"])
    lines = [_row("Properties", f"{len(props)}" + ("" if everything else "; key ones:") if props else "none")]
    keys = sorted(props) if everything else [k for k in KEY_PROPERTIES if k in props]
    lines += [f"  {k} = {_value(props[k])}" for k in keys]
    if wanted and not everything:
        lines.append("  from the options file:")
        lines += [f"  {k} = {_value(props[k])}" if k in props else f"  {k}: NOT SET" for k in wanted]
    return lines


def _security_lines(run: dict[str, Any]) -> list[str]:
    sec = run["security"]
    if not sec:
        return [_row("Security", "not shown")]
    tls = _short(sec["tls_protocols"]) or "none shown"
    lines = [_row("Security", f"{len(sec['providers'])} providers: {_short(sec['providers'])}")]
    lines.append(_row("  TLS", tls + (f" ({sec['tls_provider']})" if sec["tls_provider"] else "")))
    if sec["cipher_suites"]:
        lines.append(_row("  ciphers", f"{len(sec['cipher_suites'])} enabled"))
    return lines


def _locale_line(run: dict[str, Any]) -> list[str]:
    locale = run["locale"]
    if not locale:
        return []
    parts = [locale.get("default locale", "?")]
    if "tzdata version" in locale:
        parts.append(f"tzdata {locale['tzdata version']}")
    return [_row("Locale", "; ".join(parts))]


def _warning_lines(run: dict[str, Any], style: Style) -> list[str]:
    groups = run["warnings"]
    if not groups:
        return [_row("Warnings", "none")]
    total = sum(g["count"] for g in groups)
    lines = [_row("Warnings", style(f"{total} in {len(groups)} group(s)", "warn"))]
    for g in groups[:10]:
        source = f" {g['source']}:" if g["source"] else ""
        subjects = f" ({_short(g['subjects'], 5)})" if g["subjects"] else ""
        lines.append(f"  {g['count']}x {g['level']}{source} {g['message']}{subjects}")
    return lines


def _trailer_lines(run: dict[str, Any], style: Style) -> list[str]:
    lines = [
        _row("Errors", style(e, "bad")) if i == 0 else _row("", style(e, "bad")) for i, e in enumerate(run["errors"])
    ]
    if run["other_sections"]:
        lines.append(_row("Unknown", ", ".join(run["other_sections"]) + " (kept in --json)"))
    if run["elided"]:
        lines.append(_row("Elided", ", ".join(run["elided"]) + ' ("..." lines: pasted excerpt)'))
    if run["other_output"]["count"]:
        count = run["other_output"]["count"]
        lines.append(_row("Other", f"{count} line{'' if count == 1 else 's'} of other output"))
    for problem in run["problems"]:
        lines.append(_row("Problem", style(problem, "bad")))
    return lines


def _incomplete_lines(run: dict[str, Any], style: Style) -> list[str]:
    if run["complete"]:
        return []
    why = next((p for p in run["problems"] if p.startswith(("truncated", "no -XshowSettings"))), "incomplete")
    return [_row("Warning", style(f"incomplete run ({why}): shown is what it has", "warn"))]


def _masked(run: dict[str, Any]) -> bool:
    values = list(run["properties"].values()) + list(run["environment"].values())
    return "***" in values or any("***" in line for line in run["options_file_lines"])


def report_text(report: dict[str, Any], style: Style = plain, everything: bool = False) -> str:
    """The text summary of a one-run report (see jopt.settings.report)."""
    run = report["run"]
    lines = [run_title(report["source"], run)] + _incomplete_lines(run, style) + _options_lines(run)
    lines += _jvm_lines(run) + _property_lines(run, everything) + _locale_line(run) + _security_lines(run)
    lines += _warning_lines(run, style) + _trailer_lines(run, style)
    if report["redacted"] and _masked(run):
        lines.append(style("(secret-looking values shown as ***; --show-secrets shows them)", "dim"))
    return "\n".join(lines) + "\n"


def run_row(run: dict[str, Any]) -> str:
    """One line per run, for --all-runs."""
    hook = run["hook"] or {}
    heap = run["heap"]["max"] or run["heap"]["max_estimated"] or {"text": "-"}
    state = "ok" if run["complete"] else ("truncated" if run["truncated"] else "no settings")
    cells = (run["index"], hook.get("time", "-"), hook.get("pid", "-"), state, run["jvm"]["version"] or "-",
             heap["text"], len(run["properties"]), sum(g["count"] for g in run["warnings"]))  # fmt: skip
    return _ROW_FORMAT.format(*cells)


_ROW_FORMAT = "{:>5}  {:<20}  {:>8}  {:<11}  {:<24}  {:>9}  {:>5}  {:>5}"
RUN_HEADER = _ROW_FORMAT.format("RUN", "STARTED", "PID", "STATE", "JVM VERSION", "MAX HEAP", "PROPS", "WARN")


def _side(ident: dict[str, Any]) -> str:
    when = f", {ident['time']}" if ident.get("time") else ""
    return f"{ident['file']} run {ident['run']}{when}"


def _mapping_lines(label: str, diff: dict[str, Any], style: Style, names_only: bool = False) -> list[str]:
    added, removed, changed = diff["added"], diff["removed"], diff["changed"]
    if not (added or removed or changed):
        return []
    lines = [_row(label, f"{len(changed)} changed, {len(added)} added, {len(removed)} removed")]
    if names_only:
        return lines + [f"  {_short(sorted({**added, **removed, **changed}), 12)}"]
    lines += [style(f"  ~ {k}: {_value(v['from'])} -> {_value(v['to'])}", "warn") for k, v in changed.items()]
    lines += [style(f"  + {k} = {_value(v)}", "good") for k, v in added.items()]
    lines += [style(f"  - {k} = {_value(v)}", "bad") for k, v in removed.items()]
    return lines


def _list_lines(label: str, diff: dict[str, Any]) -> list[str]:
    parts = [f"+ {x}" for x in diff["added"]] + [f"- {x}" for x in diff["removed"]]
    if diff["order_changed"]:
        parts.append("order changed")
    if not parts:
        return []
    if sum(len(p) + 2 for p in parts) <= 68:
        return [_row(label, "; ".join(parts))]
    return [_row(label, f"{len(diff['added'])} added, {len(diff['removed'])} removed")] + [f"  {p}" for p in parts]


def diff_text(diff: dict[str, Any], style: Style = plain) -> str:
    """The text of a jopt-report-diff/1 result."""
    lines = [f"from {_side(diff['a'])}", f"  to {_side(diff['b'])}"]
    lines += [_row("JVM", f"{f} {v['from']} -> {v['to']}") for f, v in diff["jvm"].items()]
    lines += [_row("Heap", f"{k} {v['from'] or '-'} -> {v['to'] or '-'}") for k, v in diff["heap"].items()]
    lines += _mapping_lines("Properties", diff["properties"], style)
    lines += _list_lines("Providers", diff["security_providers"])
    lines += _list_lines("TLS", diff["tls_protocols"])
    lines += _list_lines("Ciphers", diff["cipher_suites"])
    lines += _mapping_lines("Security", diff["security_properties"], style)
    lines += _mapping_lines("Locale", diff["locale"], style)
    lines += _list_lines("Options", diff["options_file_lines"])
    if diff["launch_options"]:
        lines.append(_row("Launch", f"{diff['launch_options']['from']} -> {diff['launch_options']['to']}"))
    if diff["warnings"]:
        lines.append(_row("Warnings", f"{diff['warnings']['from']} -> {diff['warnings']['to']}"))
    lines += _list_lines("Errors", diff["errors"])
    lines += _mapping_lines("System", diff["system"], style, names_only=True)
    lines += _mapping_lines("Environment", diff["environment"], style, names_only=True)
    if diff["same"]:
        lines.append("No differences.")
    return "\n".join(lines) + "\n"


_STATUS_ROLE = {"ok": "good", "present": "good", "mismatch": "bad", "missing": "bad", "unverifiable": "warn"}
_STATUS_TEXT = {"unverifiable": "cannot verify"}


def verify_text(result: dict[str, Any], style: Style = plain) -> str:
    """The text of a jopt-verify/1 result."""
    when = f", {result['run_time']}" if result["run_time"] else ""
    lines = [
        f"{result['component']} (tag {result['tag']}): {result['options_file']} ({result['dialect']})",
        f"  against run {result['run']} of {result['log']}{when}"
        + (f" and {result['javacore']}" if result["javacore"] else ""),
    ]
    width = max([len(c["subject"]) for c in result["checks"]] + [10])
    counts: dict[str, int] = {}
    for check in result["checks"]:
        counts[check["status"]] = counts.get(check["status"], 0) + 1
        status = _STATUS_TEXT.get(check["status"], check["status"])
        detail = " — ".join(x for x in (check["seen"], check["note"]) if x)
        lines.append(
            f"  {style(f'{status:<13}', _STATUS_ROLE[check['status']])} {check['subject']:<{width}}  {detail}".rstrip()
        )
    summary = ", ".join(f"{n} {_STATUS_TEXT.get(s, s)}" for s, n in counts.items())
    verdict = style("PASSED", "good") if result["passed"] else style("FAILED", "bad")
    lines.append(f"{verdict}: {summary}")
    if counts.get("unverifiable"):
        lines.append("What -XshowSettings cannot show:")
        lines += [f"  - {limit}" for limit in result["limits"]]
    return "\n".join(lines) + "\n"

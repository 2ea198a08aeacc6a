"""How results look: text tables and lines for people. Pure: str in, str out; no click."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the commands that print a change line need not load status
    from jopt.app.status import ComponentStatus
    from jopt.zowe.discovery import PassedOver

Style = Callable[[str, str], str]  # (text, role) -> text; roles: good, warn, bad, dim


def plain(text: str, role: str) -> str:
    return text


_HOOK_ROLE = {"current": "good", "outdated": "warn", "hand-made": "warn", "damaged": "bad"}


def status_table(statuses: Iterable[ComponentStatus], style: Style = plain, first: Iterable[str] = ()) -> str:
    """The table, then notes: `first` (about the whole site), then each component's."""
    rows = [("COMPONENT", "TAG", "KIND", "HOOK", "OPTIONS", "TRACE")]
    notes: list[str] = [f"note: {line}" for line in first]
    items = list(statuses)
    for s in items:
        options = ",".join(p.rsplit("/", 1)[-1] for p in s.options_files) or "-"
        rows.append(
            (
                s.component,
                s.tag if s.kind == "java" else "-",
                s.kind,
                s.hook or "-",
                options,
                "on" if s.trace else "off",  # on only where a hook (or zowe.yaml) reads the switch
            )
        )
        for damage in s.damage:
            notes.append(
                style(f"{s.component}: damage: {damage.what}", "bad") + (f"\n  fix: {damage.fix}" if damage.fix else "")
            )
        if s.trace_switch and not s.trace:
            notes.append(
                f"{s.component}: trace.{s.tag} is set, but no hook reads it: `jopt trace off {s.component}` removes it"
            )
        if s.drift:
            notes.append(style(f"{s.component}: drift: {s.drift}", "warn") + (f"\n  fix: {s.fix}" if s.fix else ""))
        elif s.hook in ("damaged", "hand-made") or s.kind == "unreadable":
            notes.append(
                style(f"{s.component}: {s.hook or s.kind}: {s.detail}", "bad") + (f"\n  fix: {s.fix}" if s.fix else "")
            )
        elif s.detail and s.kind == "java":
            notes.append(
                f"{s.component}: java ({s.detail})"
                if s.detail.startswith("not hookable")
                else f"{s.component}: {s.detail}"
            )
        if not s.drift and (native := native_note(s)):
            notes.append(native)
        notes += [style(line, "warn") for line in s.losing] + list(s.effect_notes)
        notes += instance_notes(s)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row)]
        if n and row[3] in _HOOK_ROLE:
            cells[3] = style(cells[3], _HOOK_ROLE[row[3]])
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines + ([""] + notes if notes else [])) + "\n"


def native_note(s: ComponentStatus) -> str:
    """A line on native mode (JVM options from zowe.yaml), or "" when there is nothing to say."""
    name = f"java.options.{s.tag}"
    if s.mode == "native":
        if s.zowe_yaml_points is None:
            return f"{s.component}: native mode (zowe.yaml not read: give --zowe-yaml to check it points at {name})"
        if s.zowe_yaml_points:
            return f"{s.component}: native mode: zowe.yaml points it at {name}"
        return f"{s.component}: native mode, but zowe.yaml does not point it at {name}: add what `jopt install {s.component} --native` prints"
    if s.go_native and s.hook == "none":
        return f"{s.component}: native-capable: zowe.yaml can give it the options file, no script edit: `{s.go_native}`"
    return ""


def instance_notes(s: ComponentStatus) -> list[str]:
    """Which options file each HA instance's JVM reads, when any instance has files of its own."""
    if not any(i.files for i in s.ha_instances):
        return []
    lines = []
    for i in s.ha_instances:
        own = ", ".join(f.rsplit("/", 1)[-1] for f in i.files)
        if not i.readable:
            lines.append(f"{s.component}: {own}: {i.problem}")
            continue
        reads = i.reads.rsplit("/", 1)[-1] if i.reads else "no options file"
        lines.append(
            f"{s.component}: HA instance {i.instance} reads {reads}" + (f"; {own}: {i.problem}" if i.problem else "")
        )
    return lines


def passed_over(folders: Iterable[PassedOver]) -> str:
    """One line per folder with a manifest that jopt does not manage, with the reason."""
    lines = [f"passed over: {folder.path}: {folder.reason}" for folder in folders]
    return "".join(f"{line}\n" for line in ([""] if lines else []) + lines)


def change_line(component: str, result: str, path: str, backup: str | None, note: str = "") -> str:
    line = f"{component}: {result} {path}"
    if note:
        line += f" ({note})"
    if backup:
        line += f"\n  backup: {backup}"
    return line

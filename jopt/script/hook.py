"""The guarded hook: render, inspect, inject and remove. Pure text transforms.

The hook is two pieces, both rendered from templates in `hooks/`:
- the head block, between versioned markers, placed after the shebang and leading comments;
- one `${JOPT_OPTIONS} \\` line, just before the `-jar … &` line, with its indentation.
`remove(inject(x)) == x` and `inject(inject(x)) == inject(x)` for every script inject accepts.
"""

from __future__ import annotations

import enum
import functools
import re
from typing import TYPE_CHECKING, NamedTuple

from jopt import plaintemplate, redaction
from jopt.errors import NotJava, ScriptError
from jopt.resources import data_dir
from jopt.script.launch import Launch, find_launches
from jopt.script.scripttext import ScriptText
from jopt.script.shellscan import scan

if TYPE_CHECKING:
    import jinja2

CURRENT_VERSION = 1
KNOWN_VERSIONS = (1,)  # every version whose templates ship in hooks/, so it can be upgraded

_BEGIN = re.compile(r"^# >>> jopt hook v(\d+) component=(\S+) tag=(\S+) dir=(\S+) >>>$")
_END = re.compile(r"^# <<< jopt hook v(\d+) <<<$")
_ANY_MARKER = re.compile(r"(>>>|<<<) *jopt hook")
_LAUNCH_VAR = re.compile(r"^[ \t]*\$\{?JOPT_OPTIONS\}?[ \t]*\\?[ \t]*$")


class HookState(str, enum.Enum):
    NONE = "none"
    CURRENT = "current"
    OUTDATED = "outdated"
    DAMAGED = "damaged"
    HAND_MADE = "hand-made"


class HookParams(NamedTuple):
    component: str
    tag: str
    overrides_dir: str


class Inspection(NamedTuple):
    state: HookState
    detail: str = ""
    version: int | None = None
    params: HookParams | None = None
    head: tuple[int, int] | None = None  # first and last line of the head block (0-based)
    launch_line: int | None = None  # the `${JOPT_OPTIONS} \` line


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2  # only for a template plaintemplate cannot render (none of v1's)

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("hooks"))),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,
    )


@functools.cache
def _source(name: str) -> str:
    return (data_dir("hooks") / name).read_text(encoding="utf-8")


def _render(name: str, **values: str) -> str:
    """Template `name` from hooks/, rendered as jinja2 would (jopt.plaintemplate, else jinja2)."""
    text = plaintemplate.render(_source(name), values)
    return text if text is not None else _environment().get_template(name).render(**values)


@functools.lru_cache(maxsize=64)
def head_lines(params: HookParams, version: int = CURRENT_VERSION) -> tuple[str, ...]:
    """The head block of hook `version` for these parameters, as lines."""
    text = _render(
        f"head.v{version}.sh.j2",
        component=params.component,
        tag=params.tag,
        overrides_dir=params.overrides_dir,
        redact_awk=_redact_awk(version),
    )
    return tuple(text.split("\n"))


@functools.cache
def _redact_awk(version: int) -> str:
    """The trace filter's awk program, the same in every component's head block."""
    patterns = {
        "env_pattern": redaction.ENV_PATTERN,
        "property_pattern": redaction.PROPERTY_PATTERN,
        "value_pattern": redaction.VALUE_PATTERN,
    }
    return _render(f"redact.v{version}.awk.j2", **patterns)


@functools.lru_cache(maxsize=64)
def launch_line(indent: str, version: int = CURRENT_VERSION) -> str:
    return _render(f"launch.v{version}.sh.j2", indent=indent)


def _damaged(detail: str, **found: object) -> Inspection:
    return Inspection(HookState.DAMAGED, detail, **found)  # type: ignore[arg-type]


def _find_markers(lines: tuple[str, ...]) -> tuple[list[int], list[int], list[int]]:
    begins, ends, loose = [], [], []
    for i, line in enumerate(lines):
        if "jopt hook" not in line:
            continue
        if _BEGIN.match(line):
            begins.append(i)
        elif _END.match(line):
            ends.append(i)
        elif _ANY_MARKER.search(line):
            loose.append(i)
    return begins, ends, loose


def _hand_made(lines: tuple[str, ...], skip: range, text: str | None = None) -> int | None:
    """Line of an `-Xoptionsfile` in code outside the managed block (a recipe-style hook).
    `text`: the whole script joined, when `skip` is empty and the caller has it."""
    outside = text if text is not None and not skip else "\n".join(lines[: skip.start] + lines[skip.stop :])
    if "-Xoptionsfile" not in outside:
        return None
    for command in scan(lines):
        if command.kind != "code":
            continue
        for i in range(command.first, command.last + 1):
            if i not in skip and "-Xoptionsfile" in lines[i]:
                return i
    return None


def inspect(lines: tuple[str, ...], want: HookParams | None = None) -> Inspection:
    """Say which hook, if any, the script carries and whether it is intact."""
    text = "\n".join(lines)  # one search of the text tells most scripts have neither, line loops do not
    begins, ends, loose = _find_markers(lines) if "jopt hook" in text else ([], [], [])
    launch_vars: list[int] = []
    if "JOPT_OPTIONS" in text:
        launch_vars = [i for i, line in enumerate(lines) if "JOPT_OPTIONS" in line and _LAUNCH_VAR.match(line)]
    if loose:
        return _damaged(f"line {loose[0] + 1}: malformed jopt marker")
    if not begins and not ends:
        if launch_vars:
            return _damaged(f"line {launch_vars[0] + 1}: ${{JOPT_OPTIONS}} line without the hook's head block")
        mine = _hand_made(lines, range(0), text)
        if mine is not None:
            return Inspection(HookState.HAND_MADE, f"line {mine + 1}: a hand-made -Xoptionsfile hook")
        return Inspection(HookState.NONE)
    if len(begins) != 1 or len(ends) != 1:
        where = ", ".join(str(i + 1) for i in sorted(begins + ends))
        return _damaged(f"{len(begins)} begin and {len(ends)} end markers (lines {where})")
    begin, end = begins[0], ends[0]
    if end < begin:
        return _damaged(f"end marker (line {end + 1}) before begin marker (line {begin + 1})")
    head = _parse_head(lines, begin, end)
    if head.state is HookState.DAMAGED:
        return head
    return _check_launch(lines, head, launch_vars, want)


def _parse_head(lines: tuple[str, ...], begin: int, end: int) -> Inspection:
    m = _BEGIN.match(lines[begin])
    end_version = int(_END.match(lines[end]).group(1))  # type: ignore[union-attr]
    assert m is not None
    version = int(m.group(1))
    if version != end_version:
        return _damaged(f"begin marker says v{version}, end marker says v{end_version}")
    if version not in KNOWN_VERSIONS:
        return _damaged(f"hook v{version} is newer than this jopt knows (upgrade jopt)")
    params = HookParams(m.group(2), m.group(3), m.group(4))
    expected = head_lines(params, version)
    actual = lines[begin : end + 1]
    if actual != expected:
        for offset, (want, got) in enumerate(zip(expected, actual)):
            if want != got:
                return _damaged(f"line {begin + offset + 1}: hook line edited by hand")
        return _damaged(f"lines {begin + 1}-{end + 1}: hook block edited by hand (lines added or removed)")
    return Inspection(HookState.CURRENT, version=version, params=params, head=(begin, end))


def _check_launch(
    lines: tuple[str, ...], head: Inspection, launch_vars: list[int], want: HookParams | None
) -> Inspection:
    assert head.head is not None and head.version is not None
    begin, end = head.head
    found = {"version": head.version, "params": head.params, "head": head.head}
    if len(launch_vars) != 1:
        return _damaged(f"{len(launch_vars)} ${{JOPT_OPTIONS}} launch lines (expected 1)", **found)
    var = launch_vars[0]
    after = lines[var + 1] if var + 1 < len(lines) else ""
    jar = re.match(r"^([ \t]*)-jar[ \t]", after)
    if var < end or not jar:
        return _damaged(f"line {var + 1}: ${{JOPT_OPTIONS}} line is not just before the -jar line", **found)
    if lines[var] != launch_line(jar.group(1), head.version):
        return _damaged(f"line {var + 1}: ${{JOPT_OPTIONS}} line edited by hand", **found)
    other = _hand_made(lines, range(begin, end + 1))
    if other is not None:
        return _damaged(f"line {other + 1}: another -Xoptionsfile besides the managed hook", **found)
    found["launch_line"] = var
    if head.version != CURRENT_VERSION:
        return Inspection(HookState.OUTDATED, f"hook v{head.version}, current is v{CURRENT_VERSION}", **found)
    if want is not None and head.params != want:
        return Inspection(HookState.OUTDATED, _param_change(head.params, want), **found)  # type: ignore[arg-type]
    return Inspection(HookState.CURRENT, **found)  # type: ignore[arg-type]


def _param_change(have: HookParams, want: HookParams) -> str:
    changes = [
        f"{name} {getattr(have, name)} -> {getattr(want, name)}"
        for name in ("component", "tag", "overrides_dir")
        if getattr(have, name) != getattr(want, name)
    ]
    return "hook parameters changed: " + "; ".join(changes)


def the_launch(lines: tuple[str, ...]) -> Launch:
    """The one hookable Java launch of a script, or ScriptError saying why not."""
    launches = find_launches(lines)
    if not launches:
        raise NotJava("no Java launch (no `java … -jar … &` command): not a Java component")
    if len(launches) > 1:
        where = ", ".join(str(launch.jar_line + 1) for launch in launches)
        raise ScriptError(f"{len(launches)} Java launches (-jar lines {where}); jopt hooks exactly one")
    launch = launches[0]
    if not launch.own_line:
        raise ScriptError(
            f"line {launch.jar_line + 1}: `-jar … &` is not on a line of its own; cannot place the hook line"
        )
    return launch


def head_position(lines: tuple[str, ...]) -> int:
    """Where the head block goes: after the shebang and the leading comment block.

    A comment paragraph that sits directly on the first command describes that command,
    so the block goes above such a paragraph, not between it and its command.
    """
    run = 0
    while run < len(lines) and (not lines[run].strip() or lines[run].lstrip().startswith("#")):
        run += 1
    blanks = [i for i in range(run) if not lines[i].strip()]
    if run and lines[run - 1].strip() and blanks:
        return blanks[-1] + 1
    comments = [i for i in range(run) if lines[i].strip()]
    return comments[-1] + 1 if comments else 0


def inject(script: ScriptText, params: HookParams, found: Inspection | None = None) -> ScriptText:
    """The script with the current hook for `params`; unchanged if it already has it
    (`found`: its inspection for these parameters, if made)."""
    found = found or inspect(script.lines, params)
    if found.state is HookState.CURRENT:
        return script
    if found.state is HookState.OUTDATED:
        script = remove(script)
    elif found.state is not HookState.NONE:
        raise ScriptError(f"{found.state.value} hook: {found.detail}")
    lines = list(script.lines)
    launch = the_launch(script.lines)
    lines.insert(launch.jar_line, launch_line(launch.indent))
    at = head_position(script.lines)
    lines[at:at] = head_lines(params)
    return script.with_lines(lines)


def remove(script: ScriptText, found: Inspection | None = None) -> ScriptText:
    """The script without the managed hook; unchanged if it has none (`found`: its inspection, if made)."""
    found = found or inspect(script.lines)
    if found.state is HookState.NONE:
        return script
    if found.state not in (HookState.CURRENT, HookState.OUTDATED):
        raise ScriptError(f"{found.state.value} hook: {found.detail}")
    assert found.head is not None and found.launch_line is not None
    begin, end = found.head
    drop = set(range(begin, end + 1)) | {found.launch_line}
    return script.with_lines([line for i, line in enumerate(script.lines) if i not in drop])

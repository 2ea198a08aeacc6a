"""The guarded hook in a start script: render, inspect, inject and remove. Pure text transforms.

Hook v2 (the current one) is two pieces:
- the head block, five lines between versioned markers after the shebang and the leading
  comments (`hooks/head.v2.sh`, filled in with str.format): it sets `JOPT_OPTIONS` empty and,
  when `<overrides>/hook/v2.sh` is readable, sources that file with `command .` (a broken
  file cannot stop the script) and stdin from /dev/null (nothing in it can read the rest of
  the script Zowe pipes into the shell);
- `${JOPT_OPTIONS}` right before the launch's target (`-jar`, the main class or `-m`): a line
  `${JOPT_OPTIONS} \\` when the target starts its line, else `${JOPT_OPTIONS} ` in that line.
Everything else (which options file, trace, masking) is in the jopt-owned files under
`<overrides>/hook/` (`jopt.script.hooklib`), so new hook logic rewrites those, not start.sh.

Older hooks jopt recognises are listed in PRIOR_VERSIONS (pre-commit keeps such a list of
the hook texts it wrote): `inject` upgrades them in place and `remove` takes them out.
`remove(inject(x)) == x` and `inject(inject(x)) == inject(x)` for every script inject accepts.
"""

from __future__ import annotations

import enum
import functools
import re
from typing import NamedTuple

from jopt.errors import NotJava, ScriptError
from jopt.resources import data_dir
from jopt.script import hookv1
from jopt.script.launch import HOOK_WORD, Launch, find_launches
from jopt.script.scripttext import ScriptText
from jopt.script.shellscan import scan

CURRENT_VERSION = 2
#: Hook versions this jopt recognises and upgrades (newest last); none is ever written again.
PRIOR_VERSIONS = (hookv1.VERSION,)
KNOWN_VERSIONS = (*PRIOR_VERSIONS, CURRENT_VERSION)
#: The jopt-owned file a v2 head block sources, relative to the overrides directory.
LIBRARY = "hook/v2.sh"

_BEGIN = re.compile(r"^# >>> jopt hook v(\d+) component=(\S+) tag=(\S+) dir=(\S+) >>>$")
_END = re.compile(r"^# <<< jopt hook v(\d+) <<<$")
_ANY_MARKER = re.compile(r"(>>>|<<<) *jopt hook")
_LAUNCH_VAR = re.compile(r"^[ \t]*\$\{?JOPT_OPTIONS\}?[ \t]*\\?[ \t]*$")
_INLINE = HOOK_WORD + " "


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
    launch_line: int | None = None  # the line that carries ${JOPT_OPTIONS}
    inline: bool = False  # ${JOPT_OPTIONS} shares that line with the launch's words


@functools.cache
def _head_template() -> str:
    return (data_dir("hooks") / f"head.v{CURRENT_VERSION}.sh").read_text(encoding="ascii").rstrip("\n")


@functools.lru_cache(maxsize=64)
def head_lines(params: HookParams, version: int = CURRENT_VERSION) -> tuple[str, ...]:
    """The head block of hook `version` for these parameters, as lines."""
    if version == hookv1.VERSION:
        return hookv1.head_lines(params.component, params.tag, params.overrides_dir)
    return tuple(_head_template().format(**params._asdict()).split("\n"))


def launch_line(indent: str, version: int = CURRENT_VERSION) -> str:
    """The `${JOPT_OPTIONS} \\` line (the same text in v1 and v2)."""
    return f"{indent}{HOOK_WORD} \\"


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


def _sites(lines: tuple[str, ...], text: str) -> list[tuple[int, bool]]:
    """Lines that carry ${JOPT_OPTIONS} for the launch: (index, inline)."""
    if "JOPT_OPTIONS" not in text:
        return []
    found = []
    for i, line in enumerate(lines):
        if "JOPT_OPTIONS" not in line:
            continue
        if _LAUNCH_VAR.match(line):
            found.append((i, False))
        elif HOOK_WORD in line:
            found.append((i, True))
    return found


def inspect(lines: tuple[str, ...], want: HookParams | None = None, trusted: bool = False) -> Inspection:
    """Say which hook, if any, the script carries and whether it is intact. `trusted`: the
    text is byte for byte what `inject` wrote (state.json says so), so where
    ${JOPT_OPTIONS} sits need not be derived again from the launch."""
    text = "\n".join(lines)  # one search of the text tells most scripts have neither, line loops do not
    begins, ends, loose = _find_markers(lines) if "jopt hook" in text else ([], [], [])
    if loose:
        return _damaged(f"line {loose[0] + 1}: malformed jopt marker")
    if not begins and not ends:
        loose_sites = [i for i, _ in _sites(lines, text)]
        if loose_sites:
            return _damaged(f"line {loose_sites[0] + 1}: ${{JOPT_OPTIONS}} line without the hook's head block")
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
    sites = [(i, inline) for i, inline in _sites(lines, text) if not begin <= i <= end]
    return _check_launch(lines, head, sites, want, trusted)


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
    lines: tuple[str, ...], head: Inspection, sites: list[tuple[int, bool]], want: HookParams | None, trusted: bool
) -> Inspection:
    assert head.head is not None and head.version is not None
    begin, end = head.head
    found: dict[str, object] = {"version": head.version, "params": head.params, "head": head.head}
    if len(sites) != 1:
        return _damaged(f"{len(sites)} ${{JOPT_OPTIONS}} launch lines (expected 1)", **found)
    site, inline = sites[0]
    if site < end:
        return _damaged(f"line {site + 1}: ${{JOPT_OPTIONS}} above the hook's head block", **found)
    problem = "" if trusted and head.version == CURRENT_VERSION else _misplaced(lines, head.version, site, inline)
    if problem:
        return _damaged(problem, **found)
    other = _hand_made(lines, range(begin, end + 1))
    if other is not None:
        return _damaged(f"line {other + 1}: another -Xoptionsfile besides the managed hook", **found)
    found.update(launch_line=site, inline=inline)
    if head.version != CURRENT_VERSION:
        return Inspection(HookState.OUTDATED, f"hook v{head.version}, current is v{CURRENT_VERSION}", **found)  # type: ignore[arg-type]
    if want is not None and head.params != want:
        return Inspection(HookState.OUTDATED, _param_change(head.params, want), **found)  # type: ignore[arg-type]
    return Inspection(HookState.CURRENT, **found)  # type: ignore[arg-type]


def _misplaced(lines: tuple[str, ...], version: int, site: int, inline: bool) -> str:
    """Why ${JOPT_OPTIONS} at line `site` is not where inject puts it ("" when it is)."""
    if version == hookv1.VERSION:  # v1 hooked only `-jar … &` on a line of its own
        after = lines[site + 1] if site + 1 < len(lines) else ""
        jar = re.match(r"^([ \t]*)-jar[ \t]", after)
        if inline or not jar:
            return f"line {site + 1}: ${{JOPT_OPTIONS}} line is not just before the -jar line"
        return (
            ""
            if lines[site] == launch_line(jar.group(1))
            else f"line {site + 1}: ${{JOPT_OPTIONS}} line edited by hand"
        )
    without = _take_site(list(lines), site, inline)
    if without is None:
        return f"line {site + 1}: ${{JOPT_OPTIONS}} edited by hand"
    try:
        launch = the_launch(tuple(without))
    except ScriptError as error:
        return f"line {site + 1}: ${{JOPT_OPTIONS}} is on a launch jopt cannot hook ({error})"
    if _place(without, launch) == list(lines):
        return ""
    target = launch.kind
    if inline:
        return f"line {site + 1}: ${{JOPT_OPTIONS}} is not right before the {target}"
    if launch.col is None and launch.jar_line == site:
        return f"line {site + 1}: ${{JOPT_OPTIONS}} line edited by hand"
    return f"line {site + 1}: ${{JOPT_OPTIONS}} line is not just before the {target} line"


def _take_site(lines: list[str], site: int, inline: bool) -> list[str] | None:
    """The lines without the ${JOPT_OPTIONS} at `site`; None when it is not jopt's text."""
    if not inline:
        return lines[:site] + lines[site + 1 :]
    if lines[site].count(_INLINE) != 1:
        return None
    return lines[:site] + [lines[site].replace(_INLINE, "", 1)] + lines[site + 1 :]


def _place(lines: list[str], launch: Launch) -> list[str]:
    """The lines with ${JOPT_OPTIONS} put before the launch's target."""
    at = launch.jar_line
    if launch.col is None:
        return lines[:at] + [launch_line(launch.indent)] + lines[at:]
    line = lines[at]
    return lines[:at] + [line[: launch.col] + _INLINE + line[launch.col :]] + lines[at + 1 :]


def _param_change(have: HookParams, want: HookParams) -> str:
    changes = [
        f"{name} {getattr(have, name)} -> {getattr(want, name)}"
        for name in ("component", "tag", "overrides_dir")
        if getattr(have, name) != getattr(want, name)
    ]
    return "hook parameters changed: " + "; ".join(changes)


def the_launch(lines: tuple[str, ...]) -> Launch:
    """The one hookable Java launch of a script; NotJava when there is no Java launch,
    ScriptError saying why when there is one jopt cannot hook."""
    launches = find_launches(lines)
    if not launches:
        raise NotJava("no Java launch (no java command naming a jar or a main class): not a Java component")
    if len(launches) > 1:
        where = ", ".join(str(launch.jar_line + 1) for launch in launches)
        jar = "-jar " if all(launch.kind == "-jar" for launch in launches) else ""
        raise ScriptError(f"{len(launches)} Java launches ({jar}lines {where}); jopt hooks exactly one")
    launch = launches[0]
    if launch.problem:
        raise ScriptError(launch.problem)
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
    (`found`: its inspection for these parameters, if made). An older hook is upgraded."""
    found = found or inspect(script.lines, params)
    if found.state is HookState.CURRENT:
        return script
    if found.state is HookState.OUTDATED:
        script = remove(script, found)
    elif found.state is not HookState.NONE:
        raise ScriptError(f"{found.state.value} hook: {found.detail}")
    lines = _place(list(script.lines), the_launch(script.lines))
    at = head_position(script.lines)
    lines[at:at] = head_lines(params)
    return script.with_lines(lines)


def remove(script: ScriptText, found: Inspection | None = None) -> ScriptText:
    """The script without the managed hook (any known version); unchanged if it has none
    (`found`: its inspection, if made)."""
    found = found or inspect(script.lines)
    if found.state is HookState.NONE:
        return script
    if found.state not in (HookState.CURRENT, HookState.OUTDATED):
        raise ScriptError(f"{found.state.value} hook: {found.detail}")
    assert found.head is not None and found.launch_line is not None
    begin, end = found.head
    lines = _take_site(list(script.lines), found.launch_line, found.inline)
    assert lines is not None
    del lines[begin : end + 1]
    return script.with_lines(lines)

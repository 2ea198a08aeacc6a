"""The words of a start script's `java` command, with the script's variables put in. Pure.

A Zowe start script builds its JVM's command line from its own words and from variables
that it, or a helper it sources (`apiml-common-scripts.sh`, `parse_jvm_args.sh`), assigns
earlier. `launch_line` gives each argument of the `java` command in order, with the
file and line it comes from: a `${NAME}` word on the command becomes the words its
assignment gives (on z/OS or not, as asked; an assignment under a test nobody can
decide here is kept and marked uncertain). Two variables are slots, not values:
`${CUSTOM_JVM_OPTS}` (where `parse_jvm_args.sh` puts `components.<id>.jvm` from
zowe.yaml: native mode) and jopt's own `${JOPT_...}` (the hook's options file).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from jopt.script import assignments, shellwords
from jopt.script.assignments import Assignment
from jopt.script.launch import find_launches

NATIVE_SLOT = "CUSTOM_JVM_OPTS"
HOOK_PREFIX = "JOPT_"


class Helper(NamedTuple):
    """A script sourced by the start script."""

    name: str  # shown name
    lines: tuple[str, ...]
    sourced_at: int  # 1-based line of the `.` command in the start script


class LaunchWord(NamedTuple):
    text: str  # as written; for a variable's value, that value's word
    file: str
    line: int  # 1-based
    via: str = ""  # "${NAME}": the java command's variable this word came from
    via_line: int = 0  # the java command's line holding that variable
    condition: tuple[str, ...] = ()  # the branches of the assignment ("on z/OS", "when [ ... ]")
    certain: bool = True  # False: an `if` nobody can decide here chooses whether it is there
    slot: str = ""  # "native", "hook", or "unknown" (a variable no script assigns)


class LaunchLine(NamedTuple):
    file: str
    first: int  # 1-based first line of the java command
    program: str  # the java word as written
    words: tuple[LaunchWord, ...]  # the arguments, in order


def _holds(condition: tuple[str, ...], zos: bool) -> bool | None:
    """True, False, or None when a branch depends on what only the started task knows."""
    result: bool | None = True
    for branch in condition:
        if branch.startswith("in function"):
            return False
        if branch in (assignments.ZOS, assignments.NOT_ZOS):
            if (branch == assignments.ZOS) != zos:
                return False
            continue
        result = None
    return result


def _ordered(main: Sequence[Assignment], helpers: list[tuple[Helper, tuple[Assignment, ...]]]) -> list[Assignment]:
    """All assignments in the order they run: a helper's at the line that sources it."""
    timeline = [(a.line, 0, i, a) for i, a in enumerate(main)]
    for order, (helper, found) in enumerate(helpers):
        timeline += [(helper.sourced_at, 1 + order, i, a) for i, a in enumerate(found)]
    return [a for *_, a in sorted(timeline, key=lambda t: t[:3])]


def _unquoted(text: str) -> str:
    """The value without its quotes; expansions kept as written."""
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char in "'\"":
            end = shellwords.skip_unit(text, i)
            out.append(text[i + 1 : end - 1])
            i = end
        elif char == "$":
            end = shellwords.skip_unit(text, i)
            out.append(text[i:end])
            i = end
        elif char == "\\":
            out.append(text[i + 1 : i + 2])
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _value_words(assignment: Assignment, via: str, via_line: int, certain: bool) -> list[LaunchWord]:
    """The fields an unquoted `${NAME}` makes of this assignment's value."""
    value = _unquoted(assignment.value)
    found = []
    for match in re.finditer(r"\S+", value):
        line = assignment.line + value.count("\n", 0, match.start())
        found.append(LaunchWord(match.group(), assignment.file, line, via, via_line, assignment.condition, certain))
    return found


def _expanded(name: str, word: shellwords.Word, timeline: list[Assignment], zos: bool) -> list[LaunchWord]:
    """What `${name}` on the java command gives, from the assignments before it."""
    chosen: list[tuple[Assignment, bool]] = []
    assigned = False
    for assignment in timeline:
        if assignment.name != name:
            continue
        assigned = True
        holds = _holds(assignment.condition, zos)
        if holds is True:
            chosen = [(assignment, True)]
        elif holds is None:
            chosen.append((assignment, False))
    if not assigned:
        return [LaunchWord(word.text, "", word.line, word.text, word.line, slot="unknown")]
    uncertain_after = [any(not c for _, c in chosen[i + 1 :]) for i in range(len(chosen))]
    found: list[LaunchWord] = []
    for (assignment, certain), replaced in zip(chosen, uncertain_after):
        found += _value_words(assignment, word.text, word.line, certain and not replaced)
    return found


def _arguments(words: list[shellwords.Word]) -> tuple[str, list[shellwords.Word]]:
    """The program word and its arguments (leading `NAME=value` words are the environment)."""
    index = 0
    while index < len(words) and re.match(r"[A-Za-z_][A-Za-z0-9_]*=", words[index].text):
        index += 1
    if index >= len(words):
        return "", []
    return words[index].text, words[index + 1 :]


def launch_line(name: str, lines: Sequence[str], helpers: Sequence[Helper] = (), zos: bool = True) -> LaunchLine | None:
    """The java command of the script `lines` (None if it has none), its variables expanded
    from the script and the `helpers` it sources; `zos`: as when `uname` prints OS/390."""
    lines = tuple(lines)
    launches = find_launches(lines)
    if not launches:
        return None
    launch = launches[-1]
    text = "\n".join(lines[launch.first : launch.jar_line + 1])
    program, words = _arguments(shellwords.split(text, launch.first + 1))
    main = assignments.scan(lines, name, stop=launch.first).assignments
    scanned = [(h, assignments.scan(h.lines, h.name).assignments) for h in helpers]
    timeline = _ordered(main, scanned)
    found: list[LaunchWord] = []
    for word in words:
        variable = shellwords.whole_variable(word.text)
        if variable == NATIVE_SLOT:
            found.append(LaunchWord(word.text, name, word.line, slot="native"))
        elif variable is not None and variable.startswith(HOOK_PREFIX):
            found.append(LaunchWord(word.text, name, word.line, slot="hook"))
        elif variable is not None:
            found += [w._replace(file=w.file or name) for w in _expanded(variable, word, timeline, zos)]
        else:
            found.append(LaunchWord(word.text, name, word.line))
    return LaunchLine(name, launch.first + 1, program, tuple(found))


def sources(lines: Sequence[str], name: str) -> tuple[assignments.Source, ...]:
    """The scripts `lines` sources before its java command, as written."""
    lines = tuple(lines)
    launches = find_launches(lines)
    stop = launches[-1].first if launches else None
    return assignments.scan(lines, name, stop=stop).sources

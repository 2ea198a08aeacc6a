"""Take out a hand-made hook of the original recipe's shape, for `install --adopt`. Pure.

The recipe puts, near the top, a few assignments and an `if [ -f <options file> ]; then
… VAR="-Xoptionsfile=…" … else VAR="" fi` block, and a `${VAR} \\` line before `-jar`.
Anything else is left for a person to remove: jopt never guesses at lines it did not write.
"""

from __future__ import annotations

import re

from jopt.errors import ScriptError
from jopt.script.hook import the_launch
from jopt.script.scripttext import ScriptText

_VAR_LINE = re.compile(r"^[ \t]*\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?[ \t]*\\$")
_ASSIGN = re.compile(r"^[ \t]*([A-Za-z_][A-Za-z0-9_]*)=")


def _if_block(lines: tuple[str, ...], inside: int) -> tuple[int, int]:
    depth, start = 0, None
    for i in range(inside, -1, -1):
        word = lines[i].strip().split(" ", 1)[0]
        if word == "fi" and i != inside:
            depth += 1
        elif word == "if":
            if depth == 0:
                start = i
                break
            depth -= 1
    if start is None:
        raise ScriptError(f"line {inside + 1}: hand-made hook is not inside an if … fi block; remove it by hand")
    depth = 0
    for i in range(start, len(lines)):
        word = lines[i].strip().rstrip(";").split(" ", 1)[0]
        if word == "if":
            depth += 1
        elif word == "fi":
            depth -= 1
            if depth == 0:
                return start, i
    raise ScriptError(f"line {start + 1}: if without fi")


def remove_hand_made(script: ScriptText) -> ScriptText:
    lines = script.lines
    launch = the_launch(lines)
    var = _VAR_LINE.match(lines[launch.jar_line - 1]) if launch.jar_line else None
    if var is None:
        raise ScriptError("hand-made hook has no ${VAR} \\ line before -jar; remove it by hand")
    name = var.group(1)
    setter = re.compile(rf"^[ \t]*{name}=.*-Xoptionsfile")
    where = next((i for i, line in enumerate(lines) if setter.match(line)), None)
    if where is None:
        raise ScriptError(f'no {name}="-Xoptionsfile=…" assignment for the hand-made hook; remove it by hand')
    first, last = _if_block(lines, where)
    block = "\n".join(lines[first : last + 1])
    while first > 0:
        assign = _ASSIGN.match(lines[first - 1])
        if not assign or assign.group(1) not in block:
            break
        first -= 1
        block += "\n" + lines[first]
    drop = set(range(first, last + 1)) | {launch.jar_line - 1}
    return script.with_lines([line for i, line in enumerate(lines) if i not in drop])

"""A small POSIX-sh line scanner: which physical lines form one command.

It knows just enough sh to group lines correctly: backslash continuations, single and
double quotes spanning lines, comments (a `#` comment ends at the newline, so a trailing
backslash inside it does not continue the line) and here-documents. Pure text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

_HEREDOC = re.compile(r"<<(-?)[ \t]*(?:'([^']*)'|\"([^\"]*)\"|\\?([A-Za-z0-9_]+))")


class Command(NamedTuple):
    """Physical lines first..last (inclusive, 0-based) of one command or comment."""

    first: int
    last: int
    kind: str  # "code", "comment", "blank", "heredoc"


@dataclass(slots=True)
class _State:
    """Where the scanner is: inside which quote, and the here-documents still to read."""

    quote: str = ""  # "", "'" or '"'
    heredocs: list[tuple[str, bool]] = field(default_factory=list)  # (word, strip tabs) in order


_NORMAL = re.compile(r"[\\'\"#<]")  # characters that matter outside quotes
_DOUBLE = re.compile(r"[\\\"]")  # ... and inside double quotes
_WORD_BREAK = " \t;&|()"


def _heredoc(line: str, i: int, state: _State) -> int:
    """Record a here-document started at line[i] (`<<`); return where scanning resumes."""
    if line.startswith("<<<", i):
        return i + 3  # a here-string, not a here-document
    m = _HEREDOC.match(line, i)
    if not m:
        return i + 1
    word = next(g for g in m.groups()[1:] if g is not None)
    state.heredocs.append((word, m.group(1) == "-"))
    return m.end()


def _scan_line(line: str, state: _State) -> bool:
    """Advance the quote state over one line; return True if it continues the command."""
    i, n = 0, len(line)
    while i < n:
        if state.quote == "'":
            end = line.find("'", i)
            if end < 0:
                return True
            state.quote, i = "", end + 1
            continue
        m = (_DOUBLE if state.quote else _NORMAL).search(line, i)
        if m is None:
            return bool(state.quote)
        i, c = m.start(), m.group()
        if c == "\\":
            if i == n - 1:
                return True
            i += 2
        elif c == '"':
            state.quote = "" if state.quote else '"'
            i += 1
        elif c == "'":
            state.quote, i = "'", i + 1
        elif c == "#":
            if i == 0 or line[i - 1] in _WORD_BREAK:
                return False
            i += 1
        else:
            i = _heredoc(line, i, state)
    return bool(state.quote)


@functools.lru_cache(maxsize=8)
def commands(lines: tuple[str, ...]) -> tuple[Command, ...]:
    """scan(), cached: status asks it of the same script for the launch and the native check."""
    return tuple(scan(lines))


def scan(lines: tuple[str, ...] | list[str]) -> list[Command]:
    """Group physical lines into commands."""
    found: list[Command] = []
    state = _State()
    i, n = 0, len(lines)
    while i < n:
        stripped = lines[i].lstrip()
        if not stripped:
            found.append(Command(i, i, "blank"))
            i += 1
            continue
        if stripped[0] == "#":
            found.append(Command(i, i, "comment"))
            i += 1
            continue
        first = i
        while _scan_line(lines[i], state) and i + 1 < n:
            i += 1
        found.append(Command(first, i, "code"))
        i += 1
        for word, strip_tabs in state.heredocs:
            start = i
            while i < n and (lines[i].lstrip("\t") if strip_tabs else lines[i]) != word:
                i += 1
            i = min(i + 1, n)
            found.append(Command(start, i - 1, "heredoc"))
        state = _State()
    return found

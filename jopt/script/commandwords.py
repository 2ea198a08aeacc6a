"""The simple commands of one shell command, and where each word starts. Pure text.

`jopt.script.shellscan` says which physical lines form one command; this splits such a
command into simple commands and their words, each with its line and column, as far as
jopt needs to find a Java launch and the place for the hook's word (`jopt.script.shellwords`
splits and expands the words of the java command once found):
quotes, backslashes, `$(…)`, `${…}`, backquotes, comments, operators (`;`, `&`, `|`,
`&&`, `||`, parentheses) and redirections. A word keeps its text as written; `bare` is
that text without quote characters and backslashes (expansions stay as written).
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

_OPERATORS = ("&&", "||", ";;", ">>", "<<", ">&", "<&", "<>", ">|", "&", "|", ";", "(", ")", "<", ">")
_BREAK = " \t\n;&|()<>"
_REDIRECTS = frozenset({">>", "<<", ">&", "<&", "<>", ">|", "<", ">"})
#: Runs of characters with no meaning to the scanner, skipped in one step (most of a line).
_PLAIN = re.compile(r"[^\s;&|()<>\\'\"`$]+")
_PLAIN_DOUBLE = re.compile(r'[^\\"`$]+')
_PLAIN_NESTED = re.compile(r"[^\\'\"`(){}]+")
_BLANKS = re.compile(r"[ \t]+")


class Word(NamedTuple):
    """One word of a command: its text as written and where it starts (0-based line and column)."""

    text: str
    line: int
    col: int
    #: The word starts its physical line, right after a backslash-newline outside quotes:
    #: a new line just before it stays inside the same command.
    continued: bool = False

    @property
    def bare(self) -> str:
        return self.text.replace('"', "").replace("'", "").replace("\\", "")

    @property
    def quoted(self) -> bool:
        """Holds quotes, backquotes or a command substitution: text a shell runs elsewhere."""
        return any(mark in self.text for mark in ('"', "'", "`", "$("))


def _skip_single(text: str, i: int) -> int:
    """Past the `'…'` that starts at text[i]."""
    end = text.find("'", i + 1)
    return len(text) if end < 0 else end + 1


def _skip_double(text: str, i: int) -> int:
    """Past the `"…"` that starts at text[i] (escapes and substitutions inside it)."""
    i += 1
    while i < len(text):
        plain = _PLAIN_DOUBLE.match(text, i)
        if plain:
            i = plain.end()
            continue
        c = text[i]
        if c == "\\":
            i += 2
        elif c == '"':
            return i + 1
        else:
            i = _skip_substitution(text, i)
    return len(text)


def _skip_substitution(text: str, i: int) -> int:
    """Past the substitution that starts at text[i] (`` `…` ``, `$(…)` or `${…}`), or past that
    one character when none does: the shell reads them alike inside double quotes and out."""
    if text[i] == "`":
        return _skip_backquote(text, i)
    if text.startswith(("$(", "${"), i):
        return _skip_nested(text, i + 1)
    return i + 1


def _skip_backquote(text: str, i: int) -> int:
    i += 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == "`":
            return i + 1
        else:
            i += 1
    return len(text)


def _skip_nested(text: str, i: int) -> int:
    """Past the `(…)` or `{…}` that starts at text[i], nesting and quotes respected."""
    opening = text[i]
    close = ")" if opening == "(" else "}"
    depth = 0
    while i < len(text):
        plain = _PLAIN_NESTED.match(text, i)
        if plain:
            i = plain.end()
            continue
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "'":
            i = _skip_single(text, i)
            continue
        if c == '"':
            i = _skip_double(text, i)
            continue
        if c == "`":
            i = _skip_backquote(text, i)
            continue
        if c == opening:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


def _word_end(text: str, i: int) -> int:
    """Where the word that starts at text[i] ends."""
    while i < len(text):
        plain = _PLAIN.match(text, i)
        if plain:
            i = plain.end()
            continue
        c = text[i]
        if c in _BREAK:
            return i
        if c == "\\":
            if text.startswith("\\\n", i):
                return i  # a continuation ends the word
            i += 2
        elif c == "'":
            i = _skip_single(text, i)
        elif c == '"':
            i = _skip_double(text, i)
        else:
            i = _skip_substitution(text, i)
    return len(text)


def _operator(text: str, i: int) -> str:
    return next(op for op in _OPERATORS if text.startswith(op, i))


def simple_commands(lines: tuple[str, ...], first: int, last: int) -> list[list[Word | str]]:
    """The simple commands of physical lines first..last (one command as jopt.script.shellscan
    groups them): each a list of words, with redirection operators kept as strings (the word
    after one is its target). Operators that separate commands are dropped."""
    text = "\n".join(lines[first : last + 1])
    starts = [0]
    for line in lines[first:last]:
        starts.append(starts[-1] + len(line) + 1)
    commands: list[list[Word | str]] = [[]]
    i, continued = 0, False
    while i < len(text):
        c = text[i]
        if c in " \t":
            i = _BLANKS.match(text, i).end()  # type: ignore[union-attr]
        elif text.startswith("\\\n", i):
            i, continued = i + 2, True
        elif c == "\n":
            commands.append([])
            i, continued = i + 1, False
        elif c == "#" and (i == 0 or text[i - 1] in _BREAK):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
        elif c in ";&|()<>":
            op = _operator(text, i)
            if op in _REDIRECTS:
                commands[-1].append(op)
            else:
                commands.append([])
            i += len(op)
        else:
            end = _word_end(text, i)
            row = bisect.bisect_right(starts, i) - 1
            col = i - starts[row]
            at_start = not text[starts[row] : i].strip()
            commands[-1].append(Word(text[i:end], first + row, col, continued and at_start))
            i, continued = end, False
    return [command for command in commands if command]

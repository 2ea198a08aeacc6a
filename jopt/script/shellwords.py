"""Shell words as a POSIX shell sees them, and what a word expands to. Pure text.

Enough of sh for a start script's `java` command and its variable assignments: words are
split at unquoted blanks (a backslash-newline joins lines); quotes, `${...}` and `$(...)`
keep their blanks; `&`, `;` and `|` end the command. `evaluate` expands a word the way
the shell would, given what is known of each variable: `${NAME:-default}` and its
relatives, `$NAME`, quotes removed. What cannot be known statically (`$(command)`,
`$!`, a variable nobody knows) stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import EllipsisType
from typing import NamedTuple

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = (":-", ":=", ":+", ":?", "-", "=", "+", "?")
_DOUBLE_ESCAPES = '$`"\\\n'


class Word(NamedTuple):
    text: str  # as written: quotes and expansions kept
    line: int  # 1-based line it starts on


class Value(NamedTuple):
    """What a word expands to: `text` with the known variables put in (unknown ones as written)."""

    text: str
    names: tuple[str, ...] = ()  # variables the word uses, in order
    defaulted: tuple[str, ...] = ()  # variables whose `:-default` was used
    unknown: tuple[str, ...] = ()  # variables (or `$(...)`) whose value nobody knows

    @property
    def exact(self) -> bool:
        return not self.unknown


#: name -> its value, None when it is known to be unset or empty, or ... when nobody knows.
Lookup = Callable[[str], "str | EllipsisType | None"]


def _skip_dollar(text: str, i: int) -> int:
    """The index after the `$` expansion starting at text[i]."""
    opener = text[i + 1 : i + 2]
    if opener not in ("{", "("):
        match = _NAME.match(text, i + 1)
        return match.end() if match else min(i + 2, len(text))
    closer = "}" if opener == "{" else ")"
    depth, j = 1, i + 2
    while j < len(text):
        char = text[j]
        if char in "'\"\\`":
            j = skip_unit(text, j)
        elif char == "$" and text[j + 1 : j + 2] in ("{", "("):
            j = _skip_dollar(text, j)
        else:
            depth += char == opener
            depth -= char == closer
            j += 1
            if depth == 0:
                return j
    return j


def skip_unit(text: str, i: int) -> int:
    """The index after the quoted string, escape or expansion starting at text[i]."""
    char = text[i]
    if char == "\\":
        return min(i + 2, len(text))
    if char in "'`":
        end = text.find(char, i + 1)
        return len(text) if end < 0 else end + 1
    if char == "$":
        return _skip_dollar(text, i)
    j = i + 1  # a double quote
    while j < len(text):
        if text[j] == "\\":
            j += 2
        elif text[j] == '"':
            return j + 1
        elif text[j] == "$":
            j = _skip_dollar(text, j)
        else:
            j += 1
    return j


def split(text: str, first_line: int = 1) -> list[Word]:
    """The words of one command (`text` may span lines), up to `&`, `;` or `|`."""
    words: list[Word] = []
    start, i, line = -1, 0, first_line
    start_line = line
    while i < len(text):
        char = text[i]
        if char == "\\" and text[i + 1 : i + 2] == "\n":
            line, i = line + 1, i + 2
            continue
        if char in " \t\n" or char in "&;|":
            if start >= 0:
                words.append(Word(_joined(text[start:i]), start_line))
                start = -1
            if char in "&;|":
                break
            line, i = line + (char == "\n"), i + 1
            continue
        if start < 0:
            start, start_line = i, line
        end = skip_unit(text, i) if char in "'\"\\`$" else i + 1
        line += text.count("\n", i, end)
        i = end
    if start >= 0 and i >= len(text):
        words.append(Word(_joined(text[start:]), start_line))
    return words


def _joined(text: str) -> str:
    """A word's text without backslash-newline continuations."""
    return text.replace("\\\n", "")


class _Expansion:
    """Collects an evaluation's text and facts."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup
        self.parts: list[str] = []
        self.names: list[str] = []
        self.defaulted: list[str] = []
        self.unknown: list[str] = []

    def value(self) -> Value:
        return Value("".join(self.parts), tuple(self.names), tuple(self.defaulted), tuple(self.unknown))


def evaluate(text: str, lookup: Lookup) -> Value:
    """What the word `text` expands to (no field splitting, no globbing)."""
    out = _Expansion(lookup)
    _expand(text, out, quoted=False)
    return out.value()


def _expand(text: str, out: _Expansion, quoted: bool) -> None:
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            nxt = text[i + 1 : i + 2]
            keep = quoted and nxt not in _DOUBLE_ESCAPES
            out.parts.append(("\\" if keep else "") + nxt)
            i += 2
        elif char == "'" and not quoted:
            end = skip_unit(text, i)
            out.parts.append(text[i + 1 : end - 1])
            i = end
        elif char == '"' and not quoted:
            end = skip_unit(text, i)
            _expand(text[i + 1 : end - 1], out, quoted=True)
            i = end
        elif char == "$":
            end = _skip_dollar(text, i)
            _dollar(text[i:end], out)
            i = end
        else:
            out.parts.append(char)
            i += 1


def _dollar(expansion: str, out: _Expansion) -> None:
    """One `$...` expansion."""
    if expansion == "$(pwd)":
        _variable("$(pwd)", None, None, expansion, out)
    elif expansion.startswith("${"):
        body = expansion[2:-1]
        match = _NAME.match(body)
        rest = body[match.end() :] if match else ""
        operator = next((op for op in _OPERATORS if rest.startswith(op)), None)
        if match and (not rest or operator):
            word = rest[len(operator) :] if operator else None
            _variable(match.group(), operator, word, expansion, out)
        else:
            out.unknown.append(expansion)
            out.parts.append(expansion)
    elif _NAME.fullmatch(expansion[1:]):
        _variable(expansion[1:], None, None, expansion, out)
    else:  # $(command), `...`, $!, $$ ...
        out.unknown.append(expansion)
        out.parts.append(expansion)


def _variable(name: str, operator: str | None, word: str | None, written: str, out: _Expansion) -> None:
    out.names.append(name)
    value = out.lookup(name)
    if value is ...:
        if operator in (":-", "-") and word is not None:
            out.defaulted.append(name)  # nobody knows the variable: show its default
            _expand(word, out, quoted=False)
            return
        out.unknown.append(name)
        out.parts.append(written)
        return
    empty = value is None or (value == "" and operator is not None and operator.startswith(":"))
    if operator in (":-", "-", ":=", "=") and word is not None and empty:
        out.defaulted.append(name)
        _expand(word, out, quoted=False)
    elif operator in (":+", "+") and word is not None:
        if not empty:
            _expand(word, out, quoted=False)
    else:
        out.parts.append(value or "")


def whole_variable(text: str) -> str | None:
    """NAME when the word is exactly `${NAME}` or `$NAME` unquoted (it splits into fields)."""
    match = re.fullmatch(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)", text)
    return (match.group(1) or match.group(2)) if match else None

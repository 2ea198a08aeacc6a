"""A small POSIX-sh scanner: which physical lines form one command, and the words of a
command. Pure text.

`scan` groups a script's lines into commands; `simple_commands` splits one command into
simple commands and their words, each with its line and column, as far as jopt needs to
find a Java launch and the place for the hook's word (`jopt.script.shellwords` splits and
expands the words of the java command once found). Both read the text the same way:
- backslash continuations, and single and double quotes spanning lines;
- `$(…)`, `${…}` and backquotes, nesting and quotes inside them respected. Outside double
  quotes only a backslash or a quote carries one over the end of a line: a line end ends
  it, and its command, so an unbalanced `$(` cannot swallow the rest of a script;
- comments (a `#` comment ends at the newline, so a trailing backslash inside it does not
  continue the line), in `$(…)` and backquotes too;
- here-documents (`<<WORD`, `<<-WORD`, `<<'WORD'`, outside quotes, in `$(…)` and backquotes
  too), whose lines are not code;
- operators (`;`, `&`, `|`, `&&`, `||`, parentheses) and redirections.
Inside `"${…}"` a `'` is text, as dash reads it (`"${MSG:-can't}"`). A word keeps its text
as written; `bare` is that text without quote characters and backslashes (expansions stay
as written).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

#: `<<WORD`, `<<-WORD`, `<<'WORD'`, `<<"WORD"` (compiled when a script first has one).
_HEREDOC = r"<<(-?)[ \t]*(?:'([^'\n]*)'|\"([^\"\n]*)\"|\\?([A-Za-z0-9_]+))"
_REDIRECTS = frozenset({">>", "<<", ">&", "<&", "<>", ">|", "<", ">"})
_BREAK = " \t\n;&|()<>"

# What regular expressions read in one step: most of a start script. Where they stop (a
# substitution nested deeper than they count, an open quote, a line end, `#`, `<`), _Text's
# methods read on. Each alternative starts with its own characters, so a match that fails
# backs off one character at a time.
_IN_PARAMETER = r"[^{}'\"`\\$\n]*"
#: `$NAME`, `$!`, …, and a `${…}` holding no quote, line end or expansion but such `${…}`
#: (`${A:-${B:-x}}`).
_EXPANSION = rf"\${{{_IN_PARAMETER}(?:\${{{_IN_PARAMETER}}}{_IN_PARAMETER})*}}|\$(?![({{])"
_SINGLE = r"'[^']*'"
#: A command substitution in double quotes holding a plain command (`"$(pwd)/bin"`).
_PLAIN_SUBSTITUTION = r"\$\([^\\'\"`(){}]*\)"
_DOUBLE = rf'"[^"\\`$]*(?:(?:\\[\s\S]|{_EXPANSION}|{_PLAIN_SUBSTITUTION})[^"\\`$]*)*"'
#: Text of a word that needs no reading: no blank, operator, quote, backslash or `$`.
_PLAIN = r"[^ \t\n;&|()<>\\'\"`$]"
#: The parts of a word (a backslash-newline ends it); of double-quoted text; of code outside
#: double quotes (a command, `$(…)`, `${…}`, backquotes) and inside them; of a word after a
#: substitution. Text that needs no reading alternates with the parts that do.
_WORD_PARTS = rf"{_PLAIN}*(?:(?:\\[^\n]|{_SINGLE}|{_DOUBLE}|{_EXPANSION}){_PLAIN}*)*"
_DOUBLE_PARTS = re.compile(r'(?:[^"\\`$]+|\\[\s\S]|\$(?![({]))+')
_CODE_TEXT = r"[^\\'\"`<#\n(){}$]*"
_CODE_PARTS = re.compile(rf"{_CODE_TEXT}(?:(?:\\[\s\S]|{_SINGLE}|{_DOUBLE}|{_EXPANSION}){_CODE_TEXT})*")
_QUOTED_CODE_PARTS = re.compile(r"[^\\'\"`(){}]+")
_PLAIN_WORD = re.compile(rf"{_PLAIN}+")
#: A command's next token after blanks: a comment, a backslash-newline, a newline, an
#: operator, or a word (the parts these expressions read: none yet where the word starts
#: with a part they cannot read) and the backslash-newline after it if one follows, as on
#: most lines of a long java command; none at the text's end.
_TOKEN = re.compile(
    r"[ \t]*(?:(?P<comment>#[^\n]*)|(?P<continuation>\\\n)|(?P<newline>\n)"
    r"|(?P<operator>&&|\|\||;;|>>|<<|>&|<&|<>|>\||[&|;()<>])"
    rf"|(?P<word>(?!\Z){_WORD_PARTS})(?:[ \t]*(?P<continues>\\\n))?)?"
)
_OPENING = {")": "(", "}": "{"}


class Command(NamedTuple):
    """Physical lines first..last (inclusive, 0-based) of one command or comment."""

    first: int
    last: int
    kind: str  # "code", "comment", "blank", "heredoc"


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


#: The words of one simple command, with redirection operators kept as strings (the word
#: after one is its target).
SimpleCommand = list[Word | str]


@functools.lru_cache(maxsize=1024)
def commands(lines: tuple[str, ...]) -> tuple[Command, ...]:
    """scan(), cached as `launch.find_launches` is: status asks it of the same script for the
    launch and the native check."""
    return tuple(scan(lines))


def scan(lines: tuple[str, ...] | list[str]) -> list[Command]:
    """Group physical lines into commands."""
    return _Text("\n".join(lines)).scan(lines)


def simple_commands(lines: tuple[str, ...], first: int, last: int) -> list[SimpleCommand]:
    """The simple commands of physical lines first..last (one command as `scan` groups them):
    each a list of words. Operators that separate commands are dropped."""
    return _Text("\n".join(lines[first : last + 1])).simple_commands(first)


def _skip_single(text: str, i: int) -> int:
    """Past the `'…'` that starts at text[i]."""
    end = text.find("'", i + 1)
    return len(text) if end < 0 else end + 1


class _Text:
    """Shell text being read, and the here-documents its command starts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.heredocs: list[tuple[str, bool]] = []  # (word, strip tabs) in order

    def scan(self, lines: tuple[str, ...] | list[str]) -> list[Command]:
        """The commands of the text, which is `lines` joined."""
        found: list[Command] = []
        i, at, n = 0, 0, len(lines)  # line i starts at text[at]
        text = self.text
        while i < n:
            line = lines[i]
            stripped = line.lstrip()
            if not stripped or stripped[0] == "#":
                found.append(Command(i, i, "comment" if stripped else "blank"))
                i, at = i + 1, at + len(line) + 1
                continue
            run = _CODE_PARTS.match(text, at)
            assert run is not None  # all of it is optional
            end = run.end()
            if end - at == len(line):  # read to the end of its line: a command of one line
                found.append(Command(i, i, "code"))
                i, at = i + 1, end + 1
                continue
            end = self._skip_code(end, "", quoted=False)
            last = i + text.count("\n", at, end)
            found.append(Command(i, last, "code"))
            i, at = last + 1, end + 1
            for word, strip_tabs in self.heredocs:  # each body up to its line holding just the word
                start = i
                while i < n:
                    i, at, line = i + 1, at + len(lines[i]) + 1, lines[i]
                    if (line.lstrip("\t") if strip_tabs else line) == word:
                        break
                found.append(Command(start, i - 1, "heredoc"))
            self.heredocs.clear()
        return found

    def simple_commands(self, line: int) -> list[SimpleCommand]:
        """The simple commands of the text, one command whose first line is `line`."""
        text, end = self.text, len(self.text)
        command: SimpleCommand = []
        commands = [command]
        # physical line `line` starts at text[line_start]; continued: a backslash-newline
        # came last, so a word now starts its physical line
        i, line_start, continued = 0, 0, False
        while i < end:
            token = _TOKEN.match(text, i)
            assert token is not None  # all of it is optional
            kind, i = token.lastgroup, token.end()
            if kind == "word" or kind == "continues":
                start, stop = token.span("word")
                if kind == "word" and i < end and text[i] not in _BREAK:
                    i = stop = self._word_end(i)  # nesting or an open quote: read on
                word = text[start:stop]
                command.append(Word(word, line, start - line_start, continued))
                if "\n" in word:
                    line += word.count("\n")
                    line_start = text.rindex("\n", start, stop) + 1
                continued = kind == "continues"
                if continued:  # a backslash-newline after the word
                    line, line_start = line + 1, i
            elif kind == "continuation":
                line, line_start, continued = line + 1, i, True
            elif kind == "newline":
                command = []
                commands.append(command)
                line, line_start, continued = line + 1, i, False
            elif kind == "operator":
                op = token.group(kind)
                if op in _REDIRECTS:
                    command.append(op)
                else:
                    command = []
                    commands.append(command)
                continued = False
        return [command for command in commands if command]

    def _word_end(self, i: int) -> int:
        """Where the word that reaches text[i] ends."""
        text = self.text
        while True:
            parts = _PLAIN_WORD.match(text, i)
            i = parts.end() if parts else i
            c = text[i : i + 1]
            if c in _BREAK or text.startswith("\\\n", i):
                return i  # a blank, an operator, a newline or a continuation; or the text's end
            if c == "\\":
                i = min(i + 2, len(text))  # an escaped character, or a backslash that ends the text
            elif c == "'":
                i = _skip_single(text, i)
            elif c == '"':
                i = self._skip_double(i)
            else:
                i = self._skip_substitution(i, quoted=False)

    def _skip_double(self, i: int) -> int:
        """Past the `"…"` that starts at text[i] (escapes and substitutions inside it)."""
        text = self.text
        i += 1
        while True:
            parts = _DOUBLE_PARTS.match(text, i)
            i = parts.end() if parts else i
            if i >= len(text):
                return len(text)
            if text[i] == '"':
                return i + 1
            i = self._skip_substitution(i, quoted=True)

    def _skip_substitution(self, i: int, quoted: bool) -> int:
        """Past the substitution that starts at text[i] (`` `…` ``, `$(…)` or `${…}`), or past that
        one character when none does: the shell reads them alike inside double quotes and out."""
        text = self.text
        if text[i] == "`":
            return self._skip_code(i + 1, "`", quoted)
        if text.startswith("$(", i):
            return self._skip_code(i + 2, ")", quoted)
        if text.startswith("${", i):
            return self._skip_code(i + 2, "}", quoted)
        return i + 1

    def _skip_code(self, i: int, close: str, quoted: bool) -> int:
        """Past the code from text[i] to the `close` that ends it (`)`, `}` or a backquote),
        nesting and quotes respected; with close "", past a command, to its newline. Outside
        double quotes the end of its line ends the code, left open, and in commands (not in
        `${…}`) `<<` starts a here-document and a `#` after a blank or operator a comment."""
        text = self.text
        opening = _OPENING.get(close, "")
        parts = _QUOTED_CODE_PARTS if quoted else _CODE_PARTS
        runs_commands = close != "}" and not quoted
        depth = 1
        while True:
            run = parts.match(text, i)
            i = run.end() if run else i
            if i >= len(text):
                return len(text)
            c = text[i]
            if c == "\n" and not quoted:
                return i
            if c in (close, opening):
                depth += -1 if c == close else 1
                i += 1
                if depth == 0:
                    return i
            elif c == "\\":
                i += 2
            elif c == '"':
                i = self._skip_double(i)
            elif c == "`":
                i = self._skip_code(i + 1, "`", quoted)
            elif c == "'" and not (quoted and close == "}"):  # in "${…}" a `'` is text (dash)
                i = _skip_single(text, i)
            elif c == "<" and runs_commands:
                i = self._heredoc(i)
            elif c == "#" and runs_commands and (i == 0 or text[i - 1] in _BREAK):
                end = text.find("\n", i)  # a comment
                return len(text) if end < 0 else end
            else:
                i += 1  # a bracket or `$`; in double quotes or `${…}`, `<`, `#` or `'` too

    def _heredoc(self, i: int) -> int:
        """Record a here-document started at text[i] (`<<`); return where reading resumes."""
        if self.text.startswith("<<<", i):
            return i + 3  # a here-string, not a here-document
        m = re.compile(_HEREDOC).match(self.text, i)
        if not m:
            return i + 1
        word = next(g for g in m.groups()[1:] if g is not None)
        self.heredocs.append((word, m.group(1) == "-"))
        return m.end()

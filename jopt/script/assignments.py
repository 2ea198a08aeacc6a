"""Variable assignments and sourced scripts in a start script, with the `if` they sit in.

Pure text. A start script's `java` command uses variables (`${QUICK_START}`,
`${SHARED_CLASSES_OPTS}`, `${ADD_OPENS}` ...) that the script, or a helper it sources
with `.`, assigns earlier; often only in one branch of an `if` (Zowe's API ML helper sets
its shared class cache only `if [ "$(uname)" = "OS/390" ]`). This module lists the
assignments in the order they run, each with its condition, and the scripts sourced.
Assignments inside functions, loops and `case` branches are listed with that as their
condition; `if` tests are kept as written.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from jopt.script import shellwords
from jopt.script.shellscan import commands

ZOS = "on z/OS"
NOT_ZOS = "not on z/OS"
_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=")
_FUNCTION = re.compile(r"^\s*(?:function\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*\)\s*\{?\s*$")


class Assignment(NamedTuple):
    name: str
    value: str  # the right-hand side as written (a shell word)
    file: str  # shown name of the script
    line: int  # 1-based line of `NAME=`
    condition: tuple[str, ...] = ()  # enclosing branches, outermost first ("" list: always)


class Source(NamedTuple):
    path: str  # the `.` command's argument as written
    line: int
    condition: tuple[str, ...] = ()


class Scanned(NamedTuple):
    assignments: tuple[Assignment, ...]
    sources: tuple[Source, ...]


def _branch(test: str) -> str:
    """A test as a condition: `[ "$(uname)" = "OS/390" ]` reads "on z/OS"."""
    test = test.strip()
    if "uname" in test and "OS/390" in test:
        return NOT_ZOS if re.search(r"!=|\s-ne\s|^!", test) else ZOS
    return f"when {test}"


def _negated(branch: str) -> str:
    if branch == ZOS:
        return NOT_ZOS
    if branch == NOT_ZOS:
        return ZOS
    return f"unless {branch[5:]}" if branch.startswith("when ") else f"not ({branch})"


class _Walker:
    """Tracks the branch stack while the commands go by."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.stack: list[tuple[str, str]] = []  # (kind, branch text)
        self.tests: list[list[str]] = []  # per open `if`: its tests so far (for `else`)
        self.assignments: list[Assignment] = []
        self.sources: list[Source] = []

    @property
    def condition(self) -> tuple[str, ...]:
        return tuple(text for _, text in self.stack)

    def command(self, text: str, first_line: int) -> None:
        head = text.strip()
        word = head.split(None, 1)[0] if head else ""
        if self._structure(head, word):
            return
        if not (_ASSIGNMENT.match(head) or word in (".", "source", "export", "readonly")):
            return  # a command that assigns nothing and sources nothing (most lines)
        words = shellwords.split(text, first_line)
        if words and words[0].text in (".", "source") and len(words) > 1:
            self.sources.append(Source(words[1].text, words[1].line, self.condition))
            return
        if words and words[0].text in ("export", "readonly"):
            words = words[1:]
        if words and all(_ASSIGNMENT.match(w.text) for w in words):
            for w in words:
                name = _ASSIGNMENT.match(w.text).group(1)  # type: ignore[union-attr]
                value = w.text[len(name) + 1 :]
                self.assignments.append(Assignment(name, value, self.file, w.line, self.condition))

    def _structure(self, head: str, word: str) -> bool:
        """if/elif/else/fi, loops, case, functions: True when `head` is one of them."""
        if word in ("if", "elif"):
            test = re.sub(r";?\s*then\s*$", "", head[len(word) :])
            if word == "if":
                self.stack.append(("if", _branch(test)))
                self.tests.append([test])
            elif self.stack and self.stack[-1][0] == "if":
                self.stack[-1] = ("if", _branch(test))
                self.tests[-1].append(test)
            return True
        if word == "else" and self.stack and self.stack[-1][0] == "if":
            earlier = [_negated(_branch(t)) for t in self.tests[-1]]
            self.stack[-1] = ("if", " and ".join(earlier))
            return True
        closers = {"fi": "if", "done": "loop", "esac": "case", "}": "function"}
        if word in closers or head in ("then", "do"):
            if word in closers and self.stack and self.stack[-1][0] == closers[word]:
                self.stack.pop()
                if word == "fi":
                    self.tests.pop()
            return True
        if word in ("for", "while", "until"):
            self.stack.append(("loop", f"in a `{word}` loop"))
            return True
        if word == "case":
            self.stack.append(("case", "in a `case` branch"))
            return True
        function = _FUNCTION.match(head)
        if function:
            self.stack.append(("function", f"in function {function.group(1)}"))
            return True
        return False


def scan(lines: tuple[str, ...] | list[str], file: str, stop: int | None = None) -> Scanned:
    """Assignments and `.` commands of a script, in order; `stop`: the 0-based line where
    reading ends (the java command: what comes after it cannot change it)."""
    return _scan(tuple(lines), file, stop)


@functools.lru_cache(maxsize=16)
def _scan(lines: tuple[str, ...], file: str, stop: int | None) -> Scanned:
    """scan(), cached: explain asks it of one script for its sources and its java command."""
    walker = _Walker(file)
    for command in commands(lines):
        if stop is not None and command.first >= stop:
            break
        if command.kind == "code":
            walker.command("\n".join(lines[command.first : command.last + 1]), command.first + 1)
    return Scanned(tuple(walker.assignments), tuple(walker.sources))

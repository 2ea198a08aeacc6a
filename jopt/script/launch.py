"""Find the Java launch in a start script, whatever its shape, and where its JVM options end.

Pure text. A Java launch is a command whose command word is `java` (`java`, `…/java`,
`${JAVA_BIN_DIR}java`, or a variable named like `$JAVA…`), after any assignments and an
`exec`, `nohup`, `command` or `env` prefix, that names what to run: `-jar <jar>`, a main
class, or `-m <module>`. Backgrounded or not, one line or many, with or without `exec`:
the JVM's own options are the words before that target, so jopt's options go right before
it and win over the script's own (a later JVM option overrides an earlier one).

Shapes (tests/data/shapes/ has a start script of each):
- `java … \\` lines ending in `-jar <jar> &` (every Zowe 2/3 API ML script);
- a foreground `-jar <jar>` (Zowe v2 data-sets and jobs services);
- `exec java …`;
- `-cp <path> \\` then `<MainClass> &` (the 2020 API ML gateway, PropertiesLauncher);
- one line, `java -jar <jar> --args` (zowe/sample-spring-boot-api-service, between
  `pushd` and `popd`, without a shebang).

When the target starts a physical line of a continued command, the hook adds a line
`${JOPT_OPTIONS} \\` before it; otherwise `${JOPT_OPTIONS} ` goes into the line, before it.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from jopt.script.shellscan import Word, commands, simple_commands

HOOK_WORD = "${JOPT_OPTIONS}"

_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_PREFIXES = frozenset({"exec", "nohup", "command", "env", "time"})
_RESERVED = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "{", "}"})
_JAVA = re.compile(r"^(?:.*[/}])?java$|^\$\{?[A-Za-z0-9_]*JAVA[A-Za-z0-9_]*\}?$")
#: Options whose value is the next word (java's own list, `java --help`).
_WITH_VALUE = frozenset(
    {
        "-cp",
        "-classpath",
        "--class-path",
        "-p",
        "--module-path",
        "--upgrade-module-path",
        "--add-modules",
        "--limit-modules",
        "--add-exports",
        "--add-opens",
        "--add-reads",
        "--patch-module",
        "--enable-native-access",
    }
)
_PROBES = frozenset({"-version", "--version", "-fullversion", "-help", "--help", "-h", "-?", "-X", "--help-extra"})
#: The options that end the JVM's own options, by the kind of target they name (and
#: `--module=<module>`).
_TARGETS = {"-jar": "-jar", "-m": "-m", "--module": "-m"}
#: Options that say how to read on: a value in the next word, or a request that starts no
#: application. Any other `-…` is one of the JVM's own.
_TELLING = _WITH_VALUE | _PROBES
#: A main class name (compiled when a launch first names one).
_CLASS = r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$"
_EXPANSION = re.compile(r"^\$(?:\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])$")
_RUNNERS = frozenset({"sh", "bash", "ksh", "dash", "su", "runuser", "eval"})
_HIDDEN = re.compile(r"(?:^|[\s;&|(`/}])java\s(?:.*\s)?(?:-jar|-cp|-classpath|--class-path)\s")


class Launch(NamedTuple):
    first: int  # physical line of the java command word (0-based)
    jar_line: int  # the line where the target (-jar, main class or -m) starts
    indent: str  # indentation of that line
    own_line: bool = True  # the target starts its line within a continued command
    col: int | None = None  # the target's column when it shares its line (hook word goes there)
    kind: str = "-jar"  # -jar, main class, -m
    problem: str = ""  # why it cannot be hooked ("" when it can)


def _command_word(words: list[Word | str]) -> int | None:
    """Index of the command word: past assignments, prefixes, reserved words, redirections."""
    i = 0
    while i < len(words):
        word = words[i]
        if isinstance(word, str):
            i += 2  # a redirection and its target
            continue
        bare = word.bare
        if bare in _RESERVED or bare in _PREFIXES or _ASSIGNMENT.match(word.text):
            i += 1
            continue
        return i
    return None


def _target(args: list[Word | str]) -> tuple[Word | None, str, bool]:
    """(target word, its kind, whether a variable may hide it): -jar, main class or -m,
    after the JVM's options."""
    hidden = probe = False
    words = iter(args)
    for word in words:
        if isinstance(word, str):
            next(words, None)  # a redirection's target
            continue
        bare = word.bare
        kind = _TARGETS.get(bare) or ("-m" if bare.startswith("--module=") else "")
        if kind:
            return word, kind, False
        if bare.startswith("-") and bare not in _TELLING:
            continue  # one of the JVM's own options
        if bare in _WITH_VALUE:
            next(words, None)
        elif bare in _PROBES:
            probe = True
        elif word.text == HOOK_WORD:
            continue
        elif _EXPANSION.match(bare) or bare.startswith("@"):
            hidden = True  # options in a variable (or an argument file), or the main class itself
        elif re.match(_CLASS, bare):
            return word, "main class", False
        else:
            hidden = True
            break
    return None, "", hidden and not probe


def _launch_of(lines: tuple[str, ...], words: list[Word | str], at: int) -> Launch | None:
    """The launch of a simple command whose command word is words[at], if it runs java."""
    java = words[at]
    assert isinstance(java, Word)
    if not _JAVA.match(java.bare):
        return None
    target, kind, hidden = _target(words[at + 1 :])
    if target is None:
        if not hidden:
            return None  # `java -version`, `java -Xshare:dump`: no application
        problem = (
            f"line {java.line + 1}: cannot tell where the JVM's options end "
            "(the main class or -jar is in a variable); jopt places its options right before it"
        )
        return Launch(java.line, java.line, "", False, None, "", problem)
    line = lines[target.line]
    indent = line[: len(line) - len(line.lstrip())]
    if target.continued:
        return Launch(java.line, target.line, indent, True, None, kind)
    return Launch(java.line, target.line, indent, False, target.col, kind)


def _hidden(words: list[Word | str], at: int | None) -> Launch | None:
    """A java launch in text another shell runs: an argument of `sh -c`, `su -c` or `eval`,
    or a command substitution (`PID=$(java -jar … & echo $!)`); words[at] is the command word."""
    command = words[at] if at is not None else None
    runner = isinstance(command, Word) and command.bare.rsplit("/", 1)[-1] in _RUNNERS
    for word in words:
        if not isinstance(word, Word) or not ((runner and word.quoted) or "$(" in word.text or "`" in word.text):
            continue
        if _HIDDEN.search(word.bare):
            problem = (
                f"line {word.line + 1}: the java command is inside quotes or a command substitution; "
                "jopt cannot place its options there"
            )
            return Launch(word.line, word.line, "", False, None, "", problem)
    return None


@functools.lru_cache(maxsize=1024)
def find_launches(lines: tuple[str, ...]) -> tuple[Launch, ...]:
    """Every Java launch in the script, in order, hookable or not (cached: a command asks
    this of the same text several times, phase after phase over all its components, so the
    cache holds a site's scripts, up to 1024)."""
    text = "\n".join(lines)
    if "java" not in text and "JAVA" not in text:
        return ()
    found, hidden = [], []
    for command in commands(lines):
        if command.kind != "code":
            continue
        chunk = "\n".join(lines[command.first : command.last + 1])
        if "java" not in chunk and "JAVA" not in chunk:
            continue
        for words in simple_commands(lines, command.first, command.last):
            at = _command_word(words)
            launch = _launch_of(lines, words, at) if at is not None else None
            if launch is not None:
                found.append(launch)
            elif (inside := _hidden(words, at)) is not None:
                hidden.append(inside)
    return tuple(found or hidden)  # a launch in quotes counts only where there is no other

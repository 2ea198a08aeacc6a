"""An options file on disk, checked as render checks what it writes. Pure: text in, findings out.

Files in the overrides directory may have been written by hand, edited since jopt wrote
them, or copied from elsewhere; the JVM reads them at its next start all the same. Each
finding has the line the option starts on:

- every option's own rules and the rules across options (render's: `jvmoptions.file_problems`,
  `jvmoptions.relation_problems`), among them the options OpenJ9 refuses inside an options
  file (-Xoptionsfile, -XshowSettings ...) and -Xms larger than -Xmx;
- a file that names itself (-Xoptionsfile=<this file>; `@<this file>` in an argument file);
  an `@file` inside an argument file is no argument file at all: the JDK 17 launcher takes
  it as the main class (checked with `java @f -version` where f holds `@f2`);
- quotes that do not close: in an OpenJ9 options file the rest of the file becomes part of
  one option; in an argument file the launcher ends the argument at the line end;
- a secret in clear text (`-D<name>=<value>`, name as `jopt.redaction` judges it); the
  finding never shows the value.
"""

from __future__ import annotations

from typing import NamedTuple

from jopt import redaction
from jopt.options import jvmoptions, optionsfile

DIALECT_OF_PREFIX = {prefix: dialect for dialect, prefix in optionsfile.FILE_PREFIX.items()}


class Finding(NamedTuple):
    line: int
    message: str


def dialect_of(name: str) -> str | None:
    """openj9 for java.options.*, hotspot for java.argfile.*, else None."""
    for prefix, dialect in DIALECT_OF_PREFIX.items():
        if name.startswith(prefix + "."):
            return dialect
    return None


def lint(text: str, dialect: str, path: str) -> list[Finding]:
    """Everything wrong with the options file `path` holding `text`, in line order."""
    parse = optionsfile.parse_openj9_located if dialect == "openj9" else optionsfile.parse_argfile_located
    located = parse(text)
    findings = [f for option, line in located for f in _option(option, line, dialect, path)]
    findings += _relations(located)
    findings += _open_quotes(text, dialect)
    return sorted(set(findings))


def _option(option: str, line: int, dialect: str, path: str) -> list[Finding]:
    found = _checked(option, line, dialect, path)
    if option.startswith("-D") and "=" in option:
        name, value = option[2:].split("=", 1)
        if value and redaction.is_secret_property(name):
            clear = f"-D{name} holds a secret in clear text (value not shown); keep secrets out of options files"
            shown = [Finding(f.line, f.message.replace(value, redaction.MASK)) for f in found]
            return [*shown, Finding(line, clear)]
    return found


def _checked(option: str, line: int, dialect: str, path: str) -> list[Finding]:
    found = []
    if dialect == "hotspot" and option.startswith("@"):
        itself = " (it names this very file)" if option[1:] == path else ""
        found.append(
            Finding(
                line,
                f"{option}{itself}: an argument file cannot name another; the java launcher would take it as the main class",
            )
        )
    else:
        itself = " (it names this very file)" if option == f"-Xoptionsfile={path}" else ""
        found += [Finding(line, message + itself) for message in jvmoptions.file_problems(option, dialect)]
    return found


def _relations(located: list[tuple[str, int]]) -> list[Finding]:
    """Xms <= Xmx and the other checks across options, at the line of the last option involved."""
    options = [option for option, _ in located]
    found = []
    for families, message in jvmoptions.relation_problems(options):
        lines = [line for option, line in located if jvmoptions.family(option) in families]
        found.append(Finding(max(lines, default=1), message))
    return found


def _open_quotes(text: str, dialect: str) -> list[Finding]:
    if dialect == "openj9":
        line = _openj9_open_quote(text)
        return (
            [Finding(line, "a double quote that is never closed: the rest of the file becomes part of one option")]
            if line
            else []
        )
    return [
        Finding(n, "a quote that is not closed on its line: the launcher ends the argument at the line end")
        for n in _argfile_open_quotes(text)
    ]


def _openj9_open_quote(text: str) -> int | None:
    """The line of a double quote left open at the end of the file (comments in column 1 skipped)."""
    opened = None
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if line.startswith("#") and opened is None:
            continue
        for char in line:
            if char == '"':
                opened = None if opened is not None else number
    return opened


def _argfile_open_quotes(text: str) -> list[int]:
    """Lines where a quote is open at the line end, not continued by a backslash (a
    continued line goes on inside the same quote)."""
    found = []
    quote = ""
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        escaped = False
        for char in line:
            if quote and escaped:
                escaped = False
            elif quote and char == "\\":
                escaped = True
            elif quote and char == quote:
                quote = ""
            elif not quote and char == "#":
                break
            elif not quote and char in "'\"":
                quote = char
        if quote and not escaped:
            found.append(number)
            quote = ""  # the line end ends the argument
    return found

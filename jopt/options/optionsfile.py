"""Options files as the JVMs read them: tokenizers and writers. Pure: str in, str out.

Two formats:

* OpenJ9 ``-Xoptionsfile=<file>``. A new option starts at the beginning of the text or at
  whitespace followed by ``-``; other whitespace belongs to the option (leading and
  trailing whitespace is dropped). ``#`` starts a comment only in column 1. A line ending
  in ``\\`` is joined to the next one (the backslash, the line end and the next line's
  leading whitespace go). Double quotes group (whitespace and ``-`` inside them do not
  split) and are removed. There is no escape, so an option cannot hold ``"`` or a line end.
* HotSpot ``@argfile`` (the JDK launcher's ``args.c``). Arguments are separated by
  whitespace. ``'`` or ``"`` quote (the other quote character is literal inside); inside
  quotes ``\\`` escapes (``\\n \\r \\t \\f`` and any other character as itself), and
  a ``\\`` before a line end continues the argument on the next line after its leading
  whitespace. A line end always ends an argument, even inside quotes. ``#`` outside
  quotes starts a comment to the end of the line (in the middle of an argument it drops
  that argument's unquoted text, as the JDK 17 launcher does).

The writers put one option per line below a header of ``#`` comments in column 1, and
quote only when they must, so that ``parse(format(options)) == options``.
"""

from __future__ import annotations

import re

#: The file name's start for each dialect: the hook looks for `<prefix>.<TAG>` (hooks/).
FILE_PREFIX = {"openj9": "java.options", "hotspot": "java.argfile"}

WHITESPACE = " \t\r\n\f\v"
_ARGFILE_SPACE = " \t\f"
_ARGFILE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "f": "\f"}
_ARGFILE_SPECIAL = WHITESPACE + "'\"#\\"
_ARGFILE_UNESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f"}


class UnwritableOption(ValueError):
    """An option that the chosen format cannot hold (the message says why)."""


# --- OpenJ9 ------------------------------------------------------------------------------


def _openj9_logical(text: str) -> tuple[str, list[int]]:
    """Drop column-1 comments and join continued lines; line ends stay as whitespace.
    Also the 1-based physical line of each character of the result."""
    kept: list[str] = []
    numbers: list[list[int]] = []
    joining = False
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if line.startswith("#") and not joining:
            continue
        if joining:
            line = line.lstrip(WHITESPACE)
            kept[-1] += line
            numbers[-1] += [number] * len(line)
        else:
            kept.append(line)
            numbers.append([number] * len(line))
        joining = line.endswith("\\")
        if joining:
            kept[-1] = kept[-1][:-1].rstrip(WHITESPACE)
            del numbers[-1][len(kept[-1]) :]
    lines: list[int] = []
    for index, row in enumerate(numbers):
        lines += row + ([row[-1] if row else 0] if index < len(numbers) - 1 else [])
    return "\n".join(kept), lines


def parse_openj9(text: str) -> list[str]:
    """The options an OpenJ9 options file holds, in order."""
    return [option for option, _ in parse_openj9_located(text)]


def parse_openj9_located(text: str) -> list[tuple[str, int]]:
    """The options an OpenJ9 options file holds, each with the 1-based line it starts on."""
    found: list[tuple[str | None, int]] = []
    current: list[str] = []
    start = -1  # where the option's first visible character is
    quoted = False
    logical, lines = _openj9_logical(text)
    for index, char in enumerate(logical):
        if char == '"':
            quoted = not quoted
            current.append("\x00")  # a quote: removed, but it protects edge whitespace
            start = index if start < 0 else start
            continue
        starts = not quoted and char == "-" and (index == 0 or logical[index - 1] in WHITESPACE)
        if starts and current:
            found.append((_openj9_finish(current), lines[start] if start >= 0 else 0))
            current, start = [], -1
        current.append(char)
        if start < 0 and char not in WHITESPACE:
            start = index
    if current:
        found.append((_openj9_finish(current), lines[start] if start >= 0 else 0))
    return [(option, line) for option, line in found if option is not None]


def _openj9_finish(chars: list[str]) -> str | None:
    """Join an option's characters: unquoted edge whitespace goes, quote marks go."""
    token = "".join(chars).strip(WHITESPACE)
    if not token:
        return None
    return token.replace("\x00", "")


def openj9_problem(option: str) -> str | None:
    """Why `option` cannot be written to an OpenJ9 options file, or None."""
    if not option.startswith("-"):
        return "does not start with '-' (an OpenJ9 options file would join it to the option before)"
    if '"' in option:
        return "holds a double quote, which an OpenJ9 options file cannot escape"
    if "\n" in option or "\r" in option:
        return "holds a line end"
    if "\x00" in option:
        return "holds a NUL character"
    return None


def quote_openj9(option: str) -> str:
    """One option as a line of an OpenJ9 options file (the value quoted when needed)."""
    problem = openj9_problem(option)
    if problem is not None:
        raise UnwritableOption(f"{option!r} {problem}")
    if not any(c in WHITESPACE for c in option) and not option.endswith("\\"):
        return option
    match = re.match(r"-[^=:\s]*[=:]", option)
    split = match.end() if match else 1
    return f'{option[:split]}"{option[split:]}"'


def format_openj9(options: list[str], header: list[str]) -> str:
    """An OpenJ9 options file: `# header` lines in column 1, then one option per line."""
    lines = [_comment(line) for line in header]
    lines += [quote_openj9(option) for option in options]
    return "".join(line + "\n" for line in lines)


# --- HotSpot @argfile --------------------------------------------------------------------


def parse_argfile(text: str) -> list[str]:
    """The arguments a HotSpot `@argfile` holds, in order (the launcher's rules, quirks too).

    Like the JDK 17 launcher, a `#` in the middle of an argument drops the unquoted text
    of that argument and the rest of the line; quoted text before it joins the next one.
    """
    return [argument for argument, _ in parse_argfile_located(text)]


def parse_argfile_located(text: str) -> list[tuple[str, int]]:
    """The arguments of an `@argfile`, each with the 1-based line it starts on."""
    tokens: list[tuple[str, int]] = []
    parts: list[str] = []  # quoted text and the unquoted text before each quote
    pending: list[str] = []  # unquoted text since the last quote
    in_token, quote, position, start = False, "", 0, -1
    while position < len(text):
        char = text[position]
        position += 1
        if quote and char == "\\":
            position = _argfile_escape(text, position, parts)
        elif quote and char == quote:
            quote = ""
        elif quote and char not in "\r\n":
            parts.append(char)
        elif char in "\r\n" or char in _ARGFILE_SPACE:
            if in_token:
                tokens.append(("".join(parts + pending), _line_of(text, start)))
                parts, pending, start = [], [], -1
            in_token, quote = False, ""
        elif char == "#":
            pending, in_token = [], False
            start = start if parts else -1
            position = _line_end(text, position)
        else:
            start = position - 1 if start < 0 else start
            if char in "'\"":
                parts += pending
                pending, quote, in_token = [], char, True
            else:
                pending.append(char)
                in_token = True
    if in_token or parts:
        tokens.append(("".join(parts + pending), _line_of(text, start)))
    return tokens


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, max(position, 0)) + 1


def _argfile_escape(text: str, position: int, parts: list[str]) -> int:
    """After a backslash inside quotes: add the escaped character, return the next position."""
    if position >= len(text):
        return position
    char = text[position]
    if char in "\r\n":
        position += 2 if text[position : position + 2] == "\r\n" else 1
        while position < len(text) and text[position] in _ARGFILE_SPACE:
            position += 1
        return position
    parts.append(_ARGFILE_ESCAPES.get(char, char))
    return position + 1


def _line_end(text: str, position: int) -> int:
    while position < len(text) and text[position] not in "\r\n":
        position += 1
    return position


def quote_argfile(option: str) -> str:
    """One argument for an `@argfile`; its value double-quoted (with escapes) when it must be."""
    if option and not any(c in option for c in _ARGFILE_SPECIAL):
        return option
    match = re.match(r"-[^=:\s'\"#\\]*[=:]", option)
    split = match.end() if match else 0
    return option[:split] + '"' + "".join(_ARGFILE_UNESCAPES.get(c, c) for c in option[split:]) + '"'


def format_argfile(options: list[str], header: list[str]) -> str:
    """A HotSpot `@argfile`: `# header` lines, then one argument per line."""
    lines = [_comment(line) for line in header]
    lines += [quote_argfile(option) for option in options]
    return "".join(line + "\n" for line in lines)


def _comment(line: str) -> str:
    if "\n" in line or "\r" in line:
        raise UnwritableOption(f"header line {line!r} holds a line end")
    return f"# {line}".rstrip()

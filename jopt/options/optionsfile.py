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

WHITESPACE = " \t\r\n\f\v"
_ARGFILE_SPACE = " \t\f"
_ARGFILE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "f": "\f"}
_ARGFILE_SPECIAL = WHITESPACE + "'\"#\\"
_ARGFILE_UNESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f"}


class UnwritableOption(ValueError):
    """An option that the chosen format cannot hold (the message says why)."""


# --- OpenJ9 ------------------------------------------------------------------------------


def _openj9_logical_text(text: str) -> str:
    """Drop column-1 comments and join continued lines; line ends stay as whitespace."""
    kept: list[str] = []
    joining = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith("#") and not joining:
            continue
        if joining:
            line = line.lstrip(WHITESPACE)
            kept[-1] += line
        else:
            kept.append(line)
        joining = line.endswith("\\")
        if joining:
            kept[-1] = kept[-1][:-1].rstrip(WHITESPACE)
    return "\n".join(kept)


def parse_openj9(text: str) -> list[str]:
    """The options an OpenJ9 options file holds, in order."""
    options: list[str | None] = []
    current: list[str] = []
    quoted = False
    logical = _openj9_logical_text(text)
    for index, char in enumerate(logical):
        if char == '"':
            quoted = not quoted
            current.append("\x00")  # a quote: removed, but it protects edge whitespace
            continue
        starts = not quoted and char == "-" and (index == 0 or logical[index - 1] in WHITESPACE)
        if starts and current:
            options.append(_openj9_finish(current))
            current = []
        current.append(char)
    if current:
        options.append(_openj9_finish(current))
    return [option for option in options if option is not None]


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
    tokens: list[str] = []
    parts: list[str] = []  # quoted text and the unquoted text before each quote
    pending: list[str] = []  # unquoted text since the last quote
    in_token, quote, position = False, "", 0
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
                tokens.append("".join(parts + pending))
                parts, pending = [], []
            in_token, quote = False, ""
        elif char == "#":
            pending, in_token = [], False
            position = _line_end(text, position)
        elif char in "'\"":
            parts += pending
            pending, quote, in_token = [], char, True
        else:
            pending.append(char)
            in_token = True
    if in_token or parts:
        tokens.append("".join(parts + pending))
    return tokens


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

"""Log bytes -> clean lines, streaming: the encoding, line ends and a constant prefix.

A log may be UTF-8, ISO8859-1 or EBCDIC (IBM-1047, z/OS), have CRLF or EBCDIC NL line
ends, and carry a constant prefix on every line (timestamps, job-log columns). The
prefix is found from the first line that holds a known anchor (a settings header or the
hook's run marker) away from column 1, in a bounded look-ahead; memory stays flat.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO, NamedTuple

UTF8 = "utf-8"
LATIN1 = "iso8859-1"
EBCDIC = "cp1047"

CHUNK = 1 << 16
SNIFF_LINES = 2000  # lines looked at to find a prefix
MAX_LINE = 1 << 20  # longer "lines" (no line end in sight) are cut here

#: Text that starts a line of JVM settings or hook output, wherever a prefix put it.
ANCHOR = re.compile(
    r"(?:#jopt-run time=|(?:VM settings|Property settings|Locale settings(?: summary)?"
    r"|Security settings(?: summary)?|Operating System Metrics|System settings):\s*$)"
)


class Line(NamedTuple):
    number: int  # 1-based, in the file
    text: str  # without its line end and without the prefix


def detect_codec(head: bytes) -> str:
    """UTF-8, EBCDIC (no ASCII line end but EBCDIC NL/LF bytes) or ISO8859-1."""
    if b"\n" not in head and b"\r" not in head and (b"\x15" in head or b"\x25" in head):
        return EBCDIC
    try:
        head.decode(UTF8)
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:  # not just a character cut at the end of the sample
            return LATIN1
    return UTF8


class Prefix:
    """A constant prefix: a literal string or a shape (digits, letters, punctuation)."""

    def __init__(self, pattern: str, literal: bool, shown: str):
        self.regex = re.compile(pattern)
        self.literal = literal
        self.shown = shown

    @classmethod
    def of(cls, text: str, sample: list[str]) -> Prefix | None:
        """The prefix `text` stands for, if most non-blank sample lines carry it."""
        filled = [line for line in sample if line.strip()]
        literal = cls("^" + re.escape(text.rstrip()) + _trail(text), True, text)
        shape = cls(_shape(text), False, text)
        for candidate in (literal, shape):
            hits = sum(1 for line in filled if candidate.regex.match(line))
            if filled and hits >= 0.8 * len(filled):
                return candidate
        return None

    def strip(self, text: str) -> str:
        match = self.regex.match(text)
        return text[match.end() :] if match else text


def _trail(text: str) -> str:
    trail = text[len(text.rstrip()) :]
    return f"(?:{re.escape(trail)}|[ \\t]*$)" if trail else ""


def _shape(text: str) -> str:
    """A regex for text of the same shape: digit and letter runs of any length."""
    core = text.rstrip()
    parts = []
    for match in re.finditer(r"\d+|[A-Za-z]+|[ \t]+|.", core):
        token = match.group()
        if token[0].isdigit():
            parts.append(r"\d+")
        elif token[0].isalpha():
            parts.append("[A-Za-z]+")
        elif token[0] in " \t":
            parts.append(r"[ \t]*" if match.start() == 0 else r"[ \t]+")
        else:
            parts.append(re.escape(token))
    return "^" + "".join(parts) + _trail(text)


def find_prefix(sample: list[str]) -> Prefix | None:
    """The prefix of the first anchor line that does not start in column 1, if constant."""
    for text in sample:
        match = ANCHOR.search(text)
        if match is None:
            continue
        if match.start() == 0:
            return None
        return Prefix.of(text[: match.start()], sample)
    return None


class LogReader:
    """Iterate a binary log as `Line`s; `codec`, `prefix` and `incomplete` say what was found.

    `prefix` is a regex (given by the user) or a `Prefix` already found; without one, it is
    found from the first lines. `lines` counts the lines read (start it at the lines before
    when the stream stands in the middle of a log).
    """

    def __init__(self, stream: BinaryIO, codec: str | None = None, prefix: str | Prefix | None = None, lines: int = 0):
        self._stream = stream
        self._head = stream.read(CHUNK)
        self.codec = codec or detect_codec(self._head)
        self.prefix = (Prefix(prefix, False, prefix) if prefix else None) if isinstance(prefix, str) else prefix
        self._sniffed = prefix is not None
        self._raw = self._raw_blocks()
        self._sample: list[str] = []
        self.incomplete = False  # the last line has no line end (the writer was cut off)
        self.lines = lines

    def _chunks(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder(self.codec)(errors="replace")
        yield decoder.decode(self._head)
        while chunk := self._stream.read(CHUNK):
            yield decoder.decode(chunk)
        yield decoder.decode(b"", final=True)

    def _raw_blocks(self) -> Iterator[list[str]]:
        """Lines without their line ends, as many as a chunk holds at a time."""
        is_ebcdic = self.codec == EBCDIC
        rest = ""
        for chunk in self._chunks():
            text, keep = rest + chunk, ""
            if text.endswith("\r"):  # may be the first half of a CRLF
                text, keep = text[:-1], "\r"
            if "\r" in text:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            if is_ebcdic and "\x85" in text:
                text = text.replace("\x85", "\n")  # cp1047 decodes the NL byte to NEL
            parts = text.split("\n")
            rest = parts.pop() + keep
            while len(rest) > MAX_LINE:
                parts.append(rest[:MAX_LINE])
                rest = rest[MAX_LINE:]
            if parts:
                yield parts
        rest = rest.rstrip("\r")
        if rest:
            self.incomplete = True
            yield [rest]

    def sniff(self) -> Prefix | None:
        """The prefix: given, or found in the first lines (read once, kept for iterating)."""
        if not self._sniffed:
            self._sniffed = True
            stop = SNIFF_LINES
            for block in self._raw:
                for text in block:
                    self._sample.append(text)
                    if stop == SNIFF_LINES and ANCHOR.search(text):
                        stop = min(SNIFF_LINES, len(self._sample) + 50)  # a few lines after it, to check
                if len(self._sample) >= stop:
                    break
            self.prefix = find_prefix(self._sample[:stop])
        return self.prefix

    def blocks(self) -> Iterator[list[str]]:
        """The lines, prefix removed, a block at a time; `lines` counts them as they are handed out."""
        self.sniff()
        sample, self._sample = self._sample, []
        for block in _chain([sample] if sample else [], self._raw):
            if self.prefix is not None:
                block = _strip_all(self.prefix, block)
            self.lines += len(block)
            yield block

    def __iter__(self) -> Iterator[Line]:
        number = self.lines
        for block in self.blocks():
            for text in block:
                number += 1
                yield Line(number, text)


def _strip_all(prefix: Prefix, block: list[str]) -> list[str]:
    match = prefix.regex.match
    stripped = []
    for text in block:
        found = match(text)
        stripped.append(text[found.end() :] if found else text)
    return stripped


def _chain(first: list[list[str]], rest: Iterable[list[str]]) -> Iterator[list[str]]:
    yield from first
    yield from rest

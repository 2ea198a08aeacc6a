"""Bytes of a start script <-> text, keeping the encoding. Pure.

z/OS start scripts are IBM-1047 (EBCDIC) and tagged; elsewhere they are ASCII/UTF-8 or,
rarely, ISO8859-1. The `ebcdic` package provides the cp1047 codec Python lacks; it maps
the EBCDIC newline 0x15 to "\\n", so decoded text has ordinary line ends.
"""

from __future__ import annotations

from jopt.errors import ScriptError

UTF8 = "utf-8"
LATIN1 = "iso8859-1"
EBCDIC = "cp1047"

#: z/OS CCSID names (as `chtag -p` prints them) -> Python codec names.
CCSID_CODECS = {"IBM-1047": EBCDIC, "ISO8859-1": LATIN1, "UTF-8": UTF8, "IBM-850": LATIN1}


def _printable(text: str) -> bool:
    bad = sum(1 for c in text if not (c.isprintable() or c in "\n\t\r"))
    return bad == 0


def detect(data: bytes, declared: str | None = None, path: object | None = None) -> str:
    """The codec of a script's bytes: the declared one, else UTF-8, EBCDIC or ISO8859-1."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ScriptError(f"binary file (NUL byte at offset {nul}); not a shell script", path=path)
    if declared:
        return declared
    if b"\n" not in data and b"\x15" in data and _printable(data.decode(EBCDIC)):
        return EBCDIC
    try:
        data.decode(UTF8)
        return UTF8
    except UnicodeDecodeError:
        pass
    if not _printable(data.decode(LATIN1)) and _printable(data.decode(EBCDIC)):
        return EBCDIC  # EBCDIC letters are C1 controls in ISO8859-1
    return LATIN1


def decode(data: bytes, codec: str, path: object | None = None) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise ScriptError(f"not valid {codec} at byte {error.start}", path=path) from None


def encode(text: str, codec: str, path: object | None = None) -> bytes:
    try:
        return text.encode(codec)
    except UnicodeEncodeError as error:
        raise ScriptError(f"text cannot be written as {codec} at character {error.start}", path=path) from None

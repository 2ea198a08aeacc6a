"""A text file as lines, keeping its newline style and final-newline presence: what lets
jopt change a start script (or zowe.yaml) a line at a time and keep every other byte.

Pure text: no file I/O. `join(split(text)) == text` for every text this accepts.
"""

from __future__ import annotations

from typing import NamedTuple

from jopt.errors import ScriptError


class TextLines(NamedTuple):
    """A text's lines without their line ends, and how to put the ends back."""

    lines: tuple[str, ...]
    newline: str = "\n"
    final_newline: bool = True

    def with_lines(self, lines: list[str] | tuple[str, ...]) -> TextLines:
        return self._replace(lines=tuple(lines))

    def join(self) -> str:
        if not self.lines:
            return ""
        body = self.newline.join(self.lines)
        return body + self.newline if self.final_newline else body


def split(text: str, path: object | None = None) -> TextLines:
    """Split text into lines; refuse mixed LF/CRLF endings (no single style to keep)."""
    crlf = text.count("\r\n")
    if crlf:
        lf = text.count("\n") - crlf
        if lf:
            raise ScriptError(
                f"mixed line endings ({lf} LF, {crlf} CRLF); convert the file to one style first",
                path=path,
            )
    newline = "\r\n" if crlf else "\n"
    if not text:
        return TextLines((), newline, False)
    final = text.endswith(newline)
    body = text[: -len(newline)] if final else text
    return TextLines(tuple(body.split(newline)), newline, final)

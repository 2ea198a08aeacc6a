"""Readers of the -XshowSettings sections, one line at a time. Pure.

The launcher indents every entry of a section by four spaces and continuation lines by
eight (`.path`/`.dirs` values split at the path separator, wrapped locale lists, security
property values). Two things break that picture and are handled:

* a section whose first entry is in column 1 was pasted with its indentation lost; it is
  read by the shape of its lines instead (a line without ` = ` continues the property
  before it, unless a blank line came between);
* a multi-line property value (OpenJ9's `java.fullversion` and `java.vm.info`) continues
  on lines with no indentation at all.

`feed` answers whether a line belongs to the section; the caller keeps lines it refuses.
"""

from __future__ import annotations

import re

from jopt.settings.lines import is_elision

PATH_JOIN = "\x1f"  # stands for the path separator until the run knows path.separator
#: A `key = value` line (the definition; `key_value` is the fast test).
KEY_VALUE = re.compile(r"^(?P<key>[^\s=][^=]*?) =(?: (?P<value>.*))?$")
_LABELED = re.compile(r"^(?P<key>[^:]+?):(?:\s+(?P<value>.*))?$")
_NOTE = re.compile(r'^(?:See|Use) "[^"]*" (?:for|option).*$')  # e.g. Use "-XshowSettings:locale" option ...
MAX_RAW_LINES = 500


def key_value(stripped: str) -> tuple[str, str] | None:
    """(key, value) of a `key = value` line, as KEY_VALUE reads it; the key holds no "="."""
    equals = stripped.find("=")
    if equals < 2 or stripped[equals - 1] != " " or stripped[0].isspace():
        return None
    value = stripped[equals + 1 :]
    if value and value[0] != " ":
        return None
    return stripped[: equals - 1], value[1:]


class Section:
    """A section being read. `indented` is decided by its first entry line."""

    kind = ""

    def __init__(self, title: str):
        self.title = title
        self.indented: bool | None = None
        self.elided = False  # "..." lines: the text was cut by whoever pasted it

    def feed(self, text: str, stripped: str, after_blank: bool) -> bool:
        """Whether the line (not blank; `stripped` is `text.strip()`) belongs to the section."""
        indent = len(text) - len(text.lstrip())
        if self.indented is None:
            self.indented = indent > 0
        if stripped[0] in ".…" and is_elision(stripped):
            self.elided = True
            self.interrupt()
            return True
        if stripped.startswith(('See "', 'Use "')) and _NOTE.match(stripped):
            return True
        if self.indented and indent == 0:
            return not after_blank and self.unindented(stripped)
        return self.entry(stripped, indent, after_blank)

    def blank(self, text: str) -> None:
        """A blank line inside the section (`text` keeps its whitespace)."""

    def interrupt(self) -> None:
        """Forget the entry being continued (after an elision)."""

    def unindented(self, stripped: str) -> bool:
        return False

    def entry(self, stripped: str, indent: int, after_blank: bool) -> bool:
        raise NotImplementedError


class KeyValues(Section):
    """`key = value` lines: Property settings and Locale settings."""

    def __init__(self, title: str, kind: str):
        super().__init__(title)
        self.kind = kind
        self.values: dict[str, str] = {}
        self.key: str | None = None
        self.key_indent = 0
        self.empty_elements = 0  # blank lines inside a split path value

    def _wrap(self, deeper: bool) -> str:
        assert self.key is not None
        if self.kind == "locale":
            return " "
        path_like = self.key.endswith((".path", ".dirs"))
        return PATH_JOIN if (deeper if self.indented else path_like) else "\n"

    def _more(self, stripped: str, deeper: bool) -> None:
        assert self.key is not None
        join = self._wrap(deeper)
        self.values[self.key] += join * (self.empty_elements + 1) + stripped
        self.empty_elements = 0

    def interrupt(self) -> None:
        self.key = None

    def blank(self, text: str) -> None:
        if self.indented and self.key and self.key.endswith((".path", ".dirs")) and len(text) >= self.key_indent + 4:
            self.empty_elements += 1  # the launcher printed an empty path element
        else:
            self.empty_elements = 0

    def unindented(self, stripped: str) -> bool:
        if self.key is None or key_value(stripped):
            return False
        self._more(stripped, deeper=False)
        return True

    def entry(self, stripped: str, indent: int, after_blank: bool) -> bool:
        pair = key_value(stripped)
        if self.key is not None and self.indented and indent > self.key_indent and not pair:
            self._more(stripped, deeper=True)
            return True
        self.empty_elements = 0  # a deeper `key = value` line is an entry: the indentation changed
        if pair:
            self.key, self.key_indent = pair[0], indent
            self.values[self.key] = pair[1].rstrip()
            return True
        if self.key is not None and not self.indented and not after_blank:
            self._more(stripped, deeper=False)
            return True
        return False

    def finished(self, path_separator: str = ":") -> dict[str, str]:
        """The values with path elements joined and `line.separator` unescaped."""
        values = {k: v.replace(PATH_JOIN, path_separator) for k, v in self.values.items()}
        if "line.separator" in values:
            escaped = values["line.separator"]
            values["line.separator"] = escaped.replace("\\r", "\r").replace("\\n", "\n").replace(" ", "")
        return values


class Labeled(Section):
    """`Label: value` lines: VM settings and the operating system metrics."""

    def __init__(self, title: str, kind: str):
        super().__init__(title)
        self.kind = kind
        self.values: dict[str, str] = {}
        self.key: str | None = None

    def interrupt(self) -> None:
        self.key = None

    def entry(self, stripped: str, indent: int, after_blank: bool) -> bool:
        match = _LABELED.match(stripped)
        if match:
            self.key = match.group("key")
            self.values[self.key] = (match.group("value") or "").rstrip()
            return True
        if self.kind != "system" or (after_blank and not self.indented):
            return False
        if self.key is None:
            self.values[stripped] = ""  # e.g. "No metrics available for this platform"
        else:
            self.values[self.key] = (self.values[self.key] + " " + stripped).strip()
        return True


class Raw(Section):
    """A section this parser does not know: kept as its lines."""

    kind = "other"

    def __init__(self, title: str):
        super().__init__(title)
        self.lines: list[str] = []

    def entry(self, stripped: str, indent: int, after_blank: bool) -> bool:
        if after_blank and not self.indented:
            return False
        if len(self.lines) < MAX_RAW_LINES:
            self.lines.append(stripped)
        return True

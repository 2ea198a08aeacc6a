"""Read plain block YAML without PyYAML: the shape of manifests and most zowe.yaml files.

Importing PyYAML and parsing a manifest with it costs more than everything else jopt
does for a component in `status`, yet manifests and zowe.yaml files are nearly always
plain: block mappings, block sequences of scalars, comments, and plain or simply quoted
scalars. `load` reads exactly that subset and returns what PyYAML's SafeLoader returns
for it, value for value and type for type. For anything else (flow collections,
anchors, tags, multi-line scalars, escapes, tabs, odd numbers, non-ASCII, malformed
text) it returns `UNSUPPORTED`, and the caller asks PyYAML, which then also gives the
error message. tests/test_plainyaml.py checks the agreement with generated documents.
Pure text.
"""

from __future__ import annotations

import re
from typing import Any

UNSUPPORTED = object()

#: `key:` or `key: value` (a plain key; _key refuses those PyYAML makes a number, bool or null).
_ENTRY = re.compile(r"( *)([A-Za-z0-9_][A-Za-z0-9_./-]*)[ ]*:(?: +(.*))?")
#: `- value` or `- key: value` (a sequence item holding a scalar or a mapping).
_ITEM = re.compile(r"( *)- +(.*)")
_LONGEST_KEY = 1000
#: Tabs, carriage returns and other control characters: left to PyYAML.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
_NULLS = frozenset(("~", "null", "Null", "NULL"))
_TRUES = frozenset(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"))
_FALSES = frozenset(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"))
_DIGITS = "0123456789"
#: What PyYAML reads as a float when a plain scalar starts with digits and a dot (3.1.0 is a string).
_FLOAT = re.compile(r"[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?")
#: A plain scalar may not start with these here: indicators, or what PyYAML may read as a
#: number, a merge key or a value key (digits are looked at more closely in _plain).
_NOT_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`<=+~")


class _Unsupported(Exception):
    pass


def _plain(value: str) -> Any:
    """A plain scalar's value, resolved as PyYAML's SafeLoader (YAML 1.1) does."""
    if value in _NULLS:
        return None
    if value in _TRUES:
        return True
    if value in _FALSES:
        return False
    first = value[0]
    if first in _DIGITS:
        head = len(value) - len(value.lstrip(_DIGITS + "_"))
        after = value[head : head + 1]
        if not after:
            if value.isdigit() and (value == "0" or first != "0"):
                return int(value)
            raise _Unsupported  # octal, or digits with underscores
        if after == "." and _FLOAT.fullmatch(value):
            raise _Unsupported  # a float
        if after in ":-" or (value[:head] == "0" and after in "bx"):
            raise _Unsupported  # sexagesimal, a timestamp, binary or hex for PyYAML
        return value  # e.g. 64bit: no number or date begins like this
    if first == "." and (value[1:2].isdigit() or value[1:].lower() in ("inf", "nan")):
        raise _Unsupported  # a float (.5, .inf, .NaN) for PyYAML
    if first in _NOT_FIRST:
        raise _Unsupported
    return value


def _scalar(text: str) -> Any:
    """The value of a scalar written after `key: ` or `- ` (comment included, not stripped)."""
    if text[0] in "\"'":
        quote = text[0]
        end = text.find(quote, 1)
        if end < 0 or (quote == '"' and "\\" in text[:end]) or text[end + 1 : end + 2] == quote:
            raise _Unsupported  # unclosed, escapes, or '' inside single quotes
        rest = text[end + 1 :].lstrip(" ")
        if rest and not rest.startswith("#"):
            raise _Unsupported
        return text[1:end]
    cut = text.find(" #")
    value = (text if cut < 0 else text[:cut]).rstrip(" ")
    if not value:
        return None
    if ": " in value or value.endswith(":"):
        raise _Unsupported
    return _plain(value)


def _key(name: str) -> str:
    key = _plain(name)
    if not isinstance(key, str):
        raise _Unsupported  # PyYAML makes the key None, a bool or a number
    return key


def _lines(text: str) -> list[tuple[int, str]]:
    """(indent, line) of the lines that carry content."""
    out = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        out.append((len(line) - len(stripped), line))
    return out


def _block(lines: list[tuple[int, str]], at: int, indent: int) -> tuple[Any, int]:
    """The mapping or sequence whose entries start at lines[at] with `indent`; (value, next)."""
    if _ITEM.fullmatch(lines[at][1]):
        return _sequence(lines, at, indent)
    return _mapping(lines, at, indent)


def _sequence(lines: list[tuple[int, str]], at: int, indent: int) -> tuple[list[Any], int]:
    items: list[Any] = []
    while at < len(lines) and lines[at][0] == indent:
        item = _ITEM.fullmatch(lines[at][1])
        if item is None:
            break
        rest = item.group(2)
        if not rest or rest.startswith(("#", "- ")) or rest == "-":
            raise _Unsupported  # empty items and nested sequences
        if _ENTRY.fullmatch(rest):
            column = item.start(2)  # `- key: value`: a mapping whose keys line up with `key`
            lines[at] = (column, " " * column + rest)
            mapping, at = _mapping(lines, at, column)
            items.append(mapping)
        else:
            items.append(_scalar(rest))
            at += 1
        if at < len(lines) and lines[at][0] > indent:
            raise _Unsupported  # a multi-line scalar, or malformed
    return items, at


def _mapping(lines: list[tuple[int, str]], at: int, indent: int) -> tuple[dict[str, Any], int]:
    mapping: dict[str, Any] = {}
    while at < len(lines) and lines[at][0] == indent:
        entry = _ENTRY.fullmatch(lines[at][1])
        if entry is None:
            raise _Unsupported
        if entry.end(2) - entry.start(2) > _LONGEST_KEY:
            raise _Unsupported  # PyYAML refuses simple keys this long
        key, rest = _key(entry.group(2)), entry.group(3)
        at += 1
        nested = at < len(lines) and (
            lines[at][0] > indent or (lines[at][0] == indent and _ITEM.fullmatch(lines[at][1]) is not None)
        )
        if rest and not rest.startswith("#"):
            if nested:
                raise _Unsupported  # a multi-line scalar, or malformed
            mapping[key] = _scalar(rest)
        elif nested:
            mapping[key], at = _block(lines, at, lines[at][0])
        else:
            mapping[key] = None
    return mapping, at


def load(text: str) -> Any:
    """What PyYAML's SafeLoader gives for `text`, or UNSUPPORTED when it is not plain block YAML."""
    if not text.isascii() or _CONTROL.search(text):
        return UNSUPPORTED
    lines = _lines(text)
    if lines and lines[0][1].rstrip(" ") == "---":
        lines = lines[1:]  # the document start marker Zowe's manifests begin with
    if not lines:
        return None
    if lines[0][0] != 0 or lines[0][1].startswith(("---", "...", "%")):
        return UNSUPPORTED
    try:
        value, at = _mapping(lines, 0, 0)
    except _Unsupported:
        return UNSUPPORTED
    return value if at == len(lines) else UNSUPPORTED

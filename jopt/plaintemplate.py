"""Render a jinja2 template that only substitutes names, without importing jinja2.

The hook templates in `hooks/` are jinja2 files whose only syntax is `{{ name }}`. Loading
jinja2 and compiling them costs more than the rest of `jopt install` for a component, and
`status` needs the rendered text to check a hook. `render` gives exactly what jinja2
gives for such a template (with `keep_trailing_newline=False`, no autoescape, strict
undefined); for any other syntax (blocks, comments, filters, whitespace control) or a
missing name it returns None and the caller asks jinja2. tests/test_plaintemplate.py
checks the agreement. Pure text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

_NAME = re.compile(r"\{\{ *([A-Za-z_][A-Za-z0-9_]*) *\}\}")
_SYNTAX = ("{{", "{%", "{#", "}}}")
_LITERALS = frozenset(("true", "false", "none", "True", "False", "None"))  # jinja2 constants, not names


@functools.lru_cache(maxsize=32)
def _split(source: str) -> tuple[str, ...] | None:
    """text, name, text, name, ..., text; or None when the template has other syntax."""
    if "\r" in source or any(mark in _NAME.sub("", source) for mark in _SYNTAX):
        return None
    if source.endswith("\n"):
        source = source[:-1]  # jinja2 drops one final newline unless keep_trailing_newline
    parts = tuple(_NAME.split(source))
    return None if _LITERALS.intersection(parts[1::2]) else parts


def render(source: str, values: Mapping[str, str]) -> str | None:
    """The template with each `{{ name }}` replaced by values[name], or None (ask jinja2)."""
    parts = _split(source)
    if parts is None or not all(isinstance(values.get(name), str) for name in parts[1::2]):
        return None  # other syntax; or a missing name, which jinja2 reports
    return "".join(values[part] if i % 2 else part for i, part in enumerate(parts))

"""JVM memory sizes: an integer with an optional k, m, g or t suffix. Pure.

`1.5g` is not a size (the JVMs reject fractions); neither is `-1g`, `1 g` or `1gb`.
"""

from __future__ import annotations

import re

_SIZE = re.compile(r"([0-9]+)([kKmMgGtT]?)")
_FACTORS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


class SizeError(ValueError):
    """Not a size; the message says what a size looks like."""


def parse(text: str) -> int:
    """Bytes in `text` ("512m" -> 536870912); SizeError if it is not a size."""
    match = _SIZE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise SizeError(f"{text!r} is not a size: use an integer with an optional k, m, g or t (e.g. 512m, 2g)")
    return int(match.group(1)) * _FACTORS[match.group(2).lower()]


def is_size(text: str) -> bool:
    try:
        parse(text)
    except SizeError:
        return False
    return True


def show(size: int) -> str:
    """The shortest exact spelling of `size` bytes: 536870912 -> "512m"."""
    for suffix in ("t", "g", "m", "k"):
        factor = _FACTORS[suffix]
        if size and size % factor == 0:
            return f"{size // factor}{suffix}"
    return str(size)

"""Sizes: an integer with an optional k, m, g or t; nothing else."""

from __future__ import annotations

import pytest

from jopt.options.sizes import SizeError, is_size, parse, show


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("0", 0),
        ("512", 512),
        ("64k", 64 * 1024),
        ("64K", 64 * 1024),
        ("512m", 512 * 1024**2),
        ("2g", 2 * 1024**3),
        ("1t", 1024**4),
    ],
)
def test_parse(text: str, size: int) -> None:
    assert parse(text) == size
    assert is_size(text)


@pytest.mark.parametrize("text", ["1.5g", "-1g", "1 g", "1gb", "g", "", " 1g", "1g\n", "0x10", "1e3"])
def test_not_a_size(text: str) -> None:
    with pytest.raises(SizeError, match="is not a size: use an integer with an optional k, m, g or t"):
        parse(text)
    assert not is_size(text)


def test_not_a_string() -> None:
    assert not is_size(1024)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0"), (1000, "1000"), (1024, "1k"), (1536 * 1024, "1536k"), (2 * 1024**3, "2g"), (1024**4, "1t")],
)
def test_show(size: int, text: str) -> None:
    assert show(size) == text
    assert parse(show(size)) == size

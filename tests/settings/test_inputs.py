"""Reading log bytes: encodings, line ends, prefixes, cut-off last lines."""

from __future__ import annotations

import io

import pytest

from jopt.settings import inputs as settings_input
from jopt.settings.inputs import LogReader, Prefix, detect_codec, find_prefix

TEXT = "VM settings:\n    Max. Heap Size: 512.00M\n\nProperty settings:\n    x = y\n\n"


def lines(data: bytes, **kwargs: str) -> list[str]:
    return [line.text for line in LogReader(io.BytesIO(data), **kwargs)]


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        ("é = ü\n".encode("iso8859-1") * 3, "iso8859-1"),
        (TEXT.encode("cp1047"), "cp1047"),
        (b"", "utf-8"),
    ],
)
def test_detect_codec(data: bytes, codec: str) -> None:
    assert detect_codec(data) == codec


def test_utf8_cut_in_the_middle_of_a_character_is_still_utf8() -> None:
    assert detect_codec("abc\nü".encode()[:-1]) == "utf-8"


@pytest.mark.parametrize("codec", ["utf-8", "iso8859-1", "cp1047"])
def test_same_lines_in_every_encoding(codec: str) -> None:
    assert lines(TEXT.encode(codec)) == TEXT.split("\n")[:-1]


def test_ebcdic_lf_byte_also_ends_a_line() -> None:
    data = "a = 1".encode("cp1047") + b"\x25" + "b = 2".encode("cp1047") + b"\x15"
    assert lines(data) == ["a = 1", "b = 2"]


def test_crlf_and_cr_line_ends() -> None:
    assert lines(b"a\r\nb\rc\n") == ["a", "b", "c"]


def test_crlf_split_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_input, "CHUNK", 4)
    assert lines(b"abc\r\ndef\r\n") == ["abc", "def"]


def test_last_line_without_line_end_is_kept_and_flagged() -> None:
    reader = LogReader(io.BytesIO(b"a\nb"))
    assert [line.text for line in reader] == ["a", "b"]
    assert reader.incomplete


def test_line_numbers_count_every_line() -> None:
    assert [line.number for line in LogReader(io.BytesIO(b"a\n\nb\n"))] == [1, 2, 3]


def test_literal_prefix_is_found_and_removed() -> None:
    data = "".join(f"STDERR| {line}\n" for line in TEXT.splitlines()).encode()
    reader = LogReader(io.BytesIO(data))
    assert [line.text for line in reader] == TEXT.splitlines()
    assert reader.prefix is not None and reader.prefix.literal


def test_timestamp_prefix_of_changing_value_and_width_is_removed() -> None:
    stamps = ["2025-05-29 9:30:25.1 ", "2025-05-29 10:30:25.123 "]
    data = "".join(f"{stamps[i % 2]}{line}\n" for i, line in enumerate(TEXT.splitlines())).encode()
    assert lines(data) == TEXT.splitlines()


def test_job_log_columns_with_blank_lines_trimmed() -> None:
    rows = [f" 09.30.{n:02d} STC01234  {line}".rstrip() for n, line in enumerate(TEXT.splitlines())]
    assert lines("\n".join(rows).encode() + b"\n") == TEXT.splitlines()


def test_no_prefix_when_headers_start_in_column_one() -> None:
    assert find_prefix(["noise", "VM settings:", "    a: b"]) is None


def test_unprefixed_lines_are_left_alone() -> None:
    prefix = Prefix.of("[x] ", ["[x] VM settings:", "[x]     a: b", "[x] ", "[x] b = c"])
    assert prefix is not None
    assert prefix.strip("[x]     a: b") == "    a: b"
    assert prefix.strip("other program output") == "other program output"


def test_explicit_prefix_regex() -> None:
    data = b"#1 VM settings:\n#22     a: b\n"
    assert lines(data, prefix=r"#\d+ ") == ["VM settings:", "    a: b"]

"""zowe.yaml text as lines, and the lines PyYAML's nodes are written on."""

from __future__ import annotations

import pytest

from jopt.errors import ConfigError
from jopt.zowe import yamltext


def value_of(text: str, *keys: str):
    node = yamltext.composed(text)
    for key in keys:
        node = next(v for k, v in node.value if k.value == key)
    return node


@pytest.mark.parametrize(
    "text", ["", "a: 1", "a: 1\n", "a:\r\n  b: 2\r\n", "a: 'x\u2028y'\n", "\ufeffa: 1\n\n\n"], ids=repr
)
def test_lines_join_back_to_the_text(text):
    lines = yamltext.split(text)
    assert "".join(lines) == text
    assert all(yamltext.body(line) + line[len(yamltext.body(line)) :] == line for line in lines)


def test_marks_index_the_lines_even_after_breaks_other_than_lf():
    text = "a: 'x\u2028y'\nb: \u00e9\r\nc: 1\n"
    lines, mark = yamltext.split(text), value_of(text, "c").start_mark
    assert lines[mark.line][yamltext.column(lines, mark)] == "1"
    assert text[yamltext.offset(lines, yamltext.offsets(lines), mark)] == "1"


def test_a_byte_order_mark_is_not_counted_in_a_column():
    text = "\ufeffpassword: x\n"
    lines, mark = yamltext.split(text), value_of(text, "password").start_mark
    assert lines[0][yamltext.column(lines, mark)] == "x"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a: 1\n", "\n"), ("a: 1", "\n"), ("a: 1\r\nb: 2\r\n", "\r\n")],
)
def test_new_lines_follow_the_files_line_breaks(text, expected):
    assert yamltext.newline(text) == expected


def test_a_mix_of_lf_and_crlf_is_refused():
    with pytest.raises(ConfigError) as caught:
        yamltext.newline("a: 1\r\nb: 2\nc: 3\n", "/z/zowe.yaml")
    assert str(caught.value) == "/z/zowe.yaml: mixed line endings (2 LF, 1 CRLF); convert the file to one style first"


LAST = {
    "scalar on the key's line": ("a: 1\nb: 2\n", ("a",), 0),
    "block mapping: not the comments and blank lines after it": ("a:\n  b: 1\n  # c\n\nd: 2\n", ("a",), 1),
    "block scalar: lines starting with # are its content": ("a: |\n  # text\n  more\n\nb: 1\n", ("a",), 2),
    "block scalar keeping trailing blank lines (|+): its last text": ("a: |+\n  hi\n\n\nb: 1\n", ("a",), 1),
    "flow mapping over two lines": ("a: {x: 1,\n  y: 2}\nb: 1\n", ("a",), 1),
    "multi-line plain scalar": ("a: one\n  two\nb: 1\n", ("a",), 1),
    "nothing written": ("a:\nb: 1\n", ("a",), 0),
    "nested sequence of mappings": ("a:\n  - x: 1\n    y:\n      z: 2\n# end\n", ("a",), 3),
    "no final newline": ("a:\n  b: 1", ("a",), 1),
}


@pytest.mark.parametrize("name", LAST)
def test_last_line_is_the_last_line_of_content(name):
    text, keys, expected = LAST[name]
    assert yamltext.last_line(value_of(text, *keys), yamltext.split(text)) == expected


def test_last_line_of_a_node_that_contains_itself_ends():
    text = "a: &x\n  b: *x\nc: 1\n"
    assert yamltext.last_line(value_of(text, "a"), yamltext.split(text)) == 1


def test_composed_names_the_file_and_line():
    with pytest.raises(ConfigError) as caught:
        yamltext.composed("a:\n  b: 1\n c: 2\n", "/z/zowe.yaml")
    assert str(caught.value) == "/z/zowe.yaml:3: malformed zowe.yaml: did not find expected key"

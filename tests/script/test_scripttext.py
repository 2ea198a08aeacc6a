import pytest

from jopt.errors import ScriptError
from jopt.script.scripttext import split


@pytest.mark.parametrize(
    "text",
    ["", "a", "a\n", "a\nb", "a\nb\n", "a\r\nb\r\n", "a\r\nb", "\n", "\n\n", "x\ry\n", "a\x85b\n"],
)
def test_split_join_round_trip(text):
    assert split(text).join() == text


@pytest.mark.parametrize(
    "text,newline,final",
    [("a\nb\n", "\n", True), ("a\nb", "\n", False), ("a\r\nb\r\n", "\r\n", True), ("a\r\nb", "\r\n", False)],
)
def test_split_keeps_newline_style_and_final_newline(text, newline, final):
    script = split(text)
    assert (script.newline, script.final_newline, script.lines) == (newline, final, ("a", "b"))


def test_mixed_line_endings_are_refused_naming_the_file():
    with pytest.raises(ScriptError) as error:
        split("a\r\nb\nc\n", path="x/start.sh")
    assert str(error.value) == "x/start.sh: mixed line endings (2 LF, 1 CRLF); convert the file to one style first"

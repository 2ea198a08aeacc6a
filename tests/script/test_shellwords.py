"""Shell words of a java command and what they expand to."""

from __future__ import annotations

import pytest

from jopt.script.shellwords import Value, Word, evaluate, split, whole_variable


def test_split_keeps_quotes_and_expansions_and_lines() -> None:
    text = 'A=1 ${B}java \\\n  -Dx="a b" \\\n  -Dy=${Z:-"q r"} \'-Dz=s t\' \\\n  -jar "${JAR}" &\npid=$!'
    assert split(text, 10) == [
        Word("A=1", 10),
        Word("${B}java", 10),
        Word('-Dx="a b"', 11),
        Word('-Dy=${Z:-"q r"}', 12),
        Word("'-Dz=s t'", 12),
        Word("-jar", 13),
        Word('"${JAR}"', 13),
    ]


def test_split_multi_line_quoted_word_starts_on_its_first_line() -> None:
    assert split('X="a\nb" c', 1) == [Word('X="a\nb"', 1), Word("c", 2)]


def lookup(values: dict):  # type: ignore[no-untyped-def]
    return lambda name: values.get(name, ...)


@pytest.mark.parametrize(
    ("word", "values", "expected"),
    [
        ("-Xmx${H:-512}m", {}, Value("-Xmx512m", ("H",), ("H",))),
        ("-Xmx${H:-512}m", {"H": "2048"}, Value("-Xmx2048m", ("H",))),
        ("-Xmx${H:-512}m", {"H": None}, Value("-Xmx512m", ("H",), ("H",))),
        ("-Xmx${H-512}m", {"H": ""}, Value("-Xmxm", ("H",))),
        ('-Dd=${D:-""}', {}, Value("-Dd=", ("D",), ("D",))),
        ("-Dd=${A:-${B:-x}}", {"B": "b"}, Value("-Dd=b", ("A", "B"), ("A",))),
        ('-Dd="${K}"', {}, Value("-Dd=${K}", ("K",), (), ("K",))),
        ("-Dd=$K/x", {"K": "k"}, Value("-Dd=k/x", ("K",))),
        ("-Dd=${K:+set}", {"K": "v"}, Value("-Dd=set", ("K",))),
        ("'-Dq=${K}'", {"K": "v"}, Value("-Dq=${K}")),
        ("-Dd=$(pwd)/bin", {"$(pwd)": "/c"}, Value("-Dd=/c/bin", ("$(pwd)",))),
        ("-Dd=$(hostname)", {}, Value("-Dd=$(hostname)", (), (), ("$(hostname)",))),
        ("-Dd=a\\ b", {}, Value("-Dd=a b")),
    ],
)
def test_evaluate(word: str, values: dict, expected: Value) -> None:
    assert evaluate(word, lookup(values)) == expected


def test_exact_is_false_when_a_value_is_unknown() -> None:
    assert evaluate("${X}", lookup({})).exact is False
    assert evaluate("${X:-1}", lookup({})).exact is True


@pytest.mark.parametrize(
    ("word", "name"),
    [("${QUICK_START}", "QUICK_START"), ("$ADD_OPENS", "ADD_OPENS"), ('"${X}"', None), ("-D${X}", None)],
)
def test_whole_variable(word: str, name: str | None) -> None:
    assert whole_variable(word) == name

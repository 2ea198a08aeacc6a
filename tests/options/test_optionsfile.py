"""The options-file tokenizers follow the JVMs' rules; the writers round-trip through them."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from jopt.options.optionsfile import (
    UnwritableOption,
    format_argfile,
    format_openj9,
    parse_argfile,
    parse_argfile_located,
    parse_openj9,
    parse_openj9_located,
    quote_argfile,
    quote_openj9,
)

TRICKY = [
    "-Xmx1g",
    "-Dzowe.name=a b",
    "-Dquote=it's",
    "-Dlead=  x",
    "-Dtrail=x  ",
    "-Dhash=x#y",
    "-Dback=C:\\dir\\",
    "-Ddash=a -b",
    "-Dtab=a\tb",
    "-Dempty=",
    "-Xdump:java:events=user,file=/u/%job.%pid.txt",
    "-Xshareclasses:name=zowe_gateway,cacheDir=/global/zowe/jopt/shareclasses,nonfatal",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-Xms1g -Xmx2g", ["-Xms1g", "-Xmx2g"]),
        ("-Xms1g\n-Xmx2g\n", ["-Xms1g", "-Xmx2g"]),
        ("# comment -Xmx9g\n-Xmx2g", ["-Xmx2g"]),
        ("-Xmx2g # not a comment", ["-Xmx2g # not a comment"]),
        ("  # indented is not a comment\n-Xmx2g", ["# indented is not a comment", "-Xmx2g"]),
        ("-Dp=a b c\n", ["-Dp=a b c"]),
        ("-Dp=x -Dq=y", ["-Dp=x", "-Dq=y"]),
        ('-Dp="a -Dq=b"', ["-Dp=a -Dq=b"]),
        ('-Dp=" padded "', ["-Dp= padded "]),
        ("-Xevents=vmstop, \\\n    exec=x", ["-Xevents=vmstop,exec=x"]),
        ("-Xa \\\n-Xb", ["-Xa-Xb"]),
        ("-Xmx1g\r\n-Xms1g\r\n", ["-Xmx1g", "-Xms1g"]),
        ("", []),
        ("# only a comment\n\n", []),
    ],
)
def test_parse_openj9(text: str, expected: list[str]) -> None:
    assert parse_openj9(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-Xms1g -Xmx2g", ["-Xms1g", "-Xmx2g"]),
        ("-Dp=a b", ["-Dp=a", "b"]),
        ('-Dp="a b"', ["-Dp=a b"]),
        ("'-Dp=say \"hi\"'", ['-Dp=say "hi"']),
        ('"-Dp=\\\\ \\n \\t \\q"', ["-Dp=\\ \n \t q"]),
        ("-Dp=back\\slash", ["-Dp=back\\slash"]),
        ("# comment\n-Xmx1g # trailing\n", ["-Xmx1g"]),
        ('"-Dp=multi \\\n     line"', ["-Dp=multi line"]),
        ('"-Dp=unterminated\n-Xmx1g', ["-Dp=unterminated", "-Xmx1g"]),
        ('-Dp=""', ["-Dp="]),
        # JDK 17 launcher quirk: '#' inside an argument drops it and the rest of the line.
        ("-Dp=x#y\n-Xmx1g", ["-Xmx1g"]),
        ("'e#f'#g h\nij", ["e#fij"]),
    ],
)
def test_parse_argfile(text: str, expected: list[str]) -> None:
    assert parse_argfile(text) == expected


@pytest.mark.parametrize(
    ("option", "line"),
    [
        ("-Xmx1g", "-Xmx1g"),
        ("-Dp=a b", '-Dp="a b"'),
        ("-Xdump:java:file=a b", '-Xdump:"java:file=a b"'),
        ("-Xfoo bar", '-"Xfoo bar"'),
        ("-Dp=ends\\", '-Dp="ends\\"'),
    ],
)
def test_quote_openj9(option: str, line: str) -> None:
    assert quote_openj9(option) == line


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ('-Dp=say "hi"', "double quote"),
        ("-Dp=a\nb", "line end"),
        ("Xmx1g", "does not start with '-'"),
    ],
)
def test_quote_openj9_refuses_what_the_format_cannot_hold(option: str, message: str) -> None:
    with pytest.raises(UnwritableOption, match=message):
        quote_openj9(option)


@pytest.mark.parametrize(
    ("option", "word"),
    [("-Xmx1g", "-Xmx1g"), ("-Dp=a b", '-Dp="a b"'), ('-Dp=a"b', '-Dp="a\\"b"'), ("-Dp=x#y", '-Dp="x#y"'), ("", '""')],
)
def test_quote_argfile(option: str, word: str) -> None:
    assert quote_argfile(option) == word


def test_headers_are_comments_in_column_one() -> None:
    text = format_openj9(["-Xmx1g"], ["java.options.GW", "", "profiles: heap"])
    assert text == "# java.options.GW\n#\n# profiles: heap\n-Xmx1g\n"
    assert format_argfile(["-Xmx1g"], ["x"]) == "# x\n-Xmx1g\n"


def test_header_with_a_line_end_is_refused() -> None:
    with pytest.raises(UnwritableOption):
        format_argfile([], ["a\nb"])


@pytest.mark.parametrize("options", [TRICKY, [], ["-Xmx1g"]])
def test_round_trip_openj9(options: list[str]) -> None:
    assert parse_openj9(format_openj9(options, ["header # with hash", "-Xmx9g in a header"])) == options


@pytest.mark.parametrize("options", [TRICKY + ['-Dq=say "hi"', "-Dnl=a\nb", "-Dcr=\r", "-Dff=\f"], [], [""]])
def test_round_trip_argfile(options: list[str]) -> None:
    assert parse_argfile(format_argfile(options, ["header 'quoted' # hash"])) == options


@pytest.mark.parametrize("seed", range(5))
def test_round_trip_random_options(seed: int) -> None:
    chars = "ab -=:'\"#\\\t\n,%$"
    rng = random.Random(seed)
    for _ in range(500):
        options = ["-" + "".join(rng.choice(chars) for _ in range(rng.randint(0, 9))) for _ in range(rng.randint(0, 4))]
        assert parse_argfile(format_argfile(options, [])) == options
        writable = [o for o in options if '"' not in o and "\n" not in o]
        assert parse_openj9(format_openj9(writable, [])) == writable


@pytest.mark.skipif(shutil.which("java") is None or shutil.which("javac") is None, reason="needs a JDK")
def test_the_real_launcher_reads_argfiles_as_parse_argfile_does(tmp_path: Path) -> None:
    (tmp_path / "P.java").write_text(
        'public class P { public static void main(String[] a) { for (String s : a) System.out.println(s.replace("\\n", "<NL>")); } }'
    )
    subprocess.run(["javac", "P.java"], cwd=tmp_path, check=True)
    arguments = [o.replace("\r", "") for o in TRICKY] + ['-Dq=say "hi"', "-Dnl=a\nb"]
    argfile = tmp_path / "args"
    argfile.write_text("-cp . P\n" + format_argfile(arguments, ["header"]))
    done = subprocess.run(["java", f"@{argfile}"], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [a.replace("\n", "<NL>") for a in arguments]
    assert parse_argfile(argfile.read_text())[3:] == arguments


# --- where each option starts (for `jopt explain`: file and line) --------------------------


def test_parse_openj9_located_gives_the_line_each_option_starts_on() -> None:
    text = '# header\n\n  -Xmx1g -Xms1m\n-Dp="a b" \\\n   -x\n# comment\n-Dq=1\n'
    assert parse_openj9_located(text) == [("-Xmx1g", 3), ("-Xms1m", 3), ("-Dp=a b-x", 4), ("-Dq=1", 7)]


def test_parse_argfile_located_gives_the_line_each_argument_starts_on() -> None:
    text = "# header\n-Xmx1g \"-Dx=a b\"\n\n  -Dq=1 # comment\n'a'#x\n-Dz\n"
    assert parse_argfile_located(text) == [("-Xmx1g", 2), ("-Dx=a b", 2), ("-Dq=1", 4), ("a-Dz", 5)]


@pytest.mark.parametrize("options", [TRICKY, TRICKY[::-1], []])
def test_located_parsers_agree_with_the_plain_ones(options: list[str]) -> None:
    for text in (format_openj9([o for o in options if '"' not in o], ["h"]), format_argfile(options, ["h"])):
        for located, plain in ((parse_openj9_located, parse_openj9), (parse_argfile_located, parse_argfile)):
            assert [o for o, _ in located(text)] == plain(text)

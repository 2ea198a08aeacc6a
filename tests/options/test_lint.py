"""jopt.options.lint: an options file on disk, checked with render's rules, each finding with its line."""

from __future__ import annotations

import pytest

from jopt.options.lint import Finding, dialect_of, lint

PATH = "/o/java.options.GW"


@pytest.mark.parametrize(
    "name,dialect",
    [("java.options.GW", "openj9"), ("java.argfile.GW.lpar1", "hotspot"), ("trace.GW", None), ("java.optionsGW", None)],
)
def test_the_dialect_comes_from_the_file_name(name, dialect):
    assert dialect_of(name) == dialect


def test_a_file_render_would_write_has_no_findings():
    text = '# java.options.GW: header\n-Xms256m\n-Xmx1g\n-Dzowe.x="a b"\n'
    assert lint(text, "openj9", PATH) == []


def test_each_finding_has_the_line_its_option_starts_on():
    text = "# header\n-Xmx1g\n-Dlong=a\\\n  b\n-Xms2g\n-XshowSettings\n-version\n"
    assert lint(text, "openj9", PATH) == [
        Finding(5, "-Xms (2g) is larger than -Xmx (1g)"),  # at the last of the options involved
        Finding(6, "-XshowSettings: OpenJ9 does not allow -XshowSettings inside an options file"),
        Finding(7, "-version: OpenJ9 does not allow -version inside an options file"),
    ]
    joined = lint("-Xmx1g \\\n  -Xms2g\n", "openj9", PATH)  # a continued line joins what OpenJ9 joins
    assert [f.line for f in joined] == [1] and "'1g-Xms2g' is not a size" in joined[0].message


def test_a_file_naming_itself():
    assert lint(f"-Xoptionsfile={PATH}\n", "openj9", PATH) == [
        Finding(
            1,
            f"-Xoptionsfile={PATH}: OpenJ9 does not allow -Xoptionsfile inside an options file (it names this very file)",
        )
    ]
    argfile = "/o/java.argfile.GW"
    assert lint(f"-Xmx1g\n@{argfile}\n@/other\n", "hotspot", argfile) == [
        Finding(
            2,
            f"@{argfile} (it names this very file): an argument file cannot name another; the java launcher would take it as the main class",
        ),
        Finding(3, "@/other: an argument file cannot name another; the java launcher would take it as the main class"),
    ]


def test_quotes_that_do_not_close():
    assert lint('-Xmx1g\n-Dbanner="Hello\n-Xms1g\n', "openj9", PATH) == [
        Finding(2, "'-Dbanner=Hello\\n-Xms1g' holds a line end"),  # render's rule, for the option it swallowed
        Finding(2, "a double quote that is never closed: the rest of the file becomes part of one option"),
    ]
    assert lint('# a "quoted" comment\n-Da="x y"\n', "openj9", PATH) == []
    assert lint('-Da=\'x\n-Db="y\\\n  z"\n', "hotspot", "/o/java.argfile.GW") == [
        Finding(1, "a quote that is not closed on its line: the launcher ends the argument at the line end")
    ]


def test_a_secret_is_found_and_never_shown():
    found = lint('-Djavax.net.ssl.keyStorePassword=hunter2\n-Dapp.token="se cret"\n-Dkeystore=/k.p12\n', "openj9", PATH)
    assert found == [
        Finding(
            1,
            "-Djavax.net.ssl.keyStorePassword holds a secret in clear text (value not shown); keep secrets out of options files",
        ),
        Finding(2, "-Dapp.token holds a secret in clear text (value not shown); keep secrets out of options files"),
    ]
    assert "hunter2" not in repr(found) and "se cret" not in repr(found)


def test_hotspot_files_are_checked_as_hotspot_reads_them():
    assert lint("-Xshareclasses\n", "hotspot", "/o/java.argfile.GW") == [
        Finding(1, "-Xshareclasses: -Xshareclasses is an OpenJ9 option; a HotSpot JVM would refuse to start")
    ]

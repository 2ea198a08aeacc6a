import pytest
from conftest import FIXTURES, JAVA_COMPONENTS, NON_JAVA

from jopt.script.launch import Launch, find_launches


def fixture_lines(component: str) -> tuple[str, ...]:
    base = FIXTURES / ("extensions" if component == "sample-ext" else "components") / component
    return tuple((base / "bin" / "start.sh").read_text().split("\n"))


@pytest.mark.parametrize("component", JAVA_COMPONENTS)
def test_every_java_fixture_has_exactly_one_hookable_launch(component):
    lines = fixture_lines(component)
    (launch,) = find_launches(lines)
    assert launch.own_line
    assert lines[launch.jar_line].lstrip().startswith("-jar ")
    assert lines[launch.jar_line].rstrip().endswith("&")
    assert "java" in lines[launch.first]


@pytest.mark.parametrize("component", NON_JAVA)
def test_non_java_fixtures_have_no_launch(component):
    assert find_launches(fixture_lines(component)) == ()


@pytest.mark.parametrize(
    "first",
    [
        "_BPX_JOBNAME=${ZWE_zowe_job_prefix}${GATEWAY_CODE} ${JAVA_BIN_DIR}java \\",
        "_BPX_JOBNAME=${ZWE_zowe_job_prefix}${GATEWAY_CODE} java \\",
        "java -Xms32m -Xmx256m ${QUICK_START} \\",
        "${JAVA_HOME}/bin/java \\",
    ],
)
@pytest.mark.parametrize("last", ["  -jar ${JAR_FILE} &", '    -jar "${JAR_FILE}" &', "\t-jar x.jar &  "])
def test_launch_shapes(first, last):
    lines = ("#!/bin/sh", first, "    -Dfoo=bar \\", last, "wait")
    indent = last[: len(last) - len(last.lstrip())]
    assert find_launches(lines) == (Launch(1, 3, indent),)


def test_commented_out_launch_is_ignored():
    lines = ("#java \\", "#  -jar x &", "echo")
    assert find_launches(lines) == ()


def test_launch_inside_heredoc_is_ignored():
    lines = ("cat <<EOF", "java \\", "  -jar x &", "EOF")
    assert find_launches(lines) == ()


def test_jar_sharing_a_line_is_found_but_not_hookable():
    (launch,) = find_launches(("java -Xmx1m -jar x.jar &",))
    assert not launch.own_line


def test_foreground_jar_and_double_ampersand_are_launches_too():
    assert find_launches(("java \\", "  -jar x.jar", "echo")) == (Launch(0, 1, "  "),)
    assert find_launches(("java \\", "  -jar x.jar && echo ok")) == (Launch(0, 1, "  "),)


def test_zss_lookalike_without_java_is_not_a_launch():
    lines = ("_BPX_JOBNAME=${ZWE_zowe_job_prefix}ZSS ${ZSS_SERVER} \\", "  -jar thing & ")
    assert find_launches(lines) == ()


def test_two_launches_are_both_found():
    lines = ("java \\", "  -jar a &", "java \\", "  -jar b &")
    assert [l.jar_line for l in find_launches(lines)] == [1, 3]

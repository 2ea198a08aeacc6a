"""Assignments and sourced scripts, each with the branches it sits in."""

from __future__ import annotations

from jopt.script.assignments import NOT_ZOS, ZOS, Assignment, Source, scan

SCRIPT = """\
#!/bin/sh
f() {
    IN_FUNCTION=1
}
A=1
if [ "$(uname)" = "OS/390" ]; then
    B="-Xquickstart"
    if [ "${V:-0}" -ge 65 ]
    then
        C=21
    fi
elif [ -n "${X}" ]; then
    B=x
else
    export B=other D=2
fi
for v in 1 2; do
    E=$v
done
. "$(pwd)/bin/helper.sh"
java -jar x.jar &
LATE=1
"""


def test_assignments_in_order_with_their_conditions() -> None:
    found = scan(SCRIPT.split("\n"), "start.sh", stop=20)
    assert found.assignments == (
        Assignment("IN_FUNCTION", "1", "start.sh", 3, ("in function f",)),
        Assignment("A", "1", "start.sh", 5),
        Assignment("B", '"-Xquickstart"', "start.sh", 7, (ZOS,)),
        Assignment("C", "21", "start.sh", 10, (ZOS, 'when [ "${V:-0}" -ge 65 ]')),
        Assignment("B", "x", "start.sh", 13, ('when [ -n "${X}" ]',)),
        Assignment("B", "other", "start.sh", 15, (f'{NOT_ZOS} and unless [ -n "${{X}}" ]',)),
        Assignment("D", "2", "start.sh", 15, (f'{NOT_ZOS} and unless [ -n "${{X}}" ]',)),
        Assignment("E", "$v", "start.sh", 18, ("in a `for` loop",)),
    )
    assert found.sources == (Source('"$(pwd)/bin/helper.sh"', 20),)


def test_reading_stops_at_the_java_command() -> None:
    names = [a.name for a in scan(SCRIPT.split("\n"), "start.sh").assignments]
    assert "LATE" in names
    assert "LATE" not in [a.name for a in scan(SCRIPT.split("\n"), "start.sh", stop=20).assignments]


def test_an_env_prefix_is_not_an_assignment() -> None:
    found = scan(["_BPX_JOBNAME=X java -jar a.jar &", "Y=1 Z=2"], "s")
    assert [a.name for a in found.assignments] == ["Y", "Z"]


def test_multi_line_value_is_one_assignment() -> None:
    found = scan(['ADD="--a=1', '    --b=2"', "N=1"], "s")
    assert found.assignments == (Assignment("ADD", '"--a=1\n    --b=2"', "s", 1), Assignment("N", "1", "s", 3))

"""The JVM's rules on a command line: who wins, what adds up, what an options file holds."""

from __future__ import annotations

import pytest

from jopt.options.effective import (
    Arg,
    Loss,
    SharedCache,
    expand,
    family,
    jvm_part,
    losses,
    resolve,
    shared_cache,
    wins_over,
)


def arg(value: str, file: str = "start.sh", line: int | None = 1, source: str = "script") -> Arg:
    return Arg(value, value, file, line, source)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("-Dx.y=1", ("-Dx.y", "last")),
        ("-Dx.y", ("-Dx.y", "last")),
        ("-XX:+UseG1GC", ("-XX:UseG1GC", "last")),
        ("-XX:-UseG1GC", ("-XX:UseG1GC", "last")),
        ("-XX:MaxRAMPercentage=50", ("-XX:MaxRAMPercentage", "last")),
        ("-Xmx2g", ("-Xmx", "last")),
        ("-Xms32m", ("-Xms", "last")),
        ("-Xmn256m", ("-Xmn", "last")),
        ("-Xss1m", ("-Xss", "last")),
        ("-Xscmx100m", ("-Xscmx", "last")),
        ("-Xshareclasses:name=a,nonfatal", ("-Xshareclasses", "last")),
        ("-Xshareclasses", ("-Xshareclasses", "last")),
        ("-Xdump:java:events=user", ("-Xdump", "all")),
        ("--add-opens=java.base/java.lang=ALL-UNNAMED", ("--add-opens", "all")),
        ("--add-opens java.base/java.lang=ALL-UNNAMED", ("--add-opens", "all")),
        ("-javaagent:/a.jar", ("-javaagent", "all")),
        ("-verbose:gc", ("-verbose", "all")),
        ("-Xquickstart", ("-Xquickstart", "last")),
        ("-Xtune:virtualized", ("-Xtune", "last")),
        ("-Xjit:count=0", ("-Xjit", "last")),
        ("-Xoptionsfile=/o/f", ("-Xoptionsfile", "all")),
        ("@/o/f", ("@argfile", "all")),
    ],
)
def test_family(value: str, expected: tuple[str, str]) -> None:
    assert family(value) == expected


def test_rightmost_wins_per_family_and_adders_add() -> None:
    line = [arg(v, line=n) for n, v in enumerate(
        ["-Xmx512m", "-Dk=1", "-Xdump:java", "-XX:+UseG1GC", "-Dk=2", "-Xmx2g", "-Xdump:heap", "-XX:-UseG1GC"], 1)]  # fmt: skip
    rows = {r.family: r for r in resolve(line)}
    assert list(rows) == ["-Xmx", "-Dk", "-Xdump", "-XX:UseG1GC"]
    assert rows["-Xmx"].winner == line[5] and rows["-Xmx"].overridden == (line[0],)
    assert rows["-Dk"].winner == line[4]
    assert rows["-XX:UseG1GC"].winner == line[7]
    assert rows["-Xdump"].winner is None and rows["-Xdump"].args == (line[2], line[6])


def test_only_the_last_shareclasses_counts_and_says_which_cache() -> None:
    zowe = arg("-Xshareclasses:name=apiml_shared_classes,nonfatal,silent", "apiml-common-scripts.sh", 51)
    mine = arg("-Xshareclasses:name=zowe_gw,cacheDir=/u/jopt/scc,nonfatal", "java.options.GW", 2, "options file")
    assert shared_cache([zowe]) == SharedCache(
        "apiml_shared_classes", "/tmp/javasharedresources", "nonpersistent", zowe, ("cacheDir", "persistence")
    )
    assert shared_cache([zowe, mine]) == SharedCache("zowe_gw", "/u/jopt/scc", "nonpersistent", mine, ("persistence",))
    assert shared_cache([zowe, mine], zos=False) == SharedCache(
        "zowe_gw", "/u/jopt/scc", "persistent", mine, ("persistence",)
    )
    assert shared_cache([arg("-Xshareclasses")], zos=False) == SharedCache(
        "sharedcc_%u", None, "persistent", arg("-Xshareclasses"), ("name", "cacheDir", "persistence")
    )
    persistent = arg("-Xshareclasses:name=zowe_gw,cacheDir=/u/scc,persistent")
    assert shared_cache([persistent]) == SharedCache("zowe_gw", "/u/scc", "persistent", persistent, ())  # OpenJ9 0.40+
    assert shared_cache([mine, arg("-Xshareclasses:none")]) is None
    assert shared_cache([arg("-Xmx1g")]) is None


def test_an_options_file_is_read_in_its_place() -> None:
    files = {"/o/java.options.GW": "# header\n-Dk=file\n-Xmx2g\n"}
    line = [arg("-Dk=1"), arg("-Xoptionsfile=/o/java.options.GW", line=2), arg("-Dk=3", line=3)]
    done = expand(line, files.get)
    assert [(a.value, a.where, a.source) for a in done.args] == [
        ("-Dk=1", "start.sh line 1", "script"),
        ("-Xoptionsfile=/o/java.options.GW", "start.sh line 2", "script"),
        ("-Dk=file", "java.options.GW line 2", "options file"),
        ("-Xmx2g", "java.options.GW line 3", "options file"),
        ("-Dk=3", "start.sh line 3", "script"),
    ]
    assert done.args[2].via == "-Xoptionsfile at start.sh line 2"
    assert done.problems == ()
    rows = {r.family: r for r in resolve(done.args)}
    assert losses(rows.values(), lambda a: a.source == "options file") == [Loss(done.args[2], done.args[4])]
    assert wins_over(rows.values(), lambda a: a.source == "options file") == []


def test_openj9_does_not_read_an_options_file_named_inside_one() -> None:
    files = {"/o/a": "-Xoptionsfile=/o/b\n-XshowSettings\n-Dk=1\n", "/o/b": "-Dk=2\n"}
    done = expand([arg("-Xoptionsfile=/o/a")], files.get)
    assert [a.value for a in done.args] == ["-Xoptionsfile=/o/a", "-Dk=1"]
    assert [(p.arg.value, p.message) for p in done.problems] == [
        ("-Xoptionsfile=/o/b", "OpenJ9 does not read an options file named inside an options file"),
        ("-XshowSettings", "OpenJ9 does not allow -XshowSettings inside an options file"),
    ]


def test_an_argfile_is_expanded_but_not_one_named_inside_it() -> None:
    files = {"/o/java.argfile.GW": '-Dk="a b"\n@/o/other\n'}
    done = expand([arg("@/o/java.argfile.GW")], files.get, "hotspot")
    assert [a.value for a in done.args] == ["@/o/java.argfile.GW", "-Dk=a b", "@/o/other"]
    assert [p.message for p in done.problems] == [
        "an @file inside an argument file is not expanded: the launcher passes it on as it is"
    ]


def test_missing_files_and_hotspot_are_problems() -> None:
    done = expand([arg("-Xoptionsfile=/o/none"), arg("@/o/none")], lambda path: None)
    assert [p.message for p in done.problems] == [
        "/o/none does not exist: the JVM does not start",
        "/o/none does not exist: the launcher stops with an error",
    ]
    hotspot = expand([arg("-Xoptionsfile=/o/f")], {"/o/f": "-Dk=1"}.get, "hotspot")
    assert [p.message for p in hotspot.problems] == ["a HotSpot JVM does not know -Xoptionsfile and does not start"]
    assert [a.value for a in hotspot.args] == ["-Xoptionsfile=/o/f"]


def test_the_jvm_options_end_at_jar_or_the_main_class() -> None:
    line = [arg(v) for v in ["-cp", "a.jar", "-Dk=1", "--add-opens", "m/p=ALL", "org.Main", "-Dapp=1"]]
    jvm, rest = jvm_part(line)
    assert [a.value for a in jvm] == ["-cp a.jar", "-Dk=1", "--add-opens m/p=ALL"]
    assert [a.value for a in rest] == ["org.Main", "-Dapp=1"]
    jvm, rest = jvm_part([arg("-Dk=1"), arg("-jar"), arg("x.jar"), arg("-Dk=2")])
    assert [a.value for a in jvm] == ["-Dk=1"] and [a.value for a in rest] == ["-jar", "x.jar", "-Dk=2"]

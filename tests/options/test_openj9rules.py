"""OpenJ9's compound options: -Xshareclasses, -Xdump, -Xverbosegclog, JIT, -Xtune."""

from __future__ import annotations

import pytest

from jopt.options.openj9rules import (
    cache_dir_perm_problems,
    cache_name_problems,
    compilation_threads,
    shareclasses,
    token_problems,
    verbosegclog,
    xdump,
    xjit,
    xtune,
)


@pytest.mark.parametrize(
    "option",
    [
        "-Xshareclasses",
        "-Xshareclasses:name=zowe_%u_gateway,cacheDir=/global/zowe/jopt/shareclasses,cacheDirPerm=1770,groupAccess,nonfatal",
        "-Xshareclasses:name=a,readonly,nonFatal,silent,bootClassesOnly",
        "-Xshareclasses:name=x,mprotect=none,expire=0,layer=1,extraStartupHints=10,persistent",
    ],
)
def test_good_shareclasses(option: str) -> None:
    assert shareclasses(option) == []


@pytest.mark.parametrize(
    ("option", "problem"),
    [
        ("-Xshareclasses:nme=x", "-Xshareclasses: unknown sub-option 'nme'"),
        (
            "-Xshareclasses:name=x,destroy",
            "-Xshareclasses: destroy is a cache utility: the JVM would run it and exit instead of starting",
        ),
        (
            "-Xshareclasses:printStats=all",
            "-Xshareclasses: printStats=all is a cache utility: the JVM would run it and exit instead of starting",
        ),
        ("-Xshareclasses:nonfatal=yes", "-Xshareclasses: nonfatal=yes: nonfatal takes no value"),
        ("-Xshareclasses:name", "-Xshareclasses: name needs a value (name=...)"),
        ("-Xshareclasses:cacheDir=", "-Xshareclasses: cacheDir is empty"),
        ("-Xshareclasses:fatal,nonfatal", "-Xshareclasses: both fatal and nonfatal"),
        (
            "-Xshareclasses:mprotect=some",
            "-Xshareclasses: mprotect=some: must be one of default, all, none, partialpagesonstartup, onfind, nopartialpages",
        ),
        ("-Xshareclasses:expire=-1", "-Xshareclasses: expire=-1: must be a non-negative integer"),
        ("-Xshareclassesfoo", "-Xshareclassesfoo: write -Xshareclasses:<sub-option>[,<sub-option>...]"),
    ],
)
def test_bad_shareclasses(option: str, problem: str) -> None:
    assert shareclasses(option) == [problem]


@pytest.mark.parametrize("name", ["zowe_gateway", "c%u", "g%g-1", "x" * 64])
def test_good_cache_names(name: str) -> None:
    assert cache_name_problems(name) == []


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "cache name is empty"),
        ("x" * 65, f"cache name {'x' * 65!r} is 65 characters; at most 64"),
        ("a/b", "cache name 'a/b' contains / (not allowed: / \\ $ & * £ = ?)"),
        ("a$b&c", "cache name 'a$b&c' contains $ & (not allowed: / \\ $ & * £ = ?)"),
        ("£?", "cache name '£?' contains £ ? (not allowed: / \\ $ & * £ = ?)"),
        ("a%pid", "cache name 'a%pid' uses '%p'; only %u (user) and %g (group) are substituted"),
        ("a%", "cache name 'a%' uses '%'; only %u (user) and %g (group) are substituted"),
    ],
)
def test_bad_cache_names(name: str, problem: str) -> None:
    assert cache_name_problems(name) == [problem]


@pytest.mark.parametrize("perm", ["700", "0700", "0755", "0777", "1700", "1777", "0000", "1000", "000"])
def test_good_cache_dir_perm(perm: str) -> None:
    assert cache_dir_perm_problems(perm) == []


@pytest.mark.parametrize(
    ("perm", "problem"),
    [
        ("0600", "cacheDirPerm=0600: must be in 0700-0777 or 1700-1777 (or 0000 / 1000)"),
        ("2770", "cacheDirPerm=2770: must be in 0700-0777 or 1700-1777 (or 0000 / 1000)"),
        ("0800", "cacheDirPerm=0800: must be 3 or 4 octal digits"),
        ("77", "cacheDirPerm=77: must be 3 or 4 octal digits"),
        ("01770", "cacheDirPerm=01770: must be 3 or 4 octal digits"),
    ],
)
def test_bad_cache_dir_perm(perm: str, problem: str) -> None:
    assert cache_dir_perm_problems(perm) == [problem]


@pytest.mark.parametrize(
    "option",
    [
        "-Xdump:java:events=user,file=/u/javacore.%job.%jobid.%asid.%sysname.%Y%m%d.%H%M%S.%pid.%seq.txt",
        "-Xdump:heap+java:events=vmstart+vmstop",
        "-Xdump:system:events=systhrow,filter=java/lang/OutOfMemoryError,range=1..4,priority=999",
        "-Xdump:none",
        "-Xdump:java:none",
        "-Xdump:directory=/tmp/dumps",
        "-Xdump:what",
    ],
)
def test_good_xdump(option: str) -> None:
    assert xdump(option) == []


@pytest.mark.parametrize(
    ("option", "problem"),
    [
        (
            "-Xdump:javacore:events=user",
            "-Xdump:javacore: unknown dump agent 'javacore' (known: stack, console, system, tool, java, heap, snap, ceedump, jit, exit)",
        ),
        ("-Xdump:java:events=usr", "-Xdump:java: unknown event 'usr'"),
        ("-Xdump:java:file=/a/%q", "-Xdump:java: unknown token %q in '/a/%q'"),
        ("-Xdump:java:when=now", "-Xdump:java: unknown sub-option 'when'"),
        ("-Xdump:java:events=", "-Xdump:java: events needs a value"),
        ("-Xdump:java:priority=1000", "-Xdump:java: priority=1000: must be 0-999"),
        ("-Xdump:help", "-Xdump:help: prints help and the JVM exits"),
        ("-Xdump:events", "-Xdump:events: prints help and the JVM exits"),
    ],
)
def test_bad_xdump(option: str, problem: str) -> None:
    [found] = xdump(option)
    assert found.startswith(problem)


def test_tokens() -> None:
    assert token_problems("core.%Y%m%d.%H%M%S.%pid.%seq.%tick.%uid.%home.%last.%jobid.%job.%asid.%sysname.dmp") == []
    assert len(token_problems("%x and %z")) == 2


@pytest.mark.parametrize(
    ("option", "problems"),
    [
        ("-Xverbosegclog", []),
        ("-Xverbosegclog:/logs/gc.%pid.txt", []),
        ("-Xverbosegclog:/logs/gc.txt,5,1000", []),
        (
            "-Xverbosegclog:/logs/gc.txt,5",
            ["-Xverbosegclog: give both the number of files and the GC cycles per file, or neither"],
        ),
        (
            "-Xverbosegclog:/logs/gc.txt,0,10m",
            ["-Xverbosegclog: files (0) and GC cycles per file (10m) must be positive integers"],
        ),
        ("-Xverbosegclog:,1,1", ["-Xverbosegclog: file name is empty"]),
        ("-Xverbosegclogx", ["-Xverbosegclogx: write -Xverbosegclog[:<file>[,<files>,<cycles>]]"]),
    ],
)
def test_verbosegclog(option: str, problems: list[str]) -> None:
    assert verbosegclog(option) == problems


@pytest.mark.parametrize(("option", "ok"), [("-XcompilationThreads1", True), ("-XcompilationThreads15", True),
                                            ("-XcompilationThreads0", False), ("-XcompilationThreads16", False),
                                            ("-XcompilationThreads", False)])  # fmt: skip
def test_compilation_threads(option: str, ok: bool) -> None:
    assert (compilation_threads(option) == []) is ok


@pytest.mark.parametrize(("option", "ok"), [("-Xjit", True), ("-Xjit:count=0", True), ("-Xjit:count=1000,optlevel=hot", True),
                                            ("-Xjit:count=x", False), ("-Xjit:count", False)])  # fmt: skip
def test_xjit(option: str, ok: bool) -> None:
    assert (xjit(option) == []) is ok


@pytest.mark.parametrize(
    ("option", "ok"), [("-Xtune:virtualized", True), ("-Xtune:throughput", True), ("-Xtune:fast", False)]
)
def test_xtune(option: str, ok: bool) -> None:
    assert (xtune(option) == []) is ok

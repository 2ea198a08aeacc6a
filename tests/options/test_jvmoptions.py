"""Option families, dialect rules, size syntax and the rules across options."""

from __future__ import annotations

import pytest

from jopt.options.jvmoptions import dialect_problems, family, option_problems, relation_problems, size_of, sized


@pytest.mark.parametrize(
    ("option", "name"),
    [
        ("-Xmx1g", "-Xmx"),
        ("-Xms512m", "-Xms"),
        ("-Xmn64m", "-Xmn"),
        ("-Xmns16m", "-Xmns"),
        ("-Xscmx128m", "-Xscmx"),
        ("-Xss1m", "-Xss"),
        ("-Dfoo.bar=a b", "-Dfoo.bar"),
        ("-Dflag", "-Dflag"),
        ("-XX:+UseCompressedOops", "-XX:UseCompressedOops"),
        ("-XX:-UseCompressedOops", "-XX:UseCompressedOops"),
        ("-XX:SharedCacheHardLimit=256m", "-XX:SharedCacheHardLimit"),
        ("-Xquickstart", "startup mode (-Xquickstart / -Xtune:virtualized)"),
        ("-Xtune:virtualized", "startup mode (-Xquickstart / -Xtune:virtualized)"),
        ("-Xdump:java:events=user", "-Xdump:java"),
        ("-Xdump:none", "-Xdump:none"),
        ("-Xdump:directory=/tmp", "-Xdump:directory"),
        ("-XcompilationThreads4", "-XcompilationThreads"),
        ("-Xshareclasses:name=x", "-Xshareclasses"),
        ("-Xverbosegclog:/x,1,2", "-Xverbosegclog"),
        ("-Xhealthcenter:level=headless", "-Xhealthcenter"),
        ("-Xjit:count=0", "-Xjit"),
        ("-verbose:gc", "-verbose"),
    ],
)
def test_family(option: str, name: str) -> None:
    assert family(option) == name


def test_sized() -> None:
    assert sized("-Xmx1g") == ("-Xmx", "1g")
    assert sized("-Xmx") == ("-Xmx", "")
    assert sized("-Xmixed") is None
    assert sized("-Xscmx64m") == ("-Xscmx", "64m")


@pytest.mark.parametrize(
    "option", ["-XshowSettings", "-XshowSettings:all", "-Xoptionsfile=/a", "-version", "-Xcheck:memory:all"]
)
def test_forbidden_in_openj9_options_file(option: str) -> None:
    assert len(dialect_problems(option, "openj9")) == 1
    assert dialect_problems(option, "hotspot") == []


@pytest.mark.parametrize("option", ["-Xversion", "-Xcheck:jni", "-Xnocompressedrefs", "-helpful"])
def test_lookalikes_are_not_forbidden(option: str) -> None:
    assert dialect_problems(option, "openj9") == []


@pytest.mark.parametrize(
    "option", ["-Xshareclasses", "-Xscmx64m", "-XX:SharedCacheHardLimit=1g", "-Xhealthcenter", "-Xquickstart",
               "-Xtune:virtualized", "-Xdump:java", "-Xjit:count=1", "-XcompilationThreads2", "-Xverbosegclog:/x"],
)  # fmt: skip
def test_openj9_options_on_hotspot(option: str) -> None:
    [problem] = dialect_problems(option, "hotspot")
    assert problem.endswith("is an OpenJ9 option; a HotSpot JVM would refuse to start")
    assert option_problems(option, "hotspot") == [problem]


@pytest.mark.parametrize("option", ["-Xmx1g", "-Xms512m", "-Dx=y", "-XX:+UseG1GC", "-Xss2m"])
def test_common_options_are_fine_on_both(option: str) -> None:
    assert option_problems(option, "openj9") == option_problems(option, "hotspot") == []


@pytest.mark.parametrize("option", ["-Xmx1.5g", "-Xms", "-Xmx1gb", "-Xscmx10mb", "-XX:SharedCacheHardLimit=1.5g"])
def test_bad_sizes(option: str) -> None:
    [problem] = option_problems(option, "openj9")
    assert problem.startswith(f"{option}: ") and "is not a size" in problem


def test_not_an_option() -> None:
    assert option_problems("Xmx1g", "openj9") == ["'Xmx1g' is not an option (options start with '-')"]


def test_rightmost_size_wins() -> None:
    assert size_of(["-Xmx1g", "-Xmx2g"], "-Xmx") == 2 * 1024**3
    assert size_of(["-Xms1g"], "-Xmx") is None
    assert size_of(["-XX:SharedCacheHardLimit=64m"], "-XX:SharedCacheHardLimit") == 64 * 1024**2


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["-Xms2g", "-Xmx1g"], [(("-Xms", "-Xmx"), "-Xms (2g) is larger than -Xmx (1g)")]),
        (["-Xms1g", "-Xmx1g", "-Xmn2g"], [(("-Xmn", "-Xmx"), "-Xmn (2g) is larger than -Xmx (1g)")]),
        (
            ["-Xscmx256m", "-XX:SharedCacheHardLimit=128m"],
            [(("-Xscmx", "-XX:SharedCacheHardLimit"), "-Xscmx (256m) is larger than -XX:SharedCacheHardLimit (128m)")],
        ),
        (
            ["-Xquickstart", "-Xtune:virtualized"],
            [
                (
                    ("startup mode (-Xquickstart / -Xtune:virtualized)",),
                    "-Xquickstart and -Xtune:virtualized are mutually exclusive; choose one",
                )
            ],
        ),
        (["-Xms2g", "-Xmx1g", "-Xmx4g"], []),
        (["-Xms1g", "-Xmx1g"], []),
        (["-Xms2g"], []),
    ],
)
def test_relations(options: list[str], expected: list[tuple[tuple[str, ...], str]]) -> None:
    assert relation_problems(options) == expected

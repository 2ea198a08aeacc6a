"""What jopt knows about JVM options: families, dialects and the rules each option follows. Pure.

Every check returns a list of one-line problems (empty when the option is fine), so that a
render can report all of them at once. Sources: the Eclipse OpenJ9 documentation
(-Xoptionsfile, -Xshareclasses, -Xdump, -Xverbosegclog, -XcompilationThreads, -Xjit).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jopt.options import openj9rules, optionsfile, sizes

DIALECTS = ("openj9", "hotspot")

#: OpenJ9 refuses these inside an options file (-Xoptionsfile documentation).
FORBIDDEN_IN_OPENJ9_FILE = (
    "-XshowSettings", "-Xoptionsfile", "-Xcompressedrefs", "-version", "-showversion",
    "-fullversion", "-help", "-assert", "-Xcheck:memory",
)  # fmt: skip

#: OpenJ9 options that a HotSpot JVM does not have (it refuses to start with them).
OPENJ9_ONLY = (
    "-Xshareclasses", "-Xscmx", "-Xscminaot", "-Xscmaxaot", "-Xscminjitdata", "-Xscmaxjitdata",
    "-XX:SharedCacheHardLimit", "-Xhealthcenter", "-Xverbosegclog", "-Xdump", "-Xquickstart",
    "-Xtune", "-Xjit", "-Xaot", "-XcompilationThreads", "-Xgcpolicy", "-Xgcthreads", "-Xmns",
    "-Xmnx", "-Xmos", "-Xmox", "-Xsoftmx", "-Xtrace", "-Xlp", "-Xcodecache", "-Xsyslog",
)  # fmt: skip

#: Options whose value is a size written straight after the name (-Xmx512m), longest first.
SIZED = ("-Xscminjitdata", "-Xscmaxjitdata", "-Xscminaot", "-Xscmaxaot", "-Xsoftmx", "-Xscmx",
         "-Xmns", "-Xmnx", "-Xmos", "-Xmox", "-Xmso", "-Xms", "-Xmx", "-Xmn", "-Xss")  # fmt: skip

_STARTUP_FAMILY = "startup mode (-Xquickstart / -Xtune:virtualized)"


def _named(option: str, name: str) -> bool:
    """`option` is `name` itself or `name` followed by `:`, `=` or a digit."""
    if not option.startswith(name):
        return False
    rest = option[len(name) :]
    return rest == "" or rest[0] in ":=" or rest[0].isdigit()


def sized(option: str) -> tuple[str, str] | None:
    """("-Xmx", "512m") for a sized option, else None."""
    for name in SIZED:
        if option.startswith(name) and (option[len(name) :][:1].isdigit() or option == name):
            return name, option[len(name) :]
    return None


def family(option: str) -> str:
    """The setting an option belongs to: two options of one family set the same thing."""
    if option.startswith("-D"):
        return "-D" + option[2:].split("=", 1)[0]
    if option.startswith("-XX:"):
        return "-XX:" + re.split(r"[=]", option[4:].lstrip("+-"), maxsplit=1)[0]
    if sized(option):
        return sized(option)[0]  # type: ignore[index]
    if option == "-Xquickstart" or option.startswith("-Xtune:"):
        return _STARTUP_FAMILY
    if option.startswith("-Xdump:"):
        return "-Xdump:" + option[7:].split(":", 1)[0].split("=", 1)[0]
    if option.startswith("-XcompilationThreads"):
        return "-XcompilationThreads"
    return re.split(r"[:=]", option, maxsplit=1)[0]


def dialect_problems(option: str, dialect: str) -> list[str]:
    if dialect == "openj9":
        for name in FORBIDDEN_IN_OPENJ9_FILE:
            if _named(option, name):
                return [f"{option}: OpenJ9 does not allow {name} inside an options file"]
        return []
    for name in OPENJ9_ONLY:
        if _named(option, name):
            return [f"{option}: {name} is an OpenJ9 option; a HotSpot JVM would refuse to start"]
    return []


def size_problems(option: str) -> list[str]:
    found = sized(option)
    if found is None:
        if option.startswith("-XX:SharedCacheHardLimit="):
            found = ("-XX:SharedCacheHardLimit=", option.split("=", 1)[1])
        else:
            return []
    try:
        sizes.parse(found[1])
    except sizes.SizeError as error:
        return [f"{option}: {error}"]
    return []


def size_of(options: list[str], name: str) -> int | None:
    """The value the JVM takes for sized option `name`: the rightmost one wins."""
    value = None
    for option in options:
        if name == "-XX:SharedCacheHardLimit" and option.startswith(name + "="):
            value = option.split("=", 1)[1]
        elif (sized(option) or ("", ""))[0] == name:
            value = sized(option)[1]  # type: ignore[index]
    return sizes.parse(value) if value is not None and sizes.is_size(value) else None


def relation_problems(options: list[str]) -> list[tuple[tuple[str, ...], str]]:
    """Checks across options, each with the families involved: Xms <= Xmx, Xmn <= Xmx,
    Xscmx <= SharedCacheHardLimit, and at most one start-up mode."""
    problems: list[tuple[tuple[str, ...], str]] = []
    pairs = (("-Xms", "-Xmx"), ("-Xmn", "-Xmx"), ("-Xscmx", "-XX:SharedCacheHardLimit"))
    for small, large in pairs:
        low, high = size_of(options, small), size_of(options, large)
        if low is not None and high is not None and low > high:
            problems.append(
                ((small, large), f"{small} ({sizes.show(low)}) is larger than {large} ({sizes.show(high)})")
            )
    modes = sorted({o for o in options if family(o) == _STARTUP_FAMILY})
    if len(modes) > 1:
        problems.append(((_STARTUP_FAMILY,), f"{' and '.join(modes)} are mutually exclusive; choose one"))
    return problems


def option_problems(option: str, dialect: str) -> list[str]:
    """Everything wrong with one option for `dialect`."""
    if not option.startswith("-"):
        return [f"{option!r} is not an option (options start with '-')"]
    wrong_dialect = dialect_problems(option, dialect)
    if wrong_dialect:
        return wrong_dialect
    problems = size_problems(option)
    checks: dict[str, Callable[[str], list[str]]] = openj9rules.CHECKS
    for name, check in checks.items():
        if _named(option, name):
            problems += check(option)
    return problems


def file_problems(option: str, dialect: str) -> list[str]:
    """One option's own rules, and whether a file of `dialect` can hold it: what render checks
    of each option it writes, and status of each option in a file on disk (`jopt.options.lint`)."""
    problems = option_problems(option, dialect)
    unwritable = optionsfile.openj9_problem(option) if dialect == "openj9" and option.startswith("-") else None
    return [*problems, f"{option!r} {unwritable}"] if unwritable else problems

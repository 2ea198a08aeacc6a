"""Which options win: a JVM command line after the JVM's own rules. Pure.

The rules (Eclipse OpenJ9 documentation, "Command-line options": rightmost options have
precedence; JDK `java` launcher for `@argfiles`):

* One setting per family, the rightmost wins: `-D` per property key, `-XX:+/-Flag` and
  `-XX:Flag=` per flag, `-Xms`, `-Xmx`, `-Xmn`, `-Xss` (and the other sized options) per
  name, and any other option per its name before `:` or `=`.
* `-Xshareclasses`: only the last one counts (its sub-options are not merged with an
  earlier one's; `-Xshareclasses:none` at the end switches sharing off).
* Options that add rather than set accumulate: `-Xdump` agents, `--add-opens` and its
  relatives, `-javaagent`/`-agentlib`/`-agentpath`, `-verbose:`.
* `-Xoptionsfile=<file>` (OpenJ9) is read in its place, as if its options were written
  there; an options file may not hold `-Xoptionsfile` itself (OpenJ9 does not read
  options files recursively), nor the options OpenJ9 refuses there. `@<file>` (the
  launcher, any JDK 9 or later) is expanded in its place; an `@file` inside it is
  not expanded but passed on as an argument.
* The JVM's options end at `-jar` or the main class; what follows is the application's.

Also `shared_cache`: the class cache the JVM will really use (for start-up checks).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import PurePosixPath
from typing import NamedTuple

from jopt.options import jvmoptions, optionsfile

#: Options whose every occurrence applies (they add, they do not set).
ACCUMULATING = ("-Xdump", "--add-opens", "--add-exports", "--add-reads", "--add-modules",
                "-javaagent", "-agentlib", "-agentpath", "-verbose")  # fmt: skip
#: Launcher options whose value is the next word.
TAKES_VALUE = ("-cp", "-classpath", "--class-path", "-p", "--module-path", "--upgrade-module-path",
               "--add-opens", "--add-exports", "--add-reads", "--add-modules", "--limit-modules",
               "--patch-module")  # fmt: skip
OPTIONS_FILE = "-Xoptionsfile="
ZOS_CACHE_DIR = "/tmp/javasharedresources"
DEFAULT_CACHE_NAME = "sharedcc_%u"


class Arg(NamedTuple):
    """One argument of the JVM's command line and where it comes from."""

    option: str  # as written (shell variables as written)
    value: str  # as the JVM gets it, with the known values put in
    file: str  # where it is written: start.sh, apiml-common-scripts.sh, java.options.GW, zowe.yaml
    line: int | None = None  # 1-based
    source: str = "script"  # script, options file, zowe.yaml
    via: str = ""  # how it reached the command line, e.g. "${SHARED_CLASSES_OPTS} at start.sh line 48"
    condition: str = ""  # "on z/OS", "when [ ... ]": the script adds it only then
    certain: bool = True  # False: whether it is there depends on something not known here
    keys: tuple[str, ...] = ()  # zowe.yaml keys that set its variable parts
    defaulted: bool = False  # a variable's `:-default` was used
    slot: str = ""  # jopt's way onto the command line: "hook" or "native" (zowe.yaml)
    exact: bool = True  # False: `value` still holds a variable nobody knows here

    @property
    def where(self) -> str:
        if self.line:
            return f"{self.file} line {self.line}"
        return f"{self.file} {self.keys[0]}" if self.source == "zowe.yaml" and self.keys else self.file

    def as_dict(self) -> dict[str, object]:
        return {
            "option": self.option, "value": self.value, "file": self.file, "line": self.line,
            "source": self.source, "via": self.via or None, "condition": self.condition or None,
            "certain": self.certain, "zowe_keys": list(self.keys), "defaulted": self.defaulted,
            "slot": self.slot or None, "exact": self.exact,
        }  # fmt: skip


class Row(NamedTuple):
    """Every argument of one option family, in command-line order."""

    family: str
    rule: str  # "last": the rightmost wins; "all": each applies
    args: tuple[Arg, ...]

    @property
    def winner(self) -> Arg | None:
        return self.args[-1] if self.rule == "last" else None

    @property
    def overridden(self) -> tuple[Arg, ...]:
        return self.args[:-1] if self.rule == "last" else ()


class Problem(NamedTuple):
    arg: Arg
    message: str


class Expanded(NamedTuple):
    args: tuple[Arg, ...]  # options files replaced by their options (the file argument kept first)
    problems: tuple[Problem, ...]


class SharedCache(NamedTuple):
    """The shared class cache a JVM uses: from the last -Xshareclasses."""

    name: str
    cache_dir: str | None  # None: not given, and the platform's default is not known here
    persistence: str  # persistent or nonpersistent
    option: Arg  # the -Xshareclasses that decides
    defaults: tuple[str, ...]  # which of name, cacheDir, persistence are the JVM's defaults


class Loss(NamedTuple):
    arg: Arg  # the option that loses
    winner: Arg  # what it loses to


# --- families ----------------------------------------------------------------------------


def family(value: str) -> tuple[str, str]:
    """(family, rule) of an option as the JVM gets it."""
    name = re.split(r"[:=]", value, maxsplit=1)[0]
    if value.startswith("--") and " " in value:
        name = value.split(" ", 1)[0]
    if name in ACCUMULATING:
        return name, "all"
    if value.startswith(OPTIONS_FILE) or value.startswith("@"):
        return ("-Xoptionsfile" if value.startswith(OPTIONS_FILE) else "@argfile"), "all"
    if value == "-Xquickstart":
        return value, "last"
    if value.startswith("-Xtune:"):
        return "-Xtune", "last"
    if value.startswith(("-D", "-XX:")) or jvmoptions.sized(value):
        return jvmoptions.family(value), "last"
    return name, "last"


def jvm_part(args: Sequence[Arg]) -> tuple[list[Arg], list[Arg]]:
    """The JVM's options, and the rest from `-jar` or the main class on."""
    jvm: list[Arg] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg.value in ("-jar", "-m", "--module") or not arg.value.startswith(("-", "@")):
            return jvm, list(args[index:])
        if arg.value in TAKES_VALUE and index + 1 < len(args):
            nxt = args[index + 1]
            arg = arg._replace(option=f"{arg.option} {nxt.option}", value=f"{arg.value} {nxt.value}")
            index += 1
        jvm.append(arg)
        index += 1
    return jvm, []


# --- options files -----------------------------------------------------------------------


def _file_args(arg: Arg, path: str, located: list[tuple[str, int]]) -> list[Arg]:
    name = PurePosixPath(path).name
    via = f"{'-Xoptionsfile' if arg.value.startswith(OPTIONS_FILE) else '@' + name} at {arg.where}"
    return [
        Arg(option, option, name, line, "options file", via, arg.condition, arg.certain, slot=arg.slot)
        for option, line in located
    ]


def _openj9_file(arg: Arg, text: str, path: str) -> tuple[list[Arg], list[Problem]]:
    found = _file_args(arg, path, optionsfile.parse_openj9_located(text))
    kept, problems = [], []
    for inner in found:
        refused = next((n for n in jvmoptions.FORBIDDEN_IN_OPENJ9_FILE if jvmoptions._named(inner.value, n)), None)
        if refused == "-Xoptionsfile":
            problems.append(Problem(inner, "OpenJ9 does not read an options file named inside an options file"))
        elif refused:
            problems.append(Problem(inner, f"OpenJ9 does not allow {refused} inside an options file"))
        else:
            kept.append(inner)
    return kept, problems


def _argfile(arg: Arg, text: str, path: str) -> tuple[list[Arg], list[Problem]]:
    found = _file_args(arg, path, optionsfile.parse_argfile_located(text))
    problems = [
        Problem(a, "an @file inside an argument file is not expanded: the launcher passes it on as it is")
        for a in found
        if a.value.startswith("@")
    ]
    return found, problems


def expand(args: Iterable[Arg], read: Callable[[str], str | None], dialect: str = "openj9") -> Expanded:
    """The command line with every options file read in its place. `read(path)`: the file's
    text, or None when it does not exist."""
    out: list[Arg] = []
    problems: list[Problem] = []
    for arg in args:
        out.append(arg)
        is_optfile = arg.value.startswith(OPTIONS_FILE)
        if not (is_optfile or arg.value.startswith("@")):
            continue
        path = arg.value[len(OPTIONS_FILE) :] if is_optfile else arg.value[1:]
        if is_optfile and dialect == "hotspot":
            problems.append(Problem(arg, "a HotSpot JVM does not know -Xoptionsfile and does not start"))
            continue
        text = read(path)
        if text is None:
            why = "the JVM does not start" if is_optfile else "the launcher stops with an error"
            problems.append(Problem(arg, f"{path} does not exist: {why}"))
            continue
        inner, found = (_openj9_file if is_optfile else _argfile)(arg, text, path)
        out += inner
        problems += found
    return Expanded(tuple(out), tuple(problems))


# --- who wins ----------------------------------------------------------------------------


def resolve(args: Iterable[Arg]) -> list[Row]:
    """One row per family, in the order the families first appear."""
    grouped: dict[str, list[Arg]] = {}
    rules: dict[str, str] = {}
    for arg in args:
        name, rule = family(arg.value)
        grouped.setdefault(name, []).append(arg)
        rules[name] = rule
    return [Row(name, rules[name], tuple(found)) for name, found in grouped.items()]


def losses(rows: Iterable[Row], mine: Callable[[Arg], bool]) -> list[Loss]:
    """The options `mine` picks out that something later overrides."""
    found = []
    for row in rows:
        winner = row.winner
        if winner is None:
            continue
        found += [Loss(arg, winner) for arg in row.overridden if mine(arg) and arg.value != winner.value]
    return found


def wins_over(rows: Iterable[Row], mine: Callable[[Arg], bool]) -> list[Loss]:
    """The options of others that an option `mine` picks out overrides (the `arg` of each
    Loss is the other's option, `winner` the chosen one)."""
    found = []
    for row in rows:
        winner = row.winner
        if winner is None or not mine(winner):
            continue
        found += [Loss(arg, winner) for arg in row.overridden if not mine(arg)]
    return found


# --- the shared class cache --------------------------------------------------------------


def _suboptions(value: str) -> list[tuple[str, str | None]]:
    body = value[len("-Xshareclasses") :].lstrip(":")
    items: list[tuple[str, str | None]] = []
    for item in body.split(",") if body else []:
        key, eq, rest = item.partition("=")
        items.append((key.lower(), rest if eq else None))
    return items


def shared_cache(args: Iterable[Arg], zos: bool = True) -> SharedCache | None:
    """The shared class cache of the JVM these arguments start, from the last -Xshareclasses
    (OpenJ9 uses only that one): its name, directory and persistence, each the JVM's default
    when not given (name "sharedcc_%u"; on z/OS directory /tmp/javasharedresources and a
    non-persistent cache, persistent only when asked for). None when there is no -Xshareclasses or the last one switches
    sharing off (`none`, `utilities`); OpenJ9 then shares bootstrap classes only, in its own
    default cache.

    `args`: the JVM's arguments, options files expanded (`expand`); for an explanation's rows,
    the "-Xshareclasses" row's winner decides the same way.
    """
    last = None
    for arg in args:
        if arg.value == "-Xshareclasses" or arg.value.startswith("-Xshareclasses:"):
            last = arg
    if last is None:
        return None
    items = dict(_suboptions(last.value))
    if "none" in items or "utilities" in items:
        return None
    defaults = []
    name = items.get("name")
    if not name:
        name, defaults = DEFAULT_CACHE_NAME, ["name"]
    cache_dir = items.get("cachedir")
    if not cache_dir:
        cache_dir, defaults = (ZOS_CACHE_DIR if zos else None), defaults + ["cacheDir"]
    given = [key for key in items if key in ("persistent", "nonpersistent")]
    if given:
        persistence = given[-1]
    else:  # the default: non-persistent on z/OS (persistent ones from OpenJ9 0.40.0 on), else persistent
        persistence, defaults = ("nonpersistent" if zos else "persistent"), defaults + ["persistence"]
    return SharedCache(name, cache_dir, persistence, last, tuple(defaults))

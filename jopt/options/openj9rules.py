"""The rules of OpenJ9's compound options, one check per option. Pure: option in, problems out.

From the Eclipse OpenJ9 documentation: -Xshareclasses sub-options, cache names and
cacheDirPerm; -Xdump agents, events and file tokens (z/OS ones included); -Xverbosegclog;
-XcompilationThreads; -Xjit:count; -Xtune.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: -Xshareclasses sub-options that configure a running JVM (lower case; OpenJ9 ignores case).
SHARECLASSES_FLAGS = frozenset(s.lower() for s in (
    "allowClasspaths", "bootClassesOnly", "cacheRetransformed", "checkURLTimestamps", "createLayer",
    "disableBCI", "enableBCI", "fatal", "groupAccess", "noaot", "noBootclasspath", "noTimestampChecks",
    "nocheckURLTimestamps", "nojitdata", "none", "nonfatal", "nonpersistent", "noPersistentDiskSpaceCheck",
    "persistent", "readonly", "reset", "restrictClasspaths", "silent", "utilities", "verbose", "verboseAOT",
    "verboseHelper", "verboseIO",
))  # fmt: skip
SHARECLASSES_VALUED = frozenset(s.lower() for s in (
    "name", "cacheDir", "cacheDirPerm", "modified", "expire", "layer", "extraStartupHints", "mprotect",
))  # fmt: skip
#: Cache utilities: the JVM runs them and exits instead of starting the component.
SHARECLASSES_UTILITIES = frozenset(s.lower() for s in (
    "adjustmaxaot", "adjustminaot", "adjustmaxjitdata", "adjustminjitdata", "adjustsoftmx", "destroy",
    "destroyAll", "destroyAllLayers", "destroyAllSnapshots", "destroySnapshot", "findAotMethods", "help",
    "invalidateAotMethods", "listAllCaches", "printAllStats", "printDetails", "printStats",
    "printTopLayerStats", "restoreFromSnapshot", "revalidateAotMethods", "snapshotCache",
))  # fmt: skip
_CONTRADICTIONS = (("fatal", "nonfatal"), ("persistent", "nonpersistent"), ("enablebci", "disablebci"))
CACHE_NAME_MAX = 64
CACHE_NAME_FORBIDDEN = "/\\$&*£=?"
_MPROTECT = ("default", "all", "none", "partialpagesonstartup", "onfind", "nopartialpages")

DUMP_AGENTS = ("stack", "console", "system", "tool", "java", "heap", "snap", "ceedump", "jit", "exit")
DUMP_EVENTS = (
    "gpf", "user", "user2", "abort", "vmstart", "vmstop", "load", "unload", "throw", "catch", "uncaught",
    "systhrow", "thrstart", "blocked", "thrstop", "fullgc", "slow", "allocation", "traceassert",
    "corruptcache", "excessivegc",
)  # fmt: skip
DUMP_SUBOPTIONS = ("events", "exec", "file", "filter", "msg_filter", "opts", "priority", "range", "request")
DUMP_GLOBAL = ("none", "dynamic", "nofailover", "what")
DUMP_EXITING = ("help", "events", "request", "tokens")
#: Dump agent tokens, longest first; %asid %job %jobid %sysname (and &DS) are z/OS only.
DUMP_TOKENS = ("sysname", "jobid", "home", "last", "tick", "asid", "job", "pid", "seq", "uid",
               "Y", "y", "m", "d", "H", "M", "S")  # fmt: skip
COMPILATION_THREADS = (1, 15)
TUNE_VALUES = ("virtualized", "throughput")


def _split_suboptions(value: str) -> list[tuple[str, str | None]]:
    pairs: list[tuple[str, str | None]] = []
    for item in value.split(","):
        key, eq, rest = item.partition("=")
        pairs.append((key, rest if eq else None))
    return pairs


def cache_name_problems(name: str) -> list[str]:
    problems = []
    if not name:
        problems.append("cache name is empty")
    if len(name) > CACHE_NAME_MAX:
        problems.append(f"cache name {name!r} is {len(name)} characters; at most {CACHE_NAME_MAX}")
    bad = sorted({c for c in name if c in CACHE_NAME_FORBIDDEN}, key=CACHE_NAME_FORBIDDEN.index)
    if bad:
        problems.append(f"cache name {name!r} contains {' '.join(bad)} (not allowed: {' '.join(CACHE_NAME_FORBIDDEN)})")
    for token in re.findall(r"%.?", name):
        if token not in ("%u", "%g"):
            problems.append(f"cache name {name!r} uses {token!r}; only %u (user) and %g (group) are substituted")
    return problems


def cache_dir_perm_problems(value: str) -> list[str]:
    if not re.fullmatch(r"[0-7]{3,4}", value):
        return [f"cacheDirPerm={value}: must be 3 or 4 octal digits"]
    mode = int(value, 8)
    if mode in (0o000, 0o1000) or 0o700 <= mode <= 0o777 or 0o1700 <= mode <= 0o1777:
        return []
    return [f"cacheDirPerm={value}: must be in 0700-0777 or 1700-1777 (or 0000 / 1000)"]


def _shareclasses_value_problems(key: str, value: str) -> list[str]:
    if key == "name":
        return cache_name_problems(value)
    if key == "cachedirperm":
        return cache_dir_perm_problems(value)
    if key == "cachedir" and not value:
        return ["cacheDir is empty"]
    if key in ("expire", "layer", "extrastartuphints") and not value.isdigit():
        return [f"{key}={value}: must be a non-negative integer"]
    if key == "mprotect" and value not in _MPROTECT:
        return [f"mprotect={value}: must be one of {', '.join(_MPROTECT)}"]
    return []


def _shareclasses_item_problems(key: str, value: str | None) -> list[str]:
    low = key.lower()
    shown = key if value is None else f"{key}={value}"
    if low in SHARECLASSES_UTILITIES:
        return [f"{shown} is a cache utility: the JVM would run it and exit instead of starting"]
    if low in SHARECLASSES_FLAGS:
        return [] if value is None else [f"{shown}: {key} takes no value"]
    if low in SHARECLASSES_VALUED:
        return [f"{key} needs a value ({key}=...)"] if value is None else _shareclasses_value_problems(low, value)
    return [f"unknown sub-option {key!r}"]


def shareclasses(option: str) -> list[str]:
    if option == "-Xshareclasses":
        return []
    if not option.startswith("-Xshareclasses:"):
        return [f"{option}: write -Xshareclasses:<sub-option>[,<sub-option>...]"]
    items = _split_suboptions(option[len("-Xshareclasses:") :])
    problems = [p for key, value in items for p in _shareclasses_item_problems(key, value)]
    present = {key.lower() for key, _ in items}
    problems += [f"both {a} and {b}" for a, b in _CONTRADICTIONS if a in present and b in present]
    return [f"-Xshareclasses: {p}" for p in problems]


def token_problems(text: str) -> list[str]:
    """Unknown `%` tokens in a dump or log file name."""
    problems = []
    position = text.find("%")
    while position >= 0:
        rest = text[position + 1 :]
        token = next((t for t in DUMP_TOKENS if rest.startswith(t)), None)
        if token is None:
            problems.append(f"unknown token %{rest[:1]} in {text!r} (known: {' '.join('%' + t for t in DUMP_TOKENS)})")
            token = rest[:1]
        position = text.find("%", position + 1 + len(token))
    return problems


def _dump_item_problems(key: str, value: str | None) -> list[str]:
    if key in ("none", "defaults") and value is None:
        return []
    if key not in DUMP_SUBOPTIONS:
        return [f"unknown sub-option {key!r} (known: {', '.join(DUMP_SUBOPTIONS)})"]
    if value is None or value == "":
        return [f"{key} needs a value"]
    if key == "events":
        unknown = [e for e in value.split("+") if e not in DUMP_EVENTS]
        return [f"unknown event {e!r} (known: {', '.join(DUMP_EVENTS)})" for e in unknown]
    if key == "file":
        return token_problems(value)
    if key == "priority" and not (value.isdigit() and int(value) <= 999):
        return [f"priority={value}: must be 0-999"]
    return []


def xdump(option: str) -> list[str]:
    body = option[len("-Xdump") :].lstrip(":")
    head, _, rest = body.partition(":")
    if head in DUMP_EXITING and not rest:
        return [f"{option}: prints help and the JVM exits"]
    if head in DUMP_GLOBAL or head.startswith(("directory=", "suspendwith=")) or not head:
        return []
    problems = [
        f"unknown dump agent {a!r} (known: {', '.join(DUMP_AGENTS)})" for a in head.split("+") if a not in DUMP_AGENTS
    ]
    if rest:
        problems += [p for key, value in _split_suboptions(rest) for p in _dump_item_problems(key, value)]
    return [f"-Xdump:{head}: {p}" for p in problems]


def verbosegclog(option: str) -> list[str]:
    if option == "-Xverbosegclog":
        return []
    if not option.startswith("-Xverbosegclog:"):
        return [f"{option}: write -Xverbosegclog[:<file>[,<files>,<cycles>]]"]
    parts = option[len("-Xverbosegclog:") :].split(",")
    problems = token_problems(parts[0]) if parts[0] else ["file name is empty"]
    if len(parts) not in (1, 3):
        problems.append("give both the number of files and the GC cycles per file, or neither")
    elif len(parts) == 3 and not all(p.isdigit() and int(p) > 0 for p in parts[1:]):
        problems.append(f"files ({parts[1]}) and GC cycles per file ({parts[2]}) must be positive integers")
    return [f"-Xverbosegclog: {p}" for p in problems]


def compilation_threads(option: str) -> list[str]:
    value = option[len("-XcompilationThreads") :]
    low, high = COMPILATION_THREADS
    if value.isdigit() and low <= int(value) <= high:
        return []
    return [f"{option}: the number of JIT compilation threads must be {low}-{high} (OpenJ9 ignores other values)"]


def xjit(option: str) -> list[str]:
    body = option[len("-Xjit") :].lstrip(":")
    for key, value in _split_suboptions(body) if body else []:
        if key == "count" and (value is None or not value.isdigit()):
            return [f"{option}: count must be a non-negative integer"]
    return []


def xtune(option: str) -> list[str]:
    value = option[len("-Xtune") :].lstrip(":")
    if value in TUNE_VALUES:
        return []
    return [f"{option}: -Xtune takes {' or '.join(TUNE_VALUES)}"]


CHECKS: dict[str, Callable[[str], list[str]]] = {
    "-Xshareclasses": shareclasses,
    "-Xdump": xdump,
    "-Xverbosegclog": verbosegclog,
    "-XcompilationThreads": compilation_threads,
    "-Xjit": xjit,
    "-Xtune": xtune,
}

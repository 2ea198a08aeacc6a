"""Native mode, the pure part: does a start script take JVM options from zowe.yaml, and
which option does each `components.<id>.jvm.<NAME>` setting become.

Recent Zowe start scripts (API ML's single-JVM `apiml`) source `bin/parse_jvm_args.sh`,
which turns every environment variable `ZWE_configs_jvm_<NAME>=<VALUE>` (Zowe derives it
from zowe.yaml `components.<id>.jvm.<NAME>: <VALUE>`) into a JVM option collected in
`${CUSTOM_JVM_OPTS}` on the launch line. For such a script,
`components.<id>.jvm.Xoptionsfile: "=<file>"` gives the JVM `-Xoptionsfile=<file>` with
no script edit at all. Pure text: no file I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from jopt.script.launch import find_launches
from jopt.script.shellscan import commands

ENV_PREFIX = "ZWE_configs_jvm_"
OPTIONS_FILE_KEY = "Xoptionsfile"
TRACE_KEY = "XshowSettings"
MANAGED_KEYS = (OPTIONS_FILE_KEY, TRACE_KEY)
#: Trace in native mode: `-XshowSettings:vm`, the VM settings only (heap sizes, the VM).
#: jopt cannot mask the job log there, and `-XshowSettings` (all) prints every system
#: property, the keystore password the start script passes as -Dserver.ssl.keyStorePassword
#: included; the vm category prints no property (tests/system/test_native_trace.py).
TRACE_VALUE = ":vm"
#: What jopt set before (plain `-XshowSettings`): recognised as jopt's own and replaced.
LEGACY_TRACE_VALUE = ""

_NAME = re.compile(r"^[A-Za-z0-9_]+$")
_SOURCES_HELPER = re.compile(r"(?:^|[\s;&|(])(?:\.|source)[ \t]+[\"']?[^\s\"';&|]*\bparse_jvm_args\.sh\b")
_CUSTOM_OPTS = re.compile(r"\$\{?CUSTOM_JVM_OPTS\b")


class Capability(NamedTuple):
    """Whether a start script reads JVM options from zowe.yaml, and the evidence."""

    capable: bool
    how: str = ""


def capability(lines: tuple[str, ...] | list[str]) -> Capability:
    """Native-capable: the script sources `parse_jvm_args.sh` or has `${CUSTOM_JVM_OPTS}`
    on its Java launch line (comments do not count)."""
    lines = tuple(lines)
    text = "\n".join(lines)
    if "parse_jvm_args.sh" not in text and "CUSTOM_JVM_OPTS" not in text:
        return Capability(False)  # the common case, without scanning the script
    for command in commands(lines):
        if command.kind != "code":
            continue
        if any(_SOURCES_HELPER.search(line) for line in lines[command.first : command.last + 1]):
            return Capability(True, f"line {command.first + 1} sources parse_jvm_args.sh")
    for launch in find_launches(lines):
        for number in range(launch.first, launch.jar_line + 1):
            if _CUSTOM_OPTS.search(lines[number]):
                return Capability(True, f"line {number + 1} puts ${{CUSTOM_JVM_OPTS}} on the launch line")
    return Capability(False)


def jvm_option(name: str, value: str) -> str:
    """The JVM option that `components.<id>.jvm.<name>: <value>` becomes."""
    if name.startswith("XX_"):
        flag = name[3:]
        if value in ("", "true"):
            return f"-XX:+{flag}"
        if value == "false":
            return f"-XX:-{flag}"
        return f"-XX:{flag}={value}"
    if name.startswith("D") and len(name) > 1:
        return f"-D{name[1:].replace('_', '.')}={value}"
    return f"-{name}{value}"


def options_from_env(env: Mapping[str, str]) -> list[str]:
    """The options `parse_jvm_args.sh` appends to CUSTOM_JVM_OPTS, in C-locale name order."""
    names = sorted(k for k in env if k.startswith(ENV_PREFIX) and _NAME.match(k[len(ENV_PREFIX) :]))
    return [jvm_option(k[len(ENV_PREFIX) :], env[k]) for k in names]


def settings(options_file: str, trace: bool) -> dict[str, str]:
    """The `components.<id>.jvm` settings that point a JVM at `options_file` (and trace it)."""
    wanted = {OPTIONS_FILE_KEY: f"={options_file}"}
    if trace:
        wanted[TRACE_KEY] = TRACE_VALUE
    return wanted


def points_at(value: object, options_file: str) -> bool:
    """Whether a configured `jvm.Xoptionsfile` value gives the JVM `-Xoptionsfile=<options_file>`."""
    return isinstance(value, str) and jvm_option(OPTIONS_FILE_KEY, value) == f"-Xoptionsfile={options_file}"

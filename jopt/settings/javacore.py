"""The options an OpenJ9 JVM really used, from a javacore: the `2CIUSERARG` lines of ENVINFO.

`-XshowSettings` cannot show them all (the launcher never sees what `-Xoptionsfile`
holds, and OpenJ9 does not echo -X options); the javacore lists every option the VM was
given, in order, the options file's ones included. Get one with `kill -QUIT <pid>` (or
`F <jobname>,APPL=...` / the `-Xdump:java` agents) on the running component.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jopt.settings.reader import LogError, open_log

_USERARG = re.compile(r"^\s*2CIUSERARG\s+(?P<arg>\S.*?)\s*$")
_DATE = re.compile(r"^\s*1TIDATETIME\s+(?:Date:\s*)?(?P<when>.*?)\s*$")
_INTERNAL = re.compile(r"^(?:vfprintf|exit|abort|_port_library|_org\.[\w.]+)\b")


@dataclass
class Javacore:
    path: str
    when: str | None = None
    args: list[str] = field(default_factory=list)


def parse_lines(lines: list[str] | tuple[str, ...], path: str = "<text>") -> Javacore:
    """The user arguments (hooks like `vfprintf 0x...` left out) and the dump time."""
    core = Javacore(path)
    for text in lines:
        match = _USERARG.match(text)
        if match:
            arg = match.group("arg")
            if not _INTERNAL.match(arg):
                core.args.append(arg)
        elif core.when is None and (date := _DATE.match(text)):
            core.when = date.group("when")
    return core


def read(path: Path) -> Javacore:
    """Read a javacore file (ASCII, UTF-8 or EBCDIC); LogError if it has no 2CIUSERARG line."""
    with open_log(path) as log:
        texts = [line.text for line in log.reader if "2CIUSERARG" in line.text or "1TIDATETIME" in line.text]
    core = parse_lines(texts, str(path))
    if not core.args:
        raise LogError("no 2CIUSERARG lines: not an OpenJ9 javacore (jopt needs its ENVINFO section)", path=path)
    return core

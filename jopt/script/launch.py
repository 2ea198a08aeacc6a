"""Find the Java launch in a start script: the command whose last line is `-jar … &`.

Pure text. A Zowe Java component starts its JVM with one multi-line command joined by
` \\`, whose last physical line is `-jar <jar> &`. The hook's `${VAR} \\` line goes just
before that line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from jopt.script.shellscan import commands

_JAR_LINE = re.compile(r"^(?P<indent>[ \t]*)-jar[ \t]+\S.*[^&]&[ \t]*$")
_ONE_LINE_JAR = re.compile(r"[ \t]-jar[ \t]+\S.*[^&]&[ \t]*$")
_JAVA_WORD = re.compile(r"(?:^|[\s/}\"'=])java(?=[\s\"'\\]|$)")


@dataclass(frozen=True, slots=True)
class Launch:
    first: int  # first physical line of the java command (0-based)
    jar_line: int  # the `-jar … &` line
    indent: str  # indentation of the `-jar` line
    own_line: bool = True  # False: `-jar` shares its line with other words (not hookable)


@functools.lru_cache(maxsize=8)
def find_launches(lines: tuple[str, ...]) -> tuple[Launch, ...]:
    """Every backgrounded `java … -jar … &` command in the script, in order (cached: a
    command asks this of the same text several times)."""
    launches = []
    for command in commands(lines):
        if command.kind != "code":
            continue
        last = lines[command.last]
        if "-jar" not in last or not last.rstrip().endswith("&"):
            continue  # not a `-jar … &` line
        text = "\n".join(lines[command.first : command.last + 1])
        if not _JAVA_WORD.search(text):
            continue
        jar = _JAR_LINE.match(last)
        if jar and command.last > command.first:
            launches.append(Launch(command.first, command.last, jar.group("indent")))
        elif _ONE_LINE_JAR.search(last):
            launches.append(Launch(command.first, command.last, "", own_line=False))
    return tuple(launches)

"""What one line of a JVM's stderr is, outside the settings sections. Pure.

Section headers of -XshowSettings, the hook's trace lines, java.util.logging records
(two lines: `<date time> <class> <method>` then `LEVEL: message`), one-line warnings and
errors of the launcher and the VMs, and the version banner of `java -version`.
"""

from __future__ import annotations

import re

#: Header text -> the section it opens (summary and full forms fill the same section).
KNOWN_HEADERS = {
    "VM settings": "vm",
    "Property settings": "properties",
    "Locale settings summary": "locale",
    "Locale settings": "locale",
    "Security settings summary": "security",
    "Security settings": "security",
    "Operating System Metrics": "system",
    "System settings": "system",
}
_HEADER = re.compile(r"^(" + "|".join(re.escape(h) for h in KNOWN_HEADERS) + r"):$")
#: A header this parser does not know; it is kept as an unknown section.
_OTHER_HEADER = re.compile(r"^([A-Z][A-Za-z]*(?: [A-Za-z]+){0,4} (?:settings|Settings|Metrics)(?: summary)?):$")

ELISION = re.compile(r"^(?:\.{3,}|…)$")

_HOOK = re.compile(r"^#jopt-(run|trace|optfile|env)(?: (.*))?$")
_FIELD = re.compile(r"(\w+)=(\S*)")

JUL_HEAD = re.compile(
    r"^(?P<when>.*\d{1,2}[:.]\d{2}[:.]\d{2}.*?) (?P<source>[A-Za-z_$][\w$]*(?:\.[\w$]+)+) (?P<method>[\w$<>]+)$"
)
JUL_LEVEL = re.compile(r"^(?P<level>SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST|[A-Z]{4,10}): (?P<message>.*)$")

_WARNINGS = (
    re.compile(r"^(?P<level>WARNING): (?P<message>.*)$"),
    re.compile(r"^(?P<source>.* VM) (?P<level>warning): (?P<message>.*)$"),
    re.compile(r"^(?P<source>JVM[A-Z0-9]{2,6}?\d{3})(?P<level>W) (?P<message>.*)$"),
)
_ERRORS = re.compile(
    r"^(?:Error: .*|Unrecognized (?:VM )?option.*|Invalid (?:initial |maximum |)heap size.*"
    r"|Improperly specified VM option.*|Error occurred during initialization of VM.*"
    r"|Could not create the Java Virtual Machine.*|Exception in thread \"main\".*"
    r"|JVM[A-Z0-9]{2,6}?\d{3}E .*)$"
)

BANNER_START = re.compile(r"^(?:(?:openjdk|java) version \"[^\"]*\".*|JRE \d[\w.]* .*|IBM J9 VM \(build .*)$")
BANNER_MORE = re.compile(r"\(build [^)]*|^(?:OpenJ9|OMR|IBM|JCL|JIT|GC|J9CL)\s*-\s")


def header(stripped: str) -> tuple[str, str] | None:
    """(title, section) for a known header; ("<title>", "") for an unknown one."""
    match = _HEADER.match(stripped)
    if match:
        return match.group(1), KNOWN_HEADERS[match.group(1)]
    match = _OTHER_HEADER.match(stripped)
    return (match.group(1), "") if match else None


def hook_line(text: str) -> tuple[str, str] | None:
    """("run" | "trace" | "optfile" | "env", rest) for a line the hook wrote."""
    match = _HOOK.match(text)
    return (match.group(1), match.group(2) or "") if match else None


def marker_fields(rest: str) -> dict[str, str]:
    """The key=value fields of a `#jopt-run` marker (empty values kept)."""
    return {key: value for key, value in _FIELD.findall(rest)}


def warning(stripped: str) -> tuple[str, str, str] | None:
    """(source, level, message) for a one-line warning."""
    for pattern in _WARNINGS:
        match = pattern.match(stripped)
        if match:
            found = match.groupdict()
            return found.get("source") or "", "WARNING", found["message"]
    return None


def is_error(stripped: str) -> bool:
    return bool(_ERRORS.match(stripped))

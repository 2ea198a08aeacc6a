"""What one line of a JVM's stderr is, outside the settings sections. Pure.

Section headers of -XshowSettings, the hook's trace lines, java.util.logging records
(two lines: `<date time> <class> <method>` then `LEVEL: message`), one-line warnings and
errors of the launcher and the VMs, and the version banner of `java -version`.

Every line of a log passes through here, so each test first looks at what a match needs
(its first characters, its last one, a fixed piece) and runs a regex only on the few lines
that have it; the regexes stay the definitions.
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

#: The first line of a java.util.logging record (the definition; `jul_head` is the fast test).
JUL_HEAD = re.compile(
    r"^(?P<when>.*\d{1,2}[:.]\d{2}[:.]\d{2}.*?) (?P<source>[A-Za-z_$][\w$]*(?:\.[\w$]+)+) (?P<method>[\w$<>]+)$"
)
_JUL_SOURCE = re.compile(r"[A-Za-z_$][\w$]*(?:\.[\w$]+)+")
_JUL_METHOD = re.compile(r"[\w$<>]+")
_JUL_TIME = re.compile(r"\d[:.]\d{2}[:.]\d{2}")
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
    r"|JVM[A-Z0-9]{2,6}?\d{3}E .*|Caused by: .*)$"  # the launcher's reason after "Error: Could not find ..."
)

_BANNER_STARTS = ('openjdk version "', 'java version "', "JRE ", "IBM J9 VM (build ")
BANNER_START = re.compile(r"^(?:(?:openjdk|java) version \"[^\"]*\".*|JRE \d[\w.]* .*|IBM J9 VM \(build .*)$")
BANNER_MORE = re.compile(r"\(build [^)]*|^(?:OpenJ9|OMR|IBM|JCL|JIT|GC|J9CL)\s*-\s")


def header(stripped: str) -> tuple[str, str] | None:
    """(title, section) for a known header; ("<title>", "") for an unknown one."""
    if not stripped.endswith(":"):
        return None
    kind = KNOWN_HEADERS.get(stripped[:-1])  # what _HEADER matches
    if kind is not None:
        return stripped[:-1], kind
    match = _OTHER_HEADER.match(stripped)
    return (match.group(1), "") if match else None


#: A line of Property settings whose header was lost: a JVM property everyone has.
_BARE_PROPERTY = re.compile(r"^(?:java|jdk|sun|os|user|file|line|path|awt|ibm|com\.ibm|openj9)\.[A-Za-z0-9._-]+ = ")


def bare_property(stripped: str) -> bool:
    """A `key = value` line of a JVM property (java.home, os.name ...), as pasted without
    the "Property settings:" header above it."""
    return bool(_BARE_PROPERTY.match(stripped))


def hook_line(text: str) -> tuple[str, str] | None:
    """("run" | "trace" | "optfile" | "env", rest) for a line the hook wrote."""
    match = _HOOK.match(text) if text.startswith("#jopt-") else None
    return (match.group(1), match.group(2) or "") if match else None


def marker_fields(rest: str) -> dict[str, str]:
    """The key=value fields of a `#jopt-run` marker (empty values kept)."""
    return {key: value for key, value in _FIELD.findall(rest)}


def is_banner_start(stripped: str) -> bool:
    """The first line of the `java -version` banner."""
    return stripped.startswith(_BANNER_STARTS) and bool(BANNER_START.match(stripped))


def is_elision(stripped: str) -> bool:
    """ "..." or "…": lines left out by whoever pasted the text."""
    return stripped[:1] in (".", "…") and bool(ELISION.match(stripped))


def jul_head(stripped: str) -> str | None:
    """ "<source> <method>" when the line is what JUL_HEAD matches, else None.

    Source and method hold no space, so they are the last two words; the time is before them.
    """
    if "." not in stripped:  # the source has one
        return None
    words = stripped.rsplit(" ", 2)
    if len(words) < 3 or not _JUL_METHOD.fullmatch(words[2]) or not _JUL_SOURCE.fullmatch(words[1]):
        return None
    return f"{words[1]} {words[2]}" if _JUL_TIME.search(words[0]) else None


def warning(stripped: str) -> tuple[str, str, str] | None:
    """(source, level, message) for a one-line warning."""
    if stripped.startswith("WARNING: "):
        return "", "WARNING", stripped[len("WARNING: ") :]
    for pattern in _WARNINGS[1:] if " VM warning: " in stripped or stripped.startswith("JVM") else ():
        match = pattern.match(stripped)
        if match:
            return match.group("source"), "WARNING", match.group("message")
    return None


_ERROR_STARTS = ("Error", "Unrecognized ", "Invalid ", "Improperly ", "Could not ", "Exception in ", "JVM",
                 "Caused by: ")  # fmt: skip


def is_error(stripped: str) -> bool:
    return stripped.startswith(_ERROR_STARTS) and bool(_ERRORS.match(stripped))

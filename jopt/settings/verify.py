"""Did the requested options take effect? The options file against the latest traced start.

Requested: the component's options file, parsed as its JVM reads it (`jopt.options.optionsfile`).
Effective: the latest run in its trace log (`jopt.settings.reader`), or, when a javacore is
given, its `2CIUSERARG` lines, the authoritative list of options the JVM used.

What -XshowSettings cannot show is said per option (status "unverifiable") with what to
check instead; only "mismatch" and "missing" make verification fail.

Schema ``jopt-verify/1`` (``jopt verify --json``)::

    schema        "jopt-verify/1"
    component, tag
    options_file  the file checked (requested); dialect: openj9 | hotspot (from its name)
    log, run, run_time   the trace log, the run compared (its index) and its start time
    javacore      the javacore given, or null
    passed        false when a check is "mismatch" or "missing"
    checks        [{subject, status, seen, note}]: subject is an option of the file, "hook"
                  (the file the hook passed, and whether it changed since), "JVM start" (errors),
                  "-XshowSettings output" or "JVM for <dialect>"; status is ok, present (value
                  masked in the log, not compared), mismatch, missing or unverifiable
    limits        [str]  what -XshowSettings cannot show, and what to check instead
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from jopt.options import jvmoptions, optionsfile, sizes
from jopt.redaction import MASK, is_secret_property
from jopt.settings import javacore
from jopt.settings.inputs import detect_codec
from jopt.settings.model import size_bytes
from jopt.settings.reader import LogError, Run, open_log
from jopt.settings.report import jvm_kind, mask_options

OK, PRESENT, MISMATCH, MISSING, UNVERIFIABLE = "ok", "present", "mismatch", "missing", "unverifiable"
FAILING = (MISMATCH, MISSING)
SCHEMA = "jopt-verify/1"

LIMITS = (
    "-XshowSettings prints heap sizes only as the launcher saw them on the command line: an OpenJ9 "
    "options file's -Xmx shows as 'Max. Heap Size (Estimated)' or not at all (the start script's "
    "own -Xmx still shows), and -Xms/-Xss from it do not show.",
    "OpenJ9 does not echo -X options, and HotSpot does not print -XX flags, in -XshowSettings.",
    "Check instead: take a javacore of the running JVM (kill -QUIT <pid>) and give it with --javacore; "
    "its 2CIUSERARG lines list every option the JVM used. On HotSpot: jcmd <pid> VM.command_line "
    "and jcmd <pid> VM.flags.",
)
_HEAP_LABELS = {"-Xmx": "Max. Heap Size", "-Xms": "Min. Heap Size", "-Xss": "Stack Size"}
_UNIT = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


class Check(NamedTuple):
    subject: str  # the option, or what about the start was checked
    status: str  # ok, present, mismatch, missing, unverifiable
    seen: str = ""  # what the run (or javacore) shows
    note: str = ""


@dataclass
class Verification:
    component: str
    tag: str
    options_file: str
    dialect: str
    log: str
    run: int
    run_time: str | None
    javacore: str | None = None
    checks: list[Check] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not any(c.status in FAILING for c in self.checks)

    def as_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "component": self.component,
            "tag": self.tag,
            "options_file": self.options_file,
            "dialect": self.dialect,
            "log": self.log,
            "run": self.run,
            "run_time": self.run_time,
            "javacore": self.javacore,
            "passed": self.passed,
            "checks": [c._asdict() for c in self.checks],
            "limits": list(LIMITS),
        }


def _close(printed: str, wanted: int) -> bool:
    """A size printed with two decimals ("292.97M") is `wanted` bytes, give or take rounding."""
    got = size_bytes(printed)
    unit = _UNIT.get(printed.strip()[-1:].upper(), 1)
    return got is not None and abs(got - wanted) <= 0.0051 * unit


def _last_property(args: list[str], key: str) -> str | None:
    value = None
    for arg in args:
        if arg == f"-D{key}" or arg.startswith(f"-D{key}="):
            value = arg[len(key) + 3 :]
    return value


def _same_value(key: str, seen: str, wanted: str, separator: str) -> bool:
    if key.endswith((".path", ".dirs")):
        return seen.rstrip(separator) == wanted.rstrip(separator)  # the launcher drops empty tail elements
    return seen == wanted.rstrip()


def check_property(option: str, run: Run, userargs: list[str] | None, show: bool) -> Check:
    key, _, wanted = option[2:].partition("=")
    shown = mask_options(option, show)
    secret = is_secret_property(key) and not show
    if userargs is not None:
        last = _last_property(userargs, key)
        if last is None:
            return Check(shown, MISSING, note="not among the javacore's 2CIUSERARG lines")
        seen = f"-D{key}={MASK if secret else last} (javacore)"
        return Check(shown, OK if last == wanted else MISMATCH, seen)
    if not run.properties:  # e.g. -XshowSettings:vm, native mode's trace: no property is shown
        return Check(
            shown, UNVERIFIABLE, note="the log shows no property settings; a javacore (--javacore) lists -D options"
        )
    if key not in run.properties:
        return Check(shown, MISSING, note="the JVM has no such property: the option did not reach it")
    value = run.properties[key]
    if value == MASK and is_secret_property(key):
        return Check(shown, PRESENT, f"{key} = {MASK}", "the hook's log filter masks this value: present, not compared")
    same = _same_value(key, value, wanted, run.properties.get("path.separator", ":"))
    return Check(shown, OK if same else MISMATCH, f"{key} = {MASK if secret else value}")


def check_heap(option: str, name: str, dialect: str, run: Run, userargs: list[str] | None) -> Check:
    wanted = sizes.parse(option[len(name) :])
    if userargs is not None:
        last = jvmoptions.size_of(userargs, name)
        seen = f"{name}{sizes.show(last)} (javacore; the last one wins)" if last is not None else ""
        return Check(option, OK if last == wanted else (MISMATCH if last is not None else MISSING), seen)
    label = _HEAP_LABELS[name]
    printed = run.vm.get(label)
    if dialect == "hotspot":
        if printed is None:
            return Check(option, MISSING, note=f"no '{label}' line: the launcher did not see {name}")
        return Check(option, OK if _close(printed, wanted) else MISMATCH, f"{label}: {printed}")
    if printed is not None:
        note = (f"the launcher printed the start script's own {name}; "
                "the options file's one is applied later by the VM and does not show")  # fmt: skip
        return Check(option, UNVERIFIABLE, f"{label}: {printed}", note)
    estimated = run.vm.get("Max. Heap Size (Estimated)") if name == "-Xmx" else None
    if estimated is not None and _close(estimated, wanted):
        return Check(option, OK, f"Max. Heap Size (Estimated): {estimated}")
    seen = f"Max. Heap Size (Estimated): {estimated}" if estimated else ""
    return Check(
        option, UNVERIFIABLE, seen, f"-XshowSettings does not show an OpenJ9 options file's {name}; give --javacore"
    )


def check_other(option: str, dialect: str, userargs: list[str] | None) -> Check:
    if userargs is not None:
        if option in userargs:
            return Check(option, OK, "in the javacore's 2CIUSERARG lines")
        family = [a for a in userargs if jvmoptions.family(a) == jvmoptions.family(option)]
        if family:
            return Check(option, MISMATCH, f"{family[-1]} (javacore)")
        return Check(option, MISSING, note="not among the javacore's 2CIUSERARG lines")
    if option.startswith("-XX:") and dialect == "hotspot":
        why = "-XshowSettings does not print -XX flags; check with jcmd <pid> VM.flags"
    elif option.startswith("-X"):
        why = "OpenJ9 does not echo -X options in -XshowSettings; give --javacore (2CIUSERARG lines)"
    else:
        why = "-XshowSettings does not show this option; give --javacore (OpenJ9) or use jcmd <pid> VM.command_line"
    return Check(option, UNVERIFIABLE, note=why)


def check_option(option: str, dialect: str, run: Run, userargs: list[str] | None, show: bool = False) -> Check:
    """One requested option against the run (or the javacore's arguments)."""
    if option.startswith("-D"):
        return check_property(option, run, userargs, show)
    found = jvmoptions.sized(option)
    if found and found[0] in _HEAP_LABELS and sizes.is_size(found[1]):
        return check_heap(option, found[0], dialect, run, userargs)
    return check_other(option, dialect, userargs)


def effective_requests(options: list[str]) -> list[str]:
    """The options that count: for options setting the same thing, the last one."""
    last = {jvmoptions.family(o): o for o in options}
    return [o for o in options if last[jvmoptions.family(o)] is o]


def check_start(run: Run, expected: Path, current_lines: list[str], dialect: str) -> list[Check]:
    """The start itself: JVM errors, settings present, the hook's file and its contents, JVM kind."""
    checks = [_start_errors(run, dialect)] if run.errors else []
    if not run.has_settings and not run.errors:
        checks.append(Check("-XshowSettings output", MISSING, note="; ".join(run.problems)))
    if run.marker is not None:
        used = run.trace.get("options-file", "none")
        if used == "none":
            why = "the hook found no options file at this start; restart the component"
            checks.append(Check("hook", MISSING, "options-file=none", why))
        elif used != str(expected):
            checks.append(
                Check("hook", MISMATCH, f"options-file={used}", f"the hook used another file than {expected.name}")
            )
        elif [mask_options(line) for line in current_lines] != run.optfile_lines:
            why = "the options file changed after this start; restart the component to apply it"
            checks.append(Check("hook", MISMATCH, f"options-file={used}", why))
        else:
            checks.append(Check("hook", OK, f"options-file={used}"))
    if run.has_settings:
        checks.append(_check_kind(run, dialect))
    return checks


def _start_errors(run: Run, dialect: str) -> Check:
    more = f" (and {len(run.errors) - 1} more error lines)" if len(run.errors) > 1 else ""
    note = "the JVM reported an error at this start" + more
    if dialect == "openj9" and "-Xoptionsfile" in run.errors[0]:
        note += "; only OpenJ9 reads -Xoptionsfile: for this JVM render with --dialect hotspot"
    return Check("JVM start", MISMATCH, run.errors[0], note)


def _check_kind(run: Run, dialect: str) -> Check:
    name = run.properties.get("java.vm.name") or run.vm.get("Using VM", "")
    kind = jvm_kind(name, *run.banner)
    if kind == "unknown":
        return Check(f"JVM for {dialect}", UNVERIFIABLE, name, "the JVM's kind is not shown")
    if kind != dialect:
        fix = "render the options with the dialect of this JVM (jopt render --dialect ...)"
        return Check(f"JVM for {dialect}", MISMATCH, f"{name} ({kind})", fix)
    return Check(f"JVM for {dialect}", OK, f"{name} ({kind})")


def requested_file(overrides: Path, tag: str, ha: str | None) -> Path | None:
    """The options file the hook picks, in its order (HA-instance files first)."""
    names = [f"java.options.{tag}.{ha}", f"java.argfile.{tag}.{ha}"] if ha else []
    names += [f"java.options.{tag}", f"java.argfile.{tag}"]
    return next((overrides / n for n in names if (overrides / n).is_file()), None)


def latest_run(log: Path) -> Run:
    """The latest run of a trace log; LogError if there is none or it is cut off."""
    with open_log(log) as opened:
        found, _ = opened.pick([-1])
    if not found:
        raise LogError("no traced start in this log (no #jopt-run marker, no -XshowSettings output)", path=log)
    run = found[-1]
    if run.truncated:
        raise LogError(
            f"the latest run ({run.index}) is cut off ({run.problems[0]}); wait for the start to finish", path=log
        )
    return run


def read_options(path: Path) -> tuple[str, list[str], list[str]]:
    """(dialect, options as the JVM reads them, the file's lines)."""
    data = path.read_bytes()
    text = data.decode(detect_codec(data[:65536]), errors="replace")
    dialect = "openj9" if path.name.startswith("java.options.") else "hotspot"
    parse = optionsfile.parse_openj9 if dialect == "openj9" else optionsfile.parse_argfile
    return dialect, parse(text), text.splitlines()


def verify(
    overrides: Path,
    component: str,
    tag: str,
    log: Path | None = None,
    javacore_file: Path | None = None,
    ha: str | None = None,
    show_secrets: bool = False,
) -> Verification:
    """Compare the component's options file with its latest traced start."""
    log = log or overrides / f"start.log2{tag}"
    if not log.is_file():
        raise LogError(f"no trace log: `jopt trace on {component}`, restart the component, then verify", path=log)
    run = latest_run(log)
    path = requested_file(overrides, tag, ha or (run.marker or {}).get("ha") or None)
    if path is None:
        raise LogError(f"no java.options.{tag} or java.argfile.{tag}: nothing was requested", path=overrides)
    dialect, options, lines = read_options(path)
    userargs = javacore.read(javacore_file).args if javacore_file else None
    result = Verification(component, tag, str(path), dialect, str(log), run.index, (run.marker or {}).get("time"))
    result.javacore = str(javacore_file) if javacore_file else None
    result.checks = check_start(run, path, lines, dialect)
    if run.has_settings or userargs is not None:  # a JVM that did not start has nothing to compare
        result.checks += [check_option(o, dialect, run, userargs, show_secrets) for o in effective_requests(options)]
    return result

"""A parsed run as a report: a plain dict with a documented, versioned schema.

Schema ``jopt-report/1`` (``--json``; ``--yaml`` is the same data)::

    schema        "jopt-report/1"
    source        {file, encoding, prefix, lines, runs}   the log read; prefix: the constant
                  line prefix that was removed (null if none); runs: how many runs it holds
    redacted      true unless --show-secrets
    run           one RUN (default: the latest), or
    runs          [RUN, ...] with --all-runs

    RUN:
    index         position of the run in the log, 1-based
    lines         [first, last] line numbers of the run in the log
    complete      settings present and not cut off; false for a capture cut short, which
                  is reported with what it has (`jopt report` exits 0; --strict exits 1)
    truncated     the log (or the run) ends inside a settings section
    problems      [str]  why a run is not complete, in words
    hook          fields of the hook's `#jopt-run` marker {time, component, tag, ha, pid, hook};
                  null for a bare -XshowSettings capture
    options_file  the options file the hook passed (null: none, or a bare capture)
    options_file_lines  [str] its lines as the hook logged them at that start
    launch_options      what the hook put on the java command line
    jvm           {kind: openj9|hotspot|unknown, name, vendor, version, home, build: [str]}
    heap          {min, max, max_estimated, stack}: each {text: "512.00M", bytes: int} or null;
                  as the launcher printed them under "VM settings"
    vm            {label: value}  every "VM settings" line
    properties    {key: value}  "Property settings"; split path values joined with
                  path.separator, line.separator unescaped, values right-trimmed
    locale        {key: value}  "Locale settings" or its summary
    security      null or {title, providers: [name], tls_provider, tls_protocols: [str],
                  cipher_suites: [str], properties: {key: value}, provider_info: {name: str},
                  provider_services: {name: [Type.Algorithm]}}
    system        {label: value}  "Operating System Metrics" / "System settings"
    environment   {NAME: value}  the hook's environment dump
    warnings      [{source, level, message, count, subjects: [str]}]  log records and one-line
                  warnings, grouped: messages differing in their last word are one group
    errors        [str]  launcher and VM error lines (e.g. "Unrecognized option: ..."); -D values
                  of secret-looking properties in them, and in other_output, masked
    banner        [str]  the `java -version` banner, if printed
    sections      [str]  settings section titles, in order
    elided        [str]  sections with "..." lines (pasted excerpts)
    other_sections {title: [str]}  sections this version does not know, kept as lines
    other_output  {count, sample: [str]}  other lines (application output and the like)
    startup       null, or the run's start-up from Zowe's own messages (a START of schema
                  jopt-startup/1, jopt/settings/startup.py): filled for a hook run whose stdout log
                  start.log1<TAG> beside the report's start.log2<TAG> holds its ZWEAM000I line

Values of properties and environment variables whose names look secret (see
`jopt.redaction`) are "***" unless `show_secrets`. New fields may be added within
version 1; a field is never removed or changed in meaning without a new version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from jopt.redaction import MASK, is_secret_env_name, is_secret_property
from jopt.settings.model import Run, SecurityInfo, size_bytes
from jopt.settings.reader import LogError, open_log

SCHEMA = "jopt-report/1"

RUN_FIELDS = (
    "index", "lines", "complete", "truncated", "problems", "hook", "options_file", "options_file_lines",
    "launch_options", "jvm", "heap", "vm", "properties", "locale", "security", "system", "environment",
    "warnings", "errors", "banner", "sections", "elided", "other_sections", "other_output", "startup",
)  # fmt: skip

_HEAP_LABELS = {
    "min": "Min. Heap Size",
    "max": "Max. Heap Size",
    "max_estimated": "Max. Heap Size (Estimated)",
    "stack": "Stack Size",
}
_D_OPTION = re.compile(r"(-D([^\s=]+)=)(\S*)")


def jvm_kind(*texts: str) -> str:
    """openj9, hotspot or unknown, from VM names and banner lines."""
    text = " ".join(t for t in texts if t)
    if "J9" in text:
        return "openj9"
    if re.search(r"HotSpot|Server VM|Client VM|Zero VM", text):
        return "hotspot"
    return "unknown"


def _jvm(run: Run) -> dict[str, Any]:
    props = run.properties
    name = props.get("java.vm.name") or run.vm.get("Using VM") or ""
    build = props.get("java.fullversion", "").split("\n") if "\n" in props.get("java.fullversion", "") else []
    banner_version = next((m.group(1) for m in map(re.compile(r'version "([^"]+)"').search, run.banner) if m), None)
    return {
        "kind": jvm_kind(name, *run.banner),
        "name": name or None,
        "vendor": props.get("java.vm.vendor") or props.get("java.vendor"),
        "version": props.get("java.runtime.version") or props.get("java.version") or banner_version,
        "home": props.get("java.home"),
        "build": build or [line for line in run.banner if not line.startswith(("openjdk", "java"))],
    }


def _heap(vm: dict[str, str]) -> dict[str, Any]:
    heap: dict[str, Any] = {}
    for key, label in _HEAP_LABELS.items():
        text = vm.get(label)
        heap[key] = {"text": text, "bytes": size_bytes(text)} if text else None
    return heap


def mask_options(text: str, show_secrets: bool = False) -> str:
    """`-Dkey=value` words in `text` with secret-looking keys masked."""
    if show_secrets:
        return text
    return _D_OPTION.sub(lambda m: m.group(1) + (MASK if is_secret_property(m.group(2)) else m.group(3)), text)


def _masked(values: dict[str, str], secret: Any, show_secrets: bool) -> dict[str, str]:
    if show_secrets:
        return dict(values)
    return {k: (MASK if secret(k) else v) for k, v in values.items()}


def _security(info: SecurityInfo | None) -> dict[str, Any] | None:
    if info is None:
        return None
    return {
        "title": info.title,
        "providers": info.providers,
        "tls_provider": info.tls_provider or None,
        "tls_protocols": info.protocols,
        "cipher_suites": info.ciphers,
        "properties": info.properties,
        "provider_info": info.provider_info,
        "provider_services": info.services,
    }


def run_dict(run: Run, show_secrets: bool = False) -> dict[str, Any]:
    """One run in schema jopt-report/1 (see the module docstring)."""
    options_file = run.trace.get("options-file")
    launch = run.trace.get("launch-options")
    return {
        "index": run.index,
        "lines": [run.first_line, run.last_line],
        "complete": run.complete,
        "truncated": run.truncated,
        "problems": list(run.problems),
        "hook": run.marker,
        "options_file": None if options_file in (None, "none") else options_file,
        "options_file_lines": [mask_options(line, show_secrets) for line in run.optfile_lines],
        "launch_options": None if launch is None else mask_options(launch, show_secrets),
        "jvm": _jvm(run),
        "heap": _heap(run.vm),
        "vm": dict(run.vm),
        "properties": _masked(run.properties, is_secret_property, show_secrets),
        "locale": dict(run.locale),
        "security": _security(run.security),
        "system": dict(run.system),
        "environment": _masked(run.environment, is_secret_env_name, show_secrets),
        "warnings": _warnings(run),
        "errors": [mask_options(line, show_secrets) for line in run.errors],
        "banner": list(run.banner),
        "sections": list(run.sections),
        "elided": list(run.elided),
        "other_sections": dict(run.unknown),
        "other_output": {"count": run.other.count, "sample": [mask_options(x, show_secrets) for x in run.other.lines]},
        "startup": None,  # filled by jopt.app.startup.for_report: it reads another file
    }


def _warnings(run: Run) -> list[dict[str, Any]]:
    groups = run.warnings.groups()
    if run.warnings.overflow:
        more = "(more kinds, not told apart)"
        groups.append({"source": "", "level": "", "message": more, "count": run.warnings.overflow, "subjects": []})
    return groups


def document(
    source: dict[str, Any], runs: Iterable[Run], show_secrets: bool = False, many: bool = False
) -> dict[str, Any]:
    """The whole report: one run under "run", or a list under "runs" when `many`."""
    items = [run_dict(run, show_secrets) for run in runs]
    body: dict[str, Any] = {"schema": SCHEMA, "source": source, "redacted": not show_secrets}
    if many:
        body["runs"] = items
    else:
        body["run"] = items[0]
    return body


def locate_log(name: str, folders: Iterable[Path | None], tags: dict[str, str]) -> Path | None:
    """A log named on the command line: a path as given, else a bare name (or a component
    name, meaning its start.log2<TAG>) in the first folder that has it."""
    path = Path(name)
    if path.exists() or "/" in name:
        return path
    names = [name] + ([f"start.log2{tags[name]}"] if name in tags else [])
    for folder in folders:
        for candidate in names:
            if folder is not None and (folder / candidate).is_file():
                return folder / candidate
    return None


def _no_runs(name: str) -> LogError:
    return LogError(
        "no -XshowSettings output and no jopt run marker in this file "
        "(trace logs are start.log2<TAG>; start.log1<TAG> holds only stdout)",
        path=name,
    )


def usable(run: Run, name: str, partial: bool = False) -> Run:
    """The run, or LogError when it holds no settings at all (unless `partial`). A run cut
    short is reported with what it has: its `complete` is false."""
    if partial or run.has_settings:
        return run
    why = run.problems[0] if run.problems else "incomplete"
    before = f"; --run {run.index - 1} is the one before" if run.index > 1 else ""
    raise LogError(f"run {run.index}: {why}{before}; --partial reports it anyway", path=name)


def load_runs(
    path: Path | str, wanted: list[int], codec: str | None = None, prefix: str | None = None
) -> tuple[dict[str, Any], dict[int, Run]]:
    """The log's source facts and the wanted runs (1-based; -1 the latest)."""
    with open_log(path, codec, prefix) as log:
        found, total = log.pick(wanted)
        source = log.source()
    if total == 0:
        raise _no_runs(str(source["file"]))
    for w in wanted:
        if w not in found:
            why = f"no run {w}" if w > 0 else f"{-w} runs wanted"
            raise LogError(f"{why}: the log has {total} run(s)", path=source["file"])
    return source, found


def all_runs(
    path: Path | str, codec: str | None = None, prefix: str | None = None, show_secrets: bool = False
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(source so far, run dict) for every run, streaming; LogError at the end if none."""
    with open_log(path, codec, prefix) as log:
        for run in log.runs():
            yield log.source(), run_dict(run, show_secrets)
        if log.count == 0:
            raise _no_runs(str(log.source()["file"]))

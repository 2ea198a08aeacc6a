"""The fleet face's library calls: one entry point per Ansible module, no Ansible in here.

`apply_component` is what the `jopt_component` module does: hook (or unhook) a component,
render its options file and switch its trace, or in check mode only plan all that.
`reports` is what `jopt_report` does: the latest traced start of components as redacted
`jopt-report/1` data, each with its `jopt-verify/1` result.

Everything is planned, and every problem found, before the first write; a file is written
only when its bytes change, under the overrides directory's lock; a plan that changes
nothing takes no lock and creates nothing. The outcome lists every file the request is
about, with its text before and after, so the caller can show a diff without reading it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jopt.app import hooking as operations
from jopt.app import nativeview
from jopt.app import optionsfiles as optionsio
from jopt.app.site import Site
from jopt.errors import ConfigError
from jopt.options import profiles, render
from jopt.redaction import MASK, is_secret_property
from jopt.storage import fileio, lock
from jopt.zowe.discovery import Component
from jopt.zowe.locations import resolve

PRESENT, ABSENT = "present", "absent"
HOOK, NATIVE = "hook", "native"
ALL = "all"
LOCK_NAME = "jopt_component (fleet)"
_YAML_ENTRY = re.compile(r"^(\s*(?:-\s+)?[\"']?([A-Za-z0-9_.-]+)[\"']?\s*:[ \t]+)(\S.*)$")


@dataclass(frozen=True)
class Where:
    """The locations as the caller gives them; `resolve` combines them as the CLI does."""

    zowe_yaml: Path | None = None
    runtime: Path | None = None
    extensions: Path | None = None
    overrides: Path | None = None

    def open(self) -> Site:
        return Site.open(resolve(self.zowe_yaml, self.runtime, self.extensions, self.overrides))


@dataclass(frozen=True)
class Request:
    """One component (or `all`) in the wanted state."""

    component: str = ALL
    state: str = PRESENT
    profiles: tuple[str, ...] = ()
    sets: tuple[str, ...] = ()
    dialect: str = "openj9"
    trace: bool | None = None  # None: leave the trace switch as it is
    mode: str = HOOK
    encoding: str | None = None  # default: IBM-1047 on z/OS, else UTF-8
    wait: float = 10.0  # seconds to wait for another jopt's lock


@dataclass(frozen=True)
class FileChange:
    """One file the request is about; `before`/`after` are its text, None when it is absent."""

    component: str
    kind: str  # "start script", "options file", "trace switch", "zowe.yaml"
    path: Path
    result: str  # installed, upgraded, uninstalled, updated, created, removed, on, off, unchanged
    before: str | None
    after: str | None
    changed: bool

    def as_dict(self) -> dict[str, Any]:
        return {"component": self.component, "kind": self.kind, "path": str(self.path),
                "result": self.result, "changed": self.changed}  # fmt: skip


@dataclass
class Outcome:
    files: list[FileChange] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # component -> why (`all` only)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(f.changed for f in self.files)


@dataclass
class _Plan:
    """Start-script changes (committed together) and other files, each with its writer."""

    outcome: Outcome
    scripts: list[operations.Change] = field(default_factory=list)
    native: Callable[[], object] | None = None  # native mode: writes zowe.yaml (after the options files)
    writers: list[tuple[FileChange, Callable[[], object]]] = field(default_factory=list)

    def add(self, change: FileChange, write: Callable[[], object]) -> None:
        self.outcome.files.append(change)
        self.writers.append((change, write))


def apply_component(where: Where, request: Request, check: bool = False) -> Outcome:
    """Bring the component to the requested state; in check mode only say what would change."""
    _validate(request)
    site = where.open()
    plan = _plan(site, request)
    if check or not plan.outcome.changed:
        return plan.outcome
    with lock.hold(site.locations.overrides, LOCK_NAME, timeout=request.wait) as left:
        site.reload_state()  # another jopt may have written while we waited
        plan = _plan(site, request)
        _write(site, plan)
    if left:
        plan.outcome.warnings.append(f"a jopt was killed while writing here ({left}); check with `jopt status`")
    return plan.outcome


def _validate(request: Request) -> None:
    if request.state not in (PRESENT, ABSENT):
        raise ConfigError(f"state must be {PRESENT} or {ABSENT}, not {request.state!r}")
    if request.mode not in (HOOK, NATIVE):
        raise ConfigError(f"mode must be {HOOK} or {NATIVE}, not {request.mode!r}")
    if request.state == ABSENT and (request.profiles or request.sets or request.trace):
        raise ConfigError("profiles, set and trace: true need state: present (absent removes the hook)")
    if request.sets and not request.profiles:
        raise ConfigError("set gives parameters of profiles: name the profiles too")
    if request.mode == NATIVE and request.trace is not None:
        raise ConfigError("trace with mode: native is not supported by the fleet modules yet; use mode: hook")


def _plan(site: Site, request: Request) -> _Plan:
    every = request.component == ALL
    chosen = site.components if every else site.select((request.component,))
    plan = _Plan(Outcome())
    if request.mode == NATIVE:
        managed = _native_targets(site, chosen, request)
    else:
        managed = _plan_hook(site, chosen, request, plan)
    if request.profiles and managed:
        _plan_options(site, managed, request, plan)
    if request.trace is not None:
        for component in managed:
            _plan_switch(site, component, request.trace, plan)
    if request.mode == NATIVE:
        _plan_native(site, managed, request, plan)
    return plan


def _plan_hook(site: Site, chosen: list[Component], request: Request, plan: _Plan) -> list[Component]:
    every = request.component == ALL
    chosen = _without_native(site, chosen, every, plan.outcome.skipped)
    if request.state == PRESENT:
        skipped = operations.Skipped(plan.outcome.skipped) if every else None
        plan.scripts = operations.plan_install(site, chosen, skipped=skipped)
    else:
        plan.scripts = operations.plan_uninstall(site, chosen, only_hooked=every)
    for change in plan.scripts:
        before, after = change.script.text.join(), change.new_text.join()
        plan.outcome.files.append(
            FileChange(
                change.component.id, "start script", change.script.shown, change.result, before, after, change.changed
            )
        )
    return [change.component for change in plan.scripts]


def _without_native(site: Site, chosen: list[Component], every: bool, skipped: dict[str, str]) -> list[Component]:
    """As the CLI does: `all` passes over components in native mode; a named one is refused."""
    kept, native = nativeview.split(site, chosen)
    if native and not every:
        raise ConfigError(
            f"{native[0]} uses native mode (zowe.yaml gives it the options file, no hook): use mode: native"
        )
    skipped.update({cid: "native mode" for cid in native})
    return kept


def _plan_options(site: Site, components: list[Component], request: Request, plan: _Plan) -> None:
    """Render each component's options file (pure) and plan writing it where its bytes differ."""
    overrides = site.locations.overrides
    chosen = profiles.find_all(request.profiles, profiles.site_dir(overrides, None))
    # Only the contexts: the targets' warnings say the hook is missing, which this request fixes.
    targets, _ = optionsio.targets(site, tuple(c.id for c in components), False, request.dialect)
    result = render.render(render.Request(chosen, request.sets, request.dialect), [t.context for t in targets])
    plan.outcome.warnings += result.warnings + result.notes + optionsio.zowe_heap_notes(site, result.outputs)
    encoding = request.encoding or optionsio.default_encoding()
    for out in result.outputs:
        path = overrides / out.file_name
        data = optionsio.encode(out.text, encoding, path)
        old = fileio.read_bytes(path) if path.is_file() else None
        before = None if old is None else old.decode(optionsio.ENCODINGS[encoding], errors="replace")
        result_ = "unchanged" if old == data else ("updated" if old is not None else "created")
        change = FileChange(out.context.component, "options file", path, result_, before, out.text, old != data)
        plan.add(change, functools.partial(optionsio.write, path, data, encoding))
        if request.dialect == "hotspot" and (overrides / render.file_name("openj9", out.context.tag)).is_file():
            plan.outcome.warnings.append(
                f"{out.context.component}: {render.file_name('openj9', out.context.tag)} also exists and the hook uses it first"
            )


def _plan_switch(site: Site, component: Component, on: bool, plan: _Plan) -> None:
    """The trace switch `<overrides>/trace.<TAG>` (an empty file), as `jopt trace` sets it."""
    path = site.trace_switch(component)
    exists = path.is_file()
    result = "unchanged" if exists == on else ("on" if on else "off")
    change = FileChange(
        component.id, "trace switch", path, result, "" if exists else None, "" if on else None, exists != on
    )
    plan.add(change, (lambda: fileio.atomic_write(path, b"", mode=0o600)) if on else path.unlink)


# --- native mode (issue 6: jopt.app.nativemode) ----------------------------------------------------


def _nativemode() -> Any:
    try:
        from jopt.app import nativemode
    except ImportError:
        raise ConfigError(
            "mode: native needs jopt's native mode, which this jopt does not have; use mode: hook"
        ) from None
    return nativemode


def _native_targets(site: Site, chosen: list[Component], request: Request) -> list[Component]:
    """`all`: the native-capable components (present) or those in native mode (absent)."""
    _nativemode()  # fails early when this jopt has no native mode
    if request.component != ALL:
        return chosen
    if request.state == PRESENT:
        return [c for c in chosen if nativeview.capable(c)]
    return [c for c in chosen if nativeview.recorded(site, c.id)]


def _plan_native(site: Site, chosen: list[Component], request: Request, plan: _Plan) -> None:
    """The zowe.yaml edit. nativemode refuses to point a JVM at a missing options file, so
    when this request creates it the edit is planned without writing, and applied here."""
    nativemode, install = _nativemode(), request.state == PRESENT
    creating = {c.path for c in plan.outcome.files if c.kind == "options file" and c.before is None}
    if not any(Path(nativeview.options_file(site, c)) in creating for c in chosen):
        native = nativemode.plan(site, chosen, install, write=True)
        config, new_text, notes = native.config, native.new_text, native.notes
    else:
        config, new_text, notes = _native_unwritten(site, chosen, install)
    changed = new_text != config.text
    result = ("updated" if install else "removed") if changed else "unchanged"
    names = ", ".join(c.id for c in chosen) or "(none)"
    before, after = masked_yaml(config.text), masked_yaml(new_text)
    plan.outcome.files.insert(0, FileChange(names, "zowe.yaml", config.shown, result, before, after, changed))
    plan.outcome.warnings += notes
    plan.native = lambda: nativemode.commit(site, nativemode.plan(site, chosen, install, write=True))


def _native_unwritten(site: Site, chosen: list[Component], install: bool) -> tuple[Any, str, list[str]]:
    """zowe.yaml, its planned text and the notes, as `nativemode.plan(write=True)` would give
    them if the options files this request creates were there already."""
    from jopt.zowe import yamledit as zoweconfig

    nativemode = _nativemode()
    if site.locations.zowe_yaml is None:
        raise ConfigError("mode: native edits the zowe.yaml named by zowe_yaml (or JOPT_ZOWE_YAML); none was given")
    native = nativemode.plan(site, chosen, install, write=False)  # checks the start scripts
    config = zoweconfig.load(site.locations.zowe_yaml)
    text = config.text
    for edit in native.edits:
        text = zoweconfig.applied(text, edit, config.shown).text
    return config, text, [n for n in native.notes if nativemode.MISSING_FILE not in n]


def masked_yaml(text: str) -> str:
    """YAML text with the values of secret-looking keys (`password:` ...) as ***: zowe.yaml
    holds keystore passwords, and a diff travels to the controller and its logs."""
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        found = _YAML_ENTRY.match(line.rstrip("\r\n"))
        if found and is_secret_property(found.group(2)):
            lines[number] = found.group(1) + MASK + line[len(line.rstrip("\r\n")) :]
    return "".join(lines)


def _write(site: Site, plan: _Plan) -> None:
    """Start scripts (all or nothing), options files and trace switches, then, in native mode,
    zowe.yaml (planned again: the options files it points at exist now)."""
    if plan.scripts:
        operations.commit(site, plan.scripts)
    for change, write in plan.writers:
        if change.changed:
            write()
    if plan.native is not None:
        plan.native()


# --- jopt_report ------------------------------------------------------------------------------


def reports(where: Where, components: tuple[str, ...] | list[str], verify: bool = True) -> dict[str, dict[str, Any]]:
    """Per component: its tag, the latest run of its trace log as a redacted jopt-report/1
    document (reported even when incomplete: `complete` and `problems` say so), and
    `verify.verify` of that run as jopt-verify/1 (None when `verify` is false).

    `components` may be `["all"]`: every component with the hook installed.
    """
    from jopt.settings import report
    from jopt.settings import verify as verify_
    from jopt.settings.reader import LogError

    site = where.open()
    chosen = operations.hooked(site) if list(components) == [ALL] else site.select(components)
    overrides = site.locations.overrides
    found: dict[str, dict[str, Any]] = {}
    for component in chosen:
        tag = site.tags[component.id]
        log = overrides / f"start.log2{tag}"
        if not log.is_file():
            raise LogError(
                f"no trace log: `jopt trace on {component.id}`, restart the component, then report", path=log
            )
        source, runs = report.load_runs(log, [-1])
        checked = verify_.verify(overrides, component.id, tag, log).as_dict() if verify else None
        found[component.id] = {"tag": tag, "report": report.document(source, [runs[-1]]), "verify": checked}
    return found

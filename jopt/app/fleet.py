"""The fleet face's library calls: one entry point per Ansible module, no Ansible in here.

`apply_component` is what the `jopt_component` module does: hook (or unhook) a component,
render its options file and switch its trace, or in check mode only plan all that.
`reports` is what `jopt_report` does: the latest traced start of components as redacted
`jopt-report/1` data, each with its `jopt-verify/1` result.

Everything is planned, and every problem found, before the first write; a file is written
only when its bytes change, under the overrides directory's lock; a plan that changes
nothing takes no lock and creates nothing. The plans and writes are the CLI's own
(`jopt.app.hooking`, `optionsfiles`, `trace`, `nativemode`), composed under one lock. The outcome lists every file the request is
about, with its text before and after, so the caller can show a diff without reading it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from jopt.app import hookfiles, hooking, locking, nativemode, optionsfiles
from jopt.app import reports as reporting
from jopt.app import trace as tracing
from jopt.app.site import Site
from jopt.errors import ConfigError
from jopt.options import render
from jopt.storage import backups
from jopt.zowe import yamlmask
from jopt.zowe.discovery import Component

PRESENT, ABSENT = "present", "absent"
HOOK, NATIVE = "hook", "native"
ALL = "all"
LOCK_NAME = "jopt_component (fleet)"


class Where(NamedTuple):
    """The locations as the caller gives them; `resolve` combines them as the CLI does."""

    zowe_yaml: str | Path | None = None  # a path, or a `zwe --config` string
    runtime: Path | None = None
    extensions: Path | None = None
    overrides: Path | None = None
    ha_instance: str | None = None

    def open(self) -> Site:
        return Site.at(self.zowe_yaml, self.runtime, self.extensions, self.overrides, self.ha_instance)


class Request(NamedTuple):
    """One component (or `all`) in the wanted state."""

    component: str = ALL
    state: str = PRESENT
    profiles: tuple[str, ...] = ()
    sets: tuple[str, ...] = ()
    dialect: str = "openj9"
    trace: bool | None = None  # None: leave the trace switch as it is
    mode: str = HOOK
    encoding: str | None = None  # default: IBM-1047 on z/OS, else UTF-8
    force: bool = False  # replace an options file jopt did not write (backed up first)
    wait: float = 10.0  # seconds to wait for another jopt's lock


class FileChange(NamedTuple):
    """One file the request is about; `before`/`after` are its text, None when it is absent."""

    component: str
    kind: str  # "start script", "hook file", "options file", "trace switch", "zowe.yaml"
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
    scripts: list[hooking.Change] = field(default_factory=list)
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
    notes: list[str] = []  # what taking the lock found: a killed jopt, temp files it left
    with locking.writing(site, LOCK_NAME, request.wait, notes.append):
        site.reload_state()  # another jopt may have written while we waited
        plan = _plan(site, request)
        _write(site, plan)
    plan.outcome.warnings.extend(notes)
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
    names = () if every else (request.component,)
    plan = _Plan(Outcome())
    if request.mode == NATIVE:
        managed = nativemode.targets(site, names, every, request.state == PRESENT)
    else:
        managed = _plan_hook(site, names, every, request, plan)
    if request.profiles and managed:
        _plan_options(site, managed, request, plan)
    if request.trace is not None:
        _plan_switches(site, managed, request.trace, plan)
    if request.mode == NATIVE:
        _plan_native(site, managed, request, plan)
    return plan


def _plan_hook(site: Site, names: tuple[str, ...], every: bool, request: Request, plan: _Plan) -> list[Component]:
    """As `jopt install`/`uninstall` plans (a dry run): `all` passes over components in native
    mode (and, present, those that are not Java); a named one in native mode is refused."""
    command = "install" if request.state == PRESENT else "uninstall"
    try:
        chosen = hooking.targets(site, names, every, command)
    except hooking.NativeModeRefused as refused:
        raise ConfigError(
            f"{refused.component} uses native mode (zowe.yaml gives it the options file, no hook): use mode: native"
        ) from None
    plan.outcome.skipped.update({cid: "native mode" for cid in chosen.native})
    if request.state == PRESENT:
        result = hooking.install(site, chosen, dry_run=True)
    else:
        result = hooking.uninstall(site, chosen, dry_run=True)
    plan.outcome.skipped.update(result.skipped)
    plan.outcome.skipped.update(result.unhookable)  # Java, but jopt cannot hook it: the reason
    plan.scripts = result.changes
    for change in plan.scripts:
        before, after = change.script.text.join(), change.new_text.join()
        plan.outcome.files.append(
            FileChange(
                change.component.id, "start script", change.script.shown, change.result, before, after, change.changed
            )
        )
    hooked = ", ".join(c.component.id for c in plan.scripts if c.changed)
    for item in result.hook_files:  # jopt's own files every v2 hook sources, written with the first hook
        was = None if item.current is None else item.current.decode(hookfiles.encoding(), errors="replace")
        plan.outcome.files.append(FileChange(hooked, "hook file", item.path, item.result, was, item.text, True))
    return [change.component for change in plan.scripts]


def _plan_options(site: Site, components: list[Component], request: Request, plan: _Plan) -> None:
    """Render each component's options file (as `jopt render`) and plan writing it where its bytes differ."""
    wanted = optionsfiles.Request(request.profiles, request.sets, request.dialect, encoding=request.encoding)
    made = optionsfiles.plan(site, [c.id for c in components], False, wanted)
    optionsfiles.check(site, made.files, request.force)
    # Not the targets' warnings: they say the hook is missing, which this request fixes.
    plan.outcome.warnings += made.warnings + made.notes
    overrides = site.locations.overrides
    when = backups.stamp()
    for file in made.files:
        old = file.current()
        before = None if old is None else old.decode(optionsfiles.ENCODINGS[file.encoding], errors="replace")
        result = "unchanged" if old == file.data else ("updated" if old is not None else "created")
        out = file.output
        change = FileChange(
            out.context.component, "options file", file.path, result, before, out.text, old != file.data
        )
        plan.add(change, functools.partial(optionsfiles.write_recorded, site, file, when))
        if request.dialect == "hotspot" and (overrides / render.file_name("openj9", out.context.tag)).is_file():
            plan.outcome.warnings.append(
                f"{out.context.component}: {render.file_name('openj9', out.context.tag)} also exists and the hook uses it first"
            )


def _plan_switches(site: Site, components: list[Component], on: bool, plan: _Plan) -> None:
    """The trace switches `<overrides>/trace.<TAG>`, as `jopt trace` sets them."""
    for switch in tracing.plan(site, components, on):
        result = "unchanged" if not switch.changed else ("on" if on else "off")
        before, after = "" if switch.was_on else None, "" if on else None
        plan.add(
            FileChange(switch.component, "trace switch", switch.path, result, before, after, switch.changed),
            switch.apply,
        )


# --- native mode (jopt.app.nativemode) -------------------------------------------------------


def _plan_native(site: Site, chosen: list[Component], request: Request, plan: _Plan) -> None:
    """The zowe.yaml edit, as `jopt install --native --write-config` plans it. nativemode
    refuses to point a JVM at a missing options file: those this request creates count as there."""
    install = request.state == PRESENT
    if site.locations.zowe_yaml is None:
        raise ConfigError("mode: native edits the zowe.yaml named by zowe_yaml (or JOPT_ZOWE_YAML); none was given")
    coming = frozenset(c.path for c in plan.outcome.files if c.kind == "options file" and c.before is None)
    native = nativemode.plan(site, chosen, install, write=True, coming=coming)
    names = ", ".join(c.id for c in chosen) or "(none)"
    for n, file in enumerate(native.files):  # each file of zowe_yaml the edit goes to
        result = ("updated" if install else "removed") if file.changed else "unchanged"
        before, after = yamlmask.masked(file.config.text), yamlmask.masked(file.new_text)  # it holds keystore passwords
        change = FileChange(names, "zowe.yaml", file.config.shown, result, before, after, file.changed)
        plan.outcome.files.insert(n, change)
    plan.outcome.warnings += native.notes
    # planned again when written: the options files it points at exist by then
    plan.native = lambda: nativemode.commit(site, nativemode.plan(site, chosen, install, write=True))


def _write(site: Site, plan: _Plan) -> None:
    """Start scripts (all or nothing), options files and trace switches, then, in native mode,
    zowe.yaml (planned again: the options files it points at exist now)."""
    if plan.scripts:
        hooking.commit(site, plan.scripts)
    for change, write in plan.writers:
        if change.changed:
            write()
    if any(change.changed and change.kind == "options file" for change, _ in plan.writers):
        optionsfiles.save_records(site)  # the sha256 of each file written, as `jopt render` records it
    if plan.native is not None:
        plan.native()


# --- jopt_report ------------------------------------------------------------------------------


def reports(where: Where, components: tuple[str, ...] | list[str], verify: bool = True) -> dict[str, dict[str, Any]]:
    """Per component: its tag, the latest run of its trace log as a redacted jopt-report/1
    document (reported even when incomplete: `complete` and `problems` say so), and
    `verify.verify` of that run as jopt-verify/1 (None when `verify` is false).

    `components` may be `["all"]`: every component with the hook installed.
    """
    site = where.open()
    chosen = hooking.hooked(site) if list(components) == [ALL] else site.select(components)
    return {component.id: reporting.latest(site, component, verify) for component in chosen}

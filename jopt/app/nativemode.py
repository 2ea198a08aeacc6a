"""Native mode: point a component's JVM at its options file through zowe.yaml, not a hook.

For a native-capable component (`jopt.script.native`) the setting
`components.<id>.jvm.Xoptionsfile: "=<overrides>/java.options.<TAG>"` (and `XshowSettings`
when its trace switch is on) does what the hook does, and start.sh is never touched.
jopt prints the settings (zowe.yaml may be split over several files) or, with
`--write-config`, edits the zowe.yaml it was given (`jopt.zowe.yamledit`), and records the
component as `mode: native` in its state file. `install` and `uninstall` are the workflows
behind `jopt install --native` and `jopt uninstall --native`.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from jopt.app import explain, locking, nativeview
from jopt.app.nativeview import options_file
from jopt.app.site import Site
from jopt.diffs import unified
from jopt.errors import ConfigError, JoptError, ScriptError
from jopt.script import hook, native, scriptfile
from jopt.script.hook import HookState
from jopt.storage import backups, state
from jopt.zowe import config
from jopt.zowe import yamledit as zoweconfig
from jopt.zowe.config import MISSING, ZoweConfig
from jopt.zowe.discovery import Component
from jopt.zowe.yamledit import ConfigFile, Edit


def _checked_script(component: Component) -> scriptfile.ScriptFile:
    """The start script, if native mode can serve it: native-capable and without a jopt hook."""
    script = scriptfile.of_component(component)
    if not native.capability(script.text.lines).capable:
        raise ScriptError(
            "does not take JVM options from zowe.yaml (it neither sources parse_jvm_args.sh nor has "
            f"${{CUSTOM_JVM_OPTS}} on its launch line); use the hook: jopt install {component.id}",
            path=script.shown,
        )
    found = hook.inspect(script.text.lines).state
    if found is not HookState.NONE:
        raise ScriptError(
            f"has a {found.value} jopt hook; `jopt uninstall {component.id}` first, or the JVM gets the options file twice",
            path=script.shown,
        )
    return script


@dataclass
class FileEdit:
    """One file of --zowe-yaml that --write-config edits, and why that one."""

    config: ConfigFile
    new_text: str
    why: str  # "where components.x.jvm.Y is set", "the first FILE entry", or ""

    @property
    def changed(self) -> bool:
        return self.new_text != self.config.text

    @property
    def diff(self) -> str:
        name = str(self.config.shown)
        return unified(self.config.text, self.new_text, f"a{name}", f"b{name}")


@dataclass
class Plan:
    """The zowe.yaml edits of one native install or uninstall, and the records to keep."""

    edits: list[Edit]
    records: dict[str, state.Record | None]  # None: forget the component
    zowe_yaml: str | None = None  # --zowe-yaml as given, if any
    write: bool = False  # --write-config: edit the files, not print the settings
    files: list[FileEdit] = field(default_factory=list)  # the files to write, in the order first used
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # options of the options file that will lose
    applied: dict[str, list[tuple[FileEdit, zoweconfig.Applied]]] = field(default_factory=dict)  # per component

    @property
    def changed(self) -> bool:
        return any(f.changed for f in self.files)

    @property
    def diff(self) -> str:
        """The unified diff of each file that changes ("" when none does)."""
        return "".join(f.diff for f in self.files if f.changed)


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _install_edit(site: Site, component: Component, plan: Plan, write: bool, coming: frozenset[Path]) -> Edit:
    script = _checked_script(component)
    earlier = site.state.components.get(component.id)
    earlier = earlier if earlier is not None and earlier.mode == "native" else None
    trace = site.trace_on(component)
    drop = {native.TRACE_KEY: native.TRACE_VALUE} if earlier is not None and earlier.trace and not trace else {}
    if not trace and nativeview.legacy_trace(site, component):
        drop = {native.TRACE_KEY: native.LEGACY_TRACE_VALUE}  # an older jopt's -XshowSettings: take it out
    digest = state.sha256(script.data)
    plan.records[component.id] = state.Record(
        script=str(script.shown),
        tag=site.tags[component.id],
        original_sha256=digest,
        installed_sha256=digest,
        hook_version=0,
        installed_at=earlier.installed_at if earlier else _now(),
        mode="native",
        trace=trace,
        config=str(site.locations.zowe_yaml) if write else (earlier.config if earlier else None),
    )
    _check_options_file(site, component, plan, write, coming)
    _effect(site, component, plan)
    if (site.locations.overrides / f"java.argfile.{site.tags[component.id]}").is_file():
        plan.notes.append(
            f"{component.id}: native mode passes only java.options.{site.tags[component.id]} (OpenJ9); the argfile is not used"
        )
    return Edit(component.id, native.settings(options_file(site, component), trace), drop)


def _effect(site: Site, component: Component, plan: Plan) -> None:
    """What native mode does to the options file's options (`jopt explain`): those that lose to
    the start script's own later options, and a -Xshareclasses that replaces Zowe's cache."""
    if Path(options_file(site, component)).is_file():
        found = explain.effect(site, component, "native")
        plan.warnings += found.losing
        plan.notes += found.notes


MISSING_FILE = "with native mode the JVM is always given -Xoptionsfile, and it does not start when that file is missing"


def _check_options_file(site: Site, component: Component, plan: Plan, write: bool, coming: frozenset[Path]) -> None:
    path = Path(options_file(site, component))
    if path.is_file() or path in coming:
        return
    create = f"({nativeview.render_command([component.id])}, or an empty file)"
    if write:
        raise ConfigError(f"{path} does not exist: {MISSING_FILE}; create it first {create}")
    plan.notes.append(
        f"{path} does not exist yet: {MISSING_FILE}; create it {create} before you restart {component.id}"
    )


def _uninstall_edit(site: Site, component: Component, plan: Plan) -> Edit:
    record = site.state.components.get(component.id)
    trace = record is not None and record.mode == "native" and record.trace
    plan.records[component.id] = None
    return Edit(component.id, {}, native.settings(options_file(site, component), trace))


def plan(
    site: Site, components: list[Component], install: bool, write: bool, coming: frozenset[Path] = frozenset()
) -> Plan:
    """Every component's edit, applied in turn to the zowe.yaml files when writing.

    `coming`: options files the caller writes before it commits this plan (the fleet
    modules render them in the same request): they count as there."""
    site.locations.check_overrides_for_hook()
    found = site.locations.config
    if write and found is None:
        raise ConfigError("--write-config edits the zowe.yaml named by --zowe-yaml (or JOPT_ZOWE_YAML); none was given")
    result = Plan([], {}, zowe_yaml=site.locations.zowe_yaml, write=write)
    if install:
        site.check_tags(components)
    for component in components:
        edit = (
            _install_edit(site, component, result, write, coming)
            if install
            else _uninstall_edit(site, component, result)
        )
        result.edits.append(edit)
    if write and found is not None:
        for edit in result.edits:
            _apply(found, edit, result)
        _check(found, result)
    return result


def _without_legacy_trace(found: ZoweConfig, edit: Edit, result: Plan) -> None:
    """Take out the plain `XshowSettings: ""` an older jopt set (it puts every system
    property, passwords included, into the job log) before the edit sets or drops its own."""
    keys = edit.keys(native.TRACE_KEY)
    if native.TRACE_KEY not in {*edit.values, *edit.drop}:
        return
    if found.for_instance(None).value(keys) != native.LEGACY_TRACE_VALUE:
        return
    file = _file_for(found, keys, edit, native.TRACE_KEY, result)
    legacy = Edit(edit.component, {}, {native.TRACE_KEY: native.LEGACY_TRACE_VALUE})
    file.new_text = zoweconfig.applied(file.new_text, legacy, file.config.shown).text
    result.notes.append(
        f'{edit.component}: replaced components.{edit.component}.jvm.XshowSettings "" (every system property, '
        "passwords included, in the job log) with the VM settings only"
    )


def _apply(found: ZoweConfig, edit: Edit, result: Plan) -> None:
    """Each key of the edit in the entry that sets it (else the first FILE entry)."""
    _without_legacy_trace(found, edit, result)
    parts: dict[Path, tuple[FileEdit, dict[str, str], dict[str, str]]] = {}
    for name, value in [*((n, v) for n, v in edit.values.items()), *((n, None) for n in edit.drop)]:
        keys = edit.keys(name)
        if value is not None and found.for_instance(None).value(keys) == value:
            continue  # set already (perhaps through a template): nothing to write
        if value is None and found.for_instance(None).layer_of(keys) is None:
            continue  # nowhere to remove it from
        file = _file_for(found, keys, edit, name, result)
        values, drop = parts.setdefault(file.config.path, (file, {}, {}))[1:]
        (values if value is not None else drop)[name] = value if value is not None else edit.drop[name]
    result.applied[edit.component] = []
    for file, values, drop in parts.values():
        done = zoweconfig.applied(file.new_text, Edit(edit.component, values, drop), file.config.shown)
        file.new_text = done.text
        result.applied[edit.component].append((file, done))


def _file_for(found: ZoweConfig, keys: tuple[str, ...], edit: Edit, name: str, result: Plan) -> FileEdit:
    try:
        layer, why = config.edit_target(found, keys)
    except ConfigError as error:
        if name not in edit.values:
            raise ConfigError(f"{error}; remove {'.'.join(keys)} there by hand") from None
        lines = zoweconfig.fragment([Edit(edit.component, {name: edit.values[name]}, {})])
        raise ConfigError(f"{error}; put these lines there by hand:\n{lines.rstrip()}") from None
    assert layer.path is not None  # edit_target gives FILE entries only
    for file in result.files:
        if file.config.shown == layer.path:
            return file
    loaded = zoweconfig.load(layer.path)
    result.files.append(FileEdit(loaded, loaded.text, why))
    return result.files[-1]


def _check(found: ZoweConfig, result: Plan) -> None:
    """Read the edited files as Zowe would: each key holds what jopt set (or is gone), and
    say which HA instance overrides it."""
    after = config.replaced(found, {f.config.shown: f.new_text for f in result.files if f.changed})
    for edit in result.edits:
        for name in (*edit.values, *edit.drop):
            keys, wanted = edit.keys(name), edit.values.get(name, MISSING)
            if after.for_instance(None).value(keys) != wanted:
                raise ConfigError(f"{'.'.join(keys)}: {_why_not(after.for_instance(None), keys)}; change it by hand")
            for instance in after.instances():
                seen = after.for_instance(instance)
                if seen.value(keys) != wanted:
                    result.notes.append(f"{'.'.join(keys)}: HA instance {instance}: {_why_not(seen, keys)}")


def _why_not(seen: ZoweConfig, keys: tuple[str, ...]) -> str:
    """Why the configuration still does not hold what jopt wrote at `keys`."""
    hidden = seen.hiding(keys)
    if hidden is not None:
        return f"{hidden[1]} sets {'.'.join(hidden[0])} to {_shown(seen.value(hidden[0]))}, which hides it"
    return f"{seen.defining(keys)} sets it to {_shown(seen.value(keys))}"


def _shown(value: object) -> str:
    return "null" if value is None else json.dumps(value, default=str)


def commit(site: Site, plan_: Plan, keep: int = backups.DEFAULT_KEEP) -> list[Path]:
    """Write each zowe.yaml file that changes (each backed up first), then the state file;
    the backups' paths. Files already written are put back when a later step fails."""
    written: list[tuple[FileEdit, Path]] = []
    try:
        for file in plan_.files:
            backup = zoweconfig.write(site.locations.overrides, file.config, file.new_text, keep)
            if backup is not None:
                written.append((file, backup))
        _record(site, plan_)
    except JoptError:
        for file, _ in written:
            zoweconfig.put_back(file.config)
        raise
    return [backup for _, backup in written]


def _record(site: Site, plan_: Plan) -> None:
    records = site.state.components
    for cid, record in plan_.records.items():
        if record is None:
            if cid in records and records[cid].mode == "native":
                del records[cid]
            continue
        records[cid] = record
        site.state.tags[cid] = record.tag
    if records or (site.locations.overrides / state.STATE_FILE).exists():
        site.locations.overrides.mkdir(parents=True, exist_ok=True, mode=0o700)
        state.save(site.locations.overrides, site.state)


# --- the workflows behind `jopt install --native` and `jopt uninstall --native` ---------------


def targets(site: Site, names: tuple[str, ...] | list[str], every: bool, install: bool) -> list[Component]:
    """The named components, or with `every` the native-capable ones (install) or those in
    native mode (uninstall)."""
    if not every:
        return site.select(names)
    if install:
        return [c for c in site.components if nativeview.capable(c)]
    return [c for c in site.components if nativeview.recorded(site, c.id)]


class Result(NamedTuple):
    """What a native install or uninstall did or, on a dry run, would do."""

    plan: Plan
    install: bool
    dry_run: bool
    backups: tuple[Path, ...] = ()  # the backup of each zowe.yaml file written


def run(
    site: Site,
    chosen: list[Component],
    install: bool,
    write: bool,
    dry_run: bool = False,
    keep: int = backups.DEFAULT_KEEP,
    wait: float = 10.0,
    note: locking.Note = locking.ignore,
) -> Result:
    """Only plan (a dry run), or plan and commit under the overrides directory's lock.
    `write`: edit zowe.yaml (--write-config) instead of printing the settings."""
    if dry_run:
        return Result(plan(site, chosen, install, write), install, dry_run)
    with locking.writing(site, "install" if install else "uninstall", wait, note):
        site.reload_state()  # another jopt may have written while this one waited
        made = plan(site, chosen, install, write)
        return Result(made, install, dry_run, tuple(commit(site, made, keep)))


def printed(result: Result) -> str:
    """The settings to add to (or remove from) zowe.yaml by hand, when jopt does not edit it."""
    return printed_install(result.plan) if result.install else printed_uninstall(result.plan)


# --- what to tell the user (pure) -----------------------------------------------------------


def _keys(edit: Edit, names: Iterable[str]) -> str:
    return ", ".join(f"components.{edit.component}.jvm.{name}" for name in names)


def written_lines(plan_: Plan, dry_run: bool = False) -> list[str]:
    """One line per component and file after --write-config, or what its dry run would do:
    which file, and why that one when --zowe-yaml names several."""
    verbs = ("would set", "would remove", "would change") if dry_run else ("set", "removed", "updated")
    lines = []
    for edit in plan_.edits:
        for file, done in plan_.applied.get(edit.component, []):
            what = [f"{verb} {_keys(edit, names)}" for verb, names in zip(verbs, (done.added, done.removed)) if names]
            why = f", {file.why}" if file.why and what else ""
            result = (
                f"{verbs[2]} {file.config.shown} ({'; '.join(what)}{why})" if what else f"unchanged {file.config.shown}"
            )
            lines.append(f"{edit.component}: native: {result}")
        if not plan_.applied.get(edit.component):
            lines.append(f"{edit.component}: native: unchanged {plan_.zowe_yaml}")
    return lines


def printed_install(plan_: Plan) -> str:
    """The settings to put in zowe.yaml by hand, and where they go."""
    names = " ".join(e.component for e in plan_.edits)
    head = (
        f"{', '.join(e.component for e in plan_.edits)}: native mode: start.sh is not edited; "
        "put this in zowe.yaml (merge it into the components section there):"
    )
    out = [head, "", zoweconfig.fragment(plan_.edits).rstrip("\n"), ""]
    for edit in plan_.edits:
        if edit.drop:
            out.append(f"and remove {_keys(edit, edit.drop)} (trace is off)")
    where = f" {plan_.zowe_yaml}" if plan_.zowe_yaml else " the zowe.yaml named by --zowe-yaml"
    out.append(f"Or let jopt edit{where}: jopt install {names} --native --write-config")
    return "\n".join(out) + "\n"


def printed_uninstall(plan_: Plan) -> str:
    out = []
    for edit in plan_.edits:
        settings = ", ".join(f"{_keys(edit, [k])} ({json.dumps(v)})" for k, v in edit.drop.items())
        out.append(f"{edit.component}: native mode off: remove from zowe.yaml: {settings}")
    return "\n".join(out) + "\n"

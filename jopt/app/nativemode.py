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

from jopt.app import explain, locking, nativeview
from jopt.app.nativeview import options_file
from jopt.app.site import Site
from jopt.diffs import unified
from jopt.errors import ConfigError, JoptError, ScriptError
from jopt.script import hook, native, scriptfile
from jopt.script.hook import HookState
from jopt.storage import backups, state
from jopt.zowe import yamledit as zoweconfig
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
class Plan:
    """The zowe.yaml edits of one native install or uninstall, and the records to keep."""

    edits: list[Edit]
    records: dict[str, state.Record | None]  # None: forget the component
    config: ConfigFile | None = None  # the zowe.yaml to write (--write-config)
    zowe_yaml: Path | None = None  # the zowe.yaml jopt was given, if any
    new_text: str | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # options of the options file that will lose
    applied: dict[str, zoweconfig.Applied] = field(default_factory=dict)  # component -> its edit's result

    @property
    def changed(self) -> bool:
        return self.config is not None and self.new_text != self.config.text

    @property
    def diff(self) -> str:
        """The unified diff of zowe.yaml ("" when it is not written or does not change)."""
        if self.config is None or self.new_text is None:
            return ""
        name = str(self.config.shown)
        return unified(self.config.text, self.new_text, f"a{name}", f"b{name}")


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _install_edit(site: Site, component: Component, plan: Plan, write: bool, coming: frozenset[Path]) -> Edit:
    script = _checked_script(component)
    earlier = site.state.components.get(component.id)
    earlier = earlier if earlier is not None and earlier.mode == "native" else None
    trace = site.trace_on(component)
    drop = {native.TRACE_KEY: ""} if earlier is not None and earlier.trace and not trace else {}
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
    create = f"(jopt render --profile NAME {component.id}, or an empty file)"
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
    """Every component's edit, applied in turn to the zowe.yaml text when writing.

    `coming`: options files the caller writes before it commits this plan (the fleet
    modules render them in the same request): they count as there."""
    site.locations.check_overrides_for_hook()
    zowe_yaml = site.locations.zowe_yaml
    if write and zowe_yaml is None:
        raise ConfigError("--write-config edits the zowe.yaml named by --zowe-yaml (or JOPT_ZOWE_YAML); none was given")
    result = Plan([], {}, zowe_yaml=zowe_yaml)
    for component in components:
        edit = (
            _install_edit(site, component, result, write, coming)
            if install
            else _uninstall_edit(site, component, result)
        )
        result.edits.append(edit)
    if write and zowe_yaml is not None:
        result.config = zoweconfig.load(zowe_yaml)
        text = result.config.text
        for edit in result.edits:
            result.applied[edit.component] = zoweconfig.applied(text, edit, result.config.shown)
            text = result.applied[edit.component].text
        result.new_text = text
    return result


def commit(site: Site, plan_: Plan, keep: int = backups.DEFAULT_KEEP) -> Path | None:
    """Write zowe.yaml (with a backup) when it changes, then the state file; the backup's path."""
    backup = None
    if plan_.config is not None and plan_.new_text is not None:
        backup = zoweconfig.write(site.locations.overrides, plan_.config, plan_.new_text, keep)
    try:
        _record(site, plan_)
    except JoptError:
        if backup is not None and plan_.config is not None:
            zoweconfig.put_back(plan_.config)
        raise
    return backup


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


@dataclass(frozen=True)
class Result:
    """What a native install or uninstall did or, on a dry run, would do."""

    plan: Plan
    install: bool
    dry_run: bool
    backup: Path | None = None  # zowe.yaml's backup, when it was written


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
        return Result(made, install, dry_run, commit(site, made, keep))


def printed(result: Result) -> str:
    """The settings to add to (or remove from) zowe.yaml by hand, when jopt does not edit it."""
    return printed_install(result.plan) if result.install else printed_uninstall(result.plan)


# --- what to tell the user (pure) -----------------------------------------------------------


def _keys(edit: Edit, names: Iterable[str]) -> str:
    return ", ".join(f"components.{edit.component}.jvm.{name}" for name in names)


def written_lines(plan_: Plan) -> list[str]:
    """One line per component after --write-config (or its dry run)."""
    assert plan_.config is not None
    lines = []
    for edit in plan_.edits:
        done = plan_.applied[edit.component]
        what = [
            f"{verb} {_keys(edit, names)}" for verb, names in (("set", done.added), ("removed", done.removed)) if names
        ]
        result = f"updated {plan_.config.shown} ({'; '.join(what)})" if what else f"unchanged {plan_.config.shown}"
        lines.append(f"{edit.component}: native: {result}")
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

"""What jopt sees in each component: Java or not, hook state, options, trace, drift."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from jopt.app import filechecks, nativeview, recovery
from jopt.app.filechecks import RunAs
from jopt.app.site import Site
from jopt.errors import ExitCode, JoptError
from jopt.script import hook, scriptfile
from jopt.script.hook import HookState
from jopt.script.launch import find_launches
from jopt.storage import access, backups, state
from jopt.zowe import config, tags
from jopt.zowe.discovery import Component, PassedOver

if TYPE_CHECKING:
    from jopt.app.hookfiles import Problem


class Damage(NamedTuple):
    """Something that makes the JVM start other than status would otherwise say, and its fix."""

    what: str
    fix: str | None = None


class InstanceStatus(NamedTuple):
    """One HA instance of a component: its own options files and the one its JVM reads."""

    instance: str  # ZWE_haInstance_id (the suffix of its files)
    files: tuple[str, ...]  # its own java.options.<TAG>.<ID> / java.argfile.<TAG>.<ID>
    reads: str | None  # the options file its JVM gets (None: none)
    in_zowe_yaml: bool  # named by haInstances in zowe.yaml (or by --ha-instance)
    problem: str | None = None  # why its own files are not read
    readable: bool = True  # False: no ZWE_haInstance_id is ever `instance` (not lower case a-z 0-9 _)


class ComponentStatus(NamedTuple):
    component: str
    source: str
    tag: str
    kind: str  # java, not-java, no-start-script, unreadable
    script: str | None
    hook: str | None  # a HookState value; None when there is no script to look at
    detail: str
    options_files: tuple[str, ...]
    trace: bool  # the trace switch is set and something reads it (a hook, or zowe.yaml in native mode)
    drift: str | None
    fix: str | None
    native_capable: bool = False  # start script takes JVM options from zowe.yaml (jopt.script.native)
    mode: str = "none"  # how the JVM gets the options file: hook, native (zowe.yaml) or none
    zowe_yaml_points: bool | None = None  # zowe.yaml gives -Xoptionsfile=<options file>; None: not read
    losing: tuple[str, ...] = ()  # options of the options file that will not take effect (jopt explain)
    effect_notes: tuple[str, ...] = ()  # e.g. the options file's -Xshareclasses replaces Zowe's cache
    ha_instances: tuple[InstanceStatus, ...] = ()  # each HA instance of zowe.yaml or with files of its own
    damage: tuple[Damage, ...] = ()  # besides a damaged hook: a shared tag, an unreadable or bad options file
    trace_switch: bool = False  # <overrides>/trace.<TAG> exists, read or not
    go_native: str | None = None  # native-capable, not hooked: the commands that give it native mode

    @property
    def level(self) -> ExitCode:
        if self.kind == "unreadable" or self.hook == HookState.DAMAGED.value or self.damage:
            return ExitCode.DAMAGE
        if self.drift:
            return ExitCode.DRIFT
        if self.losing:
            return ExitCode.VERIFY_FAILED
        return ExitCode.OK

    @property
    def cannot_hook(self) -> str:
        """Why no hook can serve this component ("" when one can, or does): not Java, no start
        script, or one `jopt install` refuses."""
        if self.kind == "java":
            return self.detail.removeprefix("not hookable: ") if self.detail.startswith("not hookable: ") else ""
        reason = {"not-java": "it is not a Java component", "no-start-script": "it has no start script"}
        return reason.get(self.kind, self.detail)

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = self._asdict()
        data["options_files"] = list(self.options_files)
        data["ha_instances"] = [{**i._asdict(), "files": list(i.files)} for i in self.ha_instances]
        data["damage"] = [d._asdict() for d in self.damage]
        return data


def _drift(
    site: Site, component: Component, found: hook.Inspection, digest: str | None
) -> tuple[str | None, str | None]:
    """`digest`: the script's sha256, given when jopt has a record of the component."""
    record = site.state.components.get(component.id)
    install = f"jopt install {component.id}"
    if found.state is HookState.OUTDATED:
        return found.detail, install
    if found.state is HookState.HAND_MADE:
        return "a hand-made hook is in the script", f"{install} --adopt"
    if found.state is HookState.DAMAGED:
        return None, _restore_fix(site, component)
    if record is None or record.mode == "native":
        return None, None  # native mode's drift: jopt.app.nativeview.view
    if found.state is HookState.NONE:
        return "hook is gone (script replaced, e.g. by maintenance)", install
    if digest != record.installed_sha256:
        return "script changed since install (hook intact)", install
    return None, None


def _restore_fix(site: Site, component: Component) -> str:
    """For a damaged hook: put the newest backup back (forced: the script differs from it in
    more than the hook, or the hook would not be damaged), or, with none, the edit to make."""
    if backups.listing(site.locations.overrides, component.id):
        return (
            f"inspect the script, then `jopt restore {component.id} --force` puts the newest backup back "
            "(what changed since that backup goes)"
        )
    return (
        "no backup to put back: edit the script to remove the hook (the lines from `# >>> jopt hook` to "
        "`# <<< jopt hook`, and the ${JOPT_OPTIONS} line), then `jopt install " + component.id + "`"
    )


def _as_installed(record: state.Record | None, digest: str | None) -> bool:
    """The script is byte for byte what `jopt install` wrote, which it wrote only for one
    hookable Java launch: no need to scan the script again to know it is Java."""
    return record is not None and record.mode == "hook" and digest == record.installed_sha256


class FileChecks(NamedTuple):
    """What `jopt status` checks of the files the JVM reads: as which user, ACLs read how."""

    run_as: RunAs
    acls: access.AclReader | None = None


def _damage(
    site: Site, component: Component, options: list[Path], checks: FileChecks | None, sourced: list[Path] | None = None
) -> tuple[Damage, ...]:
    """`sourced`: the files the component's hook reads itself (hook v2), when it has options
    files or trace on, so that they matter."""
    found = []
    collision = site.collision(component)
    if collision is not None:
        found.append(Damage(*collision))
    if checks is not None:
        denied = filechecks.unreadable(
            checks.run_as, filechecks.hook_inputs(options, sourced or []), site.locations.overrides, checks.acls
        )
        found += [Damage(*denied)] if denied else []
        found += [Damage(*f) for path in options for f in filechecks.findings(site.state.rendered, path)]
    return tuple(found)


def _hook_files(component: Component, problems: list[Problem]) -> tuple[str | None, str | None, tuple[Damage, ...]]:
    """For a script whose hook sources jopt's hook files (hook v2): (drift, fix, damage) when
    one is missing (drift: the component starts as shipped), or changed or writable by others
    (damage)."""
    fix = f"jopt install {component.id} (rewrites jopt's hook files)"
    damage = tuple(Damage(p.detail, fix) for p in problems if p.kind == "damaged")
    missing = [p for p in problems if p.kind == "missing"]
    return (missing[0].detail, fix, damage) if missing else (None, None, damage)


def of(
    site: Site,
    component: Component,
    files: frozenset[str] | None = None,
    checks: FileChecks | None = None,
    hook_problems: Callable[[], list[Problem]] | None = None,
) -> ComponentStatus:
    """`files`: site.overrides_files(), when the caller has listed the folder already. With
    `checks`, the options files are checked too: that the started task's user can read them,
    and with render's rules (filechecks). `hook_problems`: gives hookfiles.problems(site); `of_all`
    passes one that reads jopt's hook files once for all the components it asks about."""
    tag = site.tags[component.id]
    switch = site.trace_on(component, files)
    options = site.options_files(component, files)
    common: dict[str, Any] = {
        "component": component.id,
        "source": component.source,
        "tag": tag,
        "options_files": tuple(str(p) for p in options),
        "trace_switch": switch,
        "damage": _damage(site, component, options, checks),
    }
    if component.start is None and component.problem is None:
        return ComponentStatus(
            kind="no-start-script", script=None, hook=None, detail="", drift=None, fix=None, trace=False, **common
        )
    try:
        script = scriptfile.of_component(component)
    except JoptError as error:
        where = str(component.start_script or component.manifest)
        return ComponentStatus(
            kind="unreadable", script=where, hook=None, detail=str(error), drift=None, fix=None, trace=False, **common
        )
    record = site.state.components.get(component.id)
    digest = state.sha256(script.data) if record is not None else None
    installed = _as_installed(record, digest)
    found = hook.inspect(script.text.lines, site.hook_params(component), trusted=installed)
    kind = "java" if installed or find_launches(script.text.lines) else "not-java"
    detail = found.detail
    if kind == "java" and found.state is HookState.NONE:
        detail = _not_hookable(site, component, script.text.lines)
    drift, fix = _drift(site, component, found, digest)
    native_ = nativeview.view(site, component, script.text.lines, found.state)
    drift, fix = (native_.drift, native_.fix) if native_.drift else (drift, fix)
    losing, effect_notes = _effect(site, component, kind, native_.mode, common["options_files"])
    common["ha_instances"] = instances(site, component, native_.mode, files)
    if found.version == hook.CURRENT_VERSION and found.state in (HookState.CURRENT, HookState.OUTDATED):
        from jopt.app import hookfiles  # jopt's hook files matter to a v2 hook only

        if checks is not None and (options or switch):  # the started task's user must read them too
            common["damage"] = _damage(site, component, options, checks, hookfiles.paths(site))
        problems = hook_problems() if hook_problems is not None else hookfiles.problems(site)
        file_drift, file_fix, file_damage = _hook_files(component, problems)
        common["damage"] = (*common["damage"], *file_damage)
        if file_drift and not drift:
            drift, fix = file_drift, file_fix
    borrowed = _borrowed_hook(site, component, script, found.state)
    if borrowed is not None:
        common["damage"] = (borrowed, *common["damage"])
    if (site.collision(component) or borrowed) and found.state is HookState.OUTDATED:
        drift, fix = None, None  # another component's hook: the damage's fix (install alone is refused)
    read = found.state in (HookState.CURRENT, HookState.OUTDATED) or native_.mode == "native"
    return ComponentStatus(
        kind=kind,
        script=str(script.shown),
        hook=found.state.value,
        detail=detail,
        drift=drift,
        fix=fix,
        native_capable=native_.capable,
        mode=native_.mode,
        zowe_yaml_points=native_.points,
        losing=losing,
        effect_notes=effect_notes,
        trace=switch and read,
        go_native=nativeview.go_native(site, [component]) if native_.capable and native_.mode == "none" else None,
        **common,
    )


def _effect(
    site: Site, component: Component, kind: str, mode: str, options_files: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The options file's options that will not take effect in the component's mode, and notes
    (`jopt explain`); read only for a Java component in a mode that passes a file it has."""
    if kind != "java" or mode == "none" or not options_files:
        return (), ()
    from jopt.app import explain  # read only here: a status without options files stays as light as before

    found = explain.effect(site, component, mode)
    return found.losing, found.notes


def instances(site: Site, component: Component, mode: str, files: frozenset[str] | None) -> tuple[InstanceStatus, ...]:
    """Each HA instance and the options file its JVM reads: through the hook, the first of
    the instance's own files and the shared ones; in native mode, what zowe.yaml gives it."""
    found = []
    for item in site.instance_files(component, files):
        reads: str | None = str(item.reads) if item.reads else None
        problem = None
        if not item.readable:
            reads = None
            problem = (
                "no JVM reads it: Zowe makes ZWE_haInstance_id lower case, a-z 0-9 _ "
                f"(this one would be {config.instance_id(item.instance)})"
            )
        elif mode == "native":
            reads = nativeview.instance_reads(site, component, item.instance)
            problem = "native mode: zowe.yaml gives the JVM its file; the hook, which reads these, is not installed"
        elif mode != "hook":
            reads, problem = None, "no hook: no JVM reads them"
        shown = tuple(str(p) for p in item.own)
        problem = problem if shown else None
        found.append(InstanceStatus(item.instance, shown, reads, item.in_zowe_yaml, problem, item.readable))
    return tuple(found)


def _not_hookable(site: Site, component: Component, lines: tuple[str, ...]) -> str:
    """Why `jopt install` would refuse this Java component, or ""."""
    shared = site.shared.get(component.id)
    if shared:
        return f"not hookable: its start script is also the start script of {shared[0].id} (the same file)"
    try:
        hook.the_launch(lines)
    except JoptError as error:
        return f"not hookable: {error}"
    return ""


def _borrowed_hook(site: Site, component: Component, script: scriptfile.ScriptFile, state_: HookState) -> Damage | None:
    """Damage when the start script is the very file of another component's, which carries
    that component's hook: this JVM reads the other's options file."""
    shared = site.shared.get(component.id)
    if not shared or state_ is HookState.NONE or component.id in site.hooks:
        return None
    owner = next((c for c in shared if c.id in site.hooks), shared[0])
    tag = site.hooks[owner.id].tag if owner.id in site.hooks else site.tags[owner.id]
    what = (
        f"its start script is the start script of {owner.id} too (the same file, {script.path}): it runs "
        f"{owner.id}'s hook, and its JVM reads java.options.{tag}"
    )
    if not script.shown.is_symlink():
        return Damage(what, f"give {component.id} a start script of its own (a link on the way makes it the same file)")
    own = tags.free(component.id, {t for cid, t in site.tags.items() if cid != component.id})
    copy = f"rm {script.shown} && cp {script.path} {script.shown}"
    return Damage(what, f"{copy} && jopt install {component.id} --tag {own}")


def _hook_file_problems(site: Site) -> list[Problem]:
    """hookfiles.problems(site), its module loaded only when a component has a v2 hook."""
    from jopt.app import hookfiles

    return hookfiles.problems(site)


def of_all(site: Site, components: list[Component], checks: FileChecks | None = None) -> list[ComponentStatus]:
    files = site.overrides_files()  # one listing, not a stat per name per component
    # jopt's hook files: read once for all components, and only when one has a v2 hook
    problems = functools.cache(functools.partial(_hook_file_problems, site))
    return [of(site, c, files, checks, problems) for c in components]


#: The exit codes of status from least to most serious: options that lose (6) weigh less
#: than drift (3) and damage (4).
SEVERITY = (ExitCode.OK, ExitCode.VERIFY_FAILED, ExitCode.DRIFT, ExitCode.DAMAGE)


def worst(levels: Iterable[ExitCode]) -> ExitCode:
    return max(levels, key=SEVERITY.index, default=ExitCode.OK)


def exit_code(statuses: list[ComponentStatus]) -> ExitCode:
    return worst(s.level for s in statuses)


class Overview(NamedTuple):
    """`jopt status`: every chosen component's status, and what a killed or working jopt left."""

    runtime: str
    overrides: str
    statuses: list[ComponentStatus]
    findings: recovery.Findings
    passed_over: list[PassedOver]  # folders not managed, with the reason
    run_as: RunAs | None  # the started task's user the options files were checked for

    @property
    def notes(self) -> list[str]:
        """Said once: the started task's user is unknown here, so access was not checked."""
        files = any(s.options_files for s in self.statuses)
        return [self.run_as.unknown_note] if self.run_as is not None and self.run_as.user is None and files else []

    @property
    def exit_code(self) -> ExitCode:
        """The worst component's level; drift at least while a killed writer's work is unfinished."""
        floor = ExitCode.DRIFT if self.findings.interrupted else ExitCode.OK
        return worst([exit_code(self.statuses), floor])

    def as_dict(self) -> dict[str, object]:
        return {
            "runtime": self.runtime,
            "overrides": self.overrides,
            "components": [s.as_dict() for s in self.statuses],
            "passed_over": [{"name": p.name, "path": str(p.path), "reason": p.reason} for p in self.passed_over],
            "run_as": self.run_as.as_dict() if self.run_as is not None else None,
        }


def overview(site: Site, names: tuple[str, ...] | list[str] = (), run_as: str | None = None) -> Overview:
    """The named components (all when none is named), as `jopt status` shows them; the
    options files checked for the started task's user (`run_as`, else zowe.yaml's)."""
    chosen = site.select(names) if names else site.components
    checks = FileChecks(filechecks.run_as(run_as, site.locations.config), access.default_reader())
    statuses = of_all(site, chosen, checks)
    passed = [] if names else site.passed_over
    where = (str(site.locations.runtime), str(site.locations.overrides))
    return Overview(*where, statuses, recovery.findings(site), passed, checks.run_as)

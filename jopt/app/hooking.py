"""Install, uninstall and restore: plan every change first, then commit all or nothing.

`install`, `uninstall` and `restore` are the workflows the CLI's commands call: plan (on a
dry run, only that), or take the overrides directory's lock, reload jopt's state, plan
again and commit. The fleet modules compose `plan_install`/`plan_uninstall` and `commit`
with other files under one lock (`jopt.app.fleet`).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from jopt.app import hookfiles, locking, nativeview
from jopt.app.site import Site
from jopt.diffs import unified
from jopt.errors import ConfigError, JoptError, NoScript, NotJava, ScriptError, WriteError
from jopt.script import hook, native, scriptfile, scripttext
from jopt.script.handmade import remove_hand_made
from jopt.script.hook import HookState, Inspection
from jopt.script.launch import find_launches
from jopt.script.scriptfile import ScriptFile
from jopt.script.scripttext import ScriptText
from jopt.storage import backups, encoding, fileio, state, writers
from jopt.zowe.discovery import Component


class Change(NamedTuple):
    """One start script's planned new bytes (equal to the old ones when nothing changes)."""

    component: Component
    script: ScriptFile
    new_text: ScriptText
    new: bytes
    action: str  # installed, upgraded, uninstalled, restored
    note: str = ""
    #: The script's bytes without a hook, where the plan knows them without a search: on a
    #: first install, the bytes it read (the new text is theirs with a current hook added).
    unhooked: bytes | None = None

    @property
    def changed(self) -> bool:
        return self.new != self.script.data

    @property
    def result(self) -> str:
        return self.action if self.changed else "unchanged"

    @property
    def warnings(self) -> tuple[str, ...]:
        """What writing this change loses that jopt cannot keep (z/OS extended attributes)."""
        return self.script.facts.warnings if self.changed else ()

    @property
    def diff(self) -> str:
        """The unified diff from the script's text to the new one ("" when unchanged)."""
        name = str(self.script.shown)
        return unified(self.script.text.join(), self.new_text.join(), f"a{name}", f"b{name}")


#: Actions that leave a current hook in the script, which needs the hook files.
_HOOKING = ("installed", "upgraded", "adopted")


def _needs_hook_files(changes: list[Change]) -> bool:
    """A change leaves a current hook in its script: an install, or a backup put back that
    was taken while the script was hooked (its hook sources the files as any other)."""
    return any(
        c.action in _HOOKING or (c.action == "restored" and hook.inspect(c.new_text.lines).state is HookState.CURRENT)
        for c in changes
    )


class Outcome(NamedTuple):
    change: Change
    backup: Path | None


def syntax_refusal(changes: list[Change]) -> ScriptError | None:
    """Why the plan must be refused: a changed script that would fail `sh -n` where it passed before."""
    changed = [c for c in changes if c.changed]
    for change, error in zip(changed, fileio.sh_syntax_errors([c.new_text.join() for c in changed])):
        if error is not None and fileio.sh_syntax_error(change.script.text.join()) is None:
            return ScriptError(f"result would fail `sh -n` ({error}); nothing written", path=change.script.shown)
    return None


def _checked(changes: list[Change], check: bool) -> list[Change]:
    refusal = syntax_refusal(changes) if check else None
    if refusal is not None:
        raise refusal
    return changes


def _change(
    component: Component,
    script: ScriptFile,
    text: ScriptText,
    action: str,
    note: str = "",
    unhooked: bytes | None = None,
) -> Change:
    return Change(component, script, text, script.encode(text), action, note, unhooked)


def _with_path(error: ScriptError, path: Path) -> ScriptError:
    return error if error.path is not None else ScriptError(str(error), path=path)


@dataclass
class Skipped:
    """Components an `--all` command passed over, with the reason (filled in by the plan):
    `reasons` for those that are not Java or have no start script, `unhookable` for Java
    ones jopt cannot hook."""

    reasons: dict[str, str] = field(default_factory=dict)
    unhookable: dict[str, str] = field(default_factory=dict)


def plan_install(
    site: Site, components: list[Component], adopt: bool = False, skipped: Skipped | None = None, check: bool = True
) -> list[Change]:
    """New texts for hooking each component; ScriptError (nothing planned) if one cannot be.

    With `skipped`, components that are not Java (or have no usable start script), and Java
    components that cannot be hooked (with the reason), are recorded there instead of
    failing the plan: that is what `install --all` wants.
    `check=False` leaves the `sh -n` check to `commit(..., check=True)`, which runs it while
    the backups are written.
    """
    site.locations.check_overrides_for_hook()
    site.check_tags(components)
    changes = []
    for component in components:
        params = site.hook_params(component)
        try:
            script = scriptfile.of_component(component)
            before = hook.inspect(script.text.lines, params)
            # a current hook sits before its -jar line: only other scripts need the scan
            if skipped is not None and before.state is not HookState.CURRENT and not find_launches(script.text.lines):
                raise NotJava("not Java")
        except (NotJava, ScriptError) as error:
            if skipped is None:
                raise
            into = skipped.reasons if isinstance(error, (NotJava, NoScript)) else skipped.unhookable
            into[component.id] = str(error)
            continue
        try:
            text: ScriptText = script.text
            known: Inspection | None = before
            if before.state is HookState.HAND_MADE and adopt:
                text, known = remove_hand_made(text), None
            elif before.state is HookState.HAND_MADE:
                raise ScriptError(f"{before.detail}; `jopt install {component.id} --adopt` replaces it")
            text = hook.inject(text, params, known)
        except ScriptError as error:
            if skipped is None:
                raise _with_path(error, script.shown) from None
            skipped.unhookable[component.id] = str(_with_path(error, script.shown))
            continue
        action = {HookState.OUTDATED: "upgraded", HookState.HAND_MADE: "adopted"}.get(before.state, "installed")
        note = "; ".join(n for n in (before.detail, _through_link(site, component, script, refuse_shared=True)) if n)
        unhooked = script.data if before.state is HookState.NONE else None
        changes.append(_change(component, script, text, action, note, unhooked))
    return _checked(changes, check)


def _through_link(site: Site, component: Component, script: ScriptFile, refuse_shared: bool = False) -> str:
    """For a symlinked start script, the note saying that its target is what gets written;
    with `refuse_shared`, ScriptError if the file is another component's script too, reached
    through a link to it, to a folder on its path, or a hard link (one file cannot carry the
    hooks of two components: each would rewrite the other's, back and forth)."""
    if refuse_shared:
        other = _sharing(site, component)
        if other is not None and script.shown.is_symlink():
            raise ScriptError(
                f"is a symbolic link to {script.path}, which is also the start script of {other.id}; one file "
                "cannot carry the hooks of two components: replace the link with a copy of its target",
                path=script.shown,
            )
        if other is not None:
            raise ScriptError(
                f"is the same file as the start script of {other.id} ({other.start_script}), reached under another "
                "name (a link on its path); one file cannot carry the hooks of two components: give each "
                "component a copy of its own",
                path=script.shown,
            )
    if not script.shown.is_symlink():
        return ""
    return f"a symbolic link: jopt writes its target {script.path}"


def _sharing(site: Site, component: Component) -> Component | None:
    """Another component whose start script is this very file, if one is."""
    return next(iter(site.shared.get(component.id, [])), None)


def plan_uninstall(
    site: Site, components: list[Component], only_hooked: bool = False, check: bool = True
) -> list[Change]:
    """New texts without the hook. `only_hooked` (for `--all`) passes over components that
    have no hook and no install record, and those without a usable start script. `check`
    as for plan_install."""
    changes = []
    for component in components:
        try:
            script = scriptfile.of_component(component)
        except NoScript:
            if only_hooked:
                continue
            raise
        try:
            text = hook.remove(script.text)
        except ScriptError as error:
            raise _with_path(error, script.shown) from None
        if only_hooked and text is script.text and component.id not in site.state.components:
            continue
        changes.append(_change(component, script, text, "uninstalled", _through_link(site, component, script)))
    return _checked(changes, check)


def hooked(site: Site) -> list[Component]:
    """Components whose script carries a jopt hook now, or that jopt's state says it hooked."""
    found = []
    for component in site.components:
        if component.id in site.state.components:
            found.append(component)
            continue
        try:
            script = scriptfile.of_component(component)
        except JoptError:
            continue
        if hook.inspect(script.text.lines).state is not HookState.NONE:
            found.append(component)
    return found


class RestoreRefused(ScriptError):
    """A restore would drop changes made after the backup; carries the diff to show."""

    def __init__(self, message: str, diff: str, path: Path):
        super().__init__(message, path=path)
        self.diff = diff


def plan_restore(site: Site, component: Component, force: bool = False) -> tuple[Change, str]:
    """The newest backup put back, if the current file minus the hook equals it minus the hook.

    Returns the change and the diff from the current text to the backup.
    """
    script = scriptfile.of_component(component)
    saved = backups.listing(site.locations.overrides, component.id)
    if not saved:
        raise ScriptError(f"no backup of {component.id} in {backups.folder(site.locations.overrides, component.id)}")
    newest = saved[-1]
    data = fileio.read_bytes(newest)
    backup_text = scripttext.split(encoding.decode(data, script.codec, path=newest), path=newest)
    diff = unified(script.text.join(), backup_text.join(), str(script.shown), str(newest))
    if _unhooked(script.text) != _unhooked(backup_text) and not force:
        raise RestoreRefused(
            f"changed since backup {newest.name} beyond the hook; restoring would drop those "
            "changes (see the diff printed; --force restores anyway)",
            diff,
            script.shown,
        )
    return Change(component, script, backup_text, data, "restored", f"from {newest}"), diff


def _unhooked(text: ScriptText) -> ScriptText | None:
    try:
        return hook.remove(text)
    except ScriptError:
        return None


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def commit(site: Site, changes: list[Change], keep: int = backups.DEFAULT_KEEP, check: bool = False) -> list[Outcome]:
    """Back up, then write every changed script; on any failure put back what was written.

    `check=True` runs the plan's `sh -n` check (see plan_install) while the backups are
    written; a refusal discards them and writes nothing."""
    overrides = site.locations.overrides
    changed = [c for c in changes if c.changed]
    for change in changed:
        fileio.check_writable(change.script.path)
    if changed:
        overrides.mkdir(parents=True, exist_ok=True, mode=0o700)
    when = backups.stamp()

    def back_up(c: Change) -> Path:
        return backups.write(overrides, c.component.id, c.script.path.name, c.script.data, when)

    refusals: list[ScriptError] = []

    def check_syntax() -> None:
        refusal = syntax_refusal(changed) if check else None
        refusals.extend([refusal] if refusal is not None else [])

    try:
        backed_up = writers.each(back_up, changed, check_syntax)
    except BaseException:  # Ctrl-C, or an error no one expected (no shell to run): nothing stays
        made = [backups.path(overrides, c.component.id, c.script.path.name, when) for c in changed]
        _discard(overrides, made, changed)
        raise
    saved: dict[str, Path] = {}
    backup_errors = []
    for change, path, error in backed_up:
        if error is not None:
            backup_errors.append(error)
        elif path is not None:
            saved[change.component.id] = path
    if backup_errors or refusals:
        _discard(overrides, list(saved.values()), changed)
        if refusals:
            raise refusals[0]
        raise WriteError(f"backup failed, nothing written: {backup_errors[0]}") from None
    try:  # the files hooks source, before any script that sources them
        sourced = hookfiles.ensure(site) if _needs_hook_files(changes) else []
    except BaseException:
        _discard(overrides, list(saved.values()), changed)
        raise
    written = writers.each(lambda c: fileio.atomic_write(c.script.path, c.new, c.script.facts), changed)
    failed = [error for _, _, error in written if error is not None]
    if not failed:
        try:
            _record(site, changes)
        except JoptError as error:  # e.g. no space for state.json: the scripts go back too
            failed = [error]
    if failed:
        done = [change for change, _, error in written if error is None]
        _roll_back(done)
        hookfiles.put_back(sourced)
        _discard(overrides, list(saved.values()), changed)
        raise WriteError(f"{failed[0]}; put back {len(done)} script(s) already written") from None
    _prune(overrides, changed, keep)
    return [Outcome(c, saved.get(c.component.id)) for c in changes]


def _prune(overrides: Path, changed: list[Change], keep: int) -> None:
    """Delete each written component's backups beyond the newest `keep` (after the writes: a
    failed command keeps every backup). Every component is tried; then the first failure is
    raised."""
    failures: list[OSError] = []
    for change in changed:
        try:
            backups.prune(overrides, change.component.id, keep)
        except OSError as error:
            failures.append(error)
    if failures:
        raise failures[0]


def _roll_back(written: list[Change]) -> None:
    for change in reversed(written):
        fileio.atomic_write(change.script.path, change.script.data, change.script.facts)


def _discard(overrides: Path, made: list[Path], changed: list[Change]) -> None:
    """Remove the backups of a command that changed nothing in the end, and the folders
    it made for them (a folder that is not empty stays)."""
    for path in made:
        with contextlib.suppress(OSError):
            path.unlink()
    for folder in [*(backups.folder(overrides, c.component.id) for c in changed), overrides / "backups"]:
        with contextlib.suppress(OSError):
            folder.rmdir()


def _as_recorded(record: state.Record | None, change: Change, tag: str) -> bool:
    return (
        record is not None
        and (record.mode, record.hook_version, record.script, record.tag)
        == ("hook", hook.CURRENT_VERSION, str(change.script.shown), tag)
        and record.installed_sha256 == state.sha256(change.new)
    )


def _record(site: Site, changes: list[Change]) -> None:
    """Record hooked scripts in the state file; forget unhooked ones."""
    records = site.state.components
    for change in changes:
        cid = change.component.id
        earlier = records.get(cid)
        if not change.changed and _as_recorded(earlier, change, site.tags[cid]):
            continue  # the bytes install wrote and recorded: the record would come out the same
        original = change.unhooked
        if original is None:
            found = hook.inspect(change.new_text.lines)
            if found.state is not HookState.CURRENT:
                records.pop(cid, None)
                continue
            original = change.script.encode(hook.remove(change.new_text, found))
        records[cid] = state.Record(
            script=str(change.script.shown),
            tag=site.tags[cid],
            original_sha256=state.sha256(original),
            installed_sha256=state.sha256(change.new),
            hook_version=hook.CURRENT_VERSION,
            installed_at=earlier.installed_at if earlier and not change.changed else _now(),
        )
    site.state.tags.update({cid: site.tags[cid] for cid in records})
    if site.state.hook_files and not any(r.mode == "hook" for r in records.values()):
        hookfiles.remove(site)  # the last hooked component is gone
    if records or (site.locations.overrides / state.STATE_FILE).exists():
        site.locations.overrides.mkdir(parents=True, exist_ok=True, mode=0o700)
        state.save(site.locations.overrides, site.state)


# --- the workflows behind `jopt install`, `jopt uninstall` and `jopt restore` -------------------


class Targets(NamedTuple):
    """The components a hook command works on."""

    components: list[Component]
    every: bool  # --all: pass over what the command does not apply to, instead of refusing it
    native: tuple[str, ...] = ()  # --all: passed over, in native mode (zowe.yaml gives them the options file)


class NativeModeRefused(ConfigError):
    """A named component is in native mode: a hook would give its JVM the options file twice."""

    def __init__(self, component: str, command: str) -> None:
        why = "first, or the JVM gets the options file twice" if command == "install" else "to undo it"
        super().__init__(
            f"{component} uses native mode (zowe.yaml gives it the options file, no hook): "
            f"`jopt uninstall {component} --native` {why}"
        )
        self.component = component


def targets(site: Site, names: tuple[str, ...] | list[str], every: bool, command: str) -> Targets:
    """The named components (or with `every` all of them) for `command` (install or uninstall),
    less those in native mode; NativeModeRefused for a named one in native mode."""
    chosen = site.components if every else site.select(names)
    kept, in_native = nativeview.split(site, chosen)
    if in_native and not every:
        raise NativeModeRefused(in_native[0], command)
    return Targets(kept, every, tuple(in_native))


@dataclass(frozen=True)
class Result:
    """What install, uninstall or restore did or, on a dry run, would do."""

    changes: list[Change]
    outcomes: list[Outcome] | None = None  # None: a dry run, nothing written
    skipped: dict[str, str] = field(default_factory=dict)  # install --all: not Java or no start script, and why
    unhookable: dict[str, str] = field(default_factory=dict)  # install --all: Java, but jopt cannot hook it: why
    hook_files: list[hookfiles.HookFile] = field(default_factory=list)  # install: the files v2 hooks source, written

    @property
    def could_go_native(self) -> list[Component]:
        """Components planned here whose start script could take the options file from zowe.yaml instead."""
        return [c.component for c in self.changes if native.capability(c.script.text.lines).capable]


#: plan(check) -> the changes; `check` runs the `sh -n` check in the plan (see plan_install).
Plan = Callable[[bool], list[Change]]


def _run(
    site: Site, command: str, plan: Plan, dry_run: bool, keep: int, wait: float, note: locking.Note, check: bool = True
) -> tuple[list[Change], list[Outcome] | None]:
    """Only plan (a dry run), or plan and commit under the overrides directory's lock.

    With `check`, the `sh -n` check runs in the plan on a dry run and otherwise in the
    commit, while the backups are written."""
    if dry_run:
        return plan(check), None
    if not site.locations.overrides.exists():
        plan(False)  # the lock would make the directory: a refused first command leaves nothing behind
    with locking.writing(site, command, wait, note):
        site.reload_state()  # another jopt may have written while this one waited
        changes = plan(False)
        return changes, commit(site, changes, keep, check=check)


def install(
    site: Site,
    chosen: Targets,
    adopt: bool = False,
    dry_run: bool = False,
    keep: int = backups.DEFAULT_KEEP,
    wait: float = 10.0,
    note: locking.Note = locking.ignore,
) -> Result:
    """`jopt install`: hook each target's start script (with `adopt`, replacing a hand-made hook)."""
    skipped = Skipped() if chosen.every else None

    def plan(check: bool) -> list[Change]:
        return plan_install(site, chosen.components, adopt, skipped, check)

    pending = [f for f in hookfiles.wanted(site) if f.changed]  # what commit writes before the scripts
    changes, outcomes = _run(site, "install", plan, dry_run, keep, wait, note)
    sourced = pending if _needs_hook_files(changes) else []
    if skipped is None:
        return Result(changes, outcomes, hook_files=sourced)
    return Result(changes, outcomes, skipped.reasons, skipped.unhookable, sourced)


def uninstall(
    site: Site,
    chosen: Targets,
    dry_run: bool = False,
    keep: int = backups.DEFAULT_KEEP,
    wait: float = 10.0,
    note: locking.Note = locking.ignore,
) -> Result:
    """`jopt uninstall`: take the hook out of each target's start script."""

    def plan(check: bool) -> list[Change]:
        return plan_uninstall(site, chosen.components, chosen.every, check)

    return Result(*_run(site, "uninstall", plan, dry_run, keep, wait, note))


def restore(
    site: Site,
    name: str,
    force: bool = False,
    dry_run: bool = False,
    keep: int = backups.DEFAULT_KEEP,
    wait: float = 10.0,
    note: locking.Note = locking.ignore,
) -> Result:
    """`jopt restore`: put the newest backup of a component's start script back.
    RestoreRefused (with the diff) when that would drop later changes, unless `force`."""
    (component,) = site.select((name,))

    def plan(check: bool) -> list[Change]:
        return [plan_restore(site, component, force)[0]]

    # a backup goes back as it was taken: no `sh -n` check
    return Result(*_run(site, "restore", plan, dry_run, keep, wait, note, check=False))

"""Rendered options files on disk: which components, which encoding, write only on change.

The text comes from `jopt.options.render` (pure); this module picks the components of a site,
encodes (IBM-1047 and tagged on z/OS, where OpenJ9 reads the options file as EBCDIC;
UTF-8 elsewhere) and writes atomically into the overrides directory. `plan` and `commit`
are the workflow behind `jopt render` (and the fleet modules' `profiles`).

jopt records the sha256 of each file it writes (state.json, `rendered`). A file it did not
write, or that changed since, is someone's work: it is never overwritten silently. Render
refuses it, showing the diff; with `force` it is backed up first, to
`<overrides>/backups/options/<name>.<UTC time stamp>`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from jopt.app import explain, locking, status
from jopt.app import hooking as operations
from jopt.app.site import Site
from jopt.diffs import unified
from jopt.errors import ConfigError, JoptError
from jopt.options import jvmoptions, profiles, render
from jopt.options.render import Context, Output
from jopt.storage import backups, fileio, state, zos
from jopt.zowe.discovery import Component
from jopt.zowe.locations import resolve

#: --encoding values (z/OS CCSID names) -> Python codecs.
ENCODINGS = {"IBM-1047": "cp1047", "UTF-8": "utf-8", "ISO8859-1": "iso8859-1"}
NEW_FILE_MODE = 0o640  # the started task's group may need to read it


class Target(NamedTuple):
    component: Component
    context: Context
    warnings: tuple[str, ...]
    mode: str = "none"  # how the JVM gets the options file now: hook, native or none


def default_encoding() -> str:
    return "IBM-1047" if zos.on_zos() else "UTF-8"


def encode(text: str, encoding: str, path: Path) -> bytes:
    if encoding not in ENCODINGS:
        raise ConfigError(f"unknown encoding {encoding!r}; use one of {', '.join(ENCODINGS)}")
    try:
        return text.encode(ENCODINGS[encoding])
    except UnicodeEncodeError as error:
        bad = error.object[error.start]
        raise ConfigError(f"{bad!r} (character {error.start}) cannot be written in {encoding}", path=path) from None


def read_text(path: Path, encoding: str | None = None) -> str:
    """A rendered file's text, decoded as jopt wrote it (IBM-1047 on z/OS, else UTF-8)."""
    return path.read_bytes().decode(ENCODINGS[encoding or default_encoding()])


def pending(path: Path, data: bytes) -> str:
    """What `write` would do: "unchanged", "would be created" or "would change"."""
    if not path.is_file():
        return "would be created"
    return "unchanged" if fileio.read_bytes(path) == data else "would change"


NOT_WRITTEN = "not written by jopt"
CHANGED = "changed since jopt wrote it"
BACKUPS = "options"  # <overrides>/backups/options/


def provenance(site: Site, path: Path, current: bytes | None) -> str | None:
    """Why the file is not jopt's to overwrite (NOT_WRITTEN, CHANGED), or None: there is no
    file, or it holds the bytes jopt recorded writing."""
    if current is None:
        return None
    recorded = site.state.rendered.get(path.name)
    if recorded is None:
        return NOT_WRITTEN
    return None if recorded == state.sha256(current) else CHANGED


def write(path: Path, data: bytes, encoding: str) -> str:
    """Write `data` unless the file already holds exactly it: "created", "updated" or "unchanged"."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    exists = path.is_file()
    if exists and fileio.read_bytes(path) == data:
        return "unchanged"
    info = path.stat() if exists else None
    tag = zos.FileTag(encoding, True) if zos.on_zos() else None
    mode = info.st_mode & 0o7777 if info else NEW_FILE_MODE
    keep = fileio.FileFacts(mode, info.st_uid if info else os.getuid(), info.st_gid if info else os.getgid(), tag)
    fileio.atomic_write(path, data, keep=keep)
    return "updated" if exists else "created"


# --- which components ---------------------------------------------------------------------


def _context(site: Site, component: Component) -> Context:
    overrides = site.locations.overrides
    logs = site.locations.logs or overrides
    return Context(component.id, site.tags[component.id], str(overrides), str(logs), site.locations.ha_instance or "")


def _warnings(site: Site, component: Component, dialect: str, found: status.ComponentStatus) -> list[str]:
    warnings = []
    install = f"jopt install {component.id}"
    if found.mode == "native":
        if dialect == "hotspot":
            warnings.append(
                f"{component.id}: native mode gives the JVM only -Xoptionsfile (OpenJ9), never an argfile; use the hook (`{install}`) for HotSpot"
            )
    elif found.hook == "none" and found.cannot_hook:
        warnings.append(
            f"{component.id}: cannot be hooked ({found.cannot_hook}), so the JVM will not read this file until "
            f"zowe.yaml gives it: run `jopt install {component.id} --native --write-config`"
        )
    elif found.hook == "none":
        warnings.append(
            f"{component.id}: the jopt hook is not installed, so the JVM will not read this file; run `{install}`"
        )
    elif found.hook == "outdated":
        warnings.append(f"{component.id}: the jopt hook is outdated; run `{install}` to upgrade it")
    elif found.hook in ("damaged", "hand-made"):
        warnings.append(f"{component.id}: the hook is {found.hook}; see `jopt status {component.id}`")
    instance = site.locations.ha_instance or ""
    openj9 = render.file_name("openj9", site.tags[component.id], instance)
    if dialect == "hotspot" and (site.locations.overrides / openj9).is_file():
        warnings.append(
            f"{component.id}: {openj9} also exists and the hook uses it first; remove it to use the argfile"
        )
    if instance and found.mode == "native":
        warnings.append(
            f"{component.id}: in native mode every HA instance's JVM gets the file zowe.yaml names, never "
            f"{openj9}; use the hook (`{install}`) for a file per instance"
        )
    return warnings


def _served(found: status.ComponentStatus) -> bool:
    """Some JVM would read the file: a hook can serve it (or does), or native mode can."""
    return not found.cannot_hook or found.native_capable or found.mode == "native"


def targets(site: Site, names: tuple[str, ...], all_: bool, dialect: str) -> tuple[list[Target], str | None]:
    """The components to render for, and a line saying how they were chosen (or None)."""
    if names and all_:
        raise ConfigError("name components or give --all, not both")
    if names:
        chosen, how = site.select(names), None
    elif all_:
        java = {c.id: status.of(site, c) for c in site.components}
        chosen = [c for c in site.components if java[c.id].kind == "java" and _served(java[c.id])]
        passed = [f"{cid} ({s.cannot_hook})" for cid, s in java.items() if s.kind == "java" and not _served(s)]
        how = f"Rendering for every Java component: {', '.join(c.id for c in chosen) or '(none)'}"
        how += f"; not for {', '.join(passed)}: no JVM would read the file" if passed else ""
    else:
        chosen = operations.hooked(site)
        if not chosen:
            raise ConfigError(
                "no component has the jopt hook installed, so there is nothing to render for; "
                "name components (jopt render --profile NAME gateway) or install the hook first (jopt install gateway)"
            )
        how = f"Rendering for the components with the jopt hook installed: {', '.join(c.id for c in chosen)}"
    site.check_tags(chosen)
    found = []
    for component in chosen:
        state = status.of(site, component)
        if names and state.kind != "java":
            raise ConfigError(f"{component.id} is not a Java component ({state.kind}); nothing to render for it")
        if names and not _served(state):
            name = render.file_name(dialect, site.tags[component.id])
            raise ConfigError(
                f"{component.id} cannot be hooked ({state.cannot_hook}), nor can zowe.yaml give it the options file "
                f"(its start script does not take JVM options from zowe.yaml): no JVM would read {name}; nothing written"
            )
        warnings = tuple(_warnings(site, component, dialect, state))
        found.append(Target(component, _context(site, component), warnings, state.mode))
    return found, how


def zowe_heap_notes(site: Site, outputs: list[Output]) -> list[str]:
    """Components whose file sets -Xms/-Xmx while zowe.yaml sets components.<id>.heap too."""
    found = site.locations.config
    if found is None:
        return []
    notes = []
    for output in outputs:
        cid = output.context.component
        try:
            heap = found.value(("components", cid, "heap"))
        except JoptError:  # a template jopt cannot evaluate: no note rather than no render
            continue
        if isinstance(heap, dict) and any(jvmoptions.family(o) in ("-Xms", "-Xmx") for o in output.options):
            sizes = ", ".join(f"{key} {heap[key]}" for key in ("init", "max") if heap.get(key) is not None)
            notes.append(
                f"{cid}: zowe.yaml also sets components.{cid}.heap ({sizes or 'no sizes'}, megabytes); "
                "this file's -Xms/-Xmx come later on the java command line and win"
            )
    return notes


def site_profiles(
    profiles_dir: Path | None,
    zowe_yaml: str | Path | None = None,
    runtime: Path | None = None,
    extensions: Path | None = None,
    overrides: Path | None = None,
    ha_instance: str | None = None,
) -> Path | None:
    """Where the site's profiles are: `profiles_dir`, else <overrides>/profiles, the overrides
    directory as given or as zowe.yaml (or the runtime) names it; None when nothing names one."""
    if profiles_dir is None and overrides is None and (zowe_yaml or runtime):
        overrides = resolve(zowe_yaml, runtime, extensions, None, ha_instance).overrides
    return profiles.site_dir(overrides, profiles_dir)


# --- the workflow behind `jopt render` -------------------------------------------------------


class Request(NamedTuple):
    """What to render: profiles in order, their parameters, the JVM that reads the file."""

    profiles: tuple[str, ...]
    sets: tuple[str, ...] = ()
    dialect: str = "openj9"
    allow_override: bool = False  # a later profile may replace an option family an earlier one set
    encoding: str | None = None  # default: IBM-1047 on z/OS, else UTF-8
    profiles_dir: Path | None = None  # default: <overrides>/profiles


class OptionsFile(NamedTuple):
    """One component's rendered options file, the bytes to write and what is there now."""

    output: Output
    path: Path
    data: bytes
    encoding: str
    before: bytes | None = None  # the file's bytes when planned; None: no file
    foreign: str | None = None  # provenance(): why the file there is not jopt's to overwrite

    def current(self) -> bytes | None:
        """The file's bytes now; None when there is none."""
        return fileio.read_bytes(self.path) if self.path.is_file() else None

    @property
    def refused(self) -> bool:
        """Writing would replace bytes jopt did not write (the caller must force it)."""
        return self.foreign is not None and self.before != self.data

    def pending(self) -> str:
        """What `commit` would do: "unchanged", "would be created", "would change" or, for a file
        jopt did not write, that it would be refused."""
        if self.refused:
            return f"{self.foreign}: refused without --force"
        return pending(self.path, self.data)

    def diff(self) -> str:
        """From the file there to the one render would write."""
        old = "" if self.before is None else self.before.decode(ENCODINGS[self.encoding], errors="replace")
        return unified(old, self.output.text, f"a{self.path}", f"b{self.path}")


def _looked_at(site: Site, file: OptionsFile) -> OptionsFile:
    """The file with what is there now, and whether jopt wrote it."""
    before = file.current()
    return file._replace(before=before, foreign=provenance(site, file.path, before))


class OptionsFileRefused(ConfigError):
    """Options files jopt did not write (or that changed since) would be replaced; carries the diffs."""

    def __init__(self, site: Site, refused: list[OptionsFile]) -> None:
        first, more = refused[0], refused[1:]
        others = f" (and {', '.join(f'{f.path.name}: {f.foreign}' for f in more)})" if more else ""
        where = backups.folder(site.locations.overrides, BACKUPS)
        super().__init__(
            f"{first.foreign}{others}; nothing written (the diff shows what render would change); "
            f"--force replaces {'them' if more else 'it'}, backed up first to {where}/",
            path=first.path,
        )
        self.diffs = [f.diff() for f in refused]


class Plan(NamedTuple):
    """The options files a render writes, and what to tell about them first."""

    how: str | None  # how the components were chosen, when none was named
    target_warnings: list[str]  # per component: the hook is missing or outdated, another file wins ...
    warnings: list[str]  # the profiles'
    notes: list[str]
    files: list[OptionsFile]


def plan(site: Site, names: tuple[str, ...] | list[str], every: bool, request: Request) -> Plan:
    """Render for the named components (with `every`: every Java one; with neither: the hooked
    ones). Pure but for reading: RenderError lists every problem of every profile at once."""
    chosen, how = targets(site, tuple(names), every, request.dialect)
    overrides = site.locations.overrides
    found = profiles.find_all(request.profiles, profiles.site_dir(overrides, request.profiles_dir))
    result = render.render(
        render.Request(found, request.sets, request.dialect, request.allow_override), [t.context for t in chosen]
    )
    encoding = request.encoding or default_encoding()
    files = []
    for out in result.outputs:
        path = overrides / out.file_name
        files.append(_looked_at(site, OptionsFile(out, path, encode(out.text, encoding, path), encoding)))
    notes = result.notes + zowe_heap_notes(site, result.outputs)
    losing, cache = effects(site, chosen, files, request.dialect)
    return Plan(how, [w for t in chosen for w in t.warnings] + losing, result.warnings, notes + cache, files)


def effects(site: Site, chosen: list[Target], files: list[OptionsFile], dialect: str) -> tuple[list[str], list[str]]:
    """Which of the rendered options will lose on the component's command line in its mode
    (`jopt explain`), and where the file's -Xshareclasses replaces Zowe's cache."""
    modes = {t.component.id: (t.component, t.mode) for t in chosen}
    losing: list[str] = []
    cache: list[str] = []
    for file in files:
        component, mode = modes[file.output.context.component]
        found = explain.effect(site, component, mode, dialect, {str(file.path): file.output.text})
        losing += found.losing
        cache += found.notes
    return losing, cache


def check(site: Site, files: list[OptionsFile], force: bool) -> None:
    """OptionsFileRefused when, without `force`, writing would replace a file jopt did not write."""
    refused = [f for f in files if f.refused]
    if refused and not force:
        raise OptionsFileRefused(site, refused)


#: Told each file as it is written: the file, "created", "updated" or "unchanged", and its backup.
Done = Callable[[OptionsFile, str, Path | None], None]


def commit(
    site: Site,
    made: Plan,
    force: bool = False,
    wait: float = 10.0,
    note: locking.Note = locking.ignore,
    done: Done | None = None,
) -> list[tuple[OptionsFile, str]]:
    """Write each file whose bytes differ, under the overrides directory's lock (none taken when
    there is nothing to render), and record what was written. Each file is looked at again
    under the lock; one jopt did not write is refused (OptionsFileRefused, nothing written)
    unless `force`, which backs it up first. `done(file, result, backup)` is called as each
    one is written."""
    if not made.files:
        return []
    check(site, made.files, force)
    results = []
    with locking.writing(site, "render", wait, note):
        site.reload_state()  # another jopt may have written while this one waited
        files = [_looked_at(site, f) for f in made.files]
        check(site, files, force)
        when = backups.stamp()
        for file in files:
            results.append((file, write_recorded(site, file, when)))
            if done is not None:
                done(file, results[-1][1], _backup_path(site, file, when))
        save_records(site)
    return results


def _backup_path(site: Site, file: OptionsFile, when: str) -> Path | None:
    return backups.path(site.locations.overrides, BACKUPS, file.path.name, when) if file.refused else None


def write_recorded(site: Site, file: OptionsFile, when: str) -> str:
    """Write one file (backing up first one jopt did not write) and note its sha256 in the
    site's state; save_records writes the state. "created", "updated" or "unchanged"."""
    if file.refused and file.before is not None:
        backups.write(site.locations.overrides, BACKUPS, file.path.name, file.before, when)
    result = write(file.path, file.data, file.encoding)
    site.state.rendered[file.path.name] = state.sha256(file.data)
    return result


def save_records(site: Site) -> None:
    """Save the state with what render wrote; a file since removed is forgotten (one made
    again by hand under its name is then one jopt did not write)."""
    overrides = site.locations.overrides
    for name in [n for n in site.state.rendered if not (overrides / n).is_file()]:
        del site.state.rendered[name]
    state.save(overrides, site.state)

"""Find Zowe components and their start scripts (`manifest.yaml` -> `commands.start`).

Zowe looks for a component in `<runtime>/components/<id>` first, then in
`<extensionDirectory>/<id>`, and reads `manifest.yaml`, `manifest.yml` or `manifest.json`,
in that order (zowe-install-packaging `bin/libs/component.sh`: `find_component_directory`,
`get_component_manifest`). A folder jopt passes over is listed with the reason, never hidden.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from jopt.errors import ConfigError
from jopt.storage import yamlfile
from jopt.zowe.locations import Locations

MANIFEST_NAMES = ("manifest.yaml", "manifest.yml", "manifest.json")
_COMPONENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class Component(NamedTuple):
    id: str
    root: Path
    source: str  # "runtime" or "extension"
    manifest: Path
    start: str | None  # commands.start as written, relative to root
    problem: str | None = None  # why the manifest could not be read, if it could not

    @property
    def start_script(self) -> Path | None:
        return self.root / self.start if self.start else None


class PassedOver(NamedTuple):
    """A folder with a manifest that jopt does not manage as a component of its own, and why."""

    name: str
    path: Path
    reason: str
    same_as: str | None = None  # the component this folder is another name of


def _name_problem(component_id: str) -> str | None:
    if not _COMPONENT_ID.match(component_id) or ".." in component_id:
        return f"{component_id!r} is not a component name (letters, digits, . _ -)"
    return None


def validate_id(component_id: str) -> str:
    problem = _name_problem(component_id)
    if problem is not None:
        raise ConfigError(problem)
    return component_id


def _start_command(manifest: Path) -> str | None:
    text = yamlfile.read(manifest, "manifest")
    try:
        commands = yamlfile.lookup(text, ("commands",), manifest, "manifest") or {}
    except yamlfile.NotAMapping:
        raise ConfigError("manifest is not a mapping", path=manifest) from None
    if not isinstance(commands, dict):
        raise ConfigError("`commands` must be a mapping", path=manifest)
    start = commands.get("start")
    if start in (None, ""):
        return None
    if not isinstance(start, str):
        raise ConfigError("`commands.start` must be a relative path", path=manifest)
    posix = PurePosixPath(start)
    if posix.is_absolute() or ".." in posix.parts:
        raise ConfigError(f"`commands.start` {start!r} must stay inside the component directory", path=manifest)
    return start


def _scan(folder: Path, source: str, passed: list[PassedOver]) -> list[Component]:
    if not folder.is_dir():
        return []
    found = []
    for root in sorted(p for p in folder.iterdir() if p.is_dir()):
        manifest = next((root / n for n in MANIFEST_NAMES if (root / n).exists()), None)
        if manifest is None:
            continue  # not a component: Zowe needs a manifest too
        problem = _name_problem(root.name)
        if problem is not None:
            passed.append(PassedOver(root.name, root, f"{problem}: rename the folder for jopt to manage it"))
            continue
        try:
            found.append(Component(root.name, root, source, manifest, _start_command(manifest)))
        except ConfigError as error:
            found.append(Component(root.name, root, source, manifest, None, problem=str(error)))
    return found


def _same_folders(components: list[Component], passed: list[PassedOver]) -> list[Component]:
    """One component per folder: a folder reached under two names (a symbolic link to another
    component's folder) holds one start script, which can carry one hook with one TAG. The
    name that is not a link is kept (else the first); the others are passed over, saying so."""
    groups: dict[tuple[int, int], list[Component]] = {}
    for component in components:
        try:
            info = component.root.stat()
        except OSError:
            info = None
        key = (info.st_dev, info.st_ino) if info is not None else (-1, id(component))
        groups.setdefault(key, []).append(component)
    dropped: set[str] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        kept = next((c for c in group if not c.root.is_symlink()), group[0])
        for other in group:
            if other is not kept:
                dropped.add(other.id)
                why = (
                    f"the same folder as component {kept.id} ({kept.root}) under another name: "
                    f"jopt manages it once, as {kept.id}"
                )
                passed.append(PassedOver(other.id, other.root, why, same_as=kept.id))
    return [c for c in components if c.id not in dropped]


def survey(locations: Locations) -> tuple[list[Component], list[PassedOver]]:
    """Runtime components, then extensions, and the folders passed over with the reason:
    names jopt cannot use, an extension with a runtime component's name (Zowe runs the
    runtime's), a folder that is another component's under a second name."""
    passed: list[PassedOver] = []
    components = _scan(locations.runtime / "components", "runtime", passed)
    if locations.extensions is not None:
        known = {c.id: c for c in components}
        for extension in _scan(locations.extensions, "extension", passed):
            if extension.id in known:
                why = f"an extension named like the runtime component {extension.id}: Zowe runs the runtime's ({known[extension.id].root})"
                passed.append(PassedOver(extension.id, extension.root, why))
            else:
                components.append(extension)
    return _same_folders(components, passed), passed


def discover(locations: Locations) -> list[Component]:
    """Runtime components, then extensions; an extension may not shadow a runtime id."""
    return survey(locations)[0]


def select(
    components: list[Component], names: tuple[str, ...] | list[str], passed: list[PassedOver] | None = None
) -> list[Component]:
    """The named components, in the order given; unknown names are one error listing the known
    (a name passed over is refused with the reason it was passed over)."""
    by_id = {c.id: c for c in components}
    for name in names:
        validate_id(name)
    unknown = [n for n in names if n not in by_id]
    for folder in passed or []:
        if folder.name in unknown:
            raise ConfigError(f"{folder.name} ({folder.path}) is passed over: {folder.reason}")
    if unknown:
        known = ", ".join(sorted(by_id)) or "none"
        raise ConfigError(f"unknown component {', '.join(unknown)} (known: {known})")
    return [by_id[n] for n in dict.fromkeys(names)]

"""Find Zowe components and their start scripts (`manifest.yaml` -> `commands.start`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from jopt.errors import ConfigError
from jopt.storage import yamlfile
from jopt.zowe.locations import Locations

MANIFEST_NAMES = ("manifest.yaml", "manifest.yml")
_COMPONENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True, slots=True)
class Component:
    id: str
    root: Path
    source: str  # "runtime" or "extension"
    manifest: Path
    start: str | None  # commands.start as written, relative to root
    problem: str | None = None  # why the manifest could not be read, if it could not

    @property
    def start_script(self) -> Path | None:
        return self.root / self.start if self.start else None


def validate_id(component_id: str) -> str:
    if not _COMPONENT_ID.match(component_id) or ".." in component_id:
        raise ConfigError(f"{component_id!r} is not a component name (letters, digits, . _ -)")
    return component_id


def _start_command(manifest: Path) -> str | None:
    data = yamlfile.load(manifest, "manifest")
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ConfigError("manifest is not a mapping", path=manifest)
    commands = data.get("commands") or {}
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


def _scan(folder: Path, source: str) -> list[Component]:
    if not folder.is_dir():
        return []
    found = []
    for root in sorted(p for p in folder.iterdir() if p.is_dir()):
        manifest = next((root / n for n in MANIFEST_NAMES if (root / n).exists()), None)
        if manifest is None or not _COMPONENT_ID.match(root.name):
            continue
        try:
            found.append(Component(root.name, root, source, manifest, _start_command(manifest)))
        except ConfigError as error:
            found.append(Component(root.name, root, source, manifest, None, problem=str(error)))
    return found


def discover(locations: Locations) -> list[Component]:
    """Runtime components, then extensions; an extension may not shadow a runtime id."""
    components = _scan(locations.runtime / "components", "runtime")
    if locations.extensions is not None:
        known = {c.id for c in components}
        components += [c for c in _scan(locations.extensions, "extension") if c.id not in known]
    return components


def select(components: list[Component], names: tuple[str, ...] | list[str]) -> list[Component]:
    """The named components, in the order given; unknown names are one error listing the known."""
    by_id = {c.id: c for c in components}
    for name in names:
        validate_id(name)
    unknown = [n for n in names if n not in by_id]
    if unknown:
        known = ", ".join(sorted(by_id)) or "none"
        raise ConfigError(f"unknown component {', '.join(unknown)} (known: {known})")
    return [by_id[n] for n in dict.fromkeys(names)]

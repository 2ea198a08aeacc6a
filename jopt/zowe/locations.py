"""Where things are: the Zowe runtime, extensions, and jopt's overrides directory."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jopt.errors import ConfigError
from jopt.storage import yamlfile
from jopt.zowe import yamlread as zoweread

#: Characters allowed in the overrides directory: it is baked into start scripts and
#: expanded unquoted on the java command line, so no spaces, quotes or `$`.
SAFE_PATH = re.compile(r"^[A-Za-z0-9._/@%+=:-]+$")


@dataclass(frozen=True, slots=True)
class Locations:
    runtime: Path
    overrides: Path
    extensions: Path | None = None
    workspace: Path | None = None
    logs: Path | None = None
    zowe_yaml: Path | None = None
    ha_instances: tuple[str, ...] = ()

    def check_overrides_for_hook(self) -> None:
        if not SAFE_PATH.match(str(self.overrides)):
            raise ConfigError(
                f"overrides directory {str(self.overrides)!r} cannot be baked into a start script: "
                "use only letters, digits and . _ / @ % + = : - (no spaces, commas, quotes or $)"
            )


def _zowe_section(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    data = zoweread.parsed(yamlfile.read(path, "zowe.yaml"), path)
    if not isinstance(data, dict) or not isinstance(data.get("zowe"), dict):
        raise ConfigError("no `zowe:` section", path=path)
    ha = data.get("haInstances") or {}
    if not isinstance(ha, dict):
        raise ConfigError("`haInstances` must be a mapping of instance ids", path=path)
    return data["zowe"], ha


def _path(value: object, key: str, source: Path) -> Path | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ConfigError(f"zowe.{key} must be a path, not {type(value).__name__}", path=source)
    return Path(value)


def resolve(
    zowe_yaml: Path | None = None,
    runtime: Path | None = None,
    extensions: Path | None = None,
    overrides: Path | None = None,
) -> Locations:
    """Combine zowe.yaml with explicit flags; flags win."""
    zowe: dict[str, Any] = {}
    ha: dict[str, Any] = {}
    if zowe_yaml is not None:
        zowe, ha = _zowe_section(zowe_yaml)
        source = zowe_yaml
        runtime = runtime or _path(zowe.get("runtimeDirectory"), "runtimeDirectory", source)
        extensions = extensions or _path(zowe.get("extensionDirectory"), "extensionDirectory", source)
    workspace = _path(zowe.get("workspaceDirectory"), "workspaceDirectory", zowe_yaml) if zowe_yaml else None
    logs = _path(zowe.get("logDirectory"), "logDirectory", zowe_yaml) if zowe_yaml else None
    if runtime is None:
        raise ConfigError("no Zowe runtime: give --zowe-yaml or --runtime (or JOPT_ZOWE_YAML / JOPT_RUNTIME)")
    if overrides is None:
        if workspace is None:
            raise ConfigError(
                "no overrides directory: give --overrides (or JOPT_OVERRIDES), "
                "or --zowe-yaml with zowe.workspaceDirectory"
            )
        overrides = workspace / "jopt"
    if not runtime.is_dir():
        raise ConfigError("runtime directory not found", path=runtime)
    return Locations(
        runtime=runtime.absolute(),
        overrides=overrides.absolute(),
        extensions=extensions.absolute() if extensions else None,
        workspace=workspace,
        logs=logs,
        zowe_yaml=zowe_yaml,
        ha_instances=tuple(str(k) for k in ha),
    )

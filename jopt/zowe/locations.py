"""Where things are: the Zowe runtime, extensions, and jopt's overrides directory."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from jopt.errors import ConfigError
from jopt.zowe import config
from jopt.zowe.config import MISSING, ZoweConfig

#: Characters allowed in the overrides directory: it is baked into start scripts and
#: expanded unquoted on the java command line, so no spaces, quotes or `$`.
SAFE_PATH = re.compile(r"^[A-Za-z0-9._/@%+=:-]+$")


class Locations(NamedTuple):
    runtime: Path
    overrides: Path
    extensions: Path | None = None
    workspace: Path | None = None
    logs: Path | None = None
    zowe_yaml: str | None = None  # the --zowe-yaml string as given (a path, or FILE()/PARMLIB() entries)
    ha_instances: tuple[str, ...] = ()  # the keys of haInstances
    config: ZoweConfig | None = None  # zowe.yaml as Zowe reads it, seen by `ha_instance`
    ha_instance: str | None = None  # ZWE_haInstance_id of the chosen HA instance (--ha-instance)

    def check_overrides_for_hook(self) -> None:
        if not SAFE_PATH.match(str(self.overrides)):
            raise ConfigError(
                f"overrides directory {str(self.overrides)!r} cannot be baked into a start script: "
                "use only letters, digits and . _ / @ % + = : - (no spaces, commas, quotes or $)"
            )


def _zowe_config(spec: str | Path, ha_instance: str | None) -> ZoweConfig:
    found = config.load(spec, ha_instance)
    if not isinstance(config.lookup(found.merged, ("zowe",)), dict):
        raise ConfigError("no `zowe:` section", path=found.shown)
    if ha_instance is not None and found.instances() and found.instance_key is None:
        raise ConfigError(
            f"HA instance {found.instance!r} is not in haInstances ({', '.join(found.instances())})", path=found.shown
        )
    return found


def _path(found: ZoweConfig | None, key: str) -> Path | None:
    if found is None:
        return None
    value = found.value(("zowe", key))
    if value in (MISSING, None, ""):
        return None
    if not isinstance(value, str):
        raise ConfigError(f"zowe.{key} must be a path, not {type(value).__name__}", path=found.defining(("zowe", key)))
    return Path(value)


def resolve(
    zowe_yaml: str | Path | None = None,
    runtime: Path | None = None,
    extensions: Path | None = None,
    overrides: Path | None = None,
    ha_instance: str | None = None,
) -> Locations:
    """Combine zowe.yaml (a path or a `zwe --config` string, jopt.zowe.config) with explicit
    flags; flags win. `ha_instance`: the HA instance whose view of zowe.yaml to take."""
    found = _zowe_config(zowe_yaml, ha_instance) if zowe_yaml is not None else None
    runtime = runtime or _path(found, "runtimeDirectory")
    extensions = extensions or _path(found, "extensionDirectory")
    workspace, logs = _path(found, "workspaceDirectory"), _path(found, "logDirectory")
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
        zowe_yaml=str(zowe_yaml) if zowe_yaml is not None else None,
        ha_instances=found.instances() if found else (),
        config=found,
        ha_instance=found.instance if found else (config.instance_id(ha_instance) if ha_instance else None),
    )

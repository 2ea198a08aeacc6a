"""Native mode as `status` sees it, and which components are in it (no zowe.yaml editing).

Kept apart from `jopt.app.nativemode` so that `jopt status` does not load the zowe.yaml
editor; see that module for what native mode is.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from jopt.app.site import Site
from jopt.errors import JoptError
from jopt.script import native, scripttext
from jopt.script.hook import HookState
from jopt.storage import encoding
from jopt.zowe import yamlread as zoweread
from jopt.zowe.discovery import Component


def options_file(site: Site, component: Component) -> str:
    return str(site.locations.overrides / f"java.options.{site.tags[component.id]}")


def recorded(site: Site, component_id: str) -> bool:
    """Whether jopt's state file says the component is in native mode."""
    record = site.state.components.get(component_id)
    return record is not None and record.mode == "native"


def split(site: Site, chosen: list[Component]) -> tuple[list[Component], list[str]]:
    """The chosen components for the hook, and the ids left out because they are in native mode."""
    return [c for c in chosen if not recorded(site, c.id)], [c.id for c in chosen if recorded(site, c.id)]


def capable(component: Component) -> bool:
    """Whether the component's start script takes JVM options from zowe.yaml (False if unreadable).

    A light read (no file facts, so no `chtag` on z/OS): for `--all` selection."""
    path = component.start_script
    if path is None or component.problem:
        return False
    try:
        data = path.read_bytes()
        text = scripttext.split(encoding.decode(data, encoding.detect(data)))
    except (OSError, JoptError):
        return False
    return native.capability(text.lines).capable


class View(NamedTuple):
    """What `status` says about native mode for one component with a start script."""

    capable: bool
    mode: str  # hook, native, none
    points: bool | None  # zowe.yaml gives it -Xoptionsfile=<its options file>; None: no zowe.yaml read
    drift: str | None = None
    fix: str | None = None


#: The profile a suggested command renders when a component has no options file yet: the
#: shared classes cache, the original recipe's reason for an options file.
STARTER_PROFILE = "shareclasses"


def render_command(names: list[str]) -> str:
    return f"jopt render --profile {STARTER_PROFILE} {' '.join(names)}"


def go_native(site: Site, components: list[Component], hooked: bool = False) -> str:
    """The commands that move these components to native mode, each one jopt accepts in
    turn: take the hook out (`hooked`), create the options files that do not exist yet
    (native mode always gives the JVM -Xoptionsfile), then set zowe.yaml (--write-config
    where jopt was given one, else print the settings)."""
    names = [c.id for c in components]
    steps = [f"jopt uninstall {' '.join(names)}"] if hooked else []
    missing = [c.id for c in components if not Path(options_file(site, c)).is_file()]
    steps += [render_command(missing)] if missing else []
    write = " --write-config" if site.locations.zowe_yaml is not None else ""
    steps.append(f"jopt install {' '.join(names)} --native{write}")
    return " && ".join(steps)


def zowe_yaml_points(site: Site, component: Component) -> bool | None:
    """Whether zowe.yaml gives the component's JVM (of the chosen HA instance) its options
    file; None when there is no zowe.yaml, or the value cannot be evaluated."""
    if site.locations.config is None:
        return None
    try:
        value = zoweread.jvm(site.locations.config, component.id, native.OPTIONS_FILE_KEY)
    except JoptError:
        return None
    return native.points_at(value, options_file(site, component))


def instance_reads(site: Site, component: Component, instance: str) -> str | None:
    """In native mode, the options file zowe.yaml gives the JVM of an HA instance (without a
    readable zowe.yaml: the one jopt points it at)."""
    if site.locations.config is None:
        return options_file(site, component)
    try:
        value = zoweread.jvm(site.locations.config.for_instance(instance), component.id, native.OPTIONS_FILE_KEY)
    except JoptError:
        return None
    option = native.jvm_option(native.OPTIONS_FILE_KEY, value) if isinstance(value, str) else ""
    return option.split("=", 1)[1] if option.startswith("-Xoptionsfile=") else None


def _drift(site: Site, component: Component, capable_: bool, points: bool | None) -> tuple[str | None, str | None]:
    record = site.state.components.get(component.id)
    name = Path(options_file(site, component)).name
    if points and capable_ and not Path(options_file(site, component)).is_file():
        return (
            f"zowe.yaml points it at {name}, which does not exist: the JVM will not start",
            render_command([component.id]),
        )
    if record is None:
        return None, None
    if not capable_:
        return (
            "start script no longer takes JVM options from zowe.yaml (replaced, e.g. by maintenance)",
            f"jopt uninstall {component.id} --native; jopt install {component.id}",
        )
    if points is False and record.config is not None:
        return f"zowe.yaml no longer points it at {name}", f"jopt install {component.id} --native --write-config"
    if legacy_trace(site, component):
        return (
            "zowe.yaml gives it -XshowSettings, which prints every system property (passwords included) "
            "into the job log",
            f"jopt install {component.id} --native --write-config (sets -XshowSettings:vm)",
        )
    return None, None


def legacy_trace(site: Site, component: Component) -> bool:
    """zowe.yaml holds the plain `XshowSettings: ""` an older jopt set for trace."""
    if site.locations.config is None:
        return False
    try:
        return zoweread.jvm(site.locations.config, component.id, native.TRACE_KEY) == native.LEGACY_TRACE_VALUE
    except JoptError:
        return False


def view(site: Site, component: Component, lines: tuple[str, ...], hook_state: HookState) -> View:
    capable_ = native.capability(lines).capable
    points = zowe_yaml_points(site, component)
    if recorded(site, component.id):
        return View(capable_, "native", points, *_drift(site, component, capable_, points))
    if hook_state is not HookState.NONE:
        return View(capable_, "hook", points)
    if capable_ and points:
        return View(capable_, "native", points, *_drift(site, component, capable_, points))
    return View(capable_, "none", points)

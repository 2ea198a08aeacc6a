"""Trace on/off: the switch file `<overrides>/trace.<TAG>` whose presence makes the hook trace.

With the switch on, the hooked start script adds -XshowSettings and writes the run's
settings, options file and (masked) environment to `<overrides>/start.log1<TAG>` and
`start.log2<TAG>`. A component in native mode reads the switch only through zowe.yaml's
`XshowSettings`, which `jopt install --native --write-config` sets.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from jopt.app import locking, nativeview, status
from jopt.app.site import Site
from jopt.errors import ConfigError
from jopt.storage.fileio import atomic_write
from jopt.zowe.discovery import Component


class Switch(NamedTuple):
    """One component's trace switch: as it is and as wanted."""

    component: str
    path: Path
    on: bool  # wanted
    was_on: bool
    native: bool  # the component is in native mode (zowe.yaml decides whether its JVM traces)
    note: str = ""  # switching on: why no JVM reads the switch yet, and what would make one

    @property
    def changed(self) -> bool:
        return self.on != self.was_on

    def apply(self) -> None:
        """Create (an empty file, mode 0600) or remove the switch, if it is not as wanted."""
        if self.on and not self.was_on:
            atomic_write(self.path, b"", mode=0o600)
        elif not self.on and self.was_on:
            self.path.unlink()


def plan(site: Site, components: list[Component], on: bool) -> list[Switch]:
    return [
        Switch(c.id, site.trace_switch(c), on, site.trace_switch(c).exists(), nativeview.recorded(site, c.id))
        for c in components
    ]


def readers(site: Site, components: list[Component]) -> dict[str, str]:
    """For switching on: a note per component whose JVM would not read its switch yet.
    ConfigError, nothing written, for one no hook can ever serve (not Java, no start script,
    a start script jopt cannot hook): its switch would never be read."""
    notes = {}
    for component in components:
        found = status.of(site, component)
        if found.mode == "native":
            continue
        if found.cannot_hook:
            switch = site.trace_switch(component).name
            raise ConfigError(
                f"{component.id} cannot be hooked ({found.cannot_hook}): no hook would read {switch}; nothing written"
            )
        if found.hook == "none":
            notes[component.id] = f"no hook reads it yet: `jopt install {component.id}`, then restart {component.id}"
        elif found.hook in ("damaged", "hand-made"):
            notes[component.id] = f"the {found.hook} hook does not read it: see `jopt status {component.id}`"
    return notes


def switch(
    site: Site,
    names: tuple[str, ...] | list[str],
    on: bool,
    wait: float = 10.0,
    note: locking.Note = locking.ignore,
    done: Callable[[Switch], None] | None = None,
) -> list[Switch]:
    """`jopt trace on|off`: set each named component's switch, under the overrides directory's
    lock (which switching off where there is no overrides directory does not need: nothing
    can be on there). `done(switch)` is called as each one is set."""
    chosen = site.select(names)
    notes: dict[str, str] = {}
    if on:
        site.check_tags(chosen)
        notes = readers(site, chosen)
    need_lock = on or site.locations.overrides.is_dir()
    if not need_lock:
        return _apply(plan(site, chosen, on), done)
    with locking.writing(site, f"trace {'on' if on else 'off'}", wait, note):
        switches = [s._replace(note=notes.get(s.component, "")) for s in plan(site, chosen, on)]
        return _apply(switches, done)


def _apply(switches: list[Switch], done: Callable[[Switch], None] | None) -> list[Switch]:
    for item in switches:
        item.apply()
        if done is not None:
            done(item)
    return switches

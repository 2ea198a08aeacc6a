"""One Zowe instance as jopt sees it: locations, components, tags and jopt's state."""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from jopt.script.hook import HookParams
from jopt.storage import state as statefile
from jopt.zowe import discovery, tags
from jopt.zowe.discovery import Component
from jopt.zowe.locations import Locations, resolve


@dataclass
class Site:
    """Mutable: a writer reloads `state` under the lock, and `--tag` changes `tags`."""

    locations: Locations
    components: list[Component]
    state: statefile.State
    tags: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Site({self.locations!r}, {len(self.components)} components)"

    @classmethod
    def at(
        cls,
        zowe_yaml: str | Path | None = None,
        runtime: Path | None = None,
        extensions: Path | None = None,
        overrides: Path | None = None,
        ha_instance: str | None = None,
    ) -> Site:
        """The site these locations name, combined as `jopt.zowe.locations.resolve` does (the
        CLI's --zowe-yaml/--runtime/--extensions/--overrides/--ha-instance, the fleet modules' options)."""
        return cls.open(resolve(zowe_yaml, runtime, extensions, overrides, ha_instance))

    @classmethod
    def open(cls, locations: Locations) -> Site:
        components = discovery.discover(locations)
        recorded = statefile.load(locations.overrides)
        site = cls(locations, components, recorded)
        site.retag({})
        return site

    def reload_state(self) -> None:
        self.state = statefile.load(self.locations.overrides)

    def retag(self, chosen: dict[str, str]) -> None:
        wanted = {**self.state.tags, **chosen}
        self.tags = tags.assign([c.id for c in self.components], wanted)

    def select(self, names: tuple[str, ...] | list[str]) -> list[Component]:
        return discovery.select(self.components, names)

    def hook_params(self, component: Component) -> HookParams:
        return HookParams(component.id, self.tags[component.id], str(self.locations.overrides))

    def overrides_files(self) -> frozenset[str] | None:
        """Names of the files in the overrides folder now: one listing, where asking
        options_files and trace_on of each component costs a stat per name. None when the
        folder cannot be listed (searchable but not readable) or an entry cannot be looked
        at (a looping link): then they ask name by name, as without a listing."""
        try:
            with os.scandir(self.locations.overrides) as entries:
                return frozenset(e.name for e in entries if e.is_file())
        except (FileNotFoundError, NotADirectoryError):
            return frozenset()
        except OSError:
            return None

    def options_files(self, component: Component, files: Collection[str] | None = None) -> list[Path]:
        """Options files the hook would pick up for this component, existing ones only.
        `files`: overrides_files(), when the caller has listed the folder already."""
        tag = self.tags[component.id]
        names = [f"java.options.{tag}", f"java.argfile.{tag}"]
        names += [f"java.{kind}.{tag}.{ha}" for ha in self.locations.ha_instances for kind in ("options", "argfile")]
        overrides = self.locations.overrides
        return [overrides / n for n in names if (n in files if files is not None else (overrides / n).is_file())]

    def trace_switch(self, component: Component) -> Path:
        """The file whose presence turns tracing on: `<overrides>/trace.<TAG>`."""
        return self.locations.overrides / f"trace.{self.tags[component.id]}"

    def trace_on(self, component: Component, files: Collection[str] | None = None) -> bool:
        switch = self.trace_switch(component)
        return switch.name in files if files is not None else switch.is_file()

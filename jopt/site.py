"""One Zowe instance as jopt sees it: locations, components, tags and jopt's state."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jopt import discovery, state, tags
from jopt.discovery import Component
from jopt.hook import HookParams
from jopt.locations import Locations


@dataclass
class Site:
    locations: Locations
    components: list[Component]
    state: state.State
    tags: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, locations: Locations) -> "Site":
        components = discovery.discover(locations)
        recorded = state.load(locations.overrides)
        site = cls(locations, components, recorded)
        site.retag({})
        return site

    def reload_state(self) -> None:
        self.state = state.load(self.locations.overrides)

    def retag(self, chosen: dict[str, str]) -> None:
        wanted = {**self.state.tags, **chosen}
        self.tags = tags.assign([c.id for c in self.components], wanted)

    def select(self, names: tuple[str, ...] | list[str]) -> list[Component]:
        return discovery.select(self.components, names)

    def hook_params(self, component: Component) -> HookParams:
        return HookParams(component.id, self.tags[component.id], str(self.locations.overrides))

    def options_files(self, component: Component) -> list[Path]:
        """Options files the hook would pick up for this component, existing ones only."""
        tag = self.tags[component.id]
        names = [f"java.options.{tag}", f"java.argfile.{tag}"]
        names += [f"java.{kind}.{tag}.{ha}" for ha in self.locations.ha_instances for kind in ("options", "argfile")]
        return [self.locations.overrides / n for n in names if (self.locations.overrides / n).is_file()]

    def trace_switch(self, component: Component) -> Path:
        """The file whose presence turns tracing on: `<overrides>/trace.<TAG>`."""
        return self.locations.overrides / f"trace.{self.tags[component.id]}"

    def trace_on(self, component: Component) -> bool:
        return self.trace_switch(component).is_file()

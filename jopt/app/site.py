"""One Zowe instance as jopt sees it: locations, components, tags and jopt's state."""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from jopt.script.hook import HookParams
from jopt.storage import state as statefile
from jopt.zowe import config, discovery, tags
from jopt.zowe.discovery import Component
from jopt.zowe.locations import Locations, resolve


def hook_order(tag: str, instance: str | None) -> list[str]:
    """The options files the hook looks for, first found wins (hooks/head.v1.sh.j2): with
    ZWE_haInstance_id set, the instance's own options file and argfile, then the shared ones."""
    own = [f"java.options.{tag}.{instance}", f"java.argfile.{tag}.{instance}"] if instance else []
    return [*own, f"java.options.{tag}", f"java.argfile.{tag}"]


@dataclass(frozen=True)
class InstanceFiles:
    """One HA instance of a component, as the overrides directory serves it."""

    instance: str  # the ZWE_haInstance_id its files are named for
    own: tuple[Path, ...]  # java.options.<TAG>.<ID> / java.argfile.<TAG>.<ID> that exist
    reads: Path | None  # the file its JVM reads through the hook (None: none)
    in_zowe_yaml: bool  # an haInstances entry of zowe.yaml (or --ha-instance) names it
    readable: bool  # False: no ZWE_haInstance_id is ever this (Zowe makes it lower case a-z 0-9 _)


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
        """Options files of this component that exist: the shared ones, then each HA
        instance's (`java.options.<TAG>.<ID>`, found in the folder itself).
        `files`: overrides_files(), when the caller has listed the folder already."""
        tag = self.tags[component.id]
        shared = [n for n in hook_order(tag, None) if self._exists(n, files)]
        own = [n for names in self._instance_names(tag, files).values() for n in names]
        return [self.locations.overrides / n for n in shared + own]

    def instance_files(self, component: Component, files: Collection[str] | None = None) -> list[InstanceFiles]:
        """Each HA instance (of zowe.yaml, or with a file of its own here): its own files, and
        the one its JVM reads through the hook. Empty when there is neither."""
        tag = self.tags[component.id]
        found = self._instance_names(tag, files)
        known = self.known_instances()
        overrides = self.locations.overrides
        result = []
        for instance in sorted(set(found) | set(known)):
            readable = instance == config.instance_id(instance)
            order = hook_order(tag, instance) if readable else []
            reads = next((n for n in order if self._exists(n, files)), None)
            own = tuple(overrides / n for n in found.get(instance, []))
            result.append(
                InstanceFiles(instance, own, overrides / reads if reads else None, instance in known, readable)
            )
        return result

    def known_instances(self) -> tuple[str, ...]:
        """ZWE_haInstance_id of each haInstances entry of zowe.yaml, and of --ha-instance."""
        ids = [config.instance_id(k) for k in self.locations.ha_instances]
        ids += [self.locations.ha_instance] if self.locations.ha_instance else []
        return tuple(dict.fromkeys(ids))

    def _instance_names(self, tag: str, files: Collection[str] | None) -> dict[str, list[str]]:
        """Instance -> its own options files here, in the hook's order."""
        prefixes = (f"java.options.{tag}.", f"java.argfile.{tag}.")
        if files is None:  # the folder cannot be listed: ask for the known instances by name
            names = [p + i for i in self.known_instances() for p in prefixes if self._exists(p + i, None)]
        else:
            names = sorted(n for n in files if n.startswith(prefixes) and n not in prefixes)
        found: dict[str, list[str]] = {}
        for name in sorted(names, key=lambda n: (n.split(".", 3)[3], n.split(".")[1] != "options")):
            found.setdefault(name.split(".", 3)[3], []).append(name)
        return found

    def _exists(self, name: str, files: Collection[str] | None) -> bool:
        return name in files if files is not None else (self.locations.overrides / name).is_file()

    def trace_switch(self, component: Component) -> Path:
        """The file whose presence turns tracing on: `<overrides>/trace.<TAG>`."""
        return self.locations.overrides / f"trace.{self.tags[component.id]}"

    def trace_on(self, component: Component, files: Collection[str] | None = None) -> bool:
        switch = self.trace_switch(component)
        return switch.name in files if files is not None else switch.is_file()

"""One Zowe instance as jopt sees it: locations, components, tags and jopt's state.

A component's TAG names the options file its JVM reads. Once a hook is installed the TAG is
the one in the hook's own markers (`# >>> jopt hook v1 component=... tag=GW ...`): that is
what the start script reads, whatever state.json says or the set of component names would
give now. So tags come, in this order, from: a `--tag` given now, the installed hook's
markers (or, in native mode, state.json's record), state.json's remembered tags, and last
derived from the component's name (`jopt.zowe.tags`). Two components that would read one
options file are a collision: status reports it as damage, writers refuse, naming both.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from jopt.errors import ConfigError, JoptError
from jopt.script import hook, scripttext
from jopt.script.hook import HookParams
from jopt.storage import encoding
from jopt.storage import state as statefile
from jopt.zowe import config, discovery, tags
from jopt.zowe.discovery import Component, PassedOver
from jopt.zowe.locations import Locations, resolve
from jopt.zowe.tags import Collision

_MARK = "jopt hook v"


def _may_hold_hook(data: bytes) -> bool:
    """Whether a script's bytes may carry hook markers: in ASCII, or, in an EBCDIC script (no
    ASCII line end; `encoding.detect` decides the same way), in EBCDIC."""
    if _MARK.encode("ascii") in data:
        return True
    return b"\n" not in data and encoding.encode(_MARK, encoding.EBCDIC) in data


def installed_hook(component: Component) -> HookParams | None:
    """The parameters in the markers of the hook installed in the component's start script
    (None: no hook, or none whose head block can be read). A light read: no file facts."""
    path = component.start_script
    if path is None or component.problem:
        return None
    try:
        data = path.read_bytes()
        if not _may_hold_hook(data):
            return None
        lines = scripttext.split(encoding.decode(data, encoding.detect(data))).lines
    except (OSError, JoptError):
        return None
    params = hook.inspect(lines).params
    return params if params is not None and tags.is_valid(params.tag) else None


def hook_order(tag: str, instance: str | None) -> list[str]:
    """The options files the hook looks for, first found wins (hooks/head.v1.sh.j2): with
    ZWE_haInstance_id set, the instance's own options file and argfile, then the shared ones."""
    own = [f"java.options.{tag}.{instance}", f"java.argfile.{tag}.{instance}"] if instance else []
    return [*own, f"java.options.{tag}", f"java.argfile.{tag}"]


class InstanceFiles(NamedTuple):
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
    passed_over: list[PassedOver] = field(default_factory=list)  # folders not managed, each with why
    hooks: dict[str, HookParams] = field(default_factory=dict)  # component -> its installed hook's markers
    collisions: list[Collision] = field(default_factory=list)
    chosen: dict[str, str] = field(default_factory=dict)  # --tag given to this command
    #: component -> the components whose start script is the very same file (a link on the way)
    shared: dict[str, list[Component]] = field(default_factory=dict)

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
        components, passed = discovery.survey(locations)
        recorded = statefile.load(locations.overrides)
        site = cls(locations, components, recorded, passed_over=passed)
        site.reload_hooks()
        return site

    def reload_state(self) -> None:
        """jopt's state and the installed hooks again (another jopt may have written), and the tags."""
        self.state = statefile.load(self.locations.overrides)
        self.reload_hooks()

    def reload_hooks(self) -> None:
        """The hooks installed now. A start script that is several components' (one file
        reached through a link) counts once: for the component its markers name, else the first."""
        self.shared = _shared_scripts(self.components)
        found = {c.id: p for c in self.components if (p := installed_hook(c)) is not None}
        for cid, params in list(found.items()):
            if cid not in self.shared:
                continue
            group = {cid, *(c.id for c in self.shared[cid])}
            first = next(c.id for c in self.components if c.id in group)
            if cid != (params.component if params.component in group else first):
                del found[cid]
        self.hooks = found
        self.retag(self.chosen)

    def retag(self, chosen: dict[str, str]) -> None:
        """Tags with `chosen` (--tag) for the components named there; see the module's doc."""
        self.chosen = dict(chosen)
        self.tags, self.collisions = tags.settle([c.id for c in self.components], self._claims(), self.state.tags)

    def _claims(self) -> dict[str, str]:
        claimed = {cid: params.tag for cid, params in self.hooks.items()}
        native = {cid: r.tag for cid, r in self.state.components.items() if r.mode == "native" and cid not in claimed}
        return {**claimed, **native, **self.chosen}

    def claim(self, component_id: str) -> str:
        """What makes the component use its tag: a --tag, its hook, native mode, or nothing yet."""
        tag = self.tags[component_id]
        if component_id in self.chosen:
            return f"--tag {tag}"
        if component_id in self.hooks:
            named = self.hooks[component_id].component
            copied = f", a hook written for {named}" if named != component_id else ""
            return f"its hook reads java.options.{tag}{copied}"
        return f"zowe.yaml gives it java.options.{tag} (native mode)"

    def collision(self, component: Component) -> tuple[str, str | None] | None:
        """(what, fix) when another component uses this component's tag too, else None."""
        for found in self.collisions:
            if component.id in found.components:
                return _collision_message(self, found)
        return None

    def check_tags(self, components: list[Component]) -> None:
        """ConfigError, naming both, when one of these components shares its tag with another."""
        for component in components:
            found = self.collision(component)
            if found is not None:
                what, fix = found
                raise ConfigError(f"{what}; {fix}" if fix else what)

    def select(self, names: tuple[str, ...] | list[str]) -> list[Component]:
        return discovery.select(self.components, names, self.passed_over)

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


def _collision_message(site: Site, found: Collision) -> tuple[str, str | None]:
    """What two components sharing one tag means, and the command that gives one its own:
    the one whose hook was written for another component (a copied folder), else the last
    hooked one; none when the tag came from --tag (choose another) or from native mode."""
    who = " and ".join(f"{cid} ({site.claim(cid)})" for cid in found.components)
    what = f"tag {found.tag} is used by {who}: two JVMs would read one options file"
    if any(cid in site.chosen for cid in found.components):
        return what, "choose another --tag"
    hooked = [cid for cid in found.components if cid in site.hooks]
    if not hooked:
        return what, None
    copies = [cid for cid in hooked if site.hooks[cid].component != cid]
    move = (copies or hooked)[-1]
    new = tags.free(move, set(site.tags.values()))
    return what, f"give {move} a tag of its own: `jopt install {move} --tag {new}`"


def _shared_scripts(components: list[Component]) -> dict[str, list[Component]]:
    """For each component whose start script is also another's (the same file), the others."""
    owners: dict[tuple[int, int], list[Component]] = {}
    for component in components:
        try:
            found = component.start_script.stat() if component.start_script is not None else None
        except OSError:
            continue
        if found is not None:
            owners.setdefault((found.st_dev, found.st_ino), []).append(component)
    return {c.id: [o for o in group if o is not c] for group in owners.values() if len(group) > 1 for c in group}

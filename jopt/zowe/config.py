"""zowe.yaml as Zowe reads it: the `zwe --config` string, its entries merged, templates resolved.

What Zowe does, and where it says so:

- `--config` (CONFIG= in ZWESLSTC) is one path, or entries `FILE(/path)` and
  `PARMLIB(DSN(MEMBER))` joined by `:`. A string that starts with neither is one file.
  (zowe/docs-site docs/user-guide/configmgr-using.md, "Splitting configuration into
  multiple storage types" and "Parmlib support"; zowe-install-packaging bin/libs/configmgr.ts,
  ZOWE_CONFIG_PATH, which also requires the same member name in every PARMLIB entry.)
- Entries on the left win: "the storage types listed on the left override the values of
  storage types to their right ... the right-most storage type should be treated as a set
  of defaults" (configmgr-using.md). configmgr merges right to left with jsonMerge
  (zowe-common-c c/configmgr.c overloadConfiguration, c/json.c mergeJson1): mappings key
  by key; a list on the left is appended to the list on its right; any other value on
  the left, null included, replaces the one on the right.
- A member is read as `//'DSN(MEMBER)'` (c/configmgr.c readJson); jopt reads it with
  `cat "//'DSN(MEMBER)'"`, which works only on z/OS.
- `${{ expression }}` in a plain or double-quoted scalar is a template (c/yaml2json.c
  buildTemplateJSON: the text around it is joined with `+`). Templates are evaluated
  after merging, as JavaScript with the merged top-level keys as globals
  (configmgr-using.md "Configuration templates", c/embeddedjs.c evaluateJsonTemplates).
  jopt evaluates references to keys (`zowe.runtimeDirectory`,
  `components["api-catalog"].port`) and nothing else: any other expression is an error
  naming the key, the file and the line, raised only when jopt needs that value.
- `haInstances.<id>.components.<component>` overrides `components.<component>` for that
  HA instance (docs/appendix/zowe-yaml-configuration.md, "Configuration override - inside
  zowe.yaml"). The instance id the JVM sees, ZWE_haInstance_id, is lower-case with every
  character but a-z and 0-9 made `_`; its haInstances entry is the one whose key in lower
  case equals it (bin/libs/config.ts sanitizeHaInstanceId and
  generateInstanceEnvFromYamlConfig).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from jopt.errors import ConfigError, JoptError
from jopt.storage import encoding, yamlfile
from jopt.storage.zos import on_zos

Keys = tuple[str, ...]
MISSING: Any = object()  # what a key that is not set holds

_ENTRY = re.compile(r"(FILE|PARMLIB)\((.+)\)")
# Data set names and `${{ }}` references: patterns compiled when a zowe.yaml first has one
# (most have neither).
_QUALIFIER = r"[A-Za-z#$@][A-Za-z0-9#$@-]{0,7}"
_MEMBER_SPEC = rf"({_QUALIFIER}(?:\.{_QUALIFIER})*)\(([A-Za-z#$@][A-Za-z0-9#$@]{{0,7}})\)"
_IDENT = r"[A-Za-z_$][\w$]*"
_REFERENCE = rf"\s*({_IDENT}(?:\s*\.\s*{_IDENT}|\s*\[\s*(?:\"[^\"]*\"|'[^']*'|\d+)\s*\])*)\s*"
_STEP = rf"\.\s*({_IDENT})|\[\s*(?:\"([^\"]*)\"|'([^']*)'|(\d+))\s*\]"
SPEC_HELP = "a path, or FILE(/a/zowe.yaml):FILE(/b/defaults.yaml) and PARMLIB(DSN(MEMBER)) entries, left ones winning"


# --- the --config string ---------------------------------------------------------------------


class Entry(NamedTuple):
    """One entry of the --config string."""

    kind: str  # FILE or PARMLIB
    name: str  # the path, or DSN(MEMBER)

    @property
    def shown(self) -> str:
        """How messages name it: the path of a file, PARMLIB(DSN(MEMBER)) of a member."""
        return self.name if self.kind == "FILE" else f"PARMLIB({self.name})"


def entries(spec: str) -> tuple[Entry, ...]:
    """The entries of a `zwe --config` string, left (winning) first; ConfigError when malformed."""
    spec = spec.strip()
    if not spec:
        raise ConfigError(f"--zowe-yaml is empty: give {SPEC_HELP}")
    if not spec.startswith(("FILE(", "PARMLIB(")):
        return (Entry("FILE", spec),)
    found = []
    for part in spec.split(":"):
        match = _ENTRY.fullmatch(part)
        if match is None:
            raise ConfigError(f"--zowe-yaml {spec}: cannot read the entry {part!r}: give {SPEC_HELP}")
        found.append(Entry(match.group(1), match.group(2)))
    _check_members(spec, [e for e in found if e.kind == "PARMLIB"])
    return tuple(found)


def _check_members(spec: str, parmlibs: list[Entry]) -> None:
    members = set()
    for entry in parmlibs:
        match = re.fullmatch(_MEMBER_SPEC, entry.name)
        if match is None or len(match.group(1)) > 44:
            raise ConfigError(f"--zowe-yaml {spec}: {entry.shown} is not PARMLIB(DSN(MEMBER))")
        members.add(match.group(2).upper())
    if len(members) > 1:
        raise ConfigError(
            f"--zowe-yaml {spec}: Zowe requires the same member name in every PARMLIB entry "
            f"(found {', '.join(sorted(members))})"
        )


# --- one entry: its text, values and lines ---------------------------------------------------


class Template(NamedTuple):
    """A scalar holding `${{ ... }}`, evaluated when its value is asked for."""

    text: str
    key: str  # the dotted key whose value it is
    source: str  # where it is written (a path, or PARMLIB(...))
    line: int
    quoted: bool = False  # single-quoted: Zowe does not evaluate it


class Layer(NamedTuple):
    """One entry of --config, read: its text, values (Template for templates) and key lines."""

    entry: Entry
    text: str
    data: dict[str, Any]
    lines: dict[Keys, int]  # key path -> 1-based line of the key

    @property
    def path(self) -> Path | None:
        return Path(self.entry.name) if self.entry.kind == "FILE" else None

    def has(self, keys: Keys) -> bool:
        return lookup(self.data, keys) is not MISSING

    def where(self, keys: Keys) -> str:
        line = self.lines.get(keys)
        return f"{self.entry.shown}:{line}" if line else self.entry.shown


def lookup(data: Any, keys: Keys) -> Any:
    """data[k1][k2]... without evaluating templates, or MISSING."""
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return MISSING
        data = data[key]
    return data


def read_entry(entry: Entry) -> str:
    """The text of a FILE (UTF-8) or, on z/OS, of a PARMLIB member."""
    if entry.kind == "PARMLIB":
        return _read_member(entry)
    path = Path(entry.name)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("zowe.yaml not found", path=path) from None
    except IsADirectoryError:
        raise ConfigError("zowe.yaml is a directory, expected a file", path=path) from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"zowe.yaml is not UTF-8 (byte {error.start})", path=path) from None
    except OSError as error:
        raise ConfigError(f"cannot read zowe.yaml: {error.strerror}", path=path) from None


def member_command(entry: Entry) -> list[str]:
    return ["cat", f"//'{entry.name}'"]


def _read_member(entry: Entry) -> str:
    if not on_zos():
        raise ConfigError(
            f"{entry.shown}: a data set member can be read only on z/OS; copy it to a file and name that with FILE()"
        )
    import subprocess

    try:
        done = subprocess.run(member_command(entry), capture_output=True, check=False)
    except OSError as error:
        raise ConfigError(f"{entry.shown}: cannot run cat: {error.strerror}") from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConfigError(f"{entry.shown}: cannot read it (cat exit {done.returncode}: {why[0] if why else ''})")
    try:
        return encoding.decode(done.stdout, encoding.detect(done.stdout))
    except JoptError as error:
        raise ConfigError(f"{entry.shown}: {error.args[0]}") from None


def parse(entry: Entry, text: str) -> Layer:
    """The layer of one entry's text; ConfigError naming it and the line when malformed."""
    node = yamlfile.compose(text, entry.shown, "zowe.yaml")
    lines: dict[Keys, int] = {}
    data = _value(node, (), entry.shown, lines) if node is not None else {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("no `zowe:` section", path=entry.shown)  # not even a mapping
    return Layer(entry, text, data, lines)


def _value(node: Any, keys: Keys, source: str, lines: dict[Keys, int]) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return _mapping(node, keys, source, lines)
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, (*keys, str(n)), source, lines) for n, item in enumerate(node.value)]
    if "${{" in node.value and node.style in (None, "", '"', "'"):  # plain is "" in libyaml, None in PyYAML
        return Template(node.value, ".".join(keys), source, node.start_mark.line + 1, node.style == "'")
    return _scalar(node)


def _mapping(node: Any, keys: Keys, source: str, lines: dict[Keys, int]) -> dict[str, Any]:
    """Keys are their text, as in Zowe's yaml2json.c (`on:` is "on", `1:` is "1")."""
    import yaml

    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise ConfigError("a key that is not a plain value", path=source, line=line)
        if key_node.tag.endswith(":merge"):
            raise ConfigError(
                "a YAML merge key (<<): Zowe does not apply it; write the keys out", path=source, line=line
            )
        path = (*keys, key_node.value)
        if path in lines:
            raise ConfigError(
                f"{'.'.join(path)} appears twice (lines {lines[path]} and {line}); Zowe's readers do not "
                "agree on which one counts: keep one",
                path=source,
                line=line,
            )
        lines[path] = line
        out[key_node.value] = _value(value_node, path, source, lines)
    return out


_NULLS = ("", "~", "null", "Null", "NULL")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def _scalar(node: Any) -> Any:
    """A scalar as Zowe's yaml2json.c makes it: a plain null, true/false or run of digits is
    that; everything else, quoted or block, is a string (`on`, `1.5`, `0x1F` stay text)."""
    if node.style not in (None, ""):
        return node.value
    if node.value in _NULLS:
        return None
    if node.value in _BOOLS:
        return _BOOLS[node.value]
    if node.value.isascii() and node.value.isdigit():
        return int(node.value)
    return node.value


# --- merging ---------------------------------------------------------------------------------


def merge(over: Any, base: Any, append_lists: bool = True) -> Any:
    """`over` laid on `base` as Zowe's jsonMerge does (see the module docstring)."""
    if isinstance(over, dict) and isinstance(base, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = merge(value, base[key], append_lists) if key in base else value
        return out
    if append_lists and isinstance(over, list) and isinstance(base, list):
        return base + over
    return over


def instance_id(given: str) -> str:
    """ZWE_haInstance_id as Zowe makes it from an HA instance name: lower case, a-z 0-9 _."""
    found = re.sub(r"[^a-z0-9]", "_", given.strip().lower())
    if not found:
        raise ConfigError("--ha-instance is empty")
    return found


# --- templates -------------------------------------------------------------------------------


class _Resolver:
    """Evaluates templates against the merged configuration (before HA overrides, as Zowe)."""

    def __init__(self, root: dict[str, Any]):
        self.root = root
        self.busy: list[Template] = []

    def deep(self, value: Any) -> Any:
        if isinstance(value, Template):
            return self.deep(self.template(value))
        if isinstance(value, dict):
            return {k: self.deep(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.deep(v) for v in value]
        return value

    def template(self, template: Template) -> Any:
        if template in self.busy:
            cycle = " -> ".join(t.key for t in [*self.busy[self.busy.index(template) :], template])
            raise self.error(template, f"refers back to itself ({cycle})")
        if template.quoted:
            raise self.error(template, "Zowe does not evaluate ${{ }} in a single-quoted string; use double quotes")
        self.busy.append(template)
        try:
            parts = [self.reference(template, p[1]) if p[0] else p[1] for p in self.pieces(template)]
        finally:
            self.busy.pop()
        if len(parts) == 1:
            return parts[0]
        return "".join(_js_text(template, self, part) for part in parts)

    def pieces(self, template: Template) -> Iterator[tuple[bool, str]]:
        """(is an expression, text) in order, as yaml2json.c cuts the scalar."""
        rest = template.text
        while "${{" in rest:
            before, _, after = rest.partition("${{")
            if "}}" not in after:
                raise self.error(template, "has ${{ without a closing }}")
            expression, _, rest = after.partition("}}")
            if before:
                yield False, before
            yield True, expression
        if rest:
            yield False, rest

    def reference(self, template: Template, expression: str) -> Any:
        match = re.fullmatch(_REFERENCE, expression)
        if match is None:
            raise self.error(
                template,
                f"jopt cannot evaluate ${{{{{expression}}}}} (Zowe evaluates it as JavaScript); "
                "give the value itself, or a reference such as ${{ zowe.runtimeDirectory }}",
            )
        text = match.group(1)
        first = re.match(_IDENT, text)
        assert first is not None
        steps = [first.group(0)] + [next(g for g in m.groups() if g is not None) for m in re.finditer(_STEP, text)]
        value: Any = self.root
        for n, step in enumerate(steps):
            value = self.deep(value) if isinstance(value, Template) else value
            if isinstance(value, list) and step.isdigit() and int(step) < len(value):
                value = value[int(step)]
            elif isinstance(value, dict) and step in value:
                value = value[step]
            else:
                raise self.error(template, f"${{{{ {text} }}}} refers to {'.'.join(steps[: n + 1])}, which is not set")
        return self.deep(value)

    @staticmethod
    def error(template: Template, problem: str) -> ConfigError:
        return ConfigError(f"{template.key}: {problem}", path=template.source, line=template.line)


def _js_text(template: Template, resolver: _Resolver, value: Any) -> str:
    """A value joined into a string as JavaScript would (for the values jopt allows)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    raise resolver.error(template, f"joins a {'mapping' if isinstance(value, dict) else 'list'} into a string")


# --- the whole configuration -----------------------------------------------------------------


class ZoweConfig(NamedTuple):
    """The merged configuration of every entry, seen by one HA instance (or none)."""

    spec: str
    layers: tuple[Layer, ...]
    merged: dict[str, Any]
    instance: str | None = None  # ZWE_haInstance_id
    instance_key: str | None = None  # its key under haInstances, when there is one

    @property
    def shown(self) -> str:
        """How messages name the configuration: its one file, or the whole --config string."""
        return self.layers[0].entry.shown if len(self.layers) == 1 else self.spec

    def instances(self) -> tuple[str, ...]:
        """The keys of haInstances."""
        found = self.merged.get("haInstances")
        if found in (None, MISSING):
            return ()
        if not isinstance(found, dict):
            raise ConfigError("`haInstances` must be a mapping of instance ids", path=self.defining(("haInstances",)))
        return tuple(str(k) for k in found)

    def for_instance(self, given: str | None) -> ZoweConfig:
        """The configuration an HA instance's JVM sees (None: no instance)."""
        if given is None:
            return self._replace(instance=None, instance_key=None)
        wanted = instance_id(given)
        key = next((k for k in self.instances() if k.lower() == wanted), None)
        return self._replace(instance=wanted, instance_key=key)

    def _data(self) -> dict[str, Any]:
        if self.instance_key is None:
            return self.merged
        overrides = lookup(self.merged, ("haInstances", self.instance_key, "components"))
        if not isinstance(overrides, dict):
            return self.merged
        components = self.merged.get("components")
        return {
            **self.merged,
            "components": merge(overrides, components if isinstance(components, dict) else {}, False),
        }

    def value(self, keys: Keys) -> Any:
        """The value at `keys` with its templates evaluated, or MISSING; ConfigError naming the
        key, file and line when a template cannot be evaluated."""
        resolver = _Resolver(self.merged)
        value: Any = self._data()
        for key in keys:
            value = resolver.deep(value) if isinstance(value, Template) else value
            if not isinstance(value, dict) or key not in value:
                return MISSING
            value = value[key]
        return resolver.deep(value)

    def defining(self, keys: Keys) -> str | None:
        """Where the value at `keys` is written ("file:line"), or None when no entry has it."""
        found = self.layer_of(keys)
        return found[0].where(found[1]) if found else None

    def layer_of(self, keys: Keys) -> tuple[Layer, Keys] | None:
        """The left-most entry that has `keys` (for the HA instance: its override first), and
        the keys as written there."""
        paths = [keys]
        if self.instance_key is not None and keys[:1] == ("components",):
            paths.insert(0, ("haInstances", self.instance_key, *keys))
        for path in paths:
            for layer in self.layers:
                if layer.has(path):
                    return layer, path
        return None

    def hiding(self, keys: Keys) -> tuple[Keys, str] | None:
        """The key above `keys` whose value is not a mapping (so `keys` cannot be set under
        it), and where that value is written; None when nothing hides `keys`."""
        data = self._data()
        for depth in range(1, len(keys)):
            data = data.get(keys[depth - 1], MISSING) if isinstance(data, dict) else MISSING
            if data is MISSING:
                return None
            if not isinstance(data, dict):
                return keys[:depth], self.defining(keys[:depth]) or self.shown
        return None

    def first_file(self) -> Layer | None:
        return next((layer for layer in self.layers if layer.entry.kind == "FILE"), None)


def combine(spec: str, layers: tuple[Layer, ...]) -> ZoweConfig:
    merged: dict[str, Any] = layers[-1].data
    for layer in reversed(layers[:-1]):
        merged = merge(layer.data, merged)
    return ZoweConfig(spec, layers, merged)


def load(spec: str | Path, instance: str | None = None) -> ZoweConfig:
    """Read every entry of a `zwe --config` string, merge them, and take the HA instance's view."""
    text = str(spec)
    layers = tuple(parse(entry, read_entry(entry)) for entry in entries(text))
    return combine(text, layers).for_instance(instance)


def replaced(config: ZoweConfig, texts: dict[Path, str]) -> ZoweConfig:
    """The configuration with some FILE entries' text replaced (to check an edit before writing)."""
    layers = tuple(
        parse(layer.entry, texts[layer.path]) if layer.path is not None and layer.path in texts else layer
        for layer in config.layers
    )
    return combine(config.spec, layers)._replace(instance=config.instance, instance_key=config.instance_key)


# --- which entry an edit goes to -------------------------------------------------------------

#: Why jopt does not write a PARMLIB member, where a file is replaced atomically with a backup.
PARMLIB_REFUSAL = "jopt does not edit data set members (it cannot replace one atomically or keep a backup of it)"


def edit_target(found: ZoweConfig, keys: Keys) -> tuple[Layer, str]:
    """The entry to edit for `keys`, and why (when there are several): the left-most entry
    that sets it (editing any other would change nothing Zowe reads), else the first FILE
    entry. ConfigError when that is a PARMLIB member (PARMLIB_REFUSAL), or there is no FILE entry."""
    dotted = ".".join(keys)
    several = len(found.layers) > 1
    base = found.for_instance(None)
    where = base.layer_of(keys)
    if where is not None:
        layer = where[0]
        if layer.entry.kind != "FILE":
            raise ConfigError(f"{dotted} is set in {layer.where(keys)}: {PARMLIB_REFUSAL}")
        return layer, f"where {dotted} is set" if several else ""
    first = base.first_file()
    if first is None:
        raise ConfigError(f"--zowe-yaml {found.spec} has no FILE entry to add {dotted} to: {PARMLIB_REFUSAL}")
    return first, "the first FILE entry" if several else ""

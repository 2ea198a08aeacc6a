"""zowe.yaml as text: set or remove `components.<id>.jvm.<NAME>`, keeping every other byte.

PyYAML says where things are: the mapping that holds a key, the key's line and the lines
of its value come from the composed nodes and their marks. The edit is made on those lines,
so comments, order, quoting and blank lines stay as they were (re-dumping with a YAML
library would lose them). New keys go after the last content of their mapping, indented
like their siblings. The result must parse, hold the intended values and be otherwise
equal to the input, and removing what was added must give back the input exactly. Pure
apart from `load` and `write` at the end.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from jopt.errors import ConfigError, ScriptError
from jopt.storage import backups, fileio, yamlfile
from jopt.zowe import yamlread as zoweread
from jopt.zowe import yamltext

BACKUP_ID = "zowe.yaml"  # backups go to <overrides>/backups/zowe.yaml/
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"

Entry = tuple[yaml.Node, yaml.Node]  # a key's node and its value's node


def _dotted(keys: tuple[str, ...]) -> str:
    return ".".join(keys) or "the document"


def _line(node: yaml.Node) -> int:
    """The node's first line, 1-based (for messages)."""
    return node.start_mark.line + 1


def _bare(entry: Entry) -> bool:
    """`key:` with nothing written after it (PyYAML gives null)."""
    value = entry[1]
    return isinstance(value, yaml.ScalarNode) and value.tag == _NULL and value.value == ""


def _placeholder(lines: list[str], entry: Entry) -> bool:
    """`key:` with no value but comments indented under it (e.g. commented-out settings)."""
    key = entry[0].start_mark
    for line in lines[key.line + 1 :]:
        if line.strip():
            return yamltext.is_comment(line) and yamltext.indent(line) > key.column
    return False


def _entries(holder: yaml.Node | None, keys: tuple[str, ...], path: object) -> list[Entry]:
    """The key/value nodes of the block mapping at `keys` (none: an empty document or a placeholder)."""
    if holder is None:
        return []
    if not isinstance(holder, yaml.MappingNode) or holder.flow_style:
        raise _by_hand(f"{_dotted(keys)} is not a block mapping jopt can edit", holder, path)
    return list(holder.value)


def _inside(lines: list[str], entry: Entry, keys: tuple[str, ...], path: object) -> yaml.Node | None:
    """What the next key of the path is looked for in: the entry's value (None: a placeholder)."""
    value = entry[1]
    if isinstance(value, yaml.CollectionNode) and not value.flow_style:
        return value  # a block sequence is refused when its keys are looked for
    if _bare(entry) and _placeholder(lines, entry):
        return None
    what = "has no value (null)" if _bare(entry) else "is not written as an indented block"
    raise _by_hand(f"{_dotted(keys)} {what}", entry[0], path)


def _by_hand(message: str, node: yaml.Node, path: object) -> ConfigError:
    return ConfigError(f"{message}; add the settings by hand", path=path, line=_line(node))


class _Found(NamedTuple):
    lines: list[str]  # the text's lines, each with its line break
    root: yaml.Node | None
    entry: Entry | None  # the whole path's entry, if there
    parent: Entry | None  # the deepest entry found on the way (None: the document)
    holder: yaml.Node | None  # the mapping the next key of the path goes in (None: empty)
    depth: int  # how many keys of the path exist


def _walk(text: str, keys: tuple[str, ...], path: object) -> _Found:
    lines, root = yamltext.split(text), yamltext.composed(text, path)
    holder, parent = root, None
    for depth, key in enumerate(keys):
        matches = [e for e in _entries(holder, keys[:depth], path) if _is_key(e[0], key)]
        if len(matches) > 1:
            raise ConfigError(f"{_dotted(keys[: depth + 1])} appears twice", path=path, line=_line(matches[1][0]))
        if not matches or depth == len(keys) - 1:
            return _Found(lines, root, matches[0] if matches else None, parent, holder, depth)
        holder, parent = _inside(lines, matches[0], keys[: depth + 1], path), matches[0]
    raise AssertionError("unreachable")


def _is_key(node: yaml.Node, key: str) -> bool:
    """The node is `key` as a string (an unquoted `true:` or `1:` is no string key)."""
    return isinstance(node, yaml.ScalarNode) and node.tag == _STR and node.value == key


def _step(node: yaml.Node | None, within: frozenset[int] = frozenset()) -> int | None:
    """How far the document indents a block mapping under its key (None: it never does)."""
    if not isinstance(node, yaml.CollectionNode) or id(node) in within:
        return None  # an alias can make a node its own descendant
    pairs = node.value if isinstance(node, yaml.MappingNode) else [(None, item) for item in node.value]
    for key, value in pairs:
        if key is not None and isinstance(value, yaml.MappingNode) and not value.flow_style:
            return value.value[0][0].start_mark.column - key.start_mark.column
        found = _step(value, within | {id(node)})
        if found is not None:
            return found
    return None


def _insert_at(lines: list[str], found: _Found, indent: int) -> int:
    """After the last content of the mapping the key goes in, and the deeper comments that follow it."""
    if found.holder is not None:
        at = yamltext.last_line(found.holder, lines) + 1
    elif found.parent is not None:
        at = found.parent[0].start_mark.line + 1  # a placeholder: right under its key
    else:
        at = 0  # an empty document
    for j in range(at, len(lines)):
        if not lines[j].strip():
            continue
        if not (yamltext.is_comment(lines[j]) and yamltext.indent(lines[j]) > indent):
            break
        at = j + 1
    return at


def _inserted(text: str, lines: list[str], at: int, new: list[str]) -> str:
    """The text with `new` lines (no line breaks) put before lines[at]; a text that ends
    without a line break still does."""
    newline = yamltext.newline(text)
    block = [line + newline for line in new]
    if at == len(lines) and not text.endswith(newline):
        block[-1] = new[-1]
        if lines:
            lines = [*lines[:-1], lines[-1] + newline]
    return "".join([*lines[:at], *block, *lines[at:]])


def _removed(lines: list[str], first: int, last: int) -> str:
    """The text without lines[first:last + 1]; a text that ended without a line break still does."""
    rest = [*lines[:first], *lines[last + 1 :]]
    if first == len(rest) and rest and lines[last] == yamltext.body(lines[last]):
        rest[-1] = yamltext.body(rest[-1])
    return "".join(rest)


def _key_text(key: str) -> str:
    try:
        plain = yamlfile.loads(f"{key}: 0") == {key: 0}
    except ConfigError:
        plain = False
    return key if plain else json.dumps(key)


def _show(value: Any) -> str:
    return json.dumps(value, default=str)


def _put(text: str, data: Any, keys: tuple[str, ...], value: str, path: object) -> str | None:
    """The text with `keys: "value"` added; None when it is there already."""
    found = _walk(text, keys, path)
    if found.entry is not None:
        current = zoweread.value(data, keys)
        if current == value:
            return None
        raise ConfigError(
            f"{_dotted(keys)} already holds {_show(current)}, not {json.dumps(value)}; jopt will not "
            "overwrite it: remove that line, or point it at jopt's options file yourself",
            path=path,
            line=_line(found.entry[0]),
        )
    step = _step(found.root) or 2
    siblings = found.holder.value if found.holder is not None else []
    if siblings:
        indent = siblings[0][0].start_mark.column
    else:
        indent = found.parent[0].start_mark.column + step if found.parent else 0
    rest = keys[found.depth :]
    new = [" " * (indent + n * step) + f"{_key_text(key)}:" for n, key in enumerate(rest[:-1])]
    new.append(" " * (indent + (len(rest) - 1) * step) + f"{_key_text(rest[-1])}: {json.dumps(value)}")
    return _inserted(text, found.lines, _insert_at(found.lines, found, indent), new)


def _take(text: str, data: Any, keys: tuple[str, ...], value: str, path: object) -> str | None:
    """The text without `keys` if it holds `value`, nor the mappings that leaves empty; None if absent."""
    found = _walk(text, keys, path)
    if found.entry is None:
        return None
    current = zoweread.value(data, keys)
    if current != value:
        raise ConfigError(
            f"{_dotted(keys)} holds {_show(current)}, not jopt's {json.dumps(value)}; jopt will not remove it",
            path=path,
            line=_line(found.entry[0]),
        )
    key, held = found.entry
    text = _removed(found.lines, key.start_mark.line, max(key.start_mark.line, yamltext.last_line(held, found.lines)))
    for depth in range(len(keys) - 1, 0, -1):
        header = _walk(text, keys[:depth], path)
        if header.entry is None or not _bare(header.entry) or _placeholder(header.lines, header.entry):
            break
        line = header.entry[0].start_mark.line
        text = _removed(header.lines, line, line)
    return text


class Edit(NamedTuple):
    """jvm settings of one component: to set, and to remove when they hold the given value."""

    component: str
    values: Mapping[str, str]
    drop: Mapping[str, str]

    def keys(self, name: str) -> tuple[str, ...]:
        return ("components", self.component, "jvm", name)


def _parse(text: str, path: object) -> Any:
    data = zoweread.parsed(text, path)
    if data is not None and not isinstance(data, dict):
        raise ConfigError("zowe.yaml is not a mapping", path=path)
    yamltext.newline(text, path)  # refuses a mix of LF and CRLF: no one style for new lines
    return data


class Applied(NamedTuple):
    text: str
    added: tuple[str, ...]  # names of the jvm settings added
    removed: tuple[str, ...]  # ... and removed


def applied(text: str, edit: Edit, path: object | None = None) -> Applied:
    """The zowe.yaml text with `edit` made; ConfigError (nothing changed) when it cannot be."""
    data = _parse(text, path)
    new, added, removed = text, [], []
    for name, value in edit.values.items():
        changed = _put(new, data, edit.keys(name), value, path)
        if changed is not None:
            new = changed
            added.append(name)
    for name, value in edit.drop.items():
        changed = _take(new, data, edit.keys(name), value, path)
        if changed is not None:
            new = changed
            removed.append(name)
    if not added and not removed:
        return Applied(text, (), ())
    _check(text, new, data, edit, added, path)
    return Applied(new, tuple(added), tuple(removed))


def apply(text: str, edit: Edit, path: object | None = None) -> str:
    """`applied(...).text`: the pure str -> str transform."""
    return applied(text, edit, path).text


def _without(data: Any, edit: Edit) -> Any:
    """The data minus the edited jvm settings, and minus the mappings that leaves empty."""
    data = copy.deepcopy(data) or {}
    chain = [data, data.get("components"), None, None]
    chain[2] = chain[1].get(edit.component) if isinstance(chain[1], dict) else None
    chain[3] = chain[2].get("jvm") if isinstance(chain[2], dict) else None
    for name in (*edit.values, *edit.drop):
        if isinstance(chain[3], dict):
            chain[3].pop(name, None)
    for level, key in ((2, "jvm"), (1, edit.component), (0, "components")):
        if isinstance(chain[level], dict) and chain[level].get(key) in ({}, None) and key in chain[level]:
            del chain[level][key]
    return data


def _check(old_text: str, new_text: str, old: Any, edit: Edit, added: list[str], path: object) -> None:
    """The result parses, holds what was asked, changed nothing else and can be undone exactly."""
    new = zoweread.parsed(new_text, path, "zowe.yaml (as jopt would write it)")
    wanted = all(zoweread.value(new, edit.keys(k)) == v for k, v in edit.values.items())
    gone = all(zoweread.value(new, edit.keys(k)) is zoweread.MISSING for k in edit.drop)
    undone = (
        apply(new_text, Edit(edit.component, {}, {k: edit.values[k] for k in added}), path)
        if added and not edit.drop
        else None
    )
    if not (wanted and gone and _without(old, edit) == _without(new, edit)) or undone not in (None, old_text):
        where = f"components.{edit.component}.jvm"
        raise ConfigError(f"its layout is one jopt cannot edit safely at {where}; add the settings by hand", path=path)


def fragment(edits: list[Edit]) -> str:
    """The YAML to add by hand for each edit's values, as one small document."""
    lines = ["components:"]
    for edit in edits:
        lines += [f"  {_key_text(edit.component)}:", "    jvm:"]
        lines += [f"      {_key_text(name)}: {json.dumps(value)}" for name, value in edit.values.items()]
    return "\n".join(lines) + "\n"


# --- I/O ------------------------------------------------------------------------------------


class ConfigFile(NamedTuple):
    path: Path  # the file written (a symlink's target)
    shown: Path  # as named, for messages
    data: bytes
    text: str
    facts: fileio.FileFacts


def load(path: Path) -> ConfigFile:
    """Read zowe.yaml (UTF-8, as jopt reads it for locations); ConfigError naming it."""
    if not path.is_file():
        raise ConfigError("zowe.yaml not found" if not path.exists() else "zowe.yaml is not a file", path=path)
    real = path.resolve()
    try:
        data = fileio.read_bytes(real)
        text = data.decode("utf-8")
    except ScriptError as error:
        raise ConfigError(error.args[0], path=path) from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"zowe.yaml is not UTF-8 (byte {error.start})", path=path) from None
    return ConfigFile(real, path, data, text, fileio.facts(real))


def write(overrides: Path, config: ConfigFile, new_text: str, keep: int = backups.DEFAULT_KEEP) -> Path | None:
    """Back zowe.yaml up to <overrides>/backups/zowe.yaml/ and replace it atomically, keeping
    mode, owner and tag; the backup's path, or None when the bytes would not change."""
    new = new_text.encode("utf-8")
    if new == config.data:
        return None
    fileio.check_writable(config.path)
    overrides.mkdir(parents=True, exist_ok=True, mode=0o700)
    backup = backups.write(overrides, BACKUP_ID, config.path.name, config.data, backups.stamp())
    fileio.atomic_write(config.path, new, keep=config.facts)
    backups.prune(overrides, BACKUP_ID, keep)
    return backup


def put_back(config: ConfigFile) -> None:
    """Write the original bytes again (when a later step of the same command failed)."""
    fileio.atomic_write(config.path, config.data, keep=config.facts)

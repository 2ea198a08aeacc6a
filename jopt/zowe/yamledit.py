"""zowe.yaml as text: set or remove `components.<id>.jvm.<NAME>`, keeping every other line.

The edit is line based and indentation aware, so comments, order, quoting and blank lines
of every other line stay as they were (re-dumping with a YAML library would lose them).
New keys go at the end of their mapping, indented like their siblings. pyyaml only checks
the result: it must parse, hold the intended values and be otherwise equal to the input,
and removing what was added must give back the input exactly. Pure apart from `load` and
`write` at the end.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jopt.errors import ConfigError, ScriptError
from jopt.storage import backups, fileio, yamlfile
from jopt.storage import textlines as scripttext
from jopt.storage.textlines import TextLines as ScriptText
from jopt.zowe import yamlread as zoweread

BACKUP_ID = "zowe.yaml"  # backups go to <overrides>/backups/zowe.yaml/
_KEY = re.compile(
    r"""^(?P<indent> *)(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\[\]{},&*!|>%@`:-][^:#]*?|-[^\s:#][^:#]*?)"""
    r"""[ \t]*:(?:[ \t]+(?P<rest>.*))?$"""
)
_SEQUENCE_ITEM = re.compile(r"^ *-(?:\s|$)")
_BLOCK_SCALAR = re.compile(r"^[|>][0-9+-]*\s*(?:#.*)?$")
_PROPERTIES_ONLY = re.compile(r"^(?:[&!]\S*\s*)+(?:#.*)?$")
_MARKER = re.compile(r"^(?:---|\.\.\.)(?:\s.*)?$|^%")


@dataclass(frozen=True)
class Entry:
    """One `key:` line of a block mapping and the lines its value spans."""

    key: str
    line: int  # 0-based line of `key:`
    indent: int
    last: int  # last content line of its value (== line when the value is on that line)
    kind: str  # "none" (nothing after the colon), "value" (scalar or flow), "block-scalar"


def _ignorable(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#") or bool(_MARKER.match(line))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _kind(rest: str | None) -> str:
    if rest is None or not rest.strip() or rest.lstrip().startswith("#") or _PROPERTIES_ONLY.match(rest):
        return "none"
    return "block-scalar" if _BLOCK_SCALAR.match(rest) else "value"


def _unquote(key: str) -> str:
    return str(yamlfile.loads(key)) if key[0] in "\"'" else key.strip()


def _entries(lines: list[str], first: int, stop: int, parent: int, where: str, path: object) -> list[Entry]:
    """The keys of the block mapping in lines[first:stop] whose parent key is at `parent`."""
    entries: list[Entry] = []
    child: int | None = None
    for i in range(first, stop):
        line = lines[i]
        if entries and entries[-1].kind == "block-scalar" and (not line.strip() or _indent(line) > entries[-1].indent):
            if line.strip():
                entries[-1] = replace(entries[-1], last=i)
            continue
        if _ignorable(line):
            continue
        indent = _indent(line)
        child = indent if child is None else child
        if entries and (indent > child or (indent == child and _SEQUENCE_ITEM.match(line))):
            entries[-1] = replace(entries[-1], last=i)
            continue
        match = _KEY.match(line)
        if indent != child or indent <= parent or match is None:
            raise ConfigError(
                f"{where} is not a block mapping jopt can edit; add the settings by hand", path=path, line=i + 1
            )
        entries.append(Entry(_unquote(match.group("key")), i, indent, i, _kind(match.group("rest"))))
    return entries


def _placeholder(lines: list[str], entry: Entry) -> bool:
    """`key:` with no value but comments indented under it (e.g. commented-out settings)."""
    for line in lines[entry.line + 1 :]:
        if line.strip():
            return line.lstrip().startswith("#") and _indent(line) > entry.indent
    return False


@dataclass(frozen=True)
class _Found:
    entry: Entry | None  # the whole path's entry, if there
    parent: Entry | None  # the deepest entry found on the way (None: the document)
    depth: int  # how many keys of the path exist
    siblings: list[Entry]  # the entries of the mapping where the next key would go


def _dotted(keys: tuple[str, ...]) -> str:
    return ".".join(keys) or "the document"


def _walk(lines: list[str], keys: tuple[str, ...], path: object) -> _Found:
    first, stop, indent, parent = 0, len(lines), -1, None
    for depth, key in enumerate(keys):
        entries = _entries(lines, first, stop, indent, _dotted(keys[:depth]), path)
        matches = [e for e in entries if e.key == key]
        if len(matches) > 1:
            raise ConfigError(f"{_dotted(keys[: depth + 1])} appears twice", path=path, line=matches[1].line + 1)
        if not matches:
            return _Found(None, parent, depth, entries)
        entry = matches[0]
        if depth == len(keys) - 1:
            return _Found(entry, parent, depth, entries)
        if entry.kind != "none" or (entry.last == entry.line and not _placeholder(lines, entry)):
            what = "has no value (null)" if entry.kind == "none" else "is not written as an indented block"
            raise ConfigError(
                f"{_dotted(keys[: depth + 1])} {what}; add the settings by hand", path=path, line=entry.line + 1
            )
        parent, first, stop, indent = entry, entry.line + 1, entry.last + 1, entry.indent
    raise AssertionError("unreachable")


def _step(lines: list[str]) -> int:
    """The document's indentation step (2 if it has no nesting)."""
    previous = None
    for line in lines:
        if _ignorable(line):
            continue
        if previous is not None and _indent(line) > previous:
            return _indent(line) - previous
        previous = _indent(line)
    return 2


def _insert_at(lines: list[str], parent: Entry | None, indent: int) -> int:
    """After the parent's last content line and the deeper comments that follow it."""
    if parent is None:
        content = [i for i, line in enumerate(lines) if not _ignorable(line)]
        at = content[-1] + 1 if content else 0
    else:
        at = parent.last + 1
    for j in range(at, len(lines)):
        if not lines[j].strip():
            continue
        if not (lines[j].lstrip().startswith("#") and _indent(lines[j]) > indent):
            break
        at = j + 1
    return at


def _key_text(key: str) -> str:
    return key if yamlfile.loads(f"{key}: 0") == {key: 0} else json.dumps(key)


def _show(value: Any) -> str:
    return json.dumps(value, default=str)


def _put(lines: list[str], data: Any, keys: tuple[str, ...], value: str, path: object) -> bool:
    """Add `keys: "value"` to lines (in place); False when it is there already."""
    found = _walk(lines, keys, path)
    if found.entry is not None:
        current = zoweread.value(data, keys)
        if current == value:
            return False
        raise ConfigError(
            f"{_dotted(keys)} already holds {_show(current)}, not {json.dumps(value)}; jopt will not "
            "overwrite it: remove that line, or point it at jopt's options file yourself",
            path=path,
            line=found.entry.line + 1,
        )
    if found.siblings:
        indent = found.siblings[0].indent
    else:
        indent = found.parent.indent + _step(lines) if found.parent else 0
    step, rest = _step(lines), keys[found.depth :]
    new = [" " * (indent + n * step) + f"{_key_text(key)}:" for n, key in enumerate(rest[:-1])]
    new.append(" " * (indent + (len(rest) - 1) * step) + f"{_key_text(rest[-1])}: {json.dumps(value)}")
    at = _insert_at(lines, found.parent, indent)
    lines[at:at] = new
    return True


def _take(lines: list[str], data: Any, keys: tuple[str, ...], value: str, path: object) -> bool:
    """Remove `keys` (in place) if it holds `value`, then the mappings left empty; False if absent."""
    found = _walk(lines, keys, path)
    if found.entry is None:
        return False
    current = zoweread.value(data, keys)
    if current != value:
        raise ConfigError(
            f"{_dotted(keys)} holds {_show(current)}, not jopt's {json.dumps(value)}; jopt will not remove it",
            path=path,
            line=found.entry.line + 1,
        )
    del lines[found.entry.line : found.entry.last + 1]
    for depth in range(len(keys) - 1, 0, -1):
        header = _walk(lines, keys[:depth], path).entry
        if header is None or header.last != header.line or header.kind != "none" or _placeholder(lines, header):
            break
        del lines[header.line]
    return True


@dataclass(frozen=True)
class Edit:
    """jvm settings of one component: to set, and to remove when they hold the given value."""

    component: str
    values: Mapping[str, str]
    drop: Mapping[str, str]

    def keys(self, name: str) -> tuple[str, ...]:
        return ("components", self.component, "jvm", name)


def _parse(text: str, path: object) -> tuple[ScriptText, Any]:
    data = yamlfile.loads(text, path, "zowe.yaml")
    if data is not None and not isinstance(data, dict):
        raise ConfigError("zowe.yaml is not a mapping", path=path)
    try:
        return scripttext.split(text), data
    except ScriptError as error:
        raise ConfigError(str(error), path=path) from None


@dataclass(frozen=True)
class Applied:
    text: str
    added: tuple[str, ...]  # names of the jvm settings added
    removed: tuple[str, ...]  # ... and removed


def applied(text: str, edit: Edit, path: object | None = None) -> Applied:
    """The zowe.yaml text with `edit` made; ConfigError (nothing changed) when it cannot be."""
    lines_in, data = _parse(text, path)
    lines = list(lines_in.lines)
    added = [name for name, value in edit.values.items() if _put(lines, data, edit.keys(name), value, path)]
    removed = [name for name, value in edit.drop.items() if _take(lines, data, edit.keys(name), value, path)]
    if not added and not removed:
        return Applied(text, (), ())
    new = lines_in.with_lines(lines).join()
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
    new = yamlfile.loads(new_text, path, "zowe.yaml (as jopt would write it)")
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


@dataclass(frozen=True)
class ConfigFile:
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

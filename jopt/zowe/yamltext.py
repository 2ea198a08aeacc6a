"""zowe.yaml text as lines, and where PyYAML's composed nodes are written in it (pure text).

Lines keep their line breaks (`"".join(split(text)) == text`) and break where YAML breaks a
line, so a node's start and end marks (0-based line and column) index them. A byte-order mark
that opens the text is not counted in a column.
"""

from __future__ import annotations

import functools

import yaml

from jopt.errors import ConfigError, ScriptError
from jopt.storage import textlines, yamlfile

_BOM = "\ufeff"


def split(text: str) -> list[str]:
    """The text's lines, each with its line break. `str.splitlines` breaks where YAML does
    (LF, CRLF, CR, NEL, LS, PS) and at a few control characters that YAML refuses outright."""
    return text.splitlines(keepends=True)


def body(line: str) -> str:
    """The line without its line break."""
    return line.splitlines()[0] if line else ""


def newline(text: str, path: object | None = None) -> str:
    """The line break new lines get: CRLF in a CRLF file, else LF; ConfigError for a mix."""
    try:
        return textlines.split(text).newline
    except ScriptError as error:
        raise ConfigError(error.args[0], path=path) from None


def column(lines: list[str], mark: yaml.Mark) -> int:
    """Where in `lines[mark.line]` the mark is."""
    return mark.column + (1 if mark.line == 0 and lines and lines[0].startswith(_BOM) else 0)


def offsets(lines: list[str]) -> list[int]:
    """Where each line starts in the text, and where the text ends."""
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def offset(lines: list[str], starts: list[int], mark: yaml.Mark) -> int:
    """Where in the text the mark is (`starts`: offsets(lines))."""
    return starts[mark.line] + column(lines, mark)


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def is_comment(line: str) -> bool:
    """A line holding only a comment (call it only for lines outside a scalar)."""
    return line.lstrip().startswith("#")


def composed(text: str, path: object | None = None) -> yaml.Node | None:
    """The node tree of zowe.yaml `text`, composed once per text; ConfigError naming `path`
    and the line when the text is malformed."""
    try:
        return _composed(text)
    except ConfigError:
        pass
    return yamlfile.compose(text, path, "zowe.yaml")  # raises again, naming the file


@functools.lru_cache(maxsize=16)
def _composed(text: str) -> yaml.Node | None:
    return yamlfile.compose(text, None, "zowe.yaml")


def last_line(node: yaml.Node, lines: list[str], _within: frozenset[int] = frozenset()) -> int:
    """The last line holding the node's content: trailing blank lines and comments, which
    the end mark of a block collection or block scalar takes in, are not counted."""
    if isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value and id(node) not in _within:
        within = _within | {id(node)}  # an alias can make a node its own descendant
        if isinstance(node, yaml.MappingNode):
            key, value = node.value[-1]
            return max(key.start_mark.line, last_line(value, lines, within))
        return max(node.value[-1].start_mark.line, last_line(node.value[-1], lines, within))
    end = node.end_mark
    line = end.line if column(lines, end) > 0 else end.line - 1
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        while line > node.start_mark.line and not lines[line].strip():
            line -= 1  # blank lines a block scalar keeps (`|+`) or ends with
    return max(line, node.start_mark.line)

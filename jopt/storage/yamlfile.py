"""Load YAML with PyYAML (its libyaml-based loader when the wheel has one), errors naming the file and line.

`load`/`loads` give the values; `compose` gives the node tree with each node's start and end
marks (line and column), for the callers that must find where a value is written; `lookup`
gives one value of a document without building the rest (a component's manifest, of which
jopt needs only `commands.start`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from jopt.errors import ConfigError

#: libyaml's safe loader when PyYAML was built with it; it gives the same values and marks.
LOADER: type[yaml.SafeLoader | yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path: Path, what: str = "YAML") -> Any:
    """The values in the YAML file at `path`; ConfigError naming it when unreadable or malformed."""
    return loads(read(path, what), path, what)


def read(path: Path, what: str = "YAML") -> str:
    """The file's text (UTF-8); ConfigError naming it when it is missing, a directory or unreadable."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{what} not found", path=path) from None
    except IsADirectoryError:
        raise ConfigError(f"{what} is a directory, expected a file", path=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read {what}: {error}", path=path) from None


def loads(text: str, path: object | None = None, what: str = "YAML") -> Any:
    """Parse YAML text; ConfigError naming `path` and the line when it is malformed."""
    with _malformed(path, what):
        return yaml.load(text, Loader=LOADER)


def compose(text: str, path: object | None = None, what: str = "YAML") -> yaml.Node | None:
    """The text's node tree (None for an empty document); ConfigError as `loads` gives."""
    with _malformed(path, what):
        return yaml.compose(text, Loader=LOADER)


class NotAMapping(ConfigError):
    """`lookup` met a value that is not a mapping where its path goes on; `keys` is the path to it."""

    def __init__(self, keys: tuple[str, ...], path: object | None):
        self.keys = keys
        super().__init__(f"{'.'.join(keys) or 'the document'} is not a mapping", path=path)


def lookup(text: str, keys: tuple[str, ...], path: object | None = None, what: str = "YAML") -> Any:
    """The value at `keys` (e.g. ("commands", "start")) of the text's document, as `loads` would
    give it, or None where a key is missing (or the document is empty). The whole text is
    parsed (malformed YAML is a ConfigError, as `loads` gives) but only that value is built.
    NotAMapping when a value on the way is not a mapping."""
    node = compose(text, path, what)
    for depth, key in enumerate(keys):
        if node is None:
            return None
        if not isinstance(node, yaml.MappingNode):
            raise NotAMapping(keys[:depth], path)
        # the last of repeated keys, as PyYAML's constructor keeps it
        node = next((v for k, v in reversed(node.value) if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    if node is None:
        return None
    with _malformed(path, what):
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)


@contextmanager
def _malformed(path: object | None, what: str) -> Iterator[None]:
    try:
        yield
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "invalid YAML"
        if error.context and problem.startswith("but "):  # "expected a single document ..., but found another"
            problem = f"{error.context}, {problem}"
        raise ConfigError(f"malformed {what}: {problem}", path=path, line=line) from None
    except yaml.YAMLError as error:
        raise ConfigError(f"malformed {what}: {error}", path=path) from None

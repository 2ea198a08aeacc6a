"""zowe.yaml text with the values of secret-looking keys masked, every other byte kept.

zowe.yaml holds keystore passwords, and a diff of it travels to the Ansible controller and
its logs. Which keys are secret is `jopt.redaction`'s rule (`password`, `keyStorePassword`,
`token` ...); where their values are written comes from PyYAML's composed nodes, so quoted,
multi-line, flow and nested values are masked whole. Pure text.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from jopt.errors import ConfigError
from jopt.redaction import MASK, is_secret_property
from jopt.zowe import yamltext

#: What stands for a text PyYAML cannot read: no value in it can be told apart from a key.
UNREADABLE = f"{MASK} (not shown: not readable as YAML)\n"


def masked(text: str) -> str:
    """The text with each value under a secret-looking key replaced by ***; its lines stay
    where they were (a multi-line value keeps its line breaks)."""
    try:
        root = yamltext.composed(text)
    except ConfigError:
        return UNREADABLE
    if root is None:
        return text
    lines = yamltext.split(text)
    starts = yamltext.offsets(lines)
    spans = sorted(
        {
            (yamltext.offset(lines, starts, n.start_mark), yamltext.offset(lines, starts, n.end_mark))
            for n in _secrets(root)
        }
    )
    out, at = [], 0
    for start, end in spans:
        if start >= at and end > start:  # nothing written (`password:`): nothing to hide
            out += [
                text[at:start],
                MASK,
                *(line[len(yamltext.body(line)) :] for line in yamltext.split(text[start:end])),
            ]
            at = end
    return "".join([*out, text[at:]])


def _secrets(node: yaml.Node, secret: bool = False, done: set[tuple[int, bool]] | None = None) -> Iterator[yaml.Node]:
    """The scalars under secret-looking keys. An alias is the node it names, so an anchored
    value is masked where it is written when a secret key uses it."""
    done = set() if done is None else done
    if (id(node), secret) in done:
        return
    done.add((id(node), secret))
    if isinstance(node, yaml.ScalarNode):
        if secret:
            yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _secrets(item, secret, done)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            named = isinstance(key, yaml.ScalarNode) and is_secret_property(key.value)
            yield from _secrets(value, secret or named, done)

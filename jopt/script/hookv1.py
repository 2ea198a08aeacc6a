"""Hook v1, as jopt wrote it before hook v2: recognised, never written.

A v1 head block is 97 lines: the options-file choice, the trace and an awk log filter, all
inside start.sh. jopt renders it exactly as v1 did (jinja2, from `hooks/head.v1.sh.j2` and
`hooks/redact.v1.awk.j2`, with v1's name patterns frozen here) to tell an intact v1 hook from
an edited one, so that `install` upgrades it to v2 in place and `uninstall` removes it
byte for byte. tests/data/hook-v1/ holds scripts hooked by jopt's v1 code itself.
Rendering loads jinja2, so this runs only when a script carries a v1 marker.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from jopt.resources import data_dir

if TYPE_CHECKING:
    import jinja2

VERSION = 1

#: v1's secret-name patterns (awk regular expressions), as v1 put them into every hook.
ENV_PATTERN = "PASS|SECRET|TOKEN|CREDENTIAL|KEY"
PROPERTY_PATTERN = "PASS|SECRET|TOKEN|CREDENTIAL"
VALUE_PATTERN = "PASS|SECRET|TOKEN|CREDENTIAL|KEY$"


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("hooks"))),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,
    )


@functools.cache
def _redact_awk() -> str:
    template = _environment().get_template("redact.v1.awk.j2")
    return template.render(env_pattern=ENV_PATTERN, property_pattern=PROPERTY_PATTERN, value_pattern=VALUE_PATTERN)


@functools.lru_cache(maxsize=64)
def head_lines(component: str, tag: str, overrides_dir: str) -> tuple[str, ...]:
    """The v1 head block for these parameters, as lines."""
    template = _environment().get_template("head.v1.sh.j2")
    text = template.render(component=component, tag=tag, overrides_dir=overrides_dir, redact_awk=_redact_awk())
    return tuple(text.split("\n"))

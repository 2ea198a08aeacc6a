"""The jopt-owned shell files a v2 hook sources, rendered from `hooks/*.v2.sh.in`. Pure text.

`<overrides>/hook/v2.sh` picks the options file (HA instance first, OpenJ9 options file or
HotSpot argument file) and, when the trace switch is on, sources `hook/v2-trace.sh`, which
relays the component's output to the job log and a masked copy to the trace logs. They are
the same for every component of an overrides directory (start.sh passes the component and
its TAG), so new hook logic means rewriting these two files, never a vendor script.
`jopt.app.hookfiles` writes them; this module only says what they hold.

The files have no logic, only `{{ name }}` values (`jopt.script.hooktemplate`).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from jopt import __version__, redaction
from jopt.resources import data_dir

if TYPE_CHECKING:
    from jopt.script.hooktemplate import HookTemplate

#: The files, relative to the overrides directory, and the file each is rendered from.
TEMPLATES = {"hook/v2.sh": "hook.v2.sh.in", "hook/v2-trace.sh": "trace.v2.sh.in"}
#: A traced start appends at most this many bytes to each trace log; a log this big or
#: bigger becomes `<log>.1` when the next traced start begins (README, "Trace").
TRACE_CAP = 4 * 1024 * 1024


@functools.cache
def _template(name: str) -> HookTemplate:
    from jopt.script.hooktemplate import HookTemplate  # only to render the files

    return HookTemplate((data_dir("hooks") / name).read_text(encoding="utf-8"))


def _values(overrides_dir: str, cap: int) -> dict[str, object]:
    return {
        "overrides_dir": overrides_dir,
        "jopt_version": __version__,
        "cap": cap,
        "secret": "|".join(redaction.shell_pattern(glob) for glob in redaction.SECRET_NAMES),
        "not_secret": "|".join(redaction.shell_pattern(glob) for glob in redaction.NOT_SECRET_ENDINGS),
    }


def render(overrides_dir: str, cap: int = TRACE_CAP) -> dict[str, str]:
    """Each file's text for this overrides directory: {relative path: text}. `cap`: the
    trace log cap in bytes (the tests make it small)."""
    values = _values(overrides_dir, cap)
    return {name: _template(template).substitute(values) for name, template in TEMPLATES.items()}

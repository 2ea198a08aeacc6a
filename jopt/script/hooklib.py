"""The jopt-owned shell files a v2 hook sources, rendered from `hooks/*.v2.sh.j2`. Pure text.

`<overrides>/hook/v2.sh` picks the options file (HA instance first, OpenJ9 options file or
HotSpot argument file) and, when the trace switch is on, sources `hook/v2-trace.sh`, which
relays the component's output to the job log and a masked copy to the trace logs. They are
the same for every component of an overrides directory (start.sh passes the component and
its TAG), so new hook logic means rewriting these two files, never a vendor script.
`jopt.app.hookfiles` writes them; this module only says what they hold.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from jopt import __version__, redaction
from jopt.resources import data_dir

if TYPE_CHECKING:
    import jinja2

#: The files, relative to the overrides directory, and the template each comes from.
TEMPLATES = {"hook/v2.sh": "hook.v2.sh.j2", "hook/v2-trace.sh": "trace.v2.sh.j2"}
#: A traced start appends at most this many bytes to each trace log; a log this big or
#: bigger becomes `<log>.1` when the next traced start begins (README, "Trace").
TRACE_CAP = 4 * 1024 * 1024


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("hooks"))),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        # `${#name}` (a length in sh) would open a jinja2 comment: these files have none.
        comment_start_string="<%#",
        comment_end_string="#%>",
    )


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
    return {name: _environment().get_template(template).render(**values) for name, template in TEMPLATES.items()}

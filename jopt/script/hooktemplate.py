"""The template syntax of the hook files (`hooks/*.v2.sh.in`): `{{ name }}` values and nothing
else. Pure text.

The files have no logic, so `string.Template` fills them, byte for byte as jinja2 did before:
an install records each file's sha256 and status compares it. Read only to render the files
(`jopt.script.hooklib.render`), so `jopt status` does not load it.
"""

from __future__ import annotations

import string

#: `{{ name }}` is a value; the shell's own `$x`, `${x}` and `${#x}` are text. Any other `{{`,
#: and the `{%` and `<%#` that opened logic and comments for jinja2, is a mistake in the file.
_PLACEHOLDERS = r"""
    \{\{\s*(?P<braced>[a-z_][a-z0-9_]*)\s*\}\}   # {{ name }}
  | \{(?P<named>(?!)) | \{(?P<escaped>(?!))      # none: no bare names, no escape
  | (?P<invalid>\{\{|\{%|<%\#)                   # {{ anything else, logic, comments
"""


class HookTemplate(string.Template):
    """A hook file's text with `{{ name }}` values: `substitute` raises KeyError for a name
    it has no value for and ValueError for any other placeholder."""

    # A str, as string.Template documents it (it compiles it); typeshed types the compiled one.
    pattern = _PLACEHOLDERS  # type: ignore[assignment]

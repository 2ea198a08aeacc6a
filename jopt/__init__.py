"""jopt: safe, reversible Java-option overrides for Zowe components on z/OS."""

import codecs

__version__ = "0.1.0"

#: What Python's codec registry is asked for when jopt means IBM-1047 (z/OS EBCDIC).
_EBCDIC_NAMES = frozenset({"cp1047", "ibm1047"})
_loading = False


def _find_ebcdic(name: str) -> codecs.CodecInfo | None:
    """A codec search function. z/OS scripts, options files and logs are IBM-1047, a codec
    Python lacks and the `ebcdic` package provides: the first lookup of it anywhere in jopt
    imports that package (which registers its codecs), so a command that never meets EBCDIC
    text never loads it, and no module has to remember to import it first."""
    global _loading
    if _loading or name.replace("-", "").replace("_", "").lower() not in _EBCDIC_NAMES:
        return None
    _loading = True
    try:
        import ebcdic  # noqa: F401  (registers its codecs on import)

        return codecs.lookup("cp1047")
    finally:
        _loading = False


codecs.register(_find_ebcdic)

"""jopt's command line: a thin click face over the library (the group is jopt.cli.app).

`jopt --version` is answered here without importing click: it needs nothing else, and
importing click is most of jopt's start-up.
"""

from __future__ import annotations

import sys

from jopt import __version__

#: What click's version option prints (tests/cli/test_hook_commands.py compares the two).
VERSION = f"jopt {__version__}"

#: Commands that read logs of any size keep Python's cyclic garbage collector. The others
#: are short processes that make few reference cycles, all freed at exit; collecting them
#: cost 3% of `jopt status` (instructions on 40 components: 369M with it, 359M without).
KEEP_GC = frozenset({"report", "verify"})


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        print(VERSION)
        sys.exit(0)
    if not KEEP_GC.intersection(sys.argv[1:2]):
        import gc

        gc.disable()
    from jopt.cli.app import cli

    sys.exit(cli.main(prog_name="jopt", standalone_mode=True))

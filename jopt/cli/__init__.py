"""jopt's command line: a thin click face over the library (the group is jopt.cli.app).

`jopt --version` is answered here without importing click: it needs nothing else, and
importing click is most of jopt's start-up.
"""

from __future__ import annotations

import sys

from jopt import __version__

#: What click's version option prints (tests/test_cli_hook.py compares the two).
VERSION = f"jopt {__version__}"


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        print(VERSION)
        sys.exit(0)
    from jopt.cli.app import cli

    sys.exit(cli.main(prog_name="jopt", standalone_mode=True))

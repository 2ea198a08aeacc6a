"""jopt's command line: a thin click face over the library (the group is jopt.cli.app)."""

from __future__ import annotations

import sys


def main() -> None:
    """The `jopt` command (pyproject's [project.scripts] entry point, and `python -m jopt`)."""
    from jopt.cli.app import cli

    sys.exit(cli.main(prog_name="jopt", standalone_mode=True))

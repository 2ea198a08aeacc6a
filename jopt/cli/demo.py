"""`jopt demo`: the whole round trip on a temporary copy of the bundled sample runtime."""

from __future__ import annotations

import click


@click.command(
    epilog="""\b
Example:
  jopt demo              run in a temporary directory, removed afterwards
  jopt demo --keep DIR   keep the copy in DIR to look at"""
)
@click.option("--keep", "keep_dir", type=click.Path(file_okay=False), help="Copy the sample into DIR and keep it.")
def demo(keep_dir: str | None) -> None:
    """Show status, dry-run diff, install, status, uninstall on a sample runtime copy."""
    from jopt.app.demo import run

    raise SystemExit(run(keep_dir, click.echo))

"""trace on|off: the switch file that makes a hooked start script trace. The work is in jopt.app.trace."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from jopt.app import trace as tracing
from jopt.cli.common import note, wait_option, with_site

if TYPE_CHECKING:
    from jopt.app.site import Site


@click.command(
    epilog="""\b
Examples:
  jopt trace on gateway       next start writes <overrides>/start.log1GW and start.log2GW
  jopt trace off gateway

\b
With trace on, the next start of a hooked component adds -XshowSettings and writes a run
marker, the options file and the environment (secrets masked) to start.log2<TAG> (mode
0600). The component's output still goes to the job log, line by line and masked the
same way, with a copy in start.log1<TAG> (stdout) and start.log2<TAG> (stderr). Each
start adds at most 4 MiB to each log; a full log becomes <log>.1 at the next start. If
the logs cannot be written, the start goes on untraced and says so in one line.
In native mode only -XshowSettings:vm is set (no properties: the job log cannot be masked)."""
)
@click.argument("state", type=click.Choice(["on", "off"]))
@click.argument("components", nargs=-1, required=True)
@wait_option
@with_site
def trace(site: Site, state: str, components: tuple[str, ...], wait: float) -> None:
    """Switch tracing on or off for hooked components (a switch file per TAG).

    Switching on is refused for a component no hook can serve (not Java, no start script,
    one jopt cannot hook): its switch would never be read."""

    def done(switch: tracing.Switch) -> None:
        click.echo(f"{switch.component}: trace {state} ({switch.path})")
        if switch.note:
            click.echo(f"  {switch.note}")

    switches = tracing.switch(site, components, state == "on", wait, note, done)
    change = "adds" if state == "on" else "removes"
    for cid in [s.component for s in switches if s.native]:  # native mode reads the switch through zowe.yaml
        click.echo(
            f"  {cid} is in native mode: `jopt install {cid} --native --write-config` {change} "
            f"components.{cid}.jvm.XshowSettings in zowe.yaml (without --write-config it prints the settings)"
        )


__all__ = ["trace"]

"""explain: which options win, on the component's JVM command line as it will be."""

from __future__ import annotations

from typing import Any

import click

from jopt.app import explain as explain_
from jopt.app.explain_text import explain_text
from jopt.cli.common import echo_json, json_option, with_site

_EPILOG = """\b
Examples:
  jopt explain gateway
  jopt explain gateway --mode native          what native mode would give
  jopt explain gateway --changed              only families with more than one option
  jopt explain gateway --json                 schema jopt-explain/1

\b
Reads the start script and the helpers it sources from the component's bin/ and
scripts/ (apiml-common-scripts.sh, parse_jvm_args.sh), zowe.yaml (ZWE_* values;
without it, the script's defaults), and the options file, put where it lands: the
hook's ${JOPT_OPTIONS} before -jar, or ${CUSTOM_JVM_OPTS} in native mode. Then the
JVM's rules: the rightmost wins (-D per key, -XX per flag, -Xms/-Xmx/-Xmn/-Xss per
name), only the last -Xshareclasses counts, -Xdump and --add-opens add up.
Rows marked ! are options of the options file that lose; + those that win over the
script's. On z/OS Zowe adds its own -Xquickstart and shared class cache
(apiml_shared_classes); --platform other shows the script elsewhere.
"""


@click.command(epilog=_EPILOG)
@click.argument("component")
@click.option("--mode", type=click.Choice(["hook", "native", "both", "none"]),
              help="Where the options file is passed (default: as jopt finds the component now).")  # fmt: skip
@click.option("--jvm", type=click.Choice(["openj9", "hotspot"]), default="openj9", show_default=True,
              help="The JVM's rules to apply.")  # fmt: skip
@click.option("--platform", type=click.Choice(["zos", "other"]), default="zos", show_default=True,
              help="Take the scripts' `uname` = OS/390 branches (zos) or not.")  # fmt: skip
@click.option("--ha", metavar="ID", help="HA instance whose options file the hook would pass (default: --ha-instance).")
@click.option("--changed", is_flag=True, help="Only families with more than one option, or with jopt's options.")
@json_option
@with_site
def explain(site: Any, component: str, mode: str | None, jvm: str, platform: str, ha: str | None,
            changed: bool, as_json: bool) -> None:  # fmt: skip
    """Show which options win on the component's JVM command line, before a restart."""
    (chosen,) = site.select((component,))
    found = explain_.explain(site, chosen, mode, jvm, platform == "zos", ha or site.locations.ha_instance)
    if as_json:
        echo_json(found.as_dict())
    else:
        click.echo(explain_text(found.as_dict(), everything=not changed), nl=False)

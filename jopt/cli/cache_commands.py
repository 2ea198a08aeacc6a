"""cache: the health of the shared classes cache a component's JVM uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from jopt.cli.common import echo_json, json_option, use_color, with_site

_EPILOG = """\b
Examples:
  jopt cache gateway
  jopt cache gateway --java /usr/lpp/java/J17.0_64
  jopt cache apiml --json               schema jopt-cache/1 (documented in jopt/settings/sharedcache.py)

\b
The cache is the one the component's JVM is given: the -Xshareclasses of its options file
(the last one wins), else on z/OS Zowe's own apiml_shared_classes for API ML. jopt runs the
JVM (--java, else zowe.yaml java.home, JAVA_HOME, PATH) with -Xshareclasses:...,listAllCaches
and ...,printStats on exactly that name and cacheDir, and warns, with the reason and the fix,
about: a non-persistent cache, a missing cache, a nearly full one, very few classes after a
full start, two components in one cache, and a cache the JVM cannot open.
Run it as the started task's user (jopt refuses root on a cache another user owns).
Exit code 0: checked (warnings included); 1: the cache could not be checked.
"""


def _style(text: str, role: str) -> str:
    return click.style(text, fg={"good": "green", "warn": "yellow", "bad": "red"}.get(role))


@click.command(epilog=_EPILOG)
@click.argument("component")
@click.option("--java", type=click.Path(path_type=Path), metavar="PATH",
              help="The component's JVM: a java executable or a Java home.")  # fmt: skip
@json_option
@with_site
def cache(site: Any, component: str, java: Path | None, as_json: bool) -> None:
    """Check the shared classes cache a component's JVM uses."""
    from jopt.app import cache as cache_
    from jopt.settings.sharedcache import cache_text

    doc = cache_.inspect(site, component, java)
    if as_json:
        echo_json(doc)
    else:
        click.echo(cache_text(doc, _style if use_color() else lambda text, role: text), nl=False)

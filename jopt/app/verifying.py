"""verify for a component: which log to read in its mode, and why an option did not take effect.

The hook's trace goes to `<overrides>/start.log2<TAG>`; in native mode the JVM prints
-XshowSettings into the component's own job log, which jopt cannot find by itself: the user
saves it and gives it (`--joblog`). A requested option that the explanation predicts to lose
(`jopt.app.explain`) fails with that reason.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from jopt.app import explain, status
from jopt.app.site import Site
from jopt.errors import JoptError
from jopt.script import native
from jopt.settings import verify as settings_verify
from jopt.settings.reader import LogError
from jopt.settings.verify import FAILING, Verification
from jopt.zowe import yamlread
from jopt.zowe.discovery import Component


def _native_trace_given(site: Site, component: Component) -> bool:
    if site.locations.config is None:
        return False
    try:
        return yamlread.jvm(site.locations.config, component.id, native.TRACE_KEY) is not None
    except JoptError:
        return False


def _no_log(site: Site, component: Component, mode: str, default: Path) -> LogError | None:
    """Why there is no log to read, said for the component's mode and trace state; None when
    the default trace log is there."""
    cid = component.id
    if mode == "native":
        head = (
            f"native mode: the JVM prints -XshowSettings into {cid}'s job log, not a jopt trace log; "
            f"save the job log (e.g. from SDSF) and give it: jopt verify {cid} --joblog FILE"
        )
        install = f"jopt install {cid} --native --write-config"
        if not site.trace_on(component):
            head += f" (trace is off: jopt trace on {cid}, then {install}, then restart {cid})"
        elif not _native_trace_given(site, component):
            head += f" (trace is on, but zowe.yaml does not give components.{cid}.jvm.XshowSettings yet: {install})"
        return LogError(head)
    if default.is_file():
        return None
    if site.trace_on(component):
        return LogError(
            f"no trace log yet: trace is on; restart {cid} (the hook writes {default.name} at its next start), "
            "then verify",
            path=default,
        )
    return None  # settings.verify says: switch trace on, restart, verify


def _with_reasons(site: Site, component: Component, mode: str, result: Verification) -> Verification:
    """Failing checks of options the explanation predicts to lose get that as their note."""
    try:
        found = explain.explain(site, component, mode)
    except JoptError:
        return result
    reasons = {explain.shown(loss.arg): explain.loss_message(found, loss) for loss in found.losses()}
    checks = [
        c._replace(note=f"predicted before the start: {reasons[c.subject]}")
        if c.status in FAILING and c.subject in reasons
        else c
        for c in result.checks
    ]
    return dataclasses.replace(result, checks=checks)


def verify(
    site: Site,
    component: Component,
    log: Path | None = None,
    joblog: Path | None = None,
    javacore: Path | None = None,
    ha: str | None = None,
    show_secrets: bool = False,
) -> Verification:
    """The component's options file against its latest start, read from the log of its mode."""
    mode = status.of(site, component).mode
    tag = site.tags[component.id]
    chosen = joblog or log
    if chosen is None:
        problem = _no_log(site, component, mode, site.locations.overrides / f"start.log2{tag}")
        if problem is not None:
            raise problem
    result = settings_verify.verify(site.locations.overrides, component.id, tag, chosen, javacore, ha, show_secrets)
    return _with_reasons(site, component, mode, result) if mode in ("native", "hook") else result

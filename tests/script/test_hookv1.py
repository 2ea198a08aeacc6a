"""Hook v1 is recognised exactly as jopt's v1 code wrote it, upgraded to v2 and removed.

tests/data/hook-v1/<component>.start.sh are sample-runtime scripts hooked by jopt's v1 code
(component, its tag, dir /global/zowe/workspace/jopt), kept byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, JAVA_COMPONENTS, v1_hooked

from jopt.script import hook, scripttext
from jopt.script.hook import HookParams, HookState

V1 = Path(__file__).resolve().parent.parent / "data" / "hook-v1"
DIR = "/global/zowe/workspace/jopt"
TAGS = {"api-catalog": "AC", "apiml": "AM", "caching-service": "CS", "discovery": "DS", "gateway": "GW"}
TAGS |= {"zaas": "ZA", "sample-ext": "SE"}


def original(component: str) -> str:
    base = FIXTURES / ("extensions" if component == "sample-ext" else "components") / component
    return (base / "bin" / "start.sh").read_text()


@pytest.mark.parametrize("component", sorted(p.name.split(".")[0] for p in V1.glob("*.start.sh")))
def test_v1_rendering_is_what_the_v1_code_wrote(component):
    params = HookParams(component, TAGS[component], DIR)
    assert v1_hooked(original(component), params) == (V1 / f"{component}.start.sh").read_text()


@pytest.mark.parametrize("component", JAVA_COMPONENTS)
def test_v1_hook_is_outdated_upgraded_in_place_and_removed_byte_for_byte(component):
    params = HookParams(component, TAGS[component], DIR)
    text = original(component)
    v1 = scripttext.split(v1_hooked(text, params))

    found = hook.inspect(v1.lines, params)
    assert (found.state, found.version, found.detail) == (HookState.OUTDATED, 1, "hook v1, current is v2")
    assert hook.remove(v1).join() == text

    upgraded = hook.inject(v1, params)
    assert upgraded == hook.inject(scripttext.split(text), params)
    assert hook.inspect(upgraded.lines, params).state is HookState.CURRENT
    assert hook.remove(upgraded).join() == text


def test_edited_v1_hook_is_damaged_not_upgraded():
    params = HookParams("gateway", "GW", DIR)
    lines = list(scripttext.split((V1 / "gateway.start.sh").read_text()).lines)
    at = lines.index("jopt_f=")
    lines[at] = "jopt_f=/x"
    found = hook.inspect(tuple(lines), params)
    assert (found.state, found.detail) == (HookState.DAMAGED, f"line {at + 1}: hook line edited by hand")


def test_prior_versions_are_listed_and_the_current_one_is_not():
    assert hook.PRIOR_VERSIONS == (1,)
    assert hook.CURRENT_VERSION not in hook.PRIOR_VERSIONS
    assert hook.KNOWN_VERSIONS == (1, 2)

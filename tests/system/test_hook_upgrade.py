"""A runtime hooked by jopt's hook v1: `install` upgrades each script in place, `uninstall`
gives the original bytes back, and a runtime with both v1 and v2 hooks starts both (dash,
stub JVM) and is undone by one `uninstall --all`."""

from __future__ import annotations

import json

import pytest
from conftest import DASH, JAVA_COMPONENTS, argv_runs, run_like_zowe, v1_hooked, zowe_env

from jopt.script.hook import HookParams

pytestmark = pytest.mark.skipif(DASH is None, reason="dash is not installed (.ci/run installs it)")

TAGS = {"api-catalog": "AC", "apiml": "AM", "caching-service": "CS", "discovery": "DS", "gateway": "GW"}
TAGS |= {"zaas": "ZA", "sample-ext": "SE"}


def _hook_v1(sample, component: str) -> None:
    script = sample.script(component)
    params = HookParams(component, TAGS[component], str(sample.overrides))
    script.write_text(v1_hooked(script.read_text(), params))


def test_v1_runtime_is_upgraded_in_place_and_uninstalled_byte_for_byte(sample, jopt):
    originals = sample.scripts()
    for component in JAVA_COMPONENTS:
        _hook_v1(sample, component)

    status = jopt("status", "--json")
    assert status.exit_code == 3
    hooks = {s["component"]: (s["hook"], s["detail"]) for s in json.loads(status.output)["components"]}
    assert {c: hooks[c] for c in JAVA_COMPONENTS} == dict.fromkeys(
        JAVA_COMPONENTS, ("outdated", "hook v1, current is v2")
    )

    done = jopt("install", "--all")

    assert done.exit_code == 0, done.output
    for component in JAVA_COMPONENTS:
        assert f"{component}: upgraded {sample.script(component)} (hook v1, current is v2)" in done.output
        assert "# >>> jopt hook v2 component=" in sample.script(component).read_text()
    assert jopt("status").exit_code == 0

    assert jopt("uninstall", "--all").exit_code == 0
    assert sample.scripts() == originals


def test_uninstall_takes_a_v1_hook_out_byte_for_byte(sample, jopt):
    original = sample.script("gateway").read_bytes()
    _hook_v1(sample, "gateway")
    done = jopt("uninstall", "gateway")
    assert done.exit_code == 0, done.output
    assert sample.script("gateway").read_bytes() == original


def test_runtime_with_v1_and_v2_hooks_starts_both(sample, jopt, stub_java, tmp_path):
    originals = sample.scripts()
    _hook_v1(sample, "gateway")
    assert jopt("install", "discovery").exit_code == 0
    for component in ("gateway", "discovery"):
        (sample.overrides / f"java.options.{TAGS[component]}").write_text("-Xmx1g\n")

    for component in ("gateway", "discovery"):
        argv_file = tmp_path / f"argv.{component}"
        env = zowe_env(stub_java, argv_file, ZWE_zowe_runtimeDirectory=str(sample.root))
        done = run_like_zowe(sample.component_dir(component), env)
        assert done.returncode == 0, done.stderr
        (argv,) = argv_runs(argv_file)
        assert argv[-3:-1] == [f"-Xoptionsfile={sample.overrides}/java.options.{TAGS[component]}", "-jar"]

    statuses = {s["component"]: s for s in json.loads(jopt("status", "--json").output)["components"]}
    assert (statuses["gateway"]["hook"], statuses["discovery"]["hook"]) == ("outdated", "current")
    assert jopt("uninstall", "--all").exit_code == 0
    assert sample.scripts() == originals

"""jopt.app.fleet: the library calls behind the Ansible modules (tests/system/test_ansible.py runs them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Sample

from jopt.app import fleet
from jopt.errors import ConfigError, JoptError
from jopt.options.render import RenderError
from jopt.settings.reader import LogError

SHARECLASSES = fleet.Request("gateway", profiles=("shareclasses",), trace=True)


def where(sample: Sample) -> fleet.Where:
    return fleet.Where(zowe_yaml=sample.zowe_yaml)


def everything(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p): (p.read_bytes() if p.is_file() else b"", p.stat().st_mtime_ns) for p in sorted(root.rglob("*"))}


def results(outcome: fleet.Outcome) -> list[tuple[str, str, str, bool]]:
    return [(f.component, f.kind, f.result, f.changed) for f in outcome.files]


def test_check_mode_plans_every_file_and_writes_nothing(sample: Sample) -> None:
    before = everything(sample.root)

    outcome = fleet.apply_component(where(sample), SHARECLASSES, check=True)

    assert results(outcome) == [
        ("gateway", "start script", "installed", True),
        ("gateway", "hook file", "created", True),
        ("gateway", "hook file", "created", True),
        ("gateway", "options file", "created", True),
        ("gateway", "trace switch", "on", True),
    ]
    script, hook_file, trace_file, options, switch = outcome.files
    assert (hook_file.path, trace_file.path) == (sample.overrides / "hook/v2.sh", sample.overrides / "hook/v2-trace.sh")
    assert (hook_file.before, trace_file.before) == (None, None)
    assert f"jopt_d='{sample.overrides}'\n" in hook_file.after
    assert (script.before, options.before, switch.before) == (sample.script("gateway").read_text(), None, None)
    assert options.after.splitlines()[-2:] == [
        f"-Xshareclasses:name=zowe_gateway,cacheDir={sample.overrides}/shareclasses,cacheDirPerm=0770,groupAccess,nonfatal",
        "-Xscmx128m",
    ]
    assert everything(sample.root) == before
    assert not sample.overrides.exists()


def test_applied_texts_are_the_planned_ones_and_a_second_apply_touches_nothing(sample: Sample) -> None:
    planned = fleet.apply_component(where(sample), SHARECLASSES, check=True)
    applied = fleet.apply_component(where(sample), SHARECLASSES)
    assert results(applied) == results(planned)
    assert sample.script("gateway").read_text() == planned.files[0].after
    assert (sample.overrides / "hook/v2.sh").read_text() == planned.files[1].after
    assert (sample.overrides / "hook/v2-trace.sh").read_text() == planned.files[2].after
    assert (sample.overrides / "java.options.GW").read_text() == planned.files[3].after
    assert (sample.overrides / "trace.GW").read_bytes() == b""
    before = everything(sample.root)

    again = fleet.apply_component(where(sample), SHARECLASSES)

    assert not again.changed
    assert [f.result for f in again.files] == ["unchanged"] * 3
    assert everything(sample.root) == before  # no lock taken, no state written


def test_a_changed_parameter_updates_only_the_options_file(sample: Sample) -> None:
    fleet.apply_component(where(sample), SHARECLASSES)
    bigger = fleet.Request("gateway", profiles=("shareclasses",), sets=("scmx=256m",), trace=True)

    outcome = fleet.apply_component(where(sample), bigger)

    assert [(f.kind, f.result) for f in outcome.files if f.changed] == [("options file", "updated")]
    assert "-Xscmx256m\n" in (sample.overrides / "java.options.GW").read_text()


def test_absent_removes_hook_and_switch_and_keeps_the_options_file(sample: Sample) -> None:
    original = sample.script("gateway").read_bytes()
    fleet.apply_component(where(sample), SHARECLASSES)

    outcome = fleet.apply_component(where(sample), fleet.Request("gateway", state="absent", trace=False))

    assert results(outcome) == [
        ("gateway", "start script", "uninstalled", True),
        ("gateway", "trace switch", "off", True),
    ]
    assert sample.script("gateway").read_bytes() == original
    assert (sample.overrides / "java.options.GW").is_file()
    assert not fleet.apply_component(where(sample), fleet.Request("all", state="absent")).changed


def test_all_hooks_every_java_component_and_says_what_it_skipped(sample: Sample) -> None:
    outcome = fleet.apply_component(where(sample), fleet.Request("all"), check=True)

    hooked = ["api-catalog", "apiml", "caching-service", "discovery", "gateway", "zaas", "sample-ext"]
    assert [(f.component, f.result) for f in outcome.files] == [(c, "installed") for c in hooked] + [
        (", ".join(hooked), "created")
    ] * 2
    assert sorted(outcome.skipped) == ["app-server", "no-start", "zss"]
    assert outcome.skipped["zss"] == "not Java"


@pytest.mark.parametrize(
    "request_, message",
    [
        (fleet.Request("gateway", state="absent", profiles=("heap",)), "profiles, set and trace: true need state: present (absent removes the hook)"),
        (fleet.Request("gateway", sets=("xmx=1g",)), "set gives parameters of profiles: name the profiles too"),
        (fleet.Request("gateway", state="gone"), "state must be present or absent, not 'gone'"),
        (fleet.Request("nosuch"), "unknown component nosuch (known: api-catalog, apiml, app-server, caching-service, discovery, gateway, no-start, sample-ext, zaas, zss)"),
    ],
)  # fmt: skip
def test_bad_requests_fail_with_one_line_and_write_nothing(
    sample: Sample, request_: fleet.Request, message: str
) -> None:
    before = everything(sample.root)
    with pytest.raises(ConfigError) as error:
        fleet.apply_component(where(sample), request_)
    assert str(error.value) == message
    assert everything(sample.root) == before


def test_a_render_problem_stops_the_hook_too(sample: Sample) -> None:
    before = everything(sample.root)
    with pytest.raises(RenderError) as error:
        fleet.apply_component(where(sample), fleet.Request("gateway", profiles=("heap",), sets=("xmx=lots",)))
    assert error.value.problems[0].startswith("--set xmx=lots: heap.xmx: ")
    assert everything(sample.root) == before


def test_native_mode_edits_zowe_yaml_only_and_absent_restores_it(sample: Sample) -> None:
    original = sample.zowe_yaml.read_bytes()
    scripts = sample.scripts()
    native = fleet.Request("apiml", profiles=("shareclasses",), mode="native")

    planned = fleet.apply_component(where(sample), native, check=True)

    assert results(planned) == [("apiml", "zowe.yaml", "updated", True), ("apiml", "options file", "created", True)]
    added = f'    jvm:\n      Xoptionsfile: "={sample.overrides}/java.options.AM"\n'
    assert planned.files[0].after.replace(added, "") == planned.files[0].before
    assert "password: ***\n" in planned.files[0].before and "fixture-keystore-pass" not in planned.files[0].before
    assert sample.zowe_yaml.read_bytes() == original and not sample.overrides.exists()

    assert results(fleet.apply_component(where(sample), native)) == results(planned)
    assert f'Xoptionsfile: "={sample.overrides}/java.options.AM"\n' in sample.zowe_yaml.read_text()
    assert not fleet.apply_component(where(sample), native).changed

    absent = fleet.apply_component(where(sample), fleet.Request("apiml", state="absent", mode="native"))
    assert results(absent) == [("apiml", "zowe.yaml", "removed", True)]
    assert sample.zowe_yaml.read_bytes() == original
    assert sample.scripts() == scripts


def test_native_mode_refuses_a_script_that_does_not_read_zowe_yaml(sample: Sample) -> None:
    with pytest.raises(JoptError) as error:
        fleet.apply_component(where(sample), fleet.Request("gateway", mode="native"), check=True)
    assert str(error.value).startswith(f"{sample.script('gateway')}: does not take JVM options from zowe.yaml")


def test_reports_fail_with_jopts_message_when_there_is_no_trace_log(sample: Sample) -> None:
    fleet.apply_component(where(sample), SHARECLASSES)
    with pytest.raises(LogError) as error:
        fleet.reports(where(sample), ["gateway"])
    log = sample.overrides / "start.log2GW"
    assert str(error.value) == f"{log}: no trace log: `jopt trace on gateway`, restart the component, then report"


def test_an_options_file_jopt_did_not_write_fails_the_request_unless_forced(sample: Sample) -> None:
    sample.overrides.mkdir(parents=True)
    options = sample.overrides / "java.options.GW"
    options.write_text("-Xmx3g\n")
    before = everything(sample.root)
    with pytest.raises(ConfigError, match="java.options.GW: not written by jopt; nothing written"):
        fleet.apply_component(where(sample), SHARECLASSES)
    assert everything(sample.root) == before

    forced = fleet.apply_component(where(sample), fleet.Request("gateway", profiles=("shareclasses",), force=True))
    assert ("gateway", "options file", "updated", True) in results(forced)
    (backup,) = (sample.overrides / "backups" / "options").iterdir()
    assert backup.read_text() == "-Xmx3g\n"
    again = fleet.apply_component(where(sample), SHARECLASSES)  # now jopt's own file: no force needed
    assert ("gateway", "options file", "unchanged", False) in results(again)

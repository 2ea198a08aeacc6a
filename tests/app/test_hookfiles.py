"""The jopt-owned files v2 hooks source (<overrides>/hook/v2.sh, v2-trace.sh): written by
install once for all components, checked with sh -n and dash -n before they are written,
mode 0640 or stricter, sha256 in state.json; status tells a missing one (drift) from a
changed one (damage); the last uninstall removes them."""

from __future__ import annotations

import json
import shutil
import stat

import pytest

from jopt.app import hookfiles
from jopt.app.site import Site
from jopt.errors import WriteError
from jopt.script import hooklib
from jopt.storage import state
from jopt.zowe.locations import resolve

NAMES = ("hook/v2.sh", "hook/v2-trace.sh")


def _site(sample) -> Site:
    return Site.open(resolve(sample.zowe_yaml))


def test_install_writes_both_files_once_for_all_components(sample, jopt):
    assert jopt("install", "gateway").exit_code == 0
    hook_dir = sample.overrides / "hook"
    assert sorted(p.name for p in hook_dir.iterdir()) == ["v2-trace.sh", "v2.sh"]
    recorded = json.loads((sample.overrides / "state.json").read_text())["hook_files"]
    for name in NAMES:
        data = (sample.overrides / name).read_bytes()
        assert recorded[name] == state.sha256(data)
        assert data == hooklib.render(str(sample.overrides))[name].encode("ascii")
        assert stat.S_IMODE((sample.overrides / name).stat().st_mode) == 0o640
    mtimes = {name: (sample.overrides / name).stat().st_mtime_ns for name in NAMES}
    assert jopt("install", "--all").exit_code == 0
    assert {name: (sample.overrides / name).stat().st_mtime_ns for name in NAMES} == mtimes  # not rewritten


@pytest.mark.parametrize("shell", ["sh", "dash"])
def test_the_files_pass_sh_n_and_are_ascii_posix_without_dollar_zero(shell):
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} not installed")
    import subprocess

    for name, text in hooklib.render("/global/zowe/workspace/jopt").items():
        text.encode("ascii")
        assert "$0" not in text and "${0" not in text, name
        done = subprocess.run([shell, "-n"], input=text.encode(), capture_output=True, check=False)
        assert (done.returncode, done.stderr) == (0, b""), name


def test_a_file_that_fails_sh_n_is_not_written(sample, jopt, monkeypatch):
    broken = {name: "if then\n" for name in NAMES}
    monkeypatch.setattr(hooklib, "render", lambda overrides_dir, cap=hooklib.TRACE_CAP: broken)
    script = sample.script("gateway")
    original = script.read_bytes()

    done = jopt("install", "gateway")

    assert done.exit_code == 1
    assert done.output.startswith("jopt: error: jopt's hook file would be broken: hook/v2.sh fails `sh -n` (")
    assert done.output.endswith("; nothing written\n")
    assert script.read_bytes() == original
    assert not (sample.overrides / "hook").exists()


def test_mode_is_kept_when_stricter_and_tightened_when_looser(sample, jopt):
    assert jopt("install", "gateway").exit_code == 0
    v2, trace = (sample.overrides / name for name in NAMES)
    v2.chmod(0o600)
    trace.chmod(0o666)
    v2.write_text("# changed\n")
    trace.write_text("# changed\n")

    assert jopt("install", "gateway").exit_code == 0

    assert stat.S_IMODE(v2.stat().st_mode) == 0o600
    assert stat.S_IMODE(trace.stat().st_mode) == 0o640


def test_status_reports_a_missing_file_as_drift_with_the_fix(sample, jopt):
    assert jopt("install", "gateway").exit_code == 0
    (sample.overrides / "hook" / "v2.sh").unlink()

    done = jopt("status", "gateway")

    assert done.exit_code == 3
    assert (
        f"gateway: drift: {sample.overrides}/hook/v2.sh is missing: v2-hooked components start as shipped\n"
        "  fix: jopt install gateway (rewrites jopt's hook files)"
    ) in done.output
    assert jopt("install", "gateway").exit_code == 0
    assert jopt("status", "gateway").exit_code == 0


def test_status_reports_a_changed_file_as_damage(sample, jopt):
    assert jopt("install", "gateway").exit_code == 0
    trace = sample.overrides / "hook" / "v2-trace.sh"
    trace.write_text(trace.read_text() + "echo hello\n")

    done = jopt("status", "gateway")

    assert done.exit_code == 4
    assert (
        f"gateway: damage: {trace} was changed since jopt wrote it\n  fix: jopt install gateway (rewrites jopt's hook files)"
    ) in done.output
    (shown,) = json.loads(jopt("status", "gateway", "--json").output)["components"]
    assert shown["damage"] == [
        {"what": f"{trace} was changed since jopt wrote it", "fix": "jopt install gateway (rewrites jopt's hook files)"}
    ]
    assert jopt("install", "gateway").exit_code == 0
    assert jopt("status", "gateway").exit_code == 0


def test_status_reports_a_group_writable_file_as_damage(sample, jopt):
    assert jopt("install", "gateway").exit_code == 0
    (sample.overrides / "hook" / "v2.sh").chmod(0o660)

    done = jopt("status", "gateway")

    assert done.exit_code == 4
    assert f"{sample.overrides}/hook/v2.sh is writable by group or others (mode 0660)" in done.output


def test_components_without_a_v2_hook_are_not_concerned(sample, jopt):
    assert jopt("install", "gateway").exit_code == 0
    shutil.rmtree(sample.overrides / "hook")
    done = jopt("status", "discovery")
    assert done.exit_code == 0, done.output


def test_the_last_uninstall_removes_the_files(sample, jopt):
    assert jopt("install", "gateway", "discovery").exit_code == 0
    assert jopt("uninstall", "gateway").exit_code == 0
    assert (sample.overrides / "hook" / "v2.sh").is_file()
    assert jopt("uninstall", "discovery").exit_code == 0
    assert not (sample.overrides / "hook").exists()
    assert "hook_files" not in json.loads((sample.overrides / "state.json").read_text())


def test_a_failed_script_write_puts_the_files_back(sample, monkeypatch):
    from jopt.app import hooking
    from jopt.storage import fileio

    site = _site(sample)
    real = fileio.atomic_write

    def fail_on_scripts(path, data, keep=None, mode=0o600):  # type: ignore[no-untyped-def]
        if path.name == "start.sh":
            raise WriteError("no space left on the file system", path=path)
        return real(path, data, keep, mode)

    monkeypatch.setattr(fileio, "atomic_write", fail_on_scripts)
    with pytest.raises(WriteError):
        hooking.commit(site, hooking.plan_install(site, site.select(["gateway"])))
    assert not (sample.overrides / "hook" / "v2.sh").exists()


def test_problems_need_no_template_when_state_has_the_sha(sample, jopt, monkeypatch):
    assert jopt("install", "gateway").exit_code == 0

    def no_render(*args: object, **kwargs: object) -> dict[str, str]:
        raise AssertionError("status rendered a template")

    monkeypatch.setattr(hooklib, "render", no_render)
    assert hookfiles.problems(_site(sample)) == []

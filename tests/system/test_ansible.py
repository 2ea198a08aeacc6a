"""The Ansible collection (jopt.zowe) through a real ansible-playbook over three local hosts.

Each host is its own copy of the sample runtime; the modules run with this test's Python,
which has jopt. Results come from the default callback (what a user sees: diffs, recap)
and from tests/ansible_plugins/results_file.py (every task result as JSON).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Sample, run_like_zowe, wait_for, zowe_env

from jopt.app import fleet
from jopt.app.demo import prepare
from jopt.errors import JoptError
from jopt.options import optionsfile

REPO = Path(__file__).resolve().parents[2]
PLAYBOOK = REPO / "ansible_collections" / "jopt" / "zowe" / "playbooks" / "gateway_shareclasses.yml"
HOSTS = ("lpar1", "lpar2", "lpar3")
ROLLOUT = fleet.Request("gateway", profiles=("shareclasses",), trace=True)  # what the sample playbook asks
ROLLOUT_TASK = "Hook the gateway, render shareclasses, trace the next start"
SECRET = "fleet-keystore-pass"
ABSENT_PLAYBOOK = """\
- name: Take jopt off every component
  hosts: zowe_lpars
  gather_facts: false
  tasks:
    - name: Remove the hooks and the trace switches
      jopt.zowe.jopt_component:
        component: all
        state: absent
        trace: false
        zowe_yaml: "{{ zowe_yaml }}"
"""
RESTART_TASKS = f"""\
- name: Start the gateway as Zowe does (cd, then the script text into the shell)
  ansible.builtin.shell: cd "{{{{ zowe_yaml | dirname }}}}/components/gateway" && /bin/sh < bin/start.sh
  environment:
    PATH: "{{{{ stub_bin }}}}:/usr/bin:/bin"
    JAVA_BIN_DIR: "{{{{ stub_bin }}}}/"
    STUB_ARGV_FILE: "{{{{ zowe_yaml | dirname }}}}/argv"
    ZWE_zowe_job_prefix: ZWE1
    ZWE_zowe_certificate_keystore_password: {SECRET}
- name: Wait until the start is in the trace log
  ansible.builtin.wait_for:
    path: "{{{{ zowe_yaml | dirname }}}}/workspace/jopt/start.log2GW"
    search_regex: STUB-JVM-DONE
    timeout: 30
"""


def recap(ok: int = 0, changed: int = 0, failures: int = 0, skipped: int = 0) -> dict[str, int]:
    return {"ok": ok, "changed": changed, "unreachable": 0, "failures": failures,
            "skipped": skipped, "rescued": 0, "ignored": 0}  # fmt: skip


@dataclass
class Played:
    returncode: int
    stdout: str
    recap: dict[str, dict[str, int]]
    results: list[dict[str, Any]]
    seconds: float

    def result(self, host: str, task: str) -> dict[str, Any]:
        (found,) = [r for r in self.results if r["host"] == host and r["task"] == task]
        return found


@dataclass
class Fleet:
    work: Path
    hosts: dict[str, Sample]

    def inventory(self, host_vars: dict[str, dict[str, str]] | None = None) -> Path:
        hosts = {h: {"zowe_yaml": str(s.zowe_yaml), **(host_vars or {}).get(h, {})} for h, s in self.hosts.items()}
        group_vars = {"ansible_connection": "local", "ansible_python_interpreter": sys.executable}
        path = self.work / "inventory.yml"
        path.write_text(yaml.safe_dump({"zowe_lpars": {"hosts": hosts, "vars": group_vars}}))
        return path

    def play(self, playbook: Path | str, *args: str, host_vars: dict[str, dict[str, str]] | None = None) -> Played:
        if isinstance(playbook, str):
            (self.work / "playbook.yml").write_text(playbook)
            playbook = self.work / "playbook.yml"
        results = self.work / "results.json"
        command = [
            sys.executable,
            "-m",
            "ansible",
            "playbook",
            "-f",
            "3",
            "-i",
            str(self.inventory(host_vars)),
            str(playbook),
            *args,
        ]
        start = time.monotonic()
        done = subprocess.run(
            command, env=self.env(results), cwd=self.work, capture_output=True, text=True, timeout=300
        )
        seconds = time.monotonic() - start
        assert results.is_file(), done.stdout + done.stderr
        data = json.loads(results.read_text())
        return Played(done.returncode, done.stdout, data["recap"], data["results"], seconds)

    def env(self, results: Path) -> dict[str, str]:
        (self.work / "ansible.cfg").touch()
        return {
            **os.environ,
            "ANSIBLE_CONFIG": str(self.work / "ansible.cfg"),  # no ansible.cfg of the user's
            "ANSIBLE_HOME": str(self.work / "ansible-home"),
            "ANSIBLE_COLLECTIONS_PATH": str(REPO),
            "ANSIBLE_LOCAL_TEMP": str(self.work / "ansible-local"),
            "ANSIBLE_REMOTE_TEMP": str(self.work / "ansible-remote"),
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_CALLBACK_PLUGINS": str(REPO / "tests" / "ansible_plugins"),
            "ANSIBLE_CALLBACKS_ENABLED": "results_file",
            "JOPT_TEST_RESULTS": str(results),
        }

    def snapshot(self) -> dict[str, tuple[bytes, int]]:
        """Every file and folder of every host: bytes and mtime (a folder's bytes are empty)."""
        found = {}
        for sample in self.hosts.values():
            for path in sorted(sample.root.rglob("*")):
                data = path.read_bytes() if path.is_file() else b""
                found[str(path)] = (data, path.stat().st_mtime_ns)
        return found


@pytest.fixture
def lpars(tmp_path: Path) -> Fleet:
    hosts = {}
    for host in HOSTS:
        root = tmp_path / host
        hosts[host] = Sample(root, prepare(root))
    return Fleet(tmp_path, hosts)


def under(snapshot: dict[str, tuple[bytes, int]], root: Path) -> dict[str, tuple[bytes, int]]:
    return {path: facts for path, facts in snapshot.items() if path.startswith(f"{root}/")}


def expected_options(sample: Sample) -> list[str]:
    cache = f"cacheDir={sample.overrides}/shareclasses"
    return [f"-Xshareclasses:name=zowe_gateway,{cache},cacheDirPerm=0770,groupAccess,nonfatal", "-Xscmx128m"]


def begin_marker(sample: Sample) -> str:
    return f"# >>> jopt hook v2 component=gateway tag=GW dir={sample.overrides} >>>\n"


def test_first_run_changes_every_host_a_rerun_nothing_and_absent_restores_the_bytes(lpars: Fleet) -> None:
    originals = {host: sample.scripts() for host, sample in lpars.hosts.items()}

    first = lpars.play(PLAYBOOK, "--tags", "rollout")

    assert first.returncode == 0, first.stdout
    assert first.recap == {h: recap(ok=1, changed=1) for h in HOSTS}
    for host, sample in lpars.hosts.items():
        files = first.result(host, ROLLOUT_TASK)["result"]["files"]
        assert [(f["kind"], f["path"], f["result"]) for f in files] == [
            ("start script", str(sample.script("gateway")), "installed"),
            ("hook file", str(sample.overrides / "hook/v2.sh"), "created"),
            ("hook file", str(sample.overrides / "hook/v2-trace.sh"), "created"),
            ("options file", str(sample.overrides / "java.options.GW"), "created"),
            ("trace switch", str(sample.overrides / "trace.GW"), "on"),
        ]
        assert begin_marker(sample) in sample.script("gateway").read_text()
        assert optionsfile.parse_openj9((sample.overrides / "java.options.GW").read_text()) == expected_options(sample)
    before = lpars.snapshot()

    second = lpars.play(PLAYBOOK, "--tags", "rollout")

    assert second.returncode == 0, second.stdout
    assert second.recap == {h: recap(ok=1, changed=0) for h in HOSTS}
    assert [f["result"] for f in second.result("lpar2", ROLLOUT_TASK)["result"]["files"]] == ["unchanged"] * 3
    assert lpars.snapshot() == before  # not a byte, not an mtime, no lock file touched

    absent = lpars.play(ABSENT_PLAYBOOK)

    assert absent.returncode == 0, absent.stdout
    assert absent.recap == {h: recap(ok=1, changed=1) for h in HOSTS}
    for host, sample in lpars.hosts.items():
        assert sample.scripts() == originals[host]
        files = absent.result(host, "Remove the hooks and the trace switches")["result"]["files"]
        assert [(f["component"], f["kind"], f["result"]) for f in files] == [
            ("gateway", "start script", "uninstalled"),
            ("gateway", "trace switch", "off"),
        ]


HA_PLAYBOOK = """\
- name: Render the heap profile for each host's HA instance
  hosts: zowe_lpars
  gather_facts: false
  tasks:
    - name: Hook the gateway and render heap
      jopt.zowe.jopt_component:
        component: gateway
        profiles: [heap]
        zowe_yaml: "{{ zowe_yaml }}"
        ha_instance: "{{ ha_id | default(omit) }}"
"""


def test_ha_instance_renders_the_instances_own_options_file(lpars: Fleet) -> None:
    played = lpars.play(HA_PLAYBOOK, host_vars={"lpar1": {"ha_id": "lpar1"}})

    assert played.returncode == 0, played.stdout
    for host, sample in lpars.hosts.items():
        name = "java.options.GW.lpar1" if host == "lpar1" else "java.options.GW"
        files = played.result(host, "Hook the gateway and render heap")["result"]["files"]
        assert [(f["kind"], f["path"], f["result"]) for f in files] == [
            ("start script", str(sample.script("gateway")), "installed"),
            ("hook file", str(sample.overrides / "hook/v2.sh"), "created"),
            ("hook file", str(sample.overrides / "hook/v2-trace.sh"), "created"),
            ("options file", str(sample.overrides / name), "created"),
        ]
        assert sorted(p.name for p in sample.overrides.glob("java.options.*")) == [name]


def test_check_diff_shows_each_change_and_writes_nothing(lpars: Fleet) -> None:
    before = lpars.snapshot()

    played = lpars.play(PLAYBOOK, "--check", "--diff")

    assert played.returncode == 0, played.stdout
    # rollout changes; the include (no restart tasks) and both verify tasks skip in check mode
    assert played.recap == {h: recap(ok=1, changed=1, skipped=3) for h in HOSTS}
    assert lpars.snapshot() == before
    for host, sample in lpars.hosts.items():
        script, options = sample.script("gateway"), sample.overrides / "java.options.GW"
        diff = played.result(host, ROLLOUT_TASK)["result"]["diff"]
        planned = fleet.apply_component(fleet.Where(zowe_yaml=sample.zowe_yaml), ROLLOUT, check=True).files
        hook_files = [str(sample.overrides / "hook/v2.sh"), str(sample.overrides / "hook/v2-trace.sh")]
        assert [d.get("before_header") for d in diff] == [str(script), *hook_files, str(options), None]
        assert diff[0]["before"] == script.read_text()
        assert diff[0]["after"] == planned[0].after
        assert begin_marker(sample) in diff[0]["after"]
        assert [(d["before"], d["after"]) for d in diff[1:3]] == [("", f.after) for f in planned[1:3]]
        assert diff[3]["before"] == ""
        assert optionsfile.parse_openj9(diff[3]["after"]) == expected_options(sample)
        assert diff[4] == {"before": {"path": str(sample.overrides / "trace.GW"), "state": "absent"},
                           "after": {"path": str(sample.overrides / "trace.GW"), "state": "file"}}  # fmt: skip
        assert f"--- before: {script}\n+++ after: {script}\n" in played.stdout
        assert "+" + begin_marker(sample) in played.stdout
        assert f"--- before: {options}\n+++ after: {options}\n" in played.stdout
        assert not sample.overrides.exists()
    assert played.stdout.count("+    ${JOPT_OPTIONS} \\\n") == 3  # the launch line, indented as its neighbours
    assert played.stdout.count("+-Xscmx128m\n") == 3


def test_a_damaged_script_fails_that_host_only_with_jopts_message(lpars: Fleet) -> None:
    damaged = lpars.hosts["lpar2"]
    script = damaged.script("gateway")
    text = script.read_text().replace("GATEWAY_CODE=AG\n", "GATEWAY_CODE=AG\n" + begin_marker(damaged))
    script.write_text(text)
    with pytest.raises(JoptError) as jopts:
        fleet.apply_component(fleet.Where(zowe_yaml=damaged.zowe_yaml), ROLLOUT, check=True)
    assert str(jopts.value).startswith(f"{script}: damaged hook: ")
    before = lpars.snapshot()

    played = lpars.play(PLAYBOOK, "--tags", "rollout")

    assert played.returncode == 2
    assert played.recap == {
        "lpar1": recap(ok=1, changed=1),
        "lpar2": recap(failures=1),
        "lpar3": recap(ok=1, changed=1),
    }
    failed = played.result("lpar2", ROLLOUT_TASK)
    assert (failed["status"], failed["result"]["msg"]) == ("failed", str(jopts.value))
    assert under(lpars.snapshot(), damaged.root) == under(before, damaged.root)
    for host in ("lpar1", "lpar3"):
        assert begin_marker(lpars.hosts[host]) in lpars.hosts[host].script("gateway").read_text()


def start_traced_without_options(sample: Sample, stub_java: Path) -> None:
    """An earlier traced start: hooked, trace on, no options file yet."""
    where = fleet.Where(zowe_yaml=sample.zowe_yaml)
    assert fleet.apply_component(where, fleet.Request("gateway", trace=True)).changed
    env = zowe_env(stub_java, sample.root / "argv", ZWE_zowe_certificate_keystore_password=SECRET)
    assert run_like_zowe(sample.component_dir("gateway"), env).returncode == 0
    wait_for(sample.overrides / "start.log2GW", "STUB-JVM-DONE")


def test_sample_playbook_reports_and_fails_the_host_not_restarted(lpars: Fleet, stub_java: Path) -> None:
    start_traced_without_options(lpars.hosts["lpar3"], stub_java)
    (lpars.work / "restart.yml").write_text(RESTART_TASKS)
    restart = {"jopt_restart_tasks": str(lpars.work / "restart.yml"), "stub_bin": str(stub_java)}

    played = lpars.play(PLAYBOOK, host_vars={"lpar1": restart, "lpar2": restart})

    assert played.returncode == 2, played.stdout
    restarted = recap(ok=6, changed=2)  # rollout, include, shell (changed), wait_for, report, assert
    assert played.recap == {
        "lpar1": restarted,
        "lpar2": restarted,
        "lpar3": recap(ok=2, changed=1, failures=1, skipped=1),
    }
    failed = played.result("lpar3", "Fail where the options did not take effect")
    assert failed["result"]["msg"] == (
        "gateway: the options did not take effect: hook: the hook found no options file at this start; restart the component"
    )
    for host in ("lpar1", "lpar2"):
        sample = lpars.hosts[host]
        gathered = played.result(host, "Read the gateway's latest traced start")["result"]
        report = gathered["ansible_facts"]["jopt_reports"]["gateway"]
        assert (report["tag"], report["verify"]["passed"], gathered["passed"]) == ("GW", True, True)
        assert (report["report"]["schema"], report["report"]["redacted"]) == ("jopt-report/1", True)
        assert report["report"]["run"]["options_file"] == str(sample.overrides / "java.options.GW")
        assert report["report"]["run"]["environment"]["ZWE_zowe_certificate_keystore_password"] == "***"
        assert SECRET not in json.dumps(gathered)

"""verify in each mode: the log it reads, what it says when there is none, and why an option lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from jopt.cli.app import cli

OPTIONS = "-Djava.io.tmpdir=/bigtmp\n-Dmy.own=1\n"

#: A job log as saved from SDSF: every line behind the same time and job columns.
JOBLOG = """\
J E S 2  J O B  L O G  --  S Y S T E M  S 0 W 1  --  N O D E  N 1
VM settings:
    Max. Heap Size: 1.00G
    Using VM: Eclipse OpenJ9 VM

Property settings:
    java.io.tmpdir = /tmp
    java.vm.name = Eclipse OpenJ9 VM
    my.own = 1

jar file: /zowe/components/gateway/bin/gateway-service-lite.jar
"""


def joblog_text() -> str:
    return "".join(f"09.30.21 STC04711  {line}\n" for line in JOBLOG.splitlines())


@pytest.fixture
def native(zowe35: Path) -> Path:
    overrides = zowe35 / "workspace" / "jopt"
    overrides.mkdir(parents=True)
    (overrides / "java.options.GW").write_text(OPTIONS)
    set_jvm(zowe35, {"Xoptionsfile": f"={overrides / 'java.options.GW'}"})
    return zowe35


def set_jvm(root: Path, settings: dict[str, str]) -> None:
    data = yaml.safe_load((root / "zowe.yaml").read_text())
    data["components"]["gateway"]["jvm"] = settings
    (root / "zowe.yaml").write_text(yaml.safe_dump(data))


def run(root: Path, *args: str):  # type: ignore[no-untyped-def]
    env = {"JOPT_ZOWE_YAML": str(root / "zowe.yaml"), "NO_COLOR": "1"}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_native_mode_asks_for_the_job_log_and_how_to_trace(native):
    result = run(native, "verify", "gateway")
    assert (result.exit_code, result.output) == (
        1,
        "jopt: error: native mode: the JVM prints -XshowSettings into gateway's job log, not a jopt trace log; "
        "save the job log (e.g. from SDSF) and give it: jopt verify gateway --joblog FILE (trace is off: "
        "jopt trace on gateway, then jopt install gateway --native --write-config, then restart gateway)\n",
    )


def test_native_mode_with_trace_on_never_says_switch_it_on(native):
    assert run(native, "trace", "on", "gateway").exit_code == 0
    result = run(native, "verify", "gateway")
    assert result.exit_code == 1
    assert "trace on" not in result.output
    assert result.output.endswith(
        "(trace is on, but zowe.yaml does not give components.gateway.jvm.XshowSettings yet: "
        "jopt install gateway --native --write-config)\n"
    )
    set_jvm(native, {"Xoptionsfile": f"={native / 'workspace/jopt/java.options.GW'}", "XshowSettings": ""})
    result = run(native, "verify", "gateway")
    assert result.output == (
        "jopt: error: native mode: the JVM prints -XshowSettings into gateway's job log, not a jopt trace log; "
        "save the job log (e.g. from SDSF) and give it: jopt verify gateway --joblog FILE\n"
    )


def test_native_mode_reads_the_job_log_and_says_why_an_option_lost(native, tmp_path):
    joblog = tmp_path / "ZWE1AG.joblog.txt"
    joblog.write_text(joblog_text())
    result = run(native, "verify", "gateway", "--joblog", str(joblog), "--json")
    assert result.exit_code == 6, result.output
    data = json.loads(result.output)
    checks = {c["subject"]: c for c in data["checks"]}
    assert checks["-Dmy.own=1"]["status"] == "ok"
    tmpdir = checks["-Djava.io.tmpdir=/bigtmp"]
    assert (tmpdir["status"], tmpdir["seen"]) == ("mismatch", "java.io.tmpdir = /tmp")
    assert tmpdir["note"] == (
        "predicted before the start: -Djava.io.tmpdir=/bigtmp in java.options.GW line 1 loses to "
        "-Djava.io.tmpdir=/tmp at start.sh line 77 in native mode; use the hook (jopt install gateway)"
    )
    assert data["log"] == str(joblog)


def test_hook_mode_with_trace_on_and_no_log_says_restart(zowe35):
    assert run(zowe35, "install", "gateway").exit_code == 0
    (zowe35 / "workspace" / "jopt" / "java.options.GW").write_text(OPTIONS)
    assert run(zowe35, "trace", "on", "gateway").exit_code == 0
    result = run(zowe35, "verify", "gateway")
    log = zowe35 / "workspace" / "jopt" / "start.log2GW"
    assert (result.exit_code, result.output) == (
        1,
        f"jopt: error: {log}: no trace log yet: trace is on; restart gateway (the hook writes start.log2GW at "
        "its next start), then verify\n",
    )


def test_log_and_joblog_together_are_a_usage_error(native, tmp_path):
    result = run(native, "verify", "gateway", "--log", "a", "--joblog", "b")
    assert result.exit_code == 2 and "give --log or --joblog, not both" in result.output

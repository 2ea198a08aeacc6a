"""End to end with the machine's JVM: hook, render, trace, start like Zowe, report, verify, diff."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import DASH, run_like_zowe

JAVA, JAVAC, JAR = shutil.which("java"), shutil.which("javac"), shutil.which("jar")
pytestmark = pytest.mark.skipif(not (JAVA and JAVAC and JAR and DASH), reason="needs java, javac, jar and dash")

DONE = "tiny gateway: done"
MAIN_JAVA = f"""
public class Main {{
    public static void main(String[] args) {{
        System.out.println("tiny gateway: up");
        System.err.println("{DONE}");
    }}
}}
"""
PROBE_YAML = """\
name: probe
description: One system property, to see that options take effect
jvms: [openj9, hotspot]
parameters:
  value:
    type: string
    help: Value of the jopt.probe property
"""
SECRET = "fixture-keystore-pass-e2e"


@pytest.fixture(scope="module")
def tiny_jar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("jar")
    (work / "Main.java").write_text(MAIN_JAVA)
    subprocess.run([JAVAC, "-d", str(work), str(work / "Main.java")], check=True, timeout=120)  # type: ignore[list-item]
    jar = work / "tiny.jar"
    subprocess.run([JAR, "cfe", str(jar), "Main", "-C", str(work), "Main.class"], check=True, timeout=60)  # type: ignore[list-item]
    return jar


def start_gateway(sample, runs: int) -> str:  # type: ignore[no-untyped-def]
    """Start the hooked gateway as Zowe does and wait until the log holds `runs` finished runs."""
    java_bin = Path(JAVA).parent  # type: ignore[arg-type]
    env = {
        "PATH": f"{java_bin}:/usr/bin:/bin",
        "JAVA_BIN_DIR": f"{java_bin}/",
        "HOME": os.environ.get("HOME", "/tmp"),
        "ZWE_zowe_job_prefix": "ZWE1",
        "ZWE_zowe_certificate_keystore_password": SECRET,
    }
    done = run_like_zowe(sample.component_dir("gateway"), env)
    assert done.returncode == 0, done.stderr
    log = sample.overrides / "start.log2GW"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        text = log.read_text() if log.exists() else ""
        if text.count(DONE) >= runs:
            return text
        time.sleep(0.05)
    raise AssertionError(f"{log} has not got {runs} finished runs")


def render(jopt, value: str, xmx: str) -> None:  # type: ignore[no-untyped-def]
    args = ["render", "--dialect", "hotspot", "--profile", "probe", "--set", f"value={value}",
            "--profile", "heap", "--set", "xms=64m", "--set", f"xmx={xmx}", "gateway"]  # fmt: skip
    result = jopt(*args)
    assert result.exit_code == 0, result.output


def test_options_take_effect_and_the_change_shows(sample, jopt, tiny_jar: Path) -> None:  # type: ignore[no-untyped-def]
    assert jopt("install", "gateway").exit_code == 0
    profiles = sample.overrides / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "probe.yaml").write_text(PROBE_YAML)
    (profiles / "probe.options.j2").write_text("-Djopt.probe={{ value }}\n")
    render(jopt, "one", "300m")
    assert jopt("trace", "on", "gateway").exit_code == 0
    shutil.copy(tiny_jar, sample.component_dir("gateway") / "bin" / "gateway-service.jar")

    log_text = start_gateway(sample, 1)
    assert SECRET not in log_text
    shown = jopt("report", "start.log2GW")
    assert shown.exit_code == 0, shown.output
    assert "  from the options file:\n  jopt.probe = one\n" in shown.output
    assert "Heap        min 64.00M  max 300.00M" in shown.output
    assert "(hotspot" in shown.output and SECRET not in shown.output
    verified = jopt("verify", "gateway")
    assert verified.exit_code == 0, verified.output
    assert "  ok            -Djopt.probe=one" in verified.output and "  ok            -Xmx300m" in verified.output

    render(jopt, "two", "400m")
    stale = jopt("verify", "gateway")
    assert stale.exit_code == 6 and "the options file changed after this start" in stale.output

    start_gateway(sample, 2)
    assert jopt("verify", "gateway").exit_code == 0
    diff = jopt("report", "start.log2GW", "--diff")
    assert diff.exit_code == 0, diff.output
    assert "Heap        max 300.00M -> 400.00M\n" in diff.output
    assert "  ~ jopt.probe: one -> two\n" in diff.output
    assert "Options     + -Djopt.probe=two; + -Xmx400m; - -Djopt.probe=one; - -Xmx300m\n" in diff.output


def test_openj9_options_file_on_a_hotspot_jvm_fails_verification(sample, jopt, tiny_jar: Path) -> None:  # type: ignore[no-untyped-def]
    version = subprocess.run([JAVA, "-version"], capture_output=True, text=True, timeout=60).stderr  # type: ignore[list-item]
    if "J9" in version:
        pytest.skip("the machine's JVM is OpenJ9: it reads OpenJ9 options files")
    assert jopt("install", "gateway").exit_code == 0
    assert jopt("render", "--profile", "heap", "gateway").exit_code == 0  # OpenJ9 dialect: java.options.GW
    assert jopt("trace", "on", "gateway").exit_code == 0
    shutil.copy(tiny_jar, sample.component_dir("gateway") / "bin" / "gateway-service.jar")
    java_bin = Path(JAVA).parent  # type: ignore[arg-type]
    env = {"PATH": f"{java_bin}:/usr/bin:/bin", "JAVA_BIN_DIR": f"{java_bin}/", "HOME": os.environ.get("HOME", "/tmp")}
    run_like_zowe(sample.component_dir("gateway"), env)
    log = sample.overrides / "start.log2GW"
    deadline = time.monotonic() + 20
    while "Could not create the Java Virtual Machine" not in (log.read_text() if log.exists() else ""):
        assert time.monotonic() < deadline, "the JVM's refusal never reached the log"
        time.sleep(0.05)
    result = jopt("verify", "gateway")
    assert result.exit_code == 6
    assert "  mismatch      JVM start" in result.output and "Unrecognized option: -Xoptionsfile=" in result.output
    assert "only OpenJ9 reads -Xoptionsfile: for this JVM render with --dialect hotspot" in result.output
    assert not [line for line in result.output.splitlines() if "-Xmx" in line]  # no JVM: no options compared
    shown = jopt("report", "start.log2GW")
    assert shown.exit_code == 1
    assert "no -XshowSettings output; the JVM did not start (Unrecognized option: -Xoptionsfile=" in shown.output

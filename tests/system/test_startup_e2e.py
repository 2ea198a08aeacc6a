"""End to end: the hooked gateway started twice as Zowe starts it (dash, the real hook, trace on),
with a stand-in OpenJ9 that prints -XshowSettings and Zowe's ZWEAM000I; then `jopt startup` names
the change between the two options files and `jopt report` shows each run's start-up time."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import DASH, STUB_JAVA, run_like_zowe, zowe_env

pytestmark = pytest.mark.skipif(not DASH, reason="needs dash")

#: The stand-in JVM of conftest, which also logs Zowe's ready message to stdout as logback does.
READY = (
    'printf "%s <ZWE1AG:main:%s> ZWESVUSR INFO  ((o.z.a.p.s.ServiceStartupEventHandler)) ZWEAM000I Gateway '
    'Service started in %s seconds\\n" "$(date -u \'+%Y-%m-%d %H:%M:%S\').250" "$$" "$STUB_SECONDS"\n'
)


@pytest.fixture
def zowe_java(tmp_path: Path) -> Path:
    folder = tmp_path / "openj9"
    folder.mkdir()
    java = folder / "java"
    java.write_text(STUB_JAVA.replace('echo "STUB-JVM-DONE" >&2', READY + 'echo "STUB-JVM-DONE" >&2'))
    java.chmod(0o755)
    return folder


def until(path: Path, needle: str, count: int, timeout: float = 10.0) -> None:
    """The hook's log filters write in the background: wait until `needle` is in `path` `count` times."""
    deadline = time.monotonic() + timeout
    while not (path.exists() and path.read_text(errors="replace").count(needle) >= count):
        assert time.monotonic() < deadline, f"{path} did not get {needle!r} {count} times within {timeout}s"
        time.sleep(0.02)


def start(sample, java: Path, tmp_path: Path, seconds: str, runs: int) -> None:  # type: ignore[no-untyped-def]
    env = zowe_env(java, tmp_path / "argv", ZWE_zowe_runtimeDirectory=str(sample.root), STUB_SECONDS=seconds)
    done = run_like_zowe(sample.component_dir("gateway"), env)
    assert done.returncode == 0, done.stderr
    until(sample.overrides / "start.log1GW", "ZWEAM000I", runs)
    until(sample.overrides / "start.log2GW", "STUB-JVM-DONE", runs)


def test_two_traced_starts_name_what_changed_and_report_shows_the_time(sample, jopt, zowe_java, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert jopt("install", "gateway").exit_code == 0
    assert jopt("render", "--profile", "heap", "gateway").exit_code == 0
    assert jopt("trace", "on", "gateway").exit_code == 0
    start(sample, zowe_java, tmp_path, "61.402", 1)
    assert jopt("render", "--profile", "shareclasses", "--profile", "heap", "gateway").exit_code == 0
    start(sample, zowe_java, tmp_path, "41.027", 2)

    listed = jopt("startup", "gateway")
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert lines[0] == "COMPONENT  STARTED              READY IN  JOB     OPTIONS"
    assert " 61.4 s  ZWE1AG  java.options.GW " in lines[1] and lines[1].endswith(" (heap)")
    assert " 41.0 s  ZWE1AG  java.options.GW " in lines[2] and lines[2].endswith(" (shareclasses, heap)")
    assert lines[-1] == "gateway: 61.4 s -> 41.0 s (-33%) since java.options.GW changed (shareclasses added)"

    latest = jopt("report", "start.log2GW")
    assert latest.exit_code == 0, latest.output
    (line,) = [x for x in latest.output.splitlines() if x.startswith("  start-up")]
    assert line.startswith("  start-up  ready in 41.0 s (Gateway Service, ready at ")
    first = jopt("report", "start.log2GW", "--run", "1", "--json")
    assert first.exit_code == 0, first.output
    startup = json.loads(first.output)["run"]["startup"]
    assert (startup["component"], startup["seconds"], startup["options"]) == ("gateway", 61.402, None)

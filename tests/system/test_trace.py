"""Trace never harms a start (hook v2, <overrides>/hook/v2-trace.sh), proven under dash.

The hooked gateway of the sample runtime is started as Zowe starts it, with a stub JVM
that prints a settings dump on stderr and a Zowe start message on stdout, then keeps
running; the keystore password is in the environment (`ZWE_zowe_certificate_keystore_password`)
and on the java command line. With trace on:
- the message is in the job log (the start's stdout) within a second, while the JVM runs;
- the dump is in the trace log; the password is in no job log, trace log or file of the
  overrides directory;
- with an awk that fails first on PATH nothing changes (the relay is the shell itself);
- with a mkfifo that fails (the relays cannot start), one line says tracing is off, the JVM
  still gets the options file and its output still reaches the job log;
- a relay killed while the JVM runs kills neither the JVM nor the script;
- the logs are capped per start and rotated at the next start.
"""

from __future__ import annotations

import os
import re
import select
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest
from conftest import DASH, argv_runs, wait_for, zowe_env

from jopt.script import hooklib

pytestmark = pytest.mark.skipif(DASH is None, reason="dash is not installed (.ci/run installs it)")

SECRET = "Tr4ce pw"
MESSAGE = "ZWEAM000I APIML gateway started in 3.1 seconds"


class Start:
    """One start of the hooked gateway, as Zowe runs it (`cd` + the text piped into dash)."""

    def __init__(self, sample, stub_java: Path, tmp_path: Path, path_first: Path | None = None, **extra: str):
        self.argv_file = tmp_path / f"argv.{time.monotonic_ns()}"
        self.done_file = tmp_path / f"done.{time.monotonic_ns()}"
        wanted = {
            "ZWE_zowe_runtimeDirectory": str(sample.root),
            "ZWE_zowe_certificate_keystore_password": SECRET,
            "STUB_MESSAGE": MESSAGE,
            "STUB_DONE_FILE": str(self.done_file),
            **extra,
        }
        env = zowe_env(stub_java, self.argv_file, **wanted)
        if path_first is not None:
            env["PATH"] = f"{path_first}:{env['PATH']}"
        component = sample.component_dir("gateway")
        text = f"cd {component}\n" + (component / "bin" / "start.sh").read_text()
        self.process = subprocess.Popen(
            [DASH], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=component
        )
        assert self.process.stdin is not None
        self.process.stdin.write(text.encode())
        self.process.stdin.close()
        self.process.stdin = None  # all of the script is in: communicate() must not touch it
        self.out = b""

    def read_until(self, needle: str, timeout: float) -> bool:
        """Read the job log's stdout until it holds `needle` or `timeout` seconds pass."""
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        while needle.encode() not in self.out and time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], max(0.0, deadline - time.monotonic()))
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 65536)
                if not chunk:
                    break
                self.out += chunk
        return needle.encode() in self.out

    def finish(self, timeout: float = 30) -> tuple[int, bytes, bytes]:
        out, err = self.process.communicate(timeout=timeout)
        return self.process.returncode, self.out + out, err

    def jvm_started(self, timeout: float = 10) -> list[str]:
        (argv,) = argv_runs(self.argv_file) if _wait_file(self.argv_file, timeout) else [[]]
        return argv


def _wait_file(path: Path, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return path.exists()


@pytest.fixture
def traced(sample, jopt):
    """The gateway hooked, with an options file and trace on."""
    assert jopt("install", "gateway").exit_code == 0
    options = sample.overrides / "java.options.GW"
    options.write_text("-Xmx1g\n")
    assert jopt("trace", "on", "gateway").exit_code == 0
    return sample


def _no_secret_anywhere(overrides: Path, *texts: bytes) -> None:
    for text in texts:
        assert SECRET.encode() not in text
    for path in overrides.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_message_reaches_the_job_log_within_a_second_while_the_jvm_runs(traced, stub_java, tmp_path):
    start = Start(traced, stub_java, tmp_path, STUB_SLEEP="5")
    argv = start.jvm_started()
    assert argv[-4:-2] == [f"-Xoptionsfile={traced.overrides}/java.options.GW", "-XshowSettings"]
    assert f"-Dserver.ssl.keyStorePassword={SECRET}" in argv  # the JVM gets the real value

    assert start.read_until(MESSAGE, timeout=1.0), start.out
    assert not start.done_file.exists()  # the JVM still runs

    code, out, err = start.finish()
    assert code == 0
    assert MESSAGE in out.decode().splitlines()
    job_err = err.decode().splitlines()
    assert job_err[-1] == "STUB-JVM-DONE"
    assert "    server.ssl.keyStorePassword = ***" in job_err  # the job log's dump is masked
    log2 = wait_for(traced.overrides / "start.log2GW", "STUB-JVM-DONE").splitlines()
    assert {"VM settings:", "Property settings:", "    server.ssl.keyStorePassword = ***"} <= set(log2)
    assert "#jopt-env ZWE_zowe_certificate_keystore_password=***" in log2
    assert MESSAGE in wait_for(traced.overrides / "start.log1GW", MESSAGE).splitlines()
    for log in ("start.log1GW", "start.log2GW"):
        assert stat.S_IMODE((traced.overrides / log).stat().st_mode) == 0o600
    _no_secret_anywhere(traced.overrides, out, err)


def _failing(tmp_path: Path, name: str, body: str) -> Path:
    folder = tmp_path / f"failing-{name}"
    folder.mkdir()
    tool = folder / name
    tool.write_text(f"#!/bin/sh\n{body}\n")
    tool.chmod(0o755)
    return folder


@pytest.mark.parametrize("awk", ["exit 1", "kill -PIPE $$", "cat >/dev/null; exit 2"])
def test_failing_awk_first_on_path_changes_nothing(awk, traced, stub_java, tmp_path):
    start = Start(traced, stub_java, tmp_path, path_first=_failing(tmp_path, "awk", awk))

    code, out, err = start.finish()

    assert code == 0, err
    argv = start.jvm_started()
    assert argv[-4:-2] == [f"-Xoptionsfile={traced.overrides}/java.options.GW", "-XshowSettings"]
    assert MESSAGE in out.decode().splitlines()
    assert "STUB-JVM-DONE" in wait_for(traced.overrides / "start.log2GW", "STUB-JVM-DONE")
    _no_secret_anywhere(traced.overrides, out, err)


def test_relays_that_cannot_start_leave_the_start_untraced_with_one_line(traced, stub_java, tmp_path, sample, jopt):
    base = Start(traced, stub_java, tmp_path)
    (traced.overrides / "trace.GW").unlink()
    base_code, base_out, base_err = base.finish()
    assert jopt("trace", "on", "gateway").exit_code == 0
    start = Start(traced, stub_java, tmp_path, path_first=_failing(tmp_path, "mkfifo", "exit 1"))

    code, out, err = start.finish()

    assert code == base_code == 0
    assert start.jvm_started()[-3] == f"-Xoptionsfile={traced.overrides}/java.options.GW"
    assert "-XshowSettings" not in start.jvm_started()  # its dump would reach the job log unmasked
    assert _pids(out) == _pids(base_out) and MESSAGE in out.decode()
    assert err.decode().splitlines() == [
        f"jopt: trace.GW is set, but its logs or FIFOs cannot be made in {traced.overrides}; "
        "tracing is off for this start",
        *base_err.decode().splitlines(),
    ]


def _pids(data: bytes) -> bytes:
    return re.sub(rb"pid=\d+", b"pid=<pid>", data)
    assert not list(traced.overrides.glob(".trace.*"))


def _relays(overrides: Path) -> list[int]:
    """Processes reading one of the trace FIFOs (the relays)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stdin = os.readlink(entry / "fd" / "0")
        except OSError:
            continue
        if stdin.startswith(f"{overrides}/.trace.GW."):
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to find the relays")
def test_a_relay_killed_while_the_jvm_runs_kills_neither_the_jvm_nor_the_script(traced, stub_java, tmp_path):
    start = Start(traced, stub_java, tmp_path, STUB_SLEEP="2")
    assert start.read_until(MESSAGE, timeout=10)
    relays = _relays(traced.overrides)
    assert len(relays) == 2, relays
    for pid in relays:
        os.kill(pid, signal.SIGKILL)

    code, _, _ = start.finish()

    assert code == 0  # the script waited for the JVM and ended normally
    assert _wait_file(start.done_file, 10)  # the JVM ran to its end


def test_logs_are_capped_per_start_and_rotated_at_the_next(traced, stub_java, tmp_path):
    cap = 400
    trace = traced.overrides / "hook" / "v2-trace.sh"
    trace.write_text(hooklib.render(str(traced.overrides), cap=cap)["hook/v2-trace.sh"])
    long_message = "x" * 150

    code, out, _ = Start(traced, stub_java, tmp_path, STUB_MESSAGE=long_message).finish()

    assert code == 0 and long_message in out.decode()
    log2 = traced.overrides / "start.log2GW"
    text = wait_for(log2, "#jopt-trace log cap")
    assert f"#jopt-trace log cap of {cap} bytes reached: the rest of this start is only in the job log" in text
    assert "STUB-JVM-DONE" not in text  # past the cap: only in the job log
    first_size = log2.stat().st_size

    Start(traced, stub_java, tmp_path).finish()

    wait_for(log2, "#jopt-run")
    assert (traced.overrides / "start.log2GW.1").stat().st_size == first_size
    assert log2.read_text().startswith("#jopt-run ")

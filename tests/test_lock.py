import os
import signal
import subprocess
import sys
import time

import pytest

from jopt import lock
from jopt.errors import ExitCode, LockError

HOLDER = """
import sys, time
from pathlib import Path
from jopt import lock
with lock.hold(Path(sys.argv[1]), "install --all"):
    print("held", flush=True)
    time.sleep(60)
"""


@pytest.fixture
def holder(tmp_path):
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "held\n"
    yield process
    process.kill()
    process.wait()


def test_second_writer_waits_then_fails_naming_the_holder(tmp_path, holder):
    started = time.monotonic()
    with pytest.raises(LockError) as error:
        with lock.hold(tmp_path, "uninstall", timeout=0.3):
            pass
    assert time.monotonic() - started >= 0.3
    assert str(error.value) == (
        f"{tmp_path / '.lock'}: another jopt is writing here (pid {holder.pid}: jopt install --all); waited 0.3s"
    )
    assert error.value.exit_code is ExitCode.LOCKED


def test_lock_of_a_killed_process_is_taken_over(tmp_path, holder):
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with lock.hold(tmp_path, "install", timeout=1):
        assert (tmp_path / ".lock").read_text() == f"pid {os.getpid()}: jopt install\n"


def test_lock_file_is_private(tmp_path):
    with lock.hold(tmp_path / "new", "install"):
        pass
    assert (tmp_path / "new" / ".lock").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700


def test_cli_install_while_locked_exits_5_and_changes_nothing(jopt, sample):
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(sample.overrides)], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "held\n"
        before = sample.scripts()
        result = jopt("install", "gateway", "--wait", "0.2")
        assert result.exit_code == 5
        assert result.output == (
            f"jopt: error: {sample.overrides / '.lock'}: another jopt is writing here "
            f"(pid {process.pid}: jopt install --all); waited 0.2s\n"
        )
        assert sample.scripts() == before
    finally:
        process.kill()
        process.wait()

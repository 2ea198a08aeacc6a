import os
import signal
import subprocess
import sys
import time

import pytest

from jopt.errors import ExitCode, LockError, WriteError
from jopt.storage import lock

HOLDER = """
import sys, time
from pathlib import Path
from jopt.storage import lock
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
    with pytest.raises(LockError) as error, lock.hold(tmp_path, "uninstall", timeout=0.3):
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


# --- the holder's name: cleared when it finishes, left when it is killed ------------------------

KILLED_HOLDER = """
import os, signal, sys
from pathlib import Path
from jopt.storage import lock
with lock.hold(Path(sys.argv[1]), "uninstall --all"):
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_the_holder_line_is_cleared_when_the_writer_finishes(tmp_path):
    with lock.hold(tmp_path, "install") as left:
        assert left is None
        assert (tmp_path / ".lock").read_text() == f"pid {os.getpid()}: jopt install\n"
    assert (tmp_path / ".lock").read_bytes() == b""
    with pytest.raises(ValueError), lock.hold(tmp_path, "install"):
        raise ValueError("refused; rolled back")
    assert (tmp_path / ".lock").read_bytes() == b""
    assert lock.peek(tmp_path) is None


def test_a_killed_writer_is_named_to_the_next_one_and_by_peek(tmp_path):
    done = subprocess.run([sys.executable, "-c", KILLED_HOLDER, str(tmp_path)])
    assert done.returncode == -signal.SIGKILL
    line = (tmp_path / ".lock").read_text().strip()
    assert line.startswith("pid ") and line.endswith(": jopt uninstall --all")
    assert lock.peek(tmp_path) == lock.Holder(line, busy=False)
    with lock.hold(tmp_path, "install") as left:
        assert left == line
    assert lock.peek(tmp_path) is None


def test_an_interrupt_leaves_the_name_too(tmp_path):
    with pytest.raises(KeyboardInterrupt), lock.hold(tmp_path, "install"):
        raise KeyboardInterrupt
    assert lock.peek(tmp_path) == lock.Holder(f"pid {os.getpid()}: jopt install", busy=False)


def test_peek_sees_a_writer_at_work(tmp_path, holder):
    assert lock.peek(tmp_path) == lock.Holder(f"pid {holder.pid}: jopt install --all", busy=True)
    assert lock.peek(tmp_path / "nowhere") is None


def test_the_directory_gets_exactly_the_mode_asked_for(tmp_path):
    old = os.umask(0o077)
    try:
        lock.make_dir(tmp_path / "a" / "jopt", 0o750)
    finally:
        os.umask(old)
    assert (tmp_path / "a" / "jopt").stat().st_mode & 0o777 == 0o750
    lock.make_dir(tmp_path / "a" / "jopt", 0o700)  # an existing directory keeps its mode
    assert (tmp_path / "a" / "jopt").stat().st_mode & 0o777 == 0o750


def test_a_directory_that_cannot_be_made_is_a_one_line_error(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(WriteError) as failed:
        lock.make_dir(tmp_path / "file" / "jopt")
    assert str(failed.value) == f"{tmp_path / 'file' / 'jopt'}: cannot create the overrides directory: Not a directory"


@pytest.mark.parametrize(
    "args",
    [
        ("render", "--profile", "heap", "gateway"),
        ("trace", "on", "gateway"),
        ("restore", "gateway"),
        ("uninstall", "--all"),
    ],
)
def test_every_writing_command_takes_the_lock(jopt, sample, args):
    assert jopt("install", "gateway").exit_code == 0
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(sample.overrides)], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "held\n"
        before = {p: p.read_bytes() for p in sample.overrides.rglob("*") if p.is_file()}
        result = jopt(*args, "--wait", "0.2")
        assert result.exit_code == 5
        assert result.output.endswith(
            f"jopt: error: {sample.overrides / '.lock'}: another jopt is writing here "
            f"(pid {process.pid}: jopt install --all); waited 0.2s\n"
        )
        assert {p: p.read_bytes() for p in sample.overrides.rglob("*") if p.is_file()} == before
    finally:
        process.kill()
        process.wait()


def test_lock_wait_comes_from_the_environment_too(jopt, sample):
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(sample.overrides)], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "held\n"
        result = jopt("trace", "on", "gateway", env={"JOPT_LOCK_WAIT": "0.1"})
        assert (result.exit_code, result.output.rsplit("; ", 1)[-1]) == (5, "waited 0.1s\n")
    finally:
        process.kill()
        process.wait()

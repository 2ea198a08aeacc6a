"""atomic_write (mode, owner, no temp files, failures) and the `sh -n` check."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from jopt.errors import ScriptError, WriteError
from jopt.storage import fileio
from jopt.storage.fileio import TEMP_PREFIX, atomic_write, facts, read_bytes, sh_syntax_error

DASH = shutil.which("dash")


def _temps(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{TEMP_PREFIX}*.tmp"))


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "start.sh"
    path.write_bytes(b"#!/bin/sh\necho old\n")
    path.chmod(0o754)
    return path


def test_atomic_write_replaces_content_and_keeps_mode(script):
    keep = facts(script)

    atomic_write(script, b"#!/bin/sh\necho new\n", keep)

    assert script.read_bytes() == b"#!/bin/sh\necho new\n"
    assert stat.S_IMODE(script.stat().st_mode) == 0o754
    assert _temps(script.parent) == []


@pytest.mark.parametrize("mode", [0o700, 0o644, 0o4755, 0o2750], ids=oct)
def test_atomic_write_keeps_special_mode_bits(script, mode):
    script.chmod(mode)
    keep = facts(script)
    assert keep.mode == mode

    atomic_write(script, b"new\n", keep)

    assert stat.S_IMODE(script.stat().st_mode) == mode


def test_atomic_write_new_file_gets_the_given_mode(tmp_path):
    target = tmp_path / "state.json"

    atomic_write(target, b"{}\n", mode=0o600)

    assert target.read_bytes() == b"{}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _temps(tmp_path) == []


def test_facts_off_zos_have_no_tag(script):
    found = facts(script)
    info = script.stat()
    assert found == fileio.FileFacts(0o754, info.st_uid, info.st_gid, None)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_atomic_write_keeps_another_owner(script):
    os.chown(script, 4321, 8765)
    keep = facts(script)

    atomic_write(script, b"new\n", keep)

    info = script.stat()
    assert (info.st_uid, info.st_gid) == (4321, 8765)
    assert stat.S_IMODE(info.st_mode) == 0o754


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
@pytest.mark.parametrize("mode", [0o4755, 0o2750], ids=["setuid", "setgid"])
def test_atomic_write_keeps_set_id_bits_of_another_owner(script, mode):
    os.chown(script, 4321, 8765)
    script.chmod(mode)

    atomic_write(script, b"new\n", facts(script))

    assert stat.S_IMODE(script.stat().st_mode) == mode


def test_atomic_write_without_the_right_to_chown_still_writes(script, monkeypatch):
    info = script.stat()
    keep = fileio.FileFacts(0o640, info.st_uid + 1, info.st_gid, None)
    tried = []

    def refuse(fd: int, uid: int, gid: int) -> None:
        tried.append((uid, gid))
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", refuse)

    atomic_write(script, b"new\n", keep)

    assert tried == [(info.st_uid + 1, info.st_gid)]
    assert script.read_bytes() == b"new\n"
    assert stat.S_IMODE(script.stat().st_mode) == 0o640
    assert _temps(script.parent) == []


def test_atomic_write_same_owner_does_not_chown(script, monkeypatch):
    monkeypatch.setattr(os, "fchown", lambda *args: pytest.fail(f"fchown{args}"))
    atomic_write(script, b"new\n", facts(script))
    assert script.read_bytes() == b"new\n"


def test_failed_rename_reports_no_space_and_leaves_target(script, monkeypatch):
    keep = facts(script)

    def full(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)

    with pytest.raises(WriteError) as failed:
        atomic_write(script, b"#!/bin/sh\necho new\n", keep)

    assert str(failed.value) == f"{script}: no space left on the file system"
    assert script.read_bytes() == b"#!/bin/sh\necho old\n"
    assert stat.S_IMODE(script.stat().st_mode) == 0o754
    assert _temps(script.parent) == []
    assert sorted(p.name for p in script.parent.iterdir()) == ["start.sh"]


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (errno.EROFS, "read-only file system"),
        (errno.EACCES, "permission denied"),
        (errno.EPERM, "permission denied"),
        (errno.EIO, "Input/output error"),
    ],
)
def test_failed_write_messages(script, monkeypatch, number, message):
    def broken(fd: int) -> None:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(os, "fsync", broken)

    with pytest.raises(WriteError) as failed:
        atomic_write(script, b"new\n", facts(script))

    assert str(failed.value) == f"{script}: {message}"
    assert script.read_bytes() == b"#!/bin/sh\necho old\n"
    assert _temps(script.parent) == []


def test_interrupted_write_leaves_no_temp_file(script, monkeypatch):
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)

    with pytest.raises(KeyboardInterrupt):
        atomic_write(script, b"new\n", facts(script))

    assert script.read_bytes() == b"#!/bin/sh\necho old\n"
    assert _temps(script.parent) == []


def test_temp_file_cannot_be_created(tmp_path):
    missing = tmp_path / "no-such-dir" / "start.sh"
    with pytest.raises(WriteError) as failed:
        atomic_write(missing, b"new\n")
    assert str(failed.value) == f"{missing}: no such file"


def test_temp_file_is_made_in_the_target_folder(script, monkeypatch):
    seen = []
    real_replace = os.replace

    def spy(src: str, dst: object) -> None:
        seen.append((Path(src), Path(src).read_bytes()))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)

    atomic_write(script, b"new\n", facts(script))

    ((temp, data),) = seen
    assert temp.parent == script.parent
    assert temp.name.startswith(TEMP_PREFIX) and temp.name.endswith(".tmp")
    assert data == b"new\n"
    assert not temp.exists()


def test_read_bytes_names_the_file(tmp_path):
    with pytest.raises(ScriptError) as failed:
        read_bytes(tmp_path / "gone.sh")
    assert str(failed.value) == f"{tmp_path / 'gone.sh'}: no such file"


def test_read_bytes_of_a_directory(tmp_path):
    with pytest.raises(ScriptError) as failed:
        read_bytes(tmp_path)
    assert str(failed.value) == f"{tmp_path}: is a directory, expected a file"


# --- sh -n ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "echo hi\n", "if true; then\n  echo a \\\n    b &\nfi\nwait\n"])
def test_sh_syntax_error_none_for_good_text(text):
    assert sh_syntax_error(text) is None


def test_sh_syntax_error_reports_a_message():
    message = sh_syntax_error("if then fi\n")
    assert message is not None and "then" in message


@pytest.mark.skipif(DASH is None, reason="dash is not installed (.ci/run installs it)")
def test_sh_syntax_error_gives_the_shell_complaint_under_dash():
    assert sh_syntax_error("if then fi\n", shell=DASH) == f'{DASH}: 1: Syntax error: "then" unexpected'
    assert (
        sh_syntax_error("echo ok\nif true; then\n", shell=DASH)
        == f'{DASH}: 3: Syntax error: end of file unexpected (expecting "fi")'
    )


def test_sh_syntax_error_without_stderr(tmp_path):
    quiet = tmp_path / "quiet-sh"
    quiet.write_text("#!/bin/sh\ncat >/dev/null\nexit 2\n")
    quiet.chmod(0o755)
    assert sh_syntax_error("anything\n", shell=str(quiet)) == f"{quiet} -n exited 2"


def test_sh_syntax_error_takes_the_last_line(tmp_path):
    noisy = tmp_path / "noisy-sh"
    noisy.write_text("#!/bin/sh\ncat >/dev/null\necho warning >&2\necho 'line 3: bad' >&2\nexit 2\n")
    noisy.chmod(0o755)
    assert sh_syntax_error("anything\n", shell=str(noisy)) == "line 3: bad"


def test_sh_syntax_error_with_blank_stderr(tmp_path):
    blank = tmp_path / "blank-sh"
    blank.write_text("#!/bin/sh\ncat >/dev/null\necho >&2\nexit 2\n")
    blank.chmod(0o755)
    assert sh_syntax_error("anything\n", shell=str(blank)) == f"{blank} -n exited 2"


def _open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(DASH is None, reason="dash is not installed (.ci/run installs it)")
def test_sh_syntax_error_of_a_text_larger_than_a_pipe_holds():
    big = "echo ok\n" * 100_000  # 800 kB: many times what a pipe holds
    assert sh_syntax_error(big, shell=DASH) is None
    assert sh_syntax_error("if then fi\n" + big, shell=DASH) == f'{DASH}: 1: Syntax error: "then" unexpected'
    assert sh_syntax_error(big + "if then fi\n", shell=DASH) == f'{DASH}: 100001: Syntax error: "then" unexpected'


def test_sh_syntax_error_cannot_stall_on_full_pipes(tmp_path):
    """A shell that fills stderr before it reads stdin, with more input than a pipe holds."""
    loud = tmp_path / "loud-sh"
    loud.write_text(
        "#!/bin/sh\nhead -c 300000 /dev/zero | tr '\\0' x >&2\necho >&2\necho 'the end' >&2\ncat >/dev/null\nexit 2\n"
    )
    loud.chmod(0o755)
    fds = _open_fds()
    found: list[str | None] = []
    check = threading.Thread(target=lambda: found.append(sh_syntax_error("x" * 300_000, shell=str(loud))), daemon=True)
    check.start()
    check.join(30)
    assert not check.is_alive(), "sh_syntax_error stalled"
    assert found == ["the end"]
    assert _open_fds() == fds


def test_sh_syntax_error_of_a_missing_shell_leaves_no_descriptor_open(tmp_path):
    fds = _open_fds()
    with pytest.raises(FileNotFoundError):
        sh_syntax_error("echo\n", shell=str(tmp_path / "no-such-sh"))
    assert _open_fds() == fds


def _children_named(name: str) -> list[str]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = (Path("/proc") / entry / "stat").read_text()
            except OSError:
                continue
            comm, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
            if comm == name and int(rest[1]) == os.getpid():
                found.append(entry)
    return found


def test_ctrl_c_during_sh_n_leaves_no_descriptor_and_no_child(tmp_path):
    slow = tmp_path / "slow-sh"
    # sleeps far longer than the interrupt takes to come, even on a loaded machine: Ctrl-C kills it
    slow.write_text("#!/bin/sh\nsleep 10\ncat >/dev/null\nexit 0\n")
    slow.chmod(0o755)
    fds = _open_fds()
    interrupt = threading.Timer(0.3, signal.pthread_kill, (threading.main_thread().ident, signal.SIGINT))
    interrupt.start()
    with pytest.raises(KeyboardInterrupt):
        sh_syntax_error("x\n" * 100_000, shell=str(slow))  # more than a pipe holds: the write waits
    interrupt.join()
    assert _open_fds() == fds
    assert _children_named("slow-sh") == []  # reaped, not a zombie


# --- temp files left by a killed writer ---------------------------------------------------------


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_temp_file_names_carry_the_writers_pid(script, monkeypatch):
    seen = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: (seen.append(Path(src).name), real_replace(src, dst)))
    atomic_write(script, b"new\n", facts(script))
    (name,) = seen
    assert name.startswith(f"{TEMP_PREFIX}{os.getpid()}-") and name.endswith(".tmp")


def test_only_temp_files_of_writers_that_are_gone_are_stale(tmp_path):
    dead, alive = _dead_pid(), os.getppid()
    for name in (
        f".jopt-{dead}-abc.tmp",
        f".jopt-{alive}-def.tmp",
        f".jopt-{os.getpid()}-ghi.tmp",
        ".jopt-old.tmp",
        f".jopt-{dead}-abc.txt",
        "start.sh",
    ):
        (tmp_path / name).write_text("x")
    assert fileio.stale_temp_files(tmp_path) == [tmp_path / f".jopt-{dead}-abc.tmp"]
    assert fileio.sweep_temp_files(tmp_path) == [tmp_path / f".jopt-{dead}-abc.tmp"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f".jopt-{alive}-def.tmp", f".jopt-{os.getpid()}-ghi.tmp", ".jopt-old.tmp", f".jopt-{dead}-abc.txt", "start.sh"]
    )
    assert fileio.stale_temp_files(tmp_path / "missing") == []


def test_temp_file_of_a_sigkilled_writer_is_swept(script):
    code = (
        "import os, signal, sys\nfrom pathlib import Path\nfrom jopt.storage import fileio\n"
        "os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        "fileio.atomic_write(Path(sys.argv[1]), b'new\\n')\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(script)])
    assert done.returncode == -9
    (left,) = _temps(script.parent)
    assert left.read_bytes() == b"new\n" and script.read_bytes() == b"#!/bin/sh\necho old\n"
    assert fileio.sweep_temp_files(script.parent) == [left]
    assert _temps(script.parent) == []


def test_the_written_path_is_a_links_target_else_the_path_as_given(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "start.sh").write_text("echo\n")
    (tmp_path / "via").symlink_to(real)
    (real / "link.sh").symlink_to(real / "start.sh")
    assert fileio.written_path(tmp_path / "via" / "start.sh") == tmp_path / "via" / "start.sh"  # one lstat, no resolve
    assert fileio.written_path(tmp_path / "via" / "link.sh") == (real / "start.sh").resolve()
    assert fileio.written_path(tmp_path / "missing.sh") == tmp_path / "missing.sh"
    (real / "relative.sh").symlink_to("link.sh")  # a relative target, and a chain of two links
    assert fileio.written_path(tmp_path / "via" / "relative.sh") == (real / "start.sh").resolve()
    (real / "broken.sh").symlink_to("nowhere.sh")  # resolved as far as it goes: the target a write would create
    assert fileio.written_path(real / "broken.sh") == (real / "nowhere.sh").resolve()

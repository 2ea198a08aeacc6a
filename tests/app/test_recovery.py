"""After a killed jopt: `jopt status` says what it left, the next writer clears it.

The kill is real: `jopt install --all` runs in a process of its own that SIGKILLs itself
when it is about to put its second start script in place (benchmarks/stress_kill.py does
the same at random moments, 200 times).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from jopt.app import recovery
from jopt.app.site import Site
from jopt.zowe.locations import resolve

DIE_ON_SECOND_SCRIPT = """
import os, signal, sys, threading
real, lock, seen = os.replace, threading.Lock(), []
def replace(src, dst):
    if not str(dst).endswith("start.sh"):
        return real(src, dst)
    with lock:  # writers run in threads: the first script is in place before the kill
        if seen:
            os.kill(os.getpid(), signal.SIGKILL)
        seen.append(dst)
        return real(src, dst)
os.replace = replace
from jopt.cli import main
sys.argv = ["jopt", *sys.argv[1:]]
main()
"""


@pytest.fixture
def killed_install(sample):
    before = sample.scripts()
    env = {**os.environ, "JOPT_ZOWE_YAML": str(sample.zowe_yaml)}
    process = subprocess.Popen([sys.executable, "-c", DIE_ON_SECOND_SCRIPT, "install", "--all"], env=env)
    assert process.wait() == -signal.SIGKILL
    after = sample.scripts()
    changed = [path for path in before if after[path] != before[path]]
    assert len(changed) == 1  # one of the seven Java scripts has the hook
    return process.pid, changed


def _temps(sample) -> list[str]:
    return sorted(str(p) for p in sample.root.rglob(".jopt-*.tmp"))


def test_status_after_a_killed_install_says_so_and_exits_3(sample, jopt, killed_install):
    pid, changed = killed_install
    temps = _temps(sample)
    assert temps and all(f".jopt-{pid}-" in t for t in temps)  # the writer died between temp and rename
    done = jopt("status")
    assert done.exit_code == 3
    hooked = [line.split()[0] for line in done.stdout.splitlines()[1:] if " current " in line]
    assert sorted(sample.script(c).as_posix() for c in hooked) == sorted(changed)
    assert done.stderr == (
        f"jopt: warning: `jopt install` (pid {pid}) was killed before it finished; every start script is whole "
        "(its text from before or after that command, never a mix); run it again to finish it\n"
        f"jopt: warning: {len(temps)} temp file(s) left by a killed jopt (the next install, uninstall, restore, "
        f"render or trace removes them): {', '.join(temps)}\n"
    )


def test_the_next_command_says_what_it_found_cleans_up_and_finishes(sample, jopt, killed_install):
    pid, _ = killed_install
    temps = _temps(sample)
    done = jopt("install", "--all")
    assert done.exit_code == 0, done.output
    assert done.stderr.splitlines()[:2] == [  # (other hints may follow)
        f"jopt: note: the last writer here, `jopt install` (pid {pid}) was killed before it finished; every start "
        "script is whole (its text from before or after that command, never a mix)",
        f"jopt: note: removed {len(temps)} temp file(s) left by a killed jopt: {', '.join(temps)}",
    ]
    assert _temps(sample) == []
    final = jopt("status")
    assert (final.exit_code, final.stderr) == (0, "")
    assert final.stdout.count(" current ") == 7


def test_an_interrupted_uninstall_is_finished_by_running_it_again(sample, jopt):
    original = sample.scripts()
    assert jopt("install", "--all").exit_code == 0
    env = {**os.environ, "JOPT_ZOWE_YAML": str(sample.zowe_yaml)}
    assert subprocess.run([sys.executable, "-c", DIE_ON_SECOND_SCRIPT, "uninstall", "--all"], env=env).returncode == -9
    assert sample.scripts() != original
    assert jopt("status").exit_code == 3
    done = jopt("uninstall", "--all")
    assert done.exit_code == 0, done.output
    assert sample.scripts() == original and _temps(sample) == []
    assert (jopt("status").exit_code, jopt("status").stderr) == (0, "")


def test_status_while_another_jopt_writes_says_so(sample, jopt):
    code = (
        "import sys, time\nfrom pathlib import Path\nfrom jopt.storage import lock\n"
        "with lock.hold(Path(sys.argv[1]), 'install --all'):\n    print('held', flush=True)\n    time.sleep(60)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code, str(sample.overrides)], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "held\n"
        done = jopt("status")
        assert done.exit_code == 0
        assert done.stderr == (
            f"jopt: warning: `jopt install --all` (pid {process.pid}) is writing here now; what follows may change when it ends\n"
        )
    finally:
        process.kill()
        process.wait()


def test_folders_are_the_script_folders_the_overrides_and_its_backups(sample, jopt):
    assert jopt("install", "gateway", "zaas").exit_code == 0
    site = Site.open(resolve(sample.zowe_yaml))
    folders = recovery.folders(site)
    java = [
        sample.script(c).parent
        for c in ("api-catalog", "apiml", "caching-service", "discovery", "gateway", "zaas", "sample-ext")
    ]
    assert set(java) <= set(folders)
    assert folders[-3:] == [
        sample.overrides,
        sample.overrides / "backups" / "gateway",
        sample.overrides / "backups" / "zaas",
    ]
    assert recovery.findings(site) == recovery.Findings([], False)


def test_a_folder_reached_under_two_names_gives_its_temp_files_once(sample, tmp_path):
    """Script paths are not resolved folder by folder (one lstat each): a runtime reached
    through a link and a start script linked to another's give one folder two names."""
    linked = tmp_path / "zowe-link"
    linked.symlink_to(sample.root)
    sample.script("zaas").unlink()
    sample.script("zaas").symlink_to(sample.script("gateway"))
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True).stdout)
    temp = sample.script("gateway").parent / f".jopt-{dead}-1.tmp"
    temp.write_text("half a script")
    site = Site.open(resolve(sample.zowe_yaml, runtime=linked))
    folders = recovery.folders(site)
    assert linked / "components" / "gateway" / "bin" in folders
    assert sample.script("gateway").parent.resolve() in folders  # zaas's link, resolved
    assert recovery.temp_files(site) == [linked / "components" / "gateway" / "bin" / temp.name]
    assert recovery.sweep(site) == [linked / "components" / "gateway" / "bin" / temp.name]
    assert not temp.exists()

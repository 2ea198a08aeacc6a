"""Crash safety: SIGKILL `jopt install --all` / `jopt uninstall --all` at random moments.

    python benchmarks/stress_kill.py --trials 200          # about 3 minutes
    python benchmarks/stress_kill.py --trials 20 --seed 7 --components 40

Builds a runtime of N Java components (copies of the fixtures' Java components under new
ids, plus two non-Java ones), learns the original and the installed text of every start
script from one full `install --all`, then per trial:

1. starts `jopt install --all` or `jopt uninstall --all` (whichever changes the scripts)
   and SIGKILLs its process group at a moment chosen by one of three strategies:
   a random delay over the command's whole run, the k-th start script replaced (k
   random, 1 to N-1: mid-write), or the first jopt temp file seen beside a script (in
   the middle of writing one file);
2. checks every start script: byte-identical to its original or its installed text, and
   `dash -n` (or `sh -n`) clean (each distinct text checked once); lists the `.jopt-*.tmp` temp files left anywhere;
3. runs `jopt status --json`: the HOOK column must match each file's bytes; a command
   killed part way (the lock file still names it) must give exit 3 and a warning that
   names it; leftover temp files must be named; no exit 4 (damage) ever;
4. runs the killed command again (no manual step): exit 0, every script in the final
   state, no temp file anywhere, state.json records exactly the hooked components, every
   backup is the original or installed text, and `jopt status` exits 0 with no warning.

Prints the figures and exits 1 if any check failed. `tests/system/test_stress.py` runs a few trials.
"""

from __future__ import annotations

import argparse
import collections
import functools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Runner = Callable[[list[str], dict[str, str]], "subprocess.CompletedProcess[str]"]

JAVA_FIXTURES = ["gateway", "discovery", "api-catalog", "caching-service", "zaas", "apiml", "sample-ext"]
NON_JAVA = ["zss", "app-server"]
JOPT = [sys.executable, "-m", "jopt"]
SHELL = shutil.which("dash") or "/bin/sh"
STRATEGIES = ("random-delay", "after-k-scripts", "first-temp-file")


def _fixtures() -> Path:
    from jopt.resources import data_dir

    return data_dir("fixtures")


def build_runtime(root: Path, count: int) -> Path:
    """A runtime at `root` with `count` Java components and the non-Java ones; returns zowe.yaml."""
    fixtures = _fixtures()
    components = root / "components"
    components.mkdir(parents=True)
    for n in range(count):
        source = JAVA_FIXTURES[n % len(JAVA_FIXTURES)]
        origin = fixtures / ("extensions" if source == "sample-ext" else "components") / source
        shutil.copytree(origin, components / f"{source}-{n:02d}")
    for name in NON_JAVA:
        shutil.copytree(fixtures / "components" / name, components / name)
    zowe_yaml = root / "zowe.yaml"
    zowe_yaml.write_text(
        f"zowe:\n  runtimeDirectory: {root}\n  workspaceDirectory: {root}/workspace\n  logDirectory: {root}/logs\n"
    )
    return zowe_yaml


def in_subprocess(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*JOPT, *args], env=env, capture_output=True, text=True, timeout=120)


@dataclass
class Runtime:
    root: Path
    env: dict[str, str]
    scripts: dict[str, Path]  # Java component id -> start.sh
    original: dict[str, bytes]
    installed: dict[str, bytes] = field(default_factory=dict)
    runner: Runner = in_subprocess  # how the commands that are not killed run

    @property
    def overrides(self) -> Path:
        return self.root / "workspace" / "jopt"

    def jopt(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.runner(list(args), self.env)

    def popen(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [*JOPT, *args], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )

    def current(self) -> dict[str, bytes]:
        return {cid: path.read_bytes() for cid, path in self.scripts.items()}

    def inodes(self) -> dict[str, int]:
        return {cid: path.stat().st_ino for cid, path in self.scripts.items()}

    def temp_files(self) -> list[Path]:
        found = [p for path in self.scripts.values() for p in path.parent.glob(".jopt-*.tmp")]
        if self.overrides.is_dir():
            found += self.overrides.rglob(".jopt-*.tmp")
        return sorted(found)

    def lock_line(self) -> str:
        lock = self.overrides / ".lock"
        return lock.read_text().strip() if lock.is_file() else ""


def prepare(root: Path, count: int, runner: Runner = in_subprocess) -> Runtime:
    """Build the runtime and learn each script's installed text from one full install."""
    zowe_yaml = build_runtime(root, count)
    env = {**os.environ, "JOPT_ZOWE_YAML": str(zowe_yaml), "NO_COLOR": "1", "JOPT_LOCK_WAIT": "30"}
    scripts = {p.parent.parent.name: p for p in sorted((root / "components").glob("*/bin/start.sh"))}
    scripts = {cid: p for cid, p in scripts.items() if cid not in NON_JAVA}
    runtime = Runtime(root, env, scripts, {cid: p.read_bytes() for cid, p in scripts.items()}, runner=runner)
    done = runtime.jopt("install", "--all")
    if done.returncode != 0:
        raise SystemExit(f"install --all failed: {done.stdout}{done.stderr}")
    runtime.installed = runtime.current()
    done = runtime.jopt("uninstall", "--all")
    if done.returncode != 0 or runtime.current() != runtime.original:
        raise SystemExit(f"uninstall --all did not give the originals back: {done.stdout}{done.stderr}")
    for texts in (runtime.original, runtime.installed):
        for cid, data in texts.items():
            if _sh_n(data):
                raise SystemExit(f"{cid}: the reference text fails {SHELL} -n")
    return runtime


@functools.cache
def _sh_n(data: bytes) -> str:
    """`sh -n` of a script text: the complaint, or "" (once per distinct text)."""
    done = subprocess.run([SHELL, "-n"], input=data, capture_output=True)
    return done.stderr.decode(errors="replace").strip() if done.returncode else ""


# --- one trial -------------------------------------------------------------------------------


@dataclass
class Trial:
    number: int
    command: str
    strategy: str
    delay: float | None = None
    k: int | None = None  # after-k-scripts: kill once this many scripts were replaced
    finished_first: bool = False  # the command ended before the kill
    written: int = 0  # scripts holding the command's new text after the kill
    temps_left: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def moment(self) -> str:
        if self.finished_first:
            return "finished before the kill"
        if self.written == 0:
            return "killed before any script was replaced"
        return "killed after replacing some scripts"


def _kill_when(process: subprocess.Popen[bytes], ready, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    """Poll until `ready()` or the process ends; SIGKILL its group. True if it ended first."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and not ready() and time.monotonic() < deadline:
        time.sleep(0.0002)
    if process.poll() is not None:
        return True
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return False


def _kill(runtime: Runtime, trial: Trial, window: float, rng: random.Random) -> None:
    process = runtime.popen(trial.command, "--all")
    if trial.strategy == "random-delay":
        trial.delay = rng.uniform(0, window)
        until = time.monotonic() + trial.delay
        trial.finished_first = _kill_when(process, lambda: time.monotonic() >= until)
    elif trial.strategy == "after-k-scripts":
        before = runtime.inodes()
        k = trial.k = rng.randint(1, len(before) - 1)
        trial.finished_first = _kill_when(process, lambda: _replaced(runtime.inodes(), before) >= k)
    else:
        folders = [p.parent for p in runtime.scripts.values()]
        trial.finished_first = _kill_when(process, lambda: any(_has_temp(f) for f in folders))
    if trial.finished_first and process.returncode != 0:
        trial.failures.append(f"{trial.command} --all exited {process.returncode} on its own")


def _replaced(now: dict[str, int], before: dict[str, int]) -> int:
    return sum(1 for cid, inode in now.items() if inode != before[cid])


def _has_temp(folder: Path) -> bool:
    return any(name.startswith(".jopt-") for name in os.listdir(folder))


def _check_scripts(runtime: Runtime, trial: Trial, target: dict[str, bytes]) -> dict[str, bytes]:
    now = runtime.current()
    for cid, data in now.items():
        if data not in (runtime.original[cid], runtime.installed[cid]):
            trial.failures.append(f"{cid}: start.sh is neither the original nor the installed text")
        elif _sh_n(data):
            trial.failures.append(f"{cid}: fails sh -n")
    trial.written = sum(1 for cid, data in now.items() if data == target[cid])
    return now


def _check_status(runtime: Runtime, trial: Trial, now: dict[str, bytes], temps: list[Path]) -> None:
    done = runtime.jopt("status", "--json")
    try:
        components = {c["component"]: c for c in json.loads(done.stdout)["components"]}
    except (ValueError, KeyError):
        trial.failures.append(f"status --json printed no JSON (exit {done.returncode}): {done.stderr.strip()}")
        return
    for cid, data in now.items():
        want = "current" if data == runtime.installed[cid] else "none"
        if components[cid]["hook"] != want:
            trial.failures.append(f"status says {cid} hook={components[cid]['hook']}, the file says {want}")
    left = runtime.lock_line()
    warned = [line for line in done.stderr.splitlines() if line.startswith("jopt: warning: ")]
    if done.returncode == 4:
        trial.failures.append("status reported damage (exit 4) after a kill")
    if left and (done.returncode != 3 or not any("was killed before it finished" in w for w in warned)):
        trial.failures.append(f"killed command ({left}) not reported: exit {done.returncode}, {warned}")
    if not left and any("was killed" in w for w in warned):
        trial.failures.append(f"status reports a killed command the lock file does not name: {warned}")
    if temps and not all(any(str(t) in w for w in warned) for t in temps):
        trial.failures.append(f"status does not name the temp files left: {temps}")
    partial = 0 < trial.written < len(now)
    if partial and done.returncode != 3:
        trial.failures.append(
            f"half-done command ({trial.written}/{len(now)} scripts) but status exit {done.returncode}"
        )


def _check_recovery(runtime: Runtime, trial: Trial, target: dict[str, bytes]) -> None:
    done = runtime.jopt(trial.command, "--all")
    if done.returncode != 0:
        trial.failures.append(f"{trial.command} --all again: exit {done.returncode}: {done.stderr.strip()}")
    if runtime.current() != target:
        trial.failures.append(f"{trial.command} --all again did not give the final text of every script")
    if runtime.temp_files():
        trial.failures.append(f"temp files remain after the next command: {runtime.temp_files()}")
    recorded = json.loads((runtime.overrides / "state.json").read_text())["components"]
    want = set(runtime.scripts) if trial.command == "install" else set()
    if set(recorded) != want:
        trial.failures.append(f"state.json records {len(recorded)} components, expected {len(want)}")
    for cid in runtime.scripts:
        for backup in (runtime.overrides / "backups" / cid).glob("*"):
            if backup.read_bytes() not in (runtime.original[cid], runtime.installed[cid]):
                trial.failures.append(f"backup {backup} is neither the original nor the installed text")
    status = runtime.jopt("status")
    if status.returncode != 0 or status.stderr:
        trial.failures.append(f"status after recovery: exit {status.returncode} {status.stderr.strip()}")


def run_trial(runtime: Runtime, number: int, strategy: str, window: float, rng: random.Random) -> Trial:
    hooked = runtime.current() == runtime.installed
    command = "uninstall" if hooked else "install"
    target = runtime.original if hooked else runtime.installed
    trial = Trial(number, command, strategy)
    _kill(runtime, trial, window, rng)
    now = _check_scripts(runtime, trial, target)
    temps = runtime.temp_files()
    trial.temps_left = len(temps)
    _check_status(runtime, trial, now, temps)
    _check_recovery(runtime, trial, target)
    return trial


def measure_window(runtime: Runtime, repeats: int = 2) -> float:
    """Seconds a whole install --all / uninstall --all takes here (the random delays' range)."""
    longest = 0.0
    for _ in range(repeats):
        for command in ("install", "uninstall"):
            started = time.monotonic()
            in_subprocess([command, "--all"], runtime.env)
            longest = max(longest, time.monotonic() - started)
    return longest * 1.1


# --- the whole run ---------------------------------------------------------------------------


@dataclass
class Summary:
    components: int
    trials: list[Trial]
    window: float

    @property
    def failures(self) -> list[str]:
        return [f"trial {t.number} ({t.command}, {t.strategy}): {f}" for t in self.trials for f in t.failures]

    def lines(self) -> list[str]:
        trials = self.trials
        commands = collections.Counter(t.command for t in trials)
        moments = collections.Counter(t.moment for t in trials)
        strategies = collections.Counter(t.strategy for t in trials)
        mid = [t for t in trials if t.moment == "killed after replacing some scripts"]
        temps = [t for t in trials if t.temps_left]
        killed = [t for t in trials if not t.finished_first]
        out = [
            f"stress_kill: {self.components} Java components, {len(trials)} trials, SIGKILL to the process group",
            f"  commands killed: install --all {commands['install']}, uninstall --all {commands['uninstall']}",
            "  kill moment chosen by: "
            + ", ".join(f"{s} {strategies[s]}" for s in STRATEGIES)
            + f" (random delays over 0-{self.window:.2f} s)",
            f"  finished before the kill:                {moments['finished before the kill']}",
            f"  killed before any script was replaced:   {moments['killed before any script was replaced']}",
            f"  killed after replacing some scripts:     {len(mid)}"
            + (
                f" ({sum(t.written < self.components for t in mid)} with 1-{self.components - 1} of {self.components}"
                f" replaced, {sum(t.written == self.components for t in mid)} with all {self.components} replaced"
                " but the command not finished)"
                if mid
                else ""
            ),
            f"  temp files left by the kill:             {len(temps)} trials, {sum(t.temps_left for t in temps)} files"
            " (named by the next status, removed by the next command)",
            f"  start scripts checked after a kill:      {len(trials) * self.components}"
            f" ({len(killed) * self.components} after a landed kill)",
            f"  torn or foreign script text: {sum('neither' in f for t in trials for f in t.failures)};"
            f" failing sh -n: {sum('sh -n' in f for t in trials for f in t.failures)}",
            f"  status truthful after the kill; rerun of the command recovered: "
            f"{sum(not t.failures for t in trials)}/{len(trials)}",
            f"FAILURES: {len(self.failures)}",
        ]
        return out + [f"  {f}" for f in self.failures[:50]]


def run(
    trials: int,
    components: int = 40,
    seed: int | None = None,
    root: Path | None = None,
    echo: Callable[[str], None] = print,
    runner: Runner = in_subprocess,
    repeats: int = 2,
    window: float | None = None,
) -> Summary:
    """`trials` kills on a fresh runtime. The killed command always runs as a process of
    its own; `runner` runs the others (status, the rerun): a subprocess unless told otherwise."""
    seed = seed if seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="jopt-stress-kill-") as temp:
        runtime = prepare((root or Path(temp)) / "zowe", components, runner)
        window = window or measure_window(runtime, repeats)
        echo(f"seed {seed}; one command takes up to {window / 1.1:.2f} s here")
        done = []
        for number in range(1, trials + 1):
            strategy = STRATEGIES[number % len(STRATEGIES)]
            trial = run_trial(runtime, number, strategy, window, rng)
            done.append(trial)
            if trial.failures:
                echo(f"trial {number}: FAILED: {trial.failures}")
            elif number % 25 == 0:
                echo(f"  {number} trials done")
        return Summary(components, done, window)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--components", type=int, default=40)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--keep-dir", type=Path, help="Build the runtime here (kept) instead of a temp dir.")
    args = parser.parse_args()
    started = time.monotonic()
    summary = run(args.trials, args.components, args.seed, args.keep_dir)
    print("\n".join(summary.lines()))
    print(f"({time.monotonic() - started:.0f} s)")
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())

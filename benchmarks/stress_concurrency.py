"""Concurrency: two jopt streams alternating install/uninstall on one runtime, plus a third
that renders options files and switches trace, all at once.

    python benchmarks/stress_concurrency.py                 # 50 rounds: about 3 minutes
    python benchmarks/stress_concurrency.py --rounds 10 --components 12

Stream A runs `jopt install --all` then `jopt uninstall --all`, `--rounds` times; stream B
the same starting with uninstall; stream C `jopt render --profile heap --all` with a new
-Xmx each time and `jopt trace on|off` for one component. Each command is its own process
and they overlap, so they meet at the overrides directory's lock. Meanwhile an observer
reads every start script and options file as fast as it can. Checks:

- every command exits 0 (the lock's bounded wait is long enough here) and each printed
  backup was made for a real change;
- the observer never reads a start script that is not exactly its original or installed
  text, nor an options file that is not one of the texts render wrote whole;
- at the end: the scripts are in the state the last install/uninstall left them in;
  state.json records exactly the hooked components; no temp file, empty lock file;
- no lost backup: per component, the backups on disk are exactly the newest `--keep` (5)
  of those the commands printed, and each holds the text before its command (the original
  for an install, the installed text for an uninstall).

Prints the figures and exits 1 if any check failed. `tests/system/test_concurrency.py` runs a few rounds.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stress_kill import JOPT, Runtime, prepare

KEEP = 5
RENDERED = "gateway-00"  # the component stream C renders for and traces
_BACKUP = re.compile(r"^(\S+): (installed|uninstalled) \S+\n  backup: (\S+)$", re.M)


@dataclass
class Command:
    stream: str
    args: tuple[str, ...]
    started: float
    ended: float
    returncode: int
    stdout: str
    stderr: str


@dataclass
class Observer:
    runtime: Runtime
    options_file: Path
    options: set[bytes]  # every options-file text render may write
    stop: threading.Event = field(default_factory=threading.Event)
    reads: int = 0
    torn: list[str] = field(default_factory=list)

    def run(self) -> None:
        options_file = self.options_file
        while not self.stop.is_set():
            for cid, path in self.runtime.scripts.items():
                data = path.read_bytes()
                self.reads += 1
                if data not in (self.runtime.original[cid], self.runtime.installed[cid]):
                    self.torn.append(f"{cid}: read a start script that is neither original nor installed")
            if options_file.is_file():
                self.reads += 1
                if options_file.read_bytes() not in self.options:
                    self.torn.append(f"{options_file}: read a text render never wrote")
            time.sleep(0.001)  # leave the CPU to the commands


def _stream(runtime: Runtime, name: str, commands: list[tuple[str, ...]], log: list[Command]) -> None:
    for args in commands:
        started = time.monotonic()
        done = subprocess.run([*JOPT, *args], env=runtime.env, capture_output=True, text=True, timeout=300)
        log.append(Command(name, args, started, time.monotonic(), done.returncode, done.stdout, done.stderr))


def _xmx(n: int) -> str:
    return f"{512 + n}m"


def plan(rounds: int) -> dict[str, list[tuple[str, ...]]]:
    first = [("install", "--all"), ("uninstall", "--all")]
    heap = [("render", "--profile", "heap", "--set", f"xmx={_xmx(n)}", RENDERED) for n in range(rounds)]
    trace = [("trace", "on" if n % 2 == 0 else "off", RENDERED) for n in range(rounds)]
    return {
        "A": first * rounds,
        "B": first[::-1] * rounds,
        "C": [c for pair in zip(heap, trace) for c in pair],
    }


def _options_texts(runtime: Runtime, rounds: int) -> set[bytes]:
    """Every text `render` may write for gateway-00, rendered beforehand with --dry-run."""
    texts = set()
    for n in range(rounds):
        done = subprocess.run(
            [*JOPT, "render", "--profile", "heap", "--set", f"xmx={_xmx(n)}", RENDERED, "--dry-run"],
            env=runtime.env,
            capture_output=True,
            text=True,
        )
        body = done.stdout.split(" <==\n", 1)[1].rsplit("dry run: nothing written\n", 1)[0]
        texts.add(body.encode())
    return texts


@dataclass
class Result:
    rounds: int
    components: int
    log: list[Command]
    observer: Observer
    seconds: float
    failures: list[str]

    def lines(self) -> list[str]:
        by_kind = collections.Counter(c.args[0] for c in self.log)
        overlaps = sum(
            1 for c in self.log if any(o is not c and o.started < c.ended and c.started < o.ended for o in self.log)
        )
        longest = max(c.ended - c.started for c in self.log)
        backups = sum(len(_BACKUP.findall(c.stdout)) for c in self.log)
        waited = sum(1 for c in self.log if "another jopt" in c.stderr)
        return [
            f"stress_concurrency: {self.components} Java components, 3 streams, {len(self.log)} commands in {self.seconds:.0f} s",
            f"  install --all {by_kind['install']}, uninstall --all {by_kind['uninstall']}, "
            f"render {by_kind['render']}, trace {by_kind['trace']} (streams A and B: {self.rounds} install and "
            f"{self.rounds} uninstall each)",
            f"  commands that overlapped another: {overlaps}; longest command (lock wait included): {longest:.2f} s;"
            f" lock wait timeouts: {waited}",
            f"  backups printed: {backups}; kept on disk per component: {KEEP}",
            f"  observer reads while the commands ran: {self.observer.reads}; torn or foreign: {len(self.observer.torn)}",
            f"FAILURES: {len(self.failures)}",
            *[f"  {f}" for f in self.failures[:50]],
        ]


def _check_commands(log: list[Command], failures: list[str]) -> None:
    for c in log:
        if c.returncode != 0:
            failures.append(f"{c.stream}: jopt {' '.join(c.args)} exited {c.returncode}: {c.stderr.strip()}")


def _check_end(runtime: Runtime, log: list[Command], failures: list[str]) -> None:
    hook_commands = [c for c in log if c.args[0] in ("install", "uninstall")]
    last = max(hook_commands, key=lambda c: c.ended)
    target = runtime.installed if last.args[0] == "install" else runtime.original
    if runtime.current() != target:
        failures.append(f"the scripts are not all in the state the last command ({last.args[0]}) left")
    recorded = set(json.loads((runtime.overrides / "state.json").read_text())["components"])
    if recorded != (set(runtime.scripts) if last.args[0] == "install" else set()):
        failures.append(f"state.json records {len(recorded)} components after a final {last.args[0]}")
    if runtime.temp_files():
        failures.append(f"temp files left: {runtime.temp_files()}")
    if runtime.lock_line():
        failures.append(f"lock file still names a holder: {runtime.lock_line()}")
    status = subprocess.run([*JOPT, "status"], env=runtime.env, capture_output=True, text=True)
    if status.returncode != 0 or status.stderr:
        failures.append(f"final status exit {status.returncode}: {status.stderr.strip()}")


def _check_backups(runtime: Runtime, log: list[Command], failures: list[str]) -> None:
    printed: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for c in log:
        for cid, action, path in _BACKUP.findall(c.stdout):
            printed[cid].append((path, action))
    for cid in runtime.scripts:
        made = sorted(printed[cid])  # backup names end in a UTC timestamp: name order is time order
        on_disk = sorted(str(p) for p in (runtime.overrides / "backups" / cid).glob("*"))
        if on_disk != [path for path, _ in made[-KEEP:]]:
            failures.append(f"{cid}: backups on disk {len(on_disk)} are not the newest {KEEP} printed")
        for path, action in made[-KEEP:]:
            want = runtime.original[cid] if action == "installed" else runtime.installed[cid]
            if Path(path).is_file() and Path(path).read_bytes() != want:
                failures.append(f"{path}: does not hold the text before its {action[:-2]}")
        actions = [action for _, action in made]
        if any(a == b for a, b in itertools.pairwise(actions)):
            failures.append(f"{cid}: two {actions[0]} backups in a row: a change was made twice")


def run(rounds: int = 50, components: int = 40, root: Path | None = None) -> Result:
    with tempfile.TemporaryDirectory(prefix="jopt-stress-conc-") as temp:
        runtime = prepare((root or Path(temp)) / "zowe", components)
        runtime.env["JOPT_LOCK_WAIT"] = "120"
        shutil.rmtree(runtime.overrides / "backups")  # count only the backups the streams make
        status = subprocess.run([*JOPT, "status", RENDERED, "--json"], env=runtime.env, capture_output=True, text=True)
        tag = json.loads(status.stdout)["components"][0]["tag"]
        observer = Observer(runtime, runtime.overrides / f"java.options.{tag}", _options_texts(runtime, rounds))
        watcher = threading.Thread(target=observer.run)
        log: list[Command] = []
        streams = [
            threading.Thread(target=_stream, args=(runtime, name, cmds, log)) for name, cmds in plan(rounds).items()
        ]
        started = time.monotonic()
        watcher.start()
        for stream in streams:
            stream.start()
        for stream in streams:
            stream.join()
        observer.stop.set()
        watcher.join()
        seconds = time.monotonic() - started
        failures = list(observer.torn)
        _check_commands(log, failures)
        _check_end(runtime, log, failures)
        _check_backups(runtime, log, failures)
        return Result(rounds, components, log, observer, seconds, failures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--components", type=int, default=40)
    parser.add_argument("--keep-dir", type=Path)
    args = parser.parse_args()
    result = run(args.rounds, args.components, args.keep_dir)
    print("\n".join(result.lines()))
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""jopt benchmarks: one command, ratios against references measured in the same run.

    python benchmarks/run.py            # everything (4,000 components, 1 GiB log: minutes)
    python benchmarks/run.py --quick    # 40/400 components, 10/100 MiB logs

Writes benchmarks/RESULTS.md and exits 1 if a budget is missed. Every figure is the median
of repeated runs with its spread (min-max); absolute times vary between machines, so each
is also given as a ratio to a reference command timed alongside it.

What is timed is jopt as a user installs it: `pip install .` into a fresh virtual
environment (pip compiles the bytecode), run through its `jopt` command, with
`python -c pass` of that environment as the reference. An editable install would time
something else: its import hook runs in every Python start, the reference too, and with
PYTHONDONTWRITEBYTECODE set jopt would be compiled from source at every run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from logs import AWK_REFERENCE, generate_log  # noqa: E402
from runtimes import generate  # noqa: E402

REPO = HERE.parent
PYTHON = sys.executable  # replaced in main() by the benchmark environment's python
JOPT = [sys.executable, "-m", "jopt"]  # ... and by its jopt command


def installed(work: Path, python: str | None) -> tuple[str, list[str]]:
    """(python, jopt command) of a regular install: `python` if given, else a new venv in `work`."""
    if python:
        command = Path(python).parent / "jopt"  # the environment's own jopt command, if it has one
        return python, [str(command)] if command.is_file() else [python, "-m", "jopt"]
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(REPO)], check=True)
    return str(venv / "bin" / "python"), [str(venv / "bin" / "jopt")]


@dataclass
class Sample:
    """Repeated measurements of one command: seconds and peak RSS (KiB) of each run."""

    name: str
    seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def spread(self) -> str:
        return f"{min(self.seconds) * 1000:.0f}-{max(self.seconds) * 1000:.0f} ms"

    @property
    def peak_mib(self) -> float:
        return max(self.rss_kib) / 1024 if self.rss_kib else 0.0


def run_once(
    command: list[str], env: dict[str, str] | None = None, stdout: int | IO[bytes] | None = subprocess.DEVNULL
) -> tuple[float, int, int]:
    """Run a command; return (seconds, peak RSS KiB of that process, exit code)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=stdout, stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir())
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, process.returncode


def measure(
    name: str,
    command: list[str],
    repeat: int,
    env: dict[str, str] | None = None,
    ok: tuple[int, ...] = (0,),
    stdout: int | IO[bytes] | None = subprocess.DEVNULL,
) -> Sample:
    sample = Sample(name)
    for _ in range(repeat):
        seconds, rss, code = run_once(command, env, stdout)
        if code not in ok:
            raise SystemExit(f"benchmark command failed ({code}): {' '.join(command)}")
        sample.seconds.append(seconds)
        sample.rss_kib.append(rss)
    return sample


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.budgets: list[tuple[str, bool, str]] = []

    def add(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.append(line)

    def budget(self, what: str, ok: bool, detail: str) -> None:
        self.budgets.append((what, ok, detail))
        self.add(f"  budget {'met   ' if ok else 'MISSED'}: {what} ({detail})")


def startup(report: Report, sample_env: dict[str, str], repeat: int) -> None:
    report.add("## 1. CLI start-up (sample runtime)\n")
    report.add("| command | median | spread | ratio to `python -c pass` |")
    report.add("|---|---|---|---|")
    reference = measure("python -c pass", [PYTHON, "-c", "pass"], repeat)
    version = measure("jopt --version", [*JOPT, "--version"], repeat)
    status = measure("jopt status --json", [*JOPT, "status", "--json"], repeat, sample_env, ok=(0, 3, 4))
    for s in (reference, version, status):
        report.add(f"| `{s.name}` | {s.median * 1000:.0f} ms | {s.spread} | {s.median / reference.median:.2f} |")
    report.add()
    report.budget(
        "jopt --version <= 1.5x python -c pass",
        version.median <= 1.5 * reference.median,
        f"{version.median / reference.median:.2f}x",
    )
    report.add()


def scripts(report: Report, sizes: list[int], repeat: int, work: Path) -> None:
    report.add("## 2. Scripts at scale\n")
    report.add("Each round runs `python -c pass`, then status, install, the no-op install, status and")
    report.add("uninstall in turn, so the last column shows each figure against the machine's pace in the")
    report.add("same minutes (this VM's speed drifts by a third over a quarter of an hour).\n")
    report.add(
        "| components | command | median | spread | per component | ratio to `find` | ratio to `python -c pass` |"
    )
    report.add("|---|---|---|---|---|---|---|")
    per_install: dict[int, float] = {}
    for size in sizes:
        root = work / f"runtime-{size}"
        env = {**os.environ, "JOPT_ZOWE_YAML": str(generate(root, size)), "NO_COLOR": "1"}
        rounds = max(1, repeat if size <= 400 else 2)
        find = measure("find", ["find", str(root / "components"), "-name", "start.sh"], rounds * 3)
        pace, status = Sample("python -c pass"), Sample("status --json")
        install, noop, uninstall = Sample("install --all"), Sample("install --all (no-op)"), Sample("uninstall --all")
        hooked = Sample("status --json (hooked)")
        steps = (
            (status, ["status", "--json"]),
            (install, ["install", "--all"]),
            (noop, ["install", "--all"]),
            (hooked, ["status", "--json"]),
            (uninstall, ["uninstall", "--all"]),
        )
        for _ in range(rounds):
            pace.seconds.append(run_once([PYTHON, "-c", "pass"])[0])
            for sample, args in steps:
                seconds, rss, code = run_once([*JOPT, *args], env)
                if code != 0:
                    raise SystemExit(f"jopt {' '.join(args)} failed on {size} components ({code})")
                sample.seconds.append(seconds)
                sample.rss_kib.append(rss)
        for s in (status, hooked, install, noop, uninstall):
            report.add(
                f"| {size} | `{s.name}` | {s.median * 1000:.0f} ms | {s.spread} | "
                f"{s.median / size * 1000:.2f} ms | {s.median / find.median:.1f} | {s.median / pace.median:.1f} |"
            )
        report.add(
            f"| {size} | `find -name start.sh` (reference) | {find.median * 1000:.1f} ms | {find.spread} | | 1.0 | |"
        )
        report.add(f"| {size} | `python -c pass` (reference) | {pace.median * 1000:.1f} ms | {pace.spread} | | | 1.0 |")
        per_install[size] = install.median / size
        if size == 40:
            report.budget("status on 40 components <= 150 ms", status.median <= 0.150, f"{status.median * 1000:.0f} ms")
            report.budget(
                "status on 40 hooked components <= 150 ms", hooked.median <= 0.150, f"{hooked.median * 1000:.0f} ms"
            )
            report.budget(
                "install --all on 40 components <= 250 ms", install.median <= 0.250, f"{install.median * 1000:.0f} ms"
            )
    if len(per_install) > 1:
        low, high = min(per_install), max(per_install)
        growth = per_install[high] / per_install[low]
        report.add()
        report.budget(
            f"install per-component cost flat from {low} to {high} (<= 1.5x)",
            growth <= 1.5,
            f"{per_install[low] * 1000:.2f} -> {per_install[high] * 1000:.2f} ms, {growth:.2f}x",
        )
    report.add()


def logs(report: Report, sizes_mib: list[int], repeat: int, work: Path) -> None:
    report.add("## 3. Logs at scale\n")
    report.add("| log | command | median | spread | MB/s | peak RSS | ratio to awk |")
    report.add("|---|---|---|---|---|---|---|")
    awk = shutil.which("mawk") or shutil.which("awk") or "awk"
    env = {**os.environ, "NO_COLOR": "1"}
    for mib in sizes_mib:
        log = work / f"start.log2GW.{mib}m"
        generate_log(log, mib * 1024 * 1024)
        size_mb = log.stat().st_size / 1e6
        rounds = repeat if mib <= 100 else 2
        with (work / "grep-count.txt").open("wb") as count:  # GNU grep stops at the first match into /dev/null
            grep = measure("grep -c 'VM settings:'", ["grep", "-c", "VM settings:", str(log)], rounds, stdout=count)
        samples = [
            grep,
            measure(f"{Path(awk).name} (same sections)", [awk, AWK_REFERENCE, str(log)], rounds),
            measure("jopt report (latest run)", [*JOPT, "report", str(log)], rounds, env),
            measure("jopt report --all-runs --json", [*JOPT, "report", str(log), "--all-runs", "--json"], rounds, env),
        ]
        awk_median = samples[1].median
        for s in samples:
            report.add(
                f"| {mib} MiB | `{s.name}` | {s.median:.2f} s | {s.spread} | {size_mb / s.median:.0f} | "
                f"{s.peak_mib:.0f} MiB | {s.median / awk_median:.2f} |"
            )
        latest = samples[2]
        if mib >= 1024 or mib == max(sizes_mib):
            report.budget(
                f"report latest run of {mib} MiB >= 100 MB/s",
                size_mb / latest.median >= 100,
                f"{size_mb / latest.median:.0f} MB/s",
            )
            report.budget(
                f"report peak RSS on {mib} MiB <= 64 MiB", latest.peak_mib <= 64, f"{latest.peak_mib:.0f} MiB"
            )
            report.budget(
                f"report no slower than 2x awk on {mib} MiB",
                latest.median <= 2 * awk_median,
                f"{latest.median / awk_median:.2f}x",
            )
        log.unlink()
    report.add()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes (no 4,000 components, no 1 GiB log)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per figure (default 7)")
    parser.add_argument("--only", choices=["startup", "scripts", "logs"], action="append")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--python", help="time the jopt installed for this python (default: pip install . into a new venv)"
    )
    args = parser.parse_args()
    sizes = [40, 400] if args.quick else [40, 400, 4000]
    log_sizes = [10, 100] if args.quick else [10, 100, 1024]
    report = Report()
    report.add("# jopt benchmark results\n")
    report.add(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{'quick' if args.quick else 'full'} run, {args.repeat} repeats. "
        f"Command: `python benchmarks/run.py{' --quick' if args.quick else ''}`.\n"
    )
    with tempfile.TemporaryDirectory(prefix="jopt-bench-") as temp:
        work = Path(temp)
        global PYTHON, JOPT
        PYTHON, JOPT = installed(work, args.python)
        report.add(
            f"Timed: `{' '.join(JOPT) if args.python else 'jopt'}` "
            f"({'as given by --python' if args.python else 'pip install . into a new venv'}).\n"
        )
        from jopt.app.demo import prepare

        sample_env = {**os.environ, "JOPT_ZOWE_YAML": str(prepare(work / "sample")), "NO_COLOR": "1"}
        parts = args.only or ["startup", "scripts", "logs"]
        if "startup" in parts:
            startup(report, sample_env, args.repeat * 3)
        if "scripts" in parts:
            scripts(report, sizes, args.repeat, work)
        if "logs" in parts:
            logs(report, log_sizes, args.repeat, work)
    missed = [b for b in report.budgets if not b[1]]
    report.add("## Budgets\n")
    for what, ok, detail in report.budgets:
        report.add(f"- {'met' if ok else '**missed**'}: {what} — {detail}")
    args.output.write_text("\n".join(report.lines) + "\n")
    print(f"\nwritten: {args.output}; {len(missed)} budget(s) missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

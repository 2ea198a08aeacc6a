"""Timing one command: wall-clock seconds, and the peak resident set size of the process."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

#: GNU time reports a child's peak RSS from its own small process. Peak RSS read by this
#: Python through wait4/getrusage(RUSAGE_CHILDREN) would be at least this Python's own RSS:
#: Linux starts a child's high-water mark from the process it was forked from.
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").is_file() else None


class CommandFailed(Exception):
    """A timed command exited with a code it should not have."""


@dataclass
class Sample:
    """Repeated measurements of one command: seconds, CPU seconds and peak RSS (KiB) of each run."""

    name: str
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def spread(self) -> str:
        """min-max of the runs, in the median's unit."""
        low, high = min(self.seconds), max(self.seconds)
        if self.median >= 10:
            return f"{low:.1f}-{high:.1f} s"
        return f"{low * 1000:.0f}-{high * 1000:.0f} ms"

    def shown(self) -> str:
        """The median, in ms below 10 s."""
        return f"{self.median:.1f} s" if self.median >= 10 else f"{self.median * 1000:.0f} ms"

    @property
    def cpu_median(self) -> float:
        """CPU time (user + system) of the command and the processes it waited for."""
        return statistics.median(self.cpu_seconds)

    @property
    def peak_mib(self) -> float:
        return max(self.rss_kib) / 1024 if self.rss_kib else 0.0

    def run(self, command: list[str], env: dict[str, str] | None = None, rss: bool = False) -> None:
        """Run `command` once and add its figures (its exit code must be 0)."""
        seconds, cpu, peak = run_once(command, env, rss)
        self.seconds.append(seconds)
        self.cpu_seconds.append(cpu)
        if peak is not None:
            self.rss_kib.append(peak)


def run_once(
    command: list[str], env: dict[str, str] | None = None, rss: bool = False
) -> tuple[float, float, int | None]:
    """(seconds, CPU seconds, peak RSS in KiB or None) of one run; raise CommandFailed unless it exits 0."""
    with tempfile.TemporaryDirectory(prefix="jopt-bench-run-") as temp:
        rss_file = Path(temp) / "rss"
        if rss and GNU_TIME:
            command = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *command]
        with (Path(temp) / "stderr").open("w+b") as stderr:
            started = time.perf_counter()
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr, cwd=temp)
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - started
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                stderr.seek(0)
                detail = stderr.read().decode(errors="replace").strip()[-2000:]
                raise CommandFailed(f"exit {code}: {' '.join(command)}\n{detail}")
        cpu = usage.ru_utime + usage.ru_stime
        if not rss:
            return elapsed, cpu, None
        if GNU_TIME:
            return elapsed, cpu, int(rss_file.read_text().split()[-1])
        return elapsed, cpu, usage.ru_maxrss  # an upper bound: see GNU_TIME


def which_time() -> str:
    """How peak RSS is measured, for the results."""
    if GNU_TIME:
        return "GNU time (`/usr/bin/time -f %M`) around the command"
    return "wait4() of the child (an upper bound: it includes the benchmark's own RSS; /usr/bin/time is missing)"


def find_tool(name: str, beside: str) -> str | None:
    """`name` on PATH, else in the folder of the Python `beside` (a virtual environment not activated)."""
    found = shutil.which(name)
    if found:
        return found
    candidate = Path(beside).parent / name
    return str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else None

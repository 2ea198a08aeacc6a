"""jopt's budgets: one command, each figure a ratio to a reference timed in the same run.

    python benchmarks/run.py            # the full run (4,000 components, a 1 GiB log: about 10 minutes)
    python benchmarks/run.py --quick    # a short smoke run (40 and 400 components, a 64 MiB log)

Budgets (benchmarks/NOTES.md says why these):
- `jopt status` on 40 components: at most 12x `python -c pass`;
- `jopt install --all` on 40 components: at most 25x `python -c pass`;
- `jopt install --all` on 31 start scripts of the real shapes: at least 100x faster than
  benchmarks/hook_playbook.yml doing the same edit (when `ansible-playbook` is installed; the
  playbook's effect on the JVM's command line is checked to be the same as jopt's);
- `jopt report` on a 1 GiB log (its latest run): at least 100 MB/s, peak RSS at most 64 MiB;
- status and install per component: at 4,000 components at most 1.5x what it is at 40.

Commands are timed in interleaved rounds (a round runs the reference and each command once), so
a figure and its reference see the same minutes of a machine whose pace drifts; each figure is a
median with its spread (min-max). What is timed is jopt as a user installs it: `pip install .`
into a new virtual environment (pip compiles the bytecode) and its `jopt` command, with that
environment's `python -c pass` as the reference. `--python` times the jopt installed for another
Python instead.

Prints a table of the budgets (PASS/FAIL) and exits 1 when one fails. The full run writes
benchmarks/RESULTS.md; any run writes where `--output` says.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import ansible_hook  # noqa: E402
from logs import generate_log  # noqa: E402
from runtimes import generate  # noqa: E402
from timing import CommandFailed, Sample, find_tool, run_once, which_time  # noqa: E402

REPO = HERE.parent
MIB = 1024 * 1024


@dataclass
class Plan:
    """What one run measures."""

    sizes: list[int]  # components in the generated runtimes
    rounds: int  # rounds for runtimes up to 400 components
    big_rounds: int  # rounds for larger runtimes
    scripts: int  # start scripts in the Ansible comparison
    ansible_rounds: int
    log_mib: int
    log_rounds: int
    parts: list[str]


@dataclass
class Budget:
    what: str
    figure: str
    limit: str
    ok: bool | None  # None: not measured in this run (the figure says why)

    @property
    def result(self) -> str:
        return "skipped" if self.ok is None else "PASS" if self.ok else "FAIL"


@dataclass
class Results:
    lines: list[str] = field(default_factory=list)
    budgets: list[Budget] = field(default_factory=list)

    def add(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.append(line)

    def budget(self, what: str, figure: str, limit: str, ok: bool | None) -> None:
        self.budgets.append(Budget(what, figure, limit, ok))

    def budget_table(self) -> list[str]:
        rows = ["| budget | figure | limit | result |", "|---|---|---|---|"]
        rows += [f"| {b.what} | {b.figure} | {b.limit} | {b.result} |" for b in self.budgets]
        return rows


def installed(work: Path, python: str | None) -> tuple[str, list[str]]:
    """(python, jopt command) of a regular install: `python`'s if given, else a new venv's in `work`."""
    if python:
        python = os.path.abspath(python)  # not resolved: a venv's python is a link out of the venv
        command = Path(python).parent / "jopt"  # the environment's own jopt command, if it has one
        return python, [str(command)] if command.is_file() else [python, "-m", "jopt"]
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(REPO)], check=True)
    return str(venv / "bin" / "python"), [str(venv / "bin" / "jopt")]


def jopt_env(zowe_yaml: Path | None = None) -> dict[str, str]:
    """The environment of a timed jopt: the user's, without jopt settings of their own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOPT_")}
    env["NO_COLOR"] = "1"
    if zowe_yaml is not None:
        env["JOPT_ZOWE_YAML"] = str(zowe_yaml)
    return env


def spread_evenly(count: int, rounds: int) -> set[int]:
    """`count` round numbers out of `rounds`, spread over the run."""
    if count >= rounds:
        return set(range(rounds))
    if count <= 1:
        return {rounds // 2}
    return {round(k * (rounds - 1) / (count - 1)) for k in range(count)}


# --- status and install at scale -----------------------------------------------------------


def scale(results: Results, python: str, jopt: list[str], plan: Plan, work: Path) -> None:
    results.add("## status and install on generated runtimes\n")
    results.add(
        f"Runtimes of {', '.join(str(s) for s in plan.sizes)} Java components (the seven shapes of "
        "`fixtures/VARIANTS.md` in turn). Each round runs `python -c pass`, then `status`, "
        "`install --all` and `uninstall --all` on each runtime.\n"
    )
    envs = {size: jopt_env(generate(work / f"runtime-{size}", size)) for size in plan.sizes}
    pace = Sample("python -c pass")
    commands = {"status": ["status"], "install --all": ["install", "--all"], "uninstall --all": ["uninstall", "--all"]}
    samples = {size: {name: Sample(name) for name in commands} for size in plan.sizes}
    rounds_of = {s: spread_evenly(plan.rounds if s <= 400 else plan.big_rounds, plan.rounds) for s in plan.sizes}
    for number in range(plan.rounds):
        for size in plan.sizes:
            if number not in rounds_of[size]:
                continue
            pace.run([python, "-c", "pass"])
            for name, args in commands.items():
                samples[size][name].run([*jopt, *args], envs[size])
    results.add("| components | command | median | spread | per component | ratio to `python -c pass` |")
    results.add("|---|---|---|---|---|---|")
    for size in plan.sizes:
        for s in samples[size].values():
            per = s.median / size * 1000
            results.add(
                f"| {size} | `jopt {s.name}` | {s.shown()} | {s.spread()} | {per:.2f} ms | "
                f"{s.median / pace.median:.1f} |"
            )
    results.add(f"| | `python -c pass` (reference) | {pace.median * 1000:.1f} ms | {pace.spread()} | | 1.0 |")
    results.add()
    _scale_budgets(results, samples, pace, plan.sizes)


def _scale_budgets(results: Results, samples: dict[int, dict[str, Sample]], pace: Sample, sizes: list[int]) -> None:
    small, large = min(sizes), max(sizes)
    for name, limit in (("status", 12), ("install --all", 25)):
        s = samples[small][name]
        ratio = s.median / pace.median
        figure = f"{ratio:.1f}x ({s.median * 1000:.0f} ms / {pace.median * 1000:.1f} ms)"
        results.budget(f"`jopt {name}`, {small} components / `python -c pass`", figure, f"<= {limit}x", ratio <= limit)
    if large == small:
        return
    for name in ("status", "install --all"):
        low, high = samples[small][name].median / small, samples[large][name].median / large
        added = (samples[large][name].median - samples[small][name].median) / (large - small)
        results.add(
            f"`jopt {name}`: {low * 1000:.2f} ms per component at {small}, {high * 1000:.2f} ms at {large}; "
            f"each component beyond {small} added {added * 1000:.2f} ms."
        )
        results.budget(
            f"`jopt {name}` per component, {large} / {small} components",
            f"{high / low:.2f}x ({low * 1000:.2f} -> {high * 1000:.2f} ms)",
            "<= 1.5x",
            high / low <= 1.5,
        )
    results.add()


# --- install --all against an Ansible playbook ---------------------------------------------------


def against_ansible(results: Results, jopt: list[str], plan: Plan, work: Path) -> None:
    results.add("## install --all against an Ansible playbook\n")
    what = f"`jopt install --all`, {plan.scripts} start scripts, vs `ansible-playbook`"
    tool = find_tool("ansible-playbook", sys.executable)
    if tool is None:
        results.add("skipped: no ansible-playbook (`pip install ansible-core`; it is in the test extras)\n")
        results.budget(what, "skipped: no ansible-playbook", ">= 100x faster", None)
        return
    pristine = work / f"scripts-{plan.scripts}-shipped"
    tags = _java_tags(jopt, generate(pristine, plan.scripts))
    by_jopt, by_ansible = work / f"scripts-{plan.scripts}-jopt", work / f"scripts-{plan.scripts}-ansible"
    ours, theirs = _jopt_and_playbook(tool, jopt, tags, by_jopt, by_ansible, plan, work)
    problems = ansible_hook.differences(pristine, by_jopt, by_ansible, tags, work)
    results.add(
        f"{ansible_hook.ansible_version(tool)}; each round runs jopt three times, the playbook, jopt three times.\n"
    )
    results.add("| command | median | spread | runs |")
    results.add("|---|---|---|---|")
    for s in (ours, theirs):
        results.add(f"| `{s.name}` | {s.shown()} | {s.spread()} | {len(s.seconds)} |")
    results.add()
    if problems:
        results.add(f"The playbook's effect differs from jopt's ({len(problems)}):")
        for problem in problems[:5]:
            results.add(f"- {problem}")
    else:
        results.add(
            f"Same effect: all {plan.scripts} scripts, started like Zowe with a stand-in java, give the JVM the "
            "same argv hooked by jopt as edited by the playbook, with and without an options file."
        )
    results.add()
    ratio = theirs.median / ours.median
    figure = f"{ratio:.0f}x ({theirs.shown()} / {ours.shown()})"
    if problems:
        figure += "; the playbook's effect differs"
    results.budget(what, figure, ">= 100x faster", ratio >= 100 and not problems)


def _jopt_and_playbook(
    tool: str, jopt: list[str], tags: dict[str, str], by_jopt: Path, by_ansible: Path, plan: Plan, work: Path
) -> tuple[Sample, Sample]:
    """Time the playbook once a round (on a new copy) between install --all runs, three before and three
    after it (the playbook takes minutes, long enough for the machine's pace to change); leave both hooked."""
    env = jopt_env(generate(by_jopt, plan.scripts))
    play = ansible_hook.playbook_command(tool, by_ansible, tags, work)
    play_env = ansible_hook.playbook_env(work)
    ours, theirs = Sample("jopt install --all"), Sample("ansible-playbook benchmarks/hook_playbook.yml")

    def install_three_times() -> None:
        for _ in range(3):
            ours.run([*jopt, "install", "--all"], env)
            run_once([*jopt, "uninstall", "--all"], env)

    for _ in range(plan.ansible_rounds):
        install_three_times()
        shutil.rmtree(by_ansible, ignore_errors=True)
        generate(by_ansible, plan.scripts)
        theirs.run(play, play_env)
        install_three_times()
    run_once([*jopt, "install", "--all"], env)
    return ours, theirs


def _java_tags(jopt: list[str], zowe_yaml: Path) -> dict[str, str]:
    """Component -> TAG of every Java component, as `jopt status --json` gives them."""
    done = subprocess.run([*jopt, "status", "--json"], env=jopt_env(zowe_yaml), capture_output=True, check=True)
    return {c["component"]: c["tag"] for c in json.loads(done.stdout)["components"] if c["kind"] == "java"}


# --- report on a large log -----------------------------------------------------------------------


def report(results: Results, jopt: list[str], plan: Plan, work: Path) -> None:
    results.add("## report on a large log\n")
    log = work / "start.log2GW"
    generate_log(log, plan.log_mib * MIB)
    megabytes = log.stat().st_size / 1e6
    results.add(
        f"A {log.stat().st_size / MIB:.0f} MiB trace log ({megabytes:.0f} MB) of repeated runs of a real "
        f"`-XshowSettings:all` capture. Each round runs `wc -l` (reading every "
        "byte: the machine's pace), then `jopt report` (the latest run). The CPU time (user + system) "
        "shows what the elapsed time owes to other work on the machine.\n"
    )
    reference, ours = Sample("wc -l (reference)"), Sample("jopt report")
    try:
        for _ in range(plan.log_rounds):
            reference.run(["wc", "-l", str(log)])
            ours.run([*jopt, "report", str(log)], jopt_env(), rss=True)
    finally:
        log.unlink()
    results.add("| command | median | spread | MB/s | CPU time | MB per CPU second | peak RSS | ratio to `wc -l` |")
    results.add("|---|---|---|---|---|---|---|---|")
    for s in (reference, ours):
        rss = f"{s.peak_mib:.0f} MiB" if s.rss_kib else ""
        results.add(
            f"| `{s.name}` | {s.shown()} | {s.spread()} | {megabytes / s.median:.0f} | "
            f"{s.cpu_median:.2f} s | {megabytes / s.cpu_median:.0f} | {rss} | {s.median / reference.median:.1f} |"
        )
    results.add()
    rate = megabytes / ours.median
    size = f"{plan.log_mib} MiB" if plan.log_mib < 1024 else f"{plan.log_mib / 1024:g} GiB"
    results.budget(f"`jopt report`, {size} log: throughput", f"{rate:.0f} MB/s", ">= 100 MB/s", rate >= 100)
    results.budget(f"`jopt report`, {size} log: peak RSS", f"{ours.peak_mib:.0f} MiB", "<= 64 MiB", ours.peak_mib <= 64)


# --- the run ---------------------------------------------------------------------------------------


def machine_facts(python: str, given: bool) -> Iterator[str]:
    cpu = _proc_field("/proc/cpuinfo", "model name")
    memory_kib = int((_proc_field("/proc/meminfo", "MemTotal").split() or ["0"])[0])
    commit = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True, text=True)
    version = subprocess.run([python, "--version"], capture_output=True, text=True).stdout.strip()
    yield f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC"
    yield f"- jopt: commit {commit.stdout.strip() or 'unknown'}, " + (
        "the jopt of the Python given by --python" if given else "`pip install .` into a new virtual environment"
    )
    yield f"- machine: {platform.machine()}, {os.cpu_count()} cores ({cpu}), {memory_kib / MIB:.0f} GiB memory"
    yield f"- system: {platform.system()} {platform.release()}; {version}; {which_time()} for peak RSS"
    yield f"- load average at the start: {_load()}"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _proc_field(path: str, key: str) -> str:
    """A `key: value` field of a /proc file ('' when there is none)."""
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return ""
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(key)), "")


def parse(argv: list[str] | None = None) -> tuple[Plan, argparse.Namespace]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a short smoke run: 40/400 components, a 64 MiB log")
    parser.add_argument("--sizes", type=int, nargs="+", help="components of the generated runtimes")
    parser.add_argument("--rounds", type=int, help="rounds of each timing (default 7, quick 5)")
    parser.add_argument("--scripts", type=int, help="start scripts in the Ansible comparison (default 31)")
    parser.add_argument("--log-mib", type=int, help="size of the generated log (default 1024, quick 64)")
    parser.add_argument("--only", choices=["scale", "ansible", "report"], action="append", help="one part (repeatable)")
    parser.add_argument("--python", help="time the jopt installed for this Python (default: a new venv)")
    parser.add_argument("--output", type=Path, help="write the results here (the full run: benchmarks/RESULTS.md)")
    args = parser.parse_args(argv)
    rounds = args.rounds or (5 if args.quick else 7)
    plan = Plan(
        sizes=args.sizes or ([40, 400] if args.quick else [40, 400, 4000]),
        rounds=rounds,
        big_rounds=min(3, rounds),
        scripts=args.scripts or 31,
        ansible_rounds=1 if args.quick else min(3, rounds),
        log_mib=args.log_mib or (64 if args.quick else 1024),
        log_rounds=min(3, rounds),
        parts=args.only or ["scale", "ansible", "report"],
    )
    customised = args.quick or any((args.sizes, args.rounds, args.scripts, args.log_mib, args.only))
    if args.output is None and not customised:
        args.output = HERE / "RESULTS.md"
    return plan, args


def main(argv: list[str] | None = None) -> int:
    plan, args = parse(argv)
    results = Results()
    kind = "quick" if args.quick else "full" if args.output == HERE / "RESULTS.md" else "custom"
    command = " ".join(["python benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]).strip()
    results.add("# jopt benchmark results\n")
    with tempfile.TemporaryDirectory(prefix="jopt-bench-") as temp:
        work = Path(temp)
        python, jopt = installed(work, args.python)
        results.add(f"A {kind} run: `{command}`.\n")
        for fact in machine_facts(python, bool(args.python)):
            results.add(fact)
        results.add()
        try:
            if "scale" in plan.parts:
                scale(results, python, jopt, plan, work)
            if "ansible" in plan.parts:
                against_ansible(results, jopt, plan, work)
            if "report" in plan.parts:
                report(results, jopt, plan, work)
        except CommandFailed as error:
            print(f"benchmark stopped: a command failed: {error}", file=sys.stderr)
            return 2
    results.add(f"Load average at the end: {_load()}.\n")
    results.add("## Budgets\n")
    for row in results.budget_table():
        results.add(row)
    failed = [b for b in results.budgets if b.ok is False]
    results.add(f"\n{len(results.budgets)} budgets: {len(failed)} failed.")
    if args.output:
        args.output.write_text("\n".join(results.lines) + "\n")
        print(f"written: {args.output}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

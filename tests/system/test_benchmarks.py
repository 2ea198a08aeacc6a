"""The benchmark machinery works: `benchmarks/run.py` in a tiny run, and its Ansible equivalence check.

No figure is asserted here (a shared machine's timings prove nothing about jopt); what is asserted
is that every budget gets measured, judged and written, and that the exit code follows the table.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

import ansible_hook  # noqa: E402
from runtimes import generate, scripts  # noqa: E402
from timing import find_tool  # noqa: E402

ROW = re.compile(r"^\| (?P<what>[^|]+) \| (?P<figure>[^|]+) \| (?P<limit>[^|]+) \| (?P<result>PASS|FAIL|skipped) \|$")


def budget_rows(text: str) -> dict[str, tuple[str, str]]:
    table = text.split("## Budgets\n", 1)[1]
    return {m["what"]: (m["figure"], m["result"]) for m in map(ROW.match, table.splitlines()) if m}


def test_tiny_run_measures_judges_and_writes_every_budget(tmp_path: Path) -> None:
    output = tmp_path / "results.md"
    command = [sys.executable, str(REPO / "benchmarks" / "run.py"), "--python", sys.executable]
    command += ["--sizes", "2", "4", "--rounds", "1", "--scripts", "7", "--log-mib", "1", "--output", str(output)]

    done = subprocess.run(command, capture_output=True, text=True, timeout=300)

    assert done.returncode in (0, 1), done.stdout + done.stderr
    written = output.read_text()
    assert written in done.stdout
    assert "- machine: " in written and "- date: " in written
    rows = budget_rows(written)
    assert list(rows) == [
        "`jopt status`, 2 components / `python -c pass`",
        "`jopt install --all`, 2 components / `python -c pass`",
        "`jopt status` per component, 4 / 2 components",
        "`jopt install --all` per component, 4 / 2 components",
        "`jopt install --all`, 7 start scripts, vs `ansible-playbook`",
        "`jopt report`, 1 MiB log: throughput",
        "`jopt report`, 1 MiB log: peak RSS",
    ]
    ansible = rows["`jopt install --all`, 7 start scripts, vs `ansible-playbook`"]
    if find_tool("ansible-playbook", sys.executable):
        assert ansible[1] in ("PASS", "FAIL")
        assert "Same effect: all 7 scripts" in written
    else:
        assert ansible == ("skipped: no ansible-playbook", "skipped")
    assert all(result != "skipped" for what, (_, result) in rows.items() if "ansible" not in what)
    failed = [what for what, (_, result) in rows.items() if result == "FAIL"]
    assert done.returncode == (1 if failed else 0)
    assert f"{len(rows)} budgets: {len(failed)} failed." in written


def _install_all(zowe_yaml: Path) -> None:
    env = {"JOPT_ZOWE_YAML": str(zowe_yaml), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "jopt", "install", "--all"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def three_runtimes(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A shipped runtime and one hooked by jopt, of the seven shapes; their TAGs by component."""
    shipped, hooked = tmp_path / "shipped", tmp_path / "hooked"
    generate(shipped, 7)
    _install_all(generate(hooked, 7))
    recorded = json.loads((hooked / "workspace" / "jopt" / "state.json").read_text())["components"]
    tags = {component: recorded[component]["tag"] for component in scripts(shipped)}
    return shipped, hooked, tags


def test_effect_check_accepts_the_same_hook_and_finds_a_script_left_alone(
    three_runtimes: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    shipped, hooked, tags = three_runtimes

    assert ansible_hook.differences(shipped, hooked, hooked, tags, tmp_path) == []
    problems = ansible_hook.differences(shipped, hooked, shipped, tags, tmp_path)

    assert len(problems) == 7
    assert all(" with an options file, shipped: " in problem for problem in problems)

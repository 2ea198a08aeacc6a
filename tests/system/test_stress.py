"""Crash safety, a few trials of `benchmarks/stress_kill.py` (the full run: --trials 200).

The killed `jopt install --all` / `uninstall --all` is a real process SIGKILLed mid-run;
status and the rerun that must recover run in-process to keep the test quick.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from jopt.cli.app import cli

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import stress_kill


def in_process(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    return subprocess.CompletedProcess(args, done.exit_code, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def summary(tmp_path_factory) -> stress_kill.Summary:
    root = tmp_path_factory.mktemp("stress")
    return stress_kill.run(
        15, components=12, seed=20240531, root=root, echo=lambda line: None, runner=in_process, window=0.8
    )


def test_every_kill_leaves_whole_scripts_a_truthful_status_and_a_rerun_that_recovers(summary):
    assert summary.failures == []
    assert len(summary.trials) == 15


def test_kills_landed_while_scripts_were_being_replaced(summary):
    killed = [t for t in summary.trials if not t.finished_first]
    by_k = [t for t in killed if t.strategy == "after-k-scripts"]
    assert len(killed) >= 10
    assert by_k and all(t.written >= t.k for t in by_k)  # killed once k scripts had the new text
    assert any(0 < t.written < 12 for t in killed)  # at least one kill left a half-done command


def test_the_summary_names_the_figures(summary):
    lines = summary.lines()
    assert lines[0] == "stress_kill: 12 Java components, 15 trials, SIGKILL to the process group"
    assert lines[-1] == "FAILURES: 0"

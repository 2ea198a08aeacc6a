"""Concurrency, a few rounds of `benchmarks/stress_concurrency.py` (the full run: 50 rounds).

Three streams of real jopt processes (install/uninstall, uninstall/install, render/trace)
overlap on one runtime and meet at the overrides directory's lock.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import stress_concurrency


@pytest.fixture(scope="module")
def result(tmp_path_factory) -> stress_concurrency.Result:
    return stress_concurrency.run(rounds=2, components=6, root=tmp_path_factory.mktemp("concurrency"))


def test_overlapping_writers_leave_whole_files_consistent_state_and_every_backup(result):
    assert result.failures == []
    assert [c.returncode for c in result.log] == [0] * 12  # 2 rounds: 4 + 4 + 4 commands
    assert result.observer.reads > 0 and result.observer.torn == []


def test_the_streams_really_overlapped(result):
    first = {c.stream: c for c in reversed(result.log)}  # each stream's first command
    assert first["A"].started < first["B"].ended and first["B"].started < first["A"].ended
    assert result.lines()[-1] == "FAILURES: 0"

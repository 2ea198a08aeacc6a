"""The writer threads: every item done, results in order, jopt errors collected, others raised."""

from __future__ import annotations

import threading
import time

import pytest

from jopt.errors import WriteError
from jopt.storage import writers


def test_every_item_runs_once_results_in_order_and_on_several_threads():
    seen: list[str] = []

    def work(n: int) -> int:
        time.sleep(0.01)
        seen.append(threading.current_thread().name)
        return n * n

    results = writers.each(work, list(range(20)))
    assert results == [(n, n * n, None) for n in range(20)]
    assert len(seen) == 20 and len(set(seen)) > 1 and all(name.startswith("jopt-writer_") for name in seen)


def test_jopt_errors_are_collected_with_their_item():
    def work(n: int) -> int:
        if n % 3 == 0:
            raise WriteError(f"no space for {n}")
        return n

    results = writers.each(work, list(range(7)))
    assert [(n, r, str(e) if e else None) for n, r, e in results] == [
        (0, None, "no space for 0"),
        (1, 1, None),
        (2, 2, None),
        (3, None, "no space for 3"),
        (4, 4, None),
        (5, 5, None),
        (6, None, "no space for 6"),
    ]


def test_any_other_error_is_raised_only_when_every_item_has_finished():
    done: list[int] = []

    def work(n: int) -> None:
        if n == 0:
            raise ValueError("bug")
        time.sleep(0.02)
        done.append(n)

    with pytest.raises(ValueError, match="bug"):
        writers.each(work, list(range(12)))
    assert sorted(done) == list(range(1, 12))


def test_nothing_to_do():
    assert writers.each(lambda n: n, []) == []


def test_meanwhile_runs_on_the_calling_thread_while_the_writers_work():
    started = threading.Event()
    seen: list[tuple[str, bool]] = []

    def work(n: int) -> int:
        started.set()
        time.sleep(0.05)
        return n

    def meanwhile() -> None:
        seen.append((threading.current_thread().name, started.wait(5)))

    results = writers.each(work, [1, 2], meanwhile)
    assert seen == [(threading.current_thread().name, True)]
    assert results == [(1, 1, None), (2, 2, None)]


def test_an_error_in_meanwhile_drops_what_has_not_started_and_waits_for_the_rest():
    gate = threading.Event()
    ran: list[int] = []
    finished: list[int] = []

    def work(n: int) -> None:
        ran.append(n)
        gate.wait(5)
        time.sleep(0.02)
        finished.append(n)

    def meanwhile() -> None:
        while len(ran) < writers.WRITERS:  # every writer busy: the rest are queued
            time.sleep(0.001)
        gate.set()
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        writers.each(work, list(range(3 * writers.WRITERS)), meanwhile)
    assert sorted(finished) == sorted(ran)  # each started one ended before the error came out
    assert len(ran) < 3 * writers.WRITERS


def test_writers_that_cannot_start_give_the_error_without_hanging(monkeypatch):
    real_start = threading.Thread.start

    def start(thread: threading.Thread) -> None:
        if thread.name.startswith("jopt-writer"):  # as when the system has no thread left to give
            raise RuntimeError("can't start new thread")
        real_start(thread)

    monkeypatch.setattr(threading.Thread, "start", start)
    outcome: list[BaseException] = []

    def call() -> None:
        try:
            writers.each(lambda n: n, [1, 2])
        except BaseException as error:
            outcome.append(error)

    caller = threading.Thread(target=call, daemon=True)
    caller.start()
    caller.join(10)
    assert not caller.is_alive(), "writers.each hung"
    assert [str(e) for e in outcome] == ["can't start new thread"]

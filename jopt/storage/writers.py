"""Run one piece of file work per item side by side: install backs up and rewrites a script
per component, and each write waits for the disk (fsync) before the next step can trust it."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import TypeVar

from jopt.errors import JoptError

T = TypeVar("T")
Item = TypeVar("Item")

WRITERS = 8


def each(
    work: Callable[[Item], T], items: list[Item], meanwhile: Callable[[], None] | None = None
) -> list[tuple[Item, T | None, JoptError | None]]:
    """`work(item)` for every item on the writer threads, all finished when this returns:
    (item, result, None), or (item, None, error) for a JoptError. Any other exception is
    raised here once all are done. `meanwhile()` runs on the calling thread while the
    writers work. On Ctrl-C (or an exception from `meanwhile`) the items not started are
    dropped, and the started ones end before it propagates (a caller's lock must outlive
    its writes)."""
    with ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="jopt-writer") as pool:
        futures: list[Future[T]] = []
        try:
            for item in items:
                futures.append(pool.submit(work, item))
            if meanwhile is not None:
                meanwhile()
            wait(futures)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return [(item, *_outcome(future)) for item, future in zip(items, futures)]


def _outcome(future: Future[T]) -> tuple[T | None, JoptError | None]:
    """(result, None), or (None, error) for a JoptError; any other exception is raised."""
    error = future.exception()
    if error is None:
        return future.result(), None
    if isinstance(error, JoptError):
        return None, error
    raise error

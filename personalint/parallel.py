"""Both cores on a large run: files checked by forked worker processes, results in the serial order.

`check_paths` hands its files here when `jobs` is not 1, the run has at least pipeline.PARALLEL_FROM files
(bench/README.md: below that, forking costs more than it saves) and nothing is written per file
(no --fix). Workers are forked (Linux, macOS with fork available), so they inherit the warm
registry, the settings and the cache's entries without pickling them; each returns its file's
result and, when it checked the file afresh, the cache entry to keep, which the parent merges.
`imap` keeps the order of the files, so the report is byte for byte a serial run's.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from personalint.cache import Cache
    from personalint.config import Settings
    from personalint.result import FileResult

CHUNK = 32

_STATE: dict[str, Any] = {}  # what the forked workers inherit: the settings and the cache


def jobs_for(requested: int | None) -> int:
    """The worker count: `--jobs`, else every core this process may use."""
    if requested:
        return max(1, requested)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def check_files(
    items: list[tuple[str, bool]], settings: Settings, cache: Cache | None, jobs: int, check: Callable[..., FileResult]
) -> Iterator[FileResult]:
    """`check` (pipeline.check_file) over (path, walked) items in `jobs` worker processes, in order."""
    _STATE.update(settings=settings, cache=cache, check=check)
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(jobs) as pool:
            for result, entry in pool.imap(_one, items, chunksize=CHUNK):
                if cache is not None and entry is not None:
                    key, value, added = entry
                    cache.used[key] = value
                    cache.changed = cache.changed or added
                yield result
    finally:
        _STATE.clear()


def _one(item: tuple[str, bool]) -> tuple[FileResult, tuple[str, list, bool] | None]:
    path, walked = item
    cache = _STATE["cache"]
    if cache is not None:
        cache.used.clear()  # this worker's copy: only this file's entry goes back to the parent
        cache.changed = False
    result = _STATE["check"](path, _STATE["settings"], walked=walked, cache=cache)
    if cache is None or not cache.used:
        return result, None
    ((key, value),) = cache.used.items()
    return result, (key, value, cache.changed)

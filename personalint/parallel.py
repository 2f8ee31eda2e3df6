"""Both cores on a large run: files checked by forked worker processes, results in the serial order.

`check_paths` hands its files here when `jobs` is not 1, the run has at least pipeline.PARALLEL_FROM files
(bench/README.md: below that, forking costs more than it saves) and nothing is written per file
(no --fix). Workers are forked (Linux, macOS with fork available), so they inherit the warm
registry, the settings and the cache's entries without pickling them; each returns its file's
result and, when it checked the file afresh, the cache entry to keep, which the parent merges.
`imap` keeps the order of the files, so the report is byte for byte a serial run's.

What crosses between the processes is kept small and cheap to pickle, since in a repository most
files are skipped unread: files go in chunks of an eighth of a worker's share; a skipped file's
result that holds nothing but its path and why comes back as those two strings (`_reply`), any other
as the cache's positional lists (cache.encode: pickling a FileResult of NamedTuples and enums costs
about 3x as much on each side, 2,000 results 75 ms against 30), and not at all when its cache
entry, which holds those lists already, comes back with it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from personalint.cache import decode, encode
from personalint.result import FileResult

if TYPE_CHECKING:
    from personalint.cache import Cache
    from personalint.config import Settings

CHUNKS_PER_WORKER = 8  # more balance the workers' shares (a parsed file costs 100 skipped ones), fewer cost less
MAX_CHUNK = 1024

_STATE: dict[str, Any] = {}  # what the forked workers inherit: the settings and the cache
# every field of a FileResult but its path and why it was skipped, and their defaults: a result whose
# other fields all have their defaults is FileResult(path, skipped=why), so the two strings rebuild it
_OTHERS = [name for name in FileResult.__slots__ if name not in ("path", "skipped")]
_OTHER_FIELDS = attrgetter(*_OTHERS)
_DEFAULTS = _OTHER_FIELDS(FileResult(""))

Reply = tuple[str, str] | list | None  # (path, why skipped), encode(result), or None: the entry has it


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
    chunk = max(1, min(MAX_CHUNK, len(items) // (jobs * CHUNKS_PER_WORKER)))
    # the parent's objects to the permanent generation: a worker's garbage collections then never
    # walk them, which would write to (and so copy) every page of them that fork shares (a process
    # that froze its own objects, as the language server does, keeps them frozen)
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        with context.Pool(jobs) as pool:
            for reply, entry in pool.imap(_one, items, chunksize=chunk):
                if cache is not None and entry is not None:
                    key, value, added = entry
                    cache.used[key] = value
                    cache.changed = cache.changed or added
                if isinstance(reply, tuple):
                    yield FileResult(reply[0], skipped=reply[1])
                elif reply is not None:
                    yield decode(reply)
                else:  # the entry holds the result's lists
                    assert entry is not None
                    yield decode(entry[1][1])
    finally:
        _STATE.clear()
        if freeze:
            gc.unfreeze()


def _one(item: tuple[str, bool]) -> tuple[Reply, tuple[str, list, bool] | None]:
    path, walked = item
    cache = _STATE["cache"]
    if cache is not None:
        cache.used.clear()  # this worker's copy: only this file's entry goes back to the parent
        cache.changed = False
    result = _STATE["check"](path, _STATE["settings"], walked=walked, cache=cache)
    if cache is None or not cache.used:
        return _reply(result), None
    ((key, value),) = cache.used.items()  # value: [digest, encode(result), stamp]
    return None, (key, value, cache.changed)


def _reply(result: FileResult) -> Reply:
    """(path, why) for a skipped file's result that holds nothing else, else its positional lists."""
    if result.skipped is not None and _OTHER_FIELDS(result) == _DEFAULTS:
        return result.path, result.skipped
    return encode(result)

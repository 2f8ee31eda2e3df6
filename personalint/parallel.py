"""Both cores on a large run: files checked by forked worker processes, results in the serial order.

`check_paths` hands its files here when `jobs` is not 1, the run has at least pipeline.PARALLEL_FROM files
(bench/README.md: below that, forking costs more than it saves) and nothing is written per file
(no --fix). Workers are forked (Linux, macOS with fork available), so they inherit the warm
registry, the settings and the cache's entries without pickling them; each returns its file's
result and, when it checked the file afresh, the cache entry to keep, which the parent merges.
Results are kept by the files' order, so the report is byte for byte a serial run's.

A run goes in two stages, because in a repository most files are code files that the byte
prefilter skips unparsed (files.prefiltered), and a file that is parsed needs its reader loaded
first (tree-sitter and its queries, markdown-it-py, PyYAML: about 0.2 s for a repository of
every language), which each worker would pay for again:

1. **Screening.** A pool forked at once reads the code files and runs the prefilter over them
   (`screen`: pipeline.screen_file, which settles a file that needs no parser). Meanwhile this
   process checks, itself, the files that must be parsed: the JSON and YAML files, and each code
   file the screen lets through as it comes back. So the readers are loaded here, once.
2. **Checking.** What is still to be parsed when the screen is done goes to a pool forked from
   this process, which has every reader loaded by then (or is checked here, when too few files
   are left to pay for forking).

What crosses between the processes is kept small and cheap to pickle: files go in chunks of an
eighth of a worker's share; a skipped file's result that holds nothing but its path and why comes
back as those two strings (`_reply`), any other as the cache's positional lists (cache.encode:
pickling a FileResult of NamedTuples and enums costs about 3x as much on each side, 2,000 results
75 ms against 30), and not at all when its cache entry, which holds those lists already, comes
back with it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from personalint import files
from personalint.cache import decode, encode
from personalint.result import FileResult
from personalint.source import named_format

if TYPE_CHECKING:
    from personalint.cache import Cache
    from personalint.config import Settings

CHUNKS_PER_WORKER = 8  # more balance the workers' shares (a parsed file costs 100 skipped ones), fewer cost less
MAX_CHUNK = 1024
# files: from here the screen (stage 1) has a pool of its own, and what is left to parse after it a pool
# of its own (stage 2); below, this process does the stage. A pool of two costs about 15 ms to fork and
# end, a screened file about 30 us, a parsed one about 1 ms (bench/README.md, "Figures the code cites")
SCREEN_POOL_FROM = 300
CHECK_POOL_FROM = 50

_STATE: dict[str, Any] = {}  # what the forked workers inherit: the settings, the cache and the steps
# every field of a FileResult but its path and why it was skipped, and their defaults: a result whose
# other fields all have their defaults is FileResult(path, skipped=why), so the two strings rebuild it
_OTHERS = [name for name in FileResult.__slots__ if name not in ("path", "skipped")]
_OTHER_FIELDS = attrgetter(*_OTHERS)
_DEFAULTS = _OTHER_FIELDS(FileResult(""))

# (path, why skipped), encode(result), None: the entry has it, or False: the screen left it to be parsed
Reply = tuple[str, str] | list | bool | None
Entry = tuple[str, list, bool] | None  # a cache entry (key, value, whether it is new) from a worker


class Steps(NamedTuple):
    """What the run does with a file (pipeline.py's functions, handed in: this module never imports it)."""

    check: Callable[..., FileResult]  # check_file
    screen: Callable[..., FileResult | None]  # screen_file: the result of a file that needs no parser, else None


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
    items: list[tuple[str, bool]], settings: Settings, cache: Cache | None, jobs: int, steps: Steps
) -> Iterator[FileResult]:
    """`steps.check` over (path, walked) items with `jobs` worker processes, in order."""
    _STATE.update(settings=settings, cache=cache, steps=steps)
    run = _Run(items, settings, cache, steps)
    # the parent's objects to the permanent generation: a worker's garbage collections then never
    # walk them, which would write to (and so copy) every page of them that fork shares (a process
    # that froze its own objects, as the language server does, keeps them frozen)
    freeze = gc.get_freeze_count() == 0
    try:
        _screening(run, jobs, freeze)
        _checking(run, jobs, freeze)
    finally:
        _STATE.clear()
        if freeze:
            gc.unfreeze()
    for result in run.results:
        assert result is not None
        yield result


class _Run:
    """A run's files, their results as they come, and the files still to be parsed."""

    def __init__(self, items: list[tuple[str, bool]], settings: Settings, cache: Cache | None, steps: Steps) -> None:
        self.items, self.settings, self.cache, self.steps = items, settings, cache, steps
        self.results: list[FileResult | None] = [None] * len(items)
        self.screened: list[int] = []  # the code files a walk found: the prefilter decides on them
        self.todo: deque[int] = deque()  # to be parsed
        self.unready: dict[str, None] = {}  # the formats of those whose readers are not loaded yet
        self.asked: set[str | None] = set()  # every format to be parsed so far
        for index, (path, walked) in enumerate(items):
            if files.prefiltered(path, walked):
                self.screened.append(index)
            else:
                self.parse(index)

    def parse(self, index: int) -> None:
        """`index` is to be parsed: in a pool of stage 2, or here."""
        self.todo.append(index)
        format = named_format(self.items[index][0])
        if format not in self.asked:
            self.asked.add(format)
            if format is not None:
                self.unready[format] = None

    def work(self) -> None:
        """One step of this process's own work while the workers screen: load a reader, else check a file."""
        if self.unready:
            format = next(iter(self.unready))
            del self.unready[format]
            prepare(format, self.settings)
        else:
            self.here(self.todo.popleft())

    def here(self, index: int) -> None:
        """A file checked in this process."""
        path, walked = self.items[index]
        self.results[index] = self.steps.check(path, self.settings, walked=walked, cache=self.cache)


def _screening(run: _Run, jobs: int, freeze: bool) -> None:
    """Stage 1: the code files screened, in a pool when there are many; the files to be parsed are
    checked here meanwhile, which loads their readers in this process."""
    if len(run.screened) < SCREEN_POOL_FROM:
        for index in run.screened:
            path, walked = run.items[index]
            result = run.steps.screen(path, run.settings, walked=walked, cache=run.cache)
            if result is None:
                run.parse(index)
            run.results[index] = result
        return
    if freeze:
        gc.freeze()
    size = _chunk(len(run.screened), jobs)
    chunks = [run.screened[start : start + size] for start in range(0, len(run.screened), size)]
    with _pool(jobs) as pool:
        # chunks of one task each, so that their replies can be waited for with a timeout
        replies = pool.imap(_screen, [[run.items[i] for i in chunk] for chunk in chunks])
        for chunk in chunks:
            while True:  # while no chunk is back, this process loads a reader or checks a file
                try:
                    back = replies.next(timeout=0 if run.todo or run.unready else None)
                    break
                except multiprocessing.TimeoutError:
                    run.work()
            for index, (reply, entry) in zip(chunk, back, strict=True):
                if reply is False:
                    run.parse(index)
                else:
                    run.results[index] = _received(reply, entry, run.cache)


def _checking(run: _Run, jobs: int, freeze: bool) -> None:
    """Stage 2: the files still to be parsed, in a pool forked from this process (which has loaded
    their readers by now) when there are enough of them, else here."""
    left = sorted(run.todo)
    if len(left) < CHECK_POOL_FROM:
        for index in left:
            run.here(index)
        return
    for format in run.unready:  # loaded once, here, rather than by each worker
        prepare(format, run.settings)
    if freeze:
        gc.freeze()  # what this process has loaded since the first freeze (the readers) too
    with _pool(jobs) as pool:
        replies = pool.imap(_one, [run.items[i] for i in left], chunksize=_chunk(len(left), jobs))
        for index, (reply, entry) in zip(left, replies, strict=True):
            run.results[index] = _received(reply, entry, run.cache)


def prepare(format: str, settings: Settings) -> None:
    """What checking a file of `format` needs, loaded in this process: its reader (source.prepare), and
    the checks of every kind (engine/document.prepare), so that the workers forked next inherit them."""
    from personalint import source
    from personalint.engine import document
    from personalint.engine.registry import registry

    source.prepare(format)
    document.prepare(registry(), settings.enabled)


def _pool(jobs: int) -> Any:
    return multiprocessing.get_context("fork").Pool(jobs)


def _chunk(count: int, jobs: int) -> int:
    return max(1, min(MAX_CHUNK, count // (jobs * CHUNKS_PER_WORKER)))


def _received(reply: Reply, entry: Entry, cache: Cache | None) -> FileResult:
    """A worker's result, its cache entry merged into this process's cache."""
    if cache is not None and entry is not None:
        key, value, added = entry
        cache.used[key] = value
        cache.changed = cache.changed or added
    if isinstance(reply, tuple):
        return FileResult(reply[0], skipped=reply[1])
    if isinstance(reply, list):
        return decode(reply)
    assert entry is not None  # the entry holds the result's lists
    return decode(entry[1][1])


def _one(item: tuple[str, bool]) -> tuple[Reply, Entry]:
    return _run(item, _STATE["steps"].check)


def _screen(chunk: list[tuple[str, bool]]) -> list[tuple[Reply, Entry]]:
    screen = _STATE["steps"].screen
    return [_run(item, screen) for item in chunk]


def _run(item: tuple[str, bool], step: Callable[..., FileResult | None]) -> tuple[Reply, Entry]:
    path, walked = item
    cache = _STATE["cache"]
    if cache is not None:
        cache.used.clear()  # this worker's copy: only this file's entry goes back to the parent
        cache.changed = False
    result = step(path, _STATE["settings"], walked=walked, cache=cache)
    if result is None:
        return False, None
    if cache is None or not cache.used:
        return _reply(result), None
    ((key, value),) = cache.used.items()  # value: [digest, encode(result), stamp]
    return None, (key, value, cache.changed)


def _reply(result: FileResult) -> Reply:
    """(path, why) for a skipped file's result that holds nothing else, else its positional lists."""
    if result.skipped is not None and _OTHER_FIELDS(result) == _DEFAULTS:
        return result.path, result.skipped
    return encode(result)

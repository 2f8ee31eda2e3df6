"""When documents are checked: debounced, one run per document at a time, stale results dropped.

Everything here runs on the server's event loop except `run`, which the executor's threads
run, so a check never blocks the message loop. A change to an idle document is checked at
once (a lone edit pays no delay); a change that comes while a run of the document is in flight
or waiting only updates the text: when the run in flight ends, its result is stale, so it is
dropped (never published) and the newest text is checked after the debounce delay, which each
further change restarts (the run not started yet is cancelled with its timer). A burst of
changes costs one run in flight and one at its end. A result for a document closed since is
dropped too. A closed document is forgotten: its text, its result,
its timer and its waiters.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from personalint.finding import Finding
from personalint.lsp.text import OpenDocument

Run = Callable[[str, str, str], list[Finding]]  # (uri, path, text) -> findings, in a worker thread
Publish = Callable[[OpenDocument, list[Finding]], None]


@dataclass(frozen=True)
class Checked:
    """The findings of one version of a document's text."""

    version: int | None
    text: str
    findings: list[Finding]


class Checker:
    def __init__(self, run: Run, publish: Publish, debounce: float = 0.01, workers: int = 2) -> None:
        self.run, self.publish, self.debounce = run, publish, debounce
        self.documents: dict[str, OpenDocument] = {}
        self.results: dict[str, Checked] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._running: set[str] = set()
        self._waiters: dict[str, list[asyncio.Future[Checked]]] = {}
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="personalint-check")
        self.dropped = 0  # stale results not published (a measure for tests and logs)

    def open(self, document: OpenDocument) -> None:
        self.documents[document.uri] = document
        self.schedule(document.uri, now=True)

    def close(self, uri: str) -> None:
        self.documents.pop(uri, None)
        self.results.pop(uri, None)
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        for waiter in self._waiters.pop(uri, []):
            waiter.cancel()

    def schedule(self, uri: str, now: bool = False) -> None:
        """Check the document: at once when it is idle (or `now`), else after the debounce delay,
        its previous timer cancelled."""
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        busy = timer is not None or uri in self._running
        loop = asyncio.get_running_loop()
        self._timers[uri] = loop.call_later(self.debounce if busy and not now else 0, self._start, uri)

    def recheck_all(self) -> None:
        """Every open document checked again (its settings may have changed)."""
        for uri in list(self.documents):
            self.results.pop(uri, None)
            self.schedule(uri, now=True)

    async def current(self, uri: str) -> Checked | None:
        """The result for the document's text as it is now, waiting for a run when there is none yet."""
        document = self.documents.get(uri)
        if document is None:
            return None
        result = self.results.get(uri)
        if result is not None and result.text is document.text:
            return result
        waiter: asyncio.Future[Checked] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(uri, []).append(waiter)
        if uri not in self._running:
            self.schedule(uri, now=True)
        try:
            return await waiter
        except asyncio.CancelledError:
            return None

    def _start(self, uri: str) -> None:
        self._timers.pop(uri, None)
        document = self.documents.get(uri)
        if document is None or uri in self._running:
            return  # closed, or the run in flight starts the next one when it ends
        self._running.add(uri)
        text, version = document.text, document.version
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._executor, self.run, uri, document.path, text)
        future.add_done_callback(lambda done: self._finished(uri, text, version, done))

    def _finished(self, uri: str, text: str, version: int | None, done: asyncio.Future[list[Finding]]) -> None:
        self._running.discard(uri)
        document = self.documents.get(uri)
        if done.cancelled() or done.exception() is not None:
            return  # shutting down (`run` reports its own errors)
        if document is None:
            return  # closed while it ran: forgotten
        if document.text is not text:
            self.dropped += 1
            if uri not in self._timers:  # the changes came while it ran: check the newest text once they settle
                self._timers[uri] = asyncio.get_running_loop().call_later(self.debounce, self._start, uri)
            return
        checked = Checked(version, text, done.result())
        self.results[uri] = checked
        self.publish(document, checked.findings)
        for waiter in self._waiters.pop(uri, []):
            if not waiter.done():
                waiter.set_result(checked)

    def shutdown(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        self._executor.shutdown(wait=False, cancel_futures=True)

    def status(self) -> dict[str, int]:
        return {
            "documents": len(self.documents),
            "results": len(self.results),
            "timers": len(self._timers),
            "running": len(self._running),
            "waiters": sum(len(w) for w in self._waiters.values()),
            "dropped": self.dropped,
        }

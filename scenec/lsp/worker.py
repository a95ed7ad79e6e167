"""The language server's one check worker: analyses computed off the message loop.

Reads `Job`s (a document's uri, version and text, and a snapshot of the
other open buffers); produces `Analysis` results handed to a `deliver`
callback (the server passes one that hops back onto its event loop).
Guarantees:

- one job per document is queued at a time: a newer version replaces the
  queued one, so a burst of keystrokes costs one check;
- a check of a version that a newer one has made useless is abandoned as it
  runs (`Superseded` is raised inside the worker thread), so the last
  keystroke's check never queues behind the previous keystroke's;
- a job is never lost to that abort: an interrupted job is queued again
  unless a newer job for its document is already waiting;
- `cancel(uri)` drops a document's queued and running work (a closed file).

Parse and check results are cached by content (`AnalysisCache`), so an
edit costs one parse of the edited module and one check of the modules it
can affect.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from scenec.knowledge.world import Knowledge
from scenec.lsp.analysis import Analysis, AnalysisCache


class Superseded(BaseException):
    """Raised inside the worker thread when the check it runs is out of date.

    A BaseException so that no `except Exception` inside the checker can swallow it."""


@dataclass(frozen=True, slots=True)
class Job:
    uri: str
    version: int
    path: str
    text: str
    open_texts: Mapping[str, str]
    world: Callable[[str], Knowledge]  # the document's knowledge world (built in the worker when first needed)


class Worker:
    """A daemon thread running the latest job of each document, oldest document first."""

    def __init__(self, deliver: Callable[[Job, Analysis | None], None],
                 cache: AnalysisCache | None = None) -> None:
        self.deliver = deliver
        self.cache = cache or AnalysisCache()
        self.aborted = 0  # checks abandoned because a newer version arrived
        self._condition = threading.Condition()
        self._queue: dict[str, Job] = {}  # uri -> its newest job, in submission order
        self._running: Job | None = None
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="scenec-check", daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        with self._condition:
            self._queue.pop(job.uri, None)
            self._queue[job.uri] = job
            running = self._running
            if running is not None and running.uri == job.uri and running.version < job.version:
                self._abort()
            self._condition.notify()

    def cancel(self, uri: str) -> None:
        with self._condition:
            self._queue.pop(uri, None)
            if self._running is not None and self._running.uri == uri:
                self._abort()

    def pending(self, uri: str) -> bool:
        with self._condition:
            return uri in self._queue or (self._running is not None and self._running.uri == uri)

    def stop(self) -> None:
        with self._condition:
            self._stopped = True
            self._queue.clear()
            self._condition.notify()

    def _abort(self) -> None:
        # Called with the condition held while `_running` is set: the worker is inside
        # `_compute` or waiting for the condition to clear `_running`; `_run` catches it anywhere.
        self.aborted += 1
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread.ident),
                                                   ctypes.py_object(Superseded))

    def _run(self) -> None:
        while True:
            job = None
            try:
                with self._condition:
                    while not self._queue and not self._stopped:
                        self._condition.wait()
                    if self._stopped:
                        return
                    uri = next(iter(self._queue))
                    job = self._queue.pop(uri)
                    self._running = job
                result = self._compute(job)
                with self._condition:
                    self._running = None
                self.deliver(job, result)
            except Superseded:
                with self._condition:
                    self._running = None
                    # A stray abort (delivered after its check ended) must not lose a job.
                    if job is not None and job.uri not in self._queue:
                        self._queue[job.uri] = job

    def _compute(self, job: Job) -> Analysis | None:
        try:
            return self.cache.analyze(job.path, job.text, job.open_texts, job.world(job.path))
        except Superseded:
            raise
        except Exception:  # a checker bug must not kill the worker; the document keeps its last analysis
            import logging
            logging.getLogger(__name__).exception("checking %s failed", job.path)
            return None

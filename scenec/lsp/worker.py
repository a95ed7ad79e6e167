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
- a job is never lost to that abort: it stays queued until its result is
  delivered, unless a newer job for its document replaced it;
- `cancel(uri)` drops a document's queued and running work (a closed file).

Parse and check results are cached by content (`AnalysisCache`), so an
edit costs one parse of the edited module and one check of the modules it
can affect.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import queue
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
    """A daemon thread running the latest job of each document, oldest document first.

    The abort is an exception raised asynchronously in the worker thread, so the code it
    can land in is kept safe for it: only C-level locks (`threading.Lock`, whose `with`
    cannot be interrupted between acquiring and entering), a C queue for waking up, every
    step wrapped so a late abort anywhere is caught, and a job left running by an
    interrupted step queued again at the next."""

    def __init__(self, deliver: Callable[[Job, Analysis | None], None],
                 cache: AnalysisCache | None = None) -> None:
        self.deliver = deliver
        self.cache = cache or AnalysisCache()
        self.aborted = 0  # checks abandoned because a newer version arrived
        self._lock = threading.Lock()
        self._wake: queue.SimpleQueue[bool] = queue.SimpleQueue()
        self._queue: dict[str, Job] = {}  # uri -> its newest job, in submission order
        self._running: Job | None = None
        self._abort_sent = False
        self._stopped = False
        self._gc_was_enabled = gc.isenabled()
        self._thread = threading.Thread(target=self._run, name="scenec-check", daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        with self._lock:
            self._queue.pop(job.uri, None)
            self._queue[job.uri] = job
            running = self._running
            if running is not None and running.uri == job.uri and \
                    (running.text != job.text or running.open_texts != job.open_texts):
                self._abort()  # its inputs changed: what it would find is already out of date
        self._wake.put(True)

    def cancel(self, uri: str) -> None:
        with self._lock:
            self._queue.pop(uri, None)
            if self._running is not None and self._running.uri == uri:
                self._abort()

    def pending(self, uri: str) -> bool:
        with self._lock:
            return uri in self._queue or (self._running is not None and self._running.uri == uri)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._queue.clear()
        self._wake.put(True)

    def _abort(self) -> None:
        # Called with the lock held while `_running` is set; once per running job, so a
        # second abort cannot land in the handling of the first.
        if self._abort_sent:
            return
        self._abort_sent = True
        self.aborted += 1
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread.ident),
                                                   ctypes.py_object(Superseded))

    def _run(self) -> None:
        while not self._stopped:
            try:
                self._step()
            except Superseded:
                continue  # what the step left undone, the next step's start puts right

    def _step(self) -> None:
        # The job stays queued while it runs and leaves the queue only after its result is
        # delivered: an abort landing anywhere (even late, in the next step) loses nothing.
        with self._lock:
            job = next(iter(self._queue.values())) if self._queue else None
            self._running = job
            self._abort_sent = False
        if self._gc_was_enabled and not gc.isenabled():
            gc.enable()  # an abort between `gc.disable()` and its `try` must not leave it off
        if job is None:
            self._wake.get()
            return
        result = self._compute(job)
        self.deliver(job, result)
        with self._lock:
            if self._queue.get(job.uri) is job:
                del self._queue[job.uri]
            self._running = None

    def _compute(self, job: Job) -> Analysis | None:
        try:
            return self.cache.analyze(job.path, job.text, job.open_texts, job.world(job.path))
        except Superseded:
            raise
        except Exception:  # a checker bug must not kill the worker; the document keeps its last analysis
            logging.getLogger(__name__).exception("checking %s failed", job.path)
            return None

"""Checking and compiling the editor's text in a process of its own, so typing never waits.

A check of a 2,000-line scene and the compile after it take a second of
CPU; in a thread of the dashboard's own process that second is taken from
the UI loop one GIL slice at a time, and every key echoes late. So the
dashboard hands its checks to one child process (`CheckService.check`, called
from a thread worker): the child builds the knowledge world once (again when
`knowledge_changed` says the overlays changed), keeps a `ParseCache` so a
module whose text did not change is not parsed again, and sends back the
outcome with the plan still pickled, so a caller whose text has changed
since drops it without paying to unpickle it (`CheckReply.outcome`).

Where no child process can be started (or it dies twice), checks run in the
calling thread instead: slower to type beside, never wrong.
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from scenec.knowledge.errors import KnowledgeError
from scenec.knowledge.world import Knowledge, build_world
from scenec.lang.modules import ParseCache
from scenec.tui.work import CheckOutcome, check_buffer


def world_for(data_home: Path | None, overlays: tuple[Path, ...]) -> tuple[Knowledge, str | None]:
    """A world from the options' folders, and a notice when broken overlays fell back to the built-ins."""
    try:  # every part now, so a broken overlay is reported here rather than in a translation
        return build_world(data_home, overlays).loaded(), None
    except KnowledgeError as error:
        return build_world(None), f"knowledge overlays are invalid, using the built-ins: {error}"


@dataclass(frozen=True, slots=True)
class CheckReply:
    """A finished check: the outcome without its plan, and the plan pickled (None: no plan)."""

    bare: CheckOutcome
    plan_bytes: bytes | None
    notice: str | None  # the world's notice (broken overlays), once per world

    def outcome(self) -> CheckOutcome:
        if self.plan_bytes is None:
            return self.bare
        return replace(self.bare, plan=pickle.loads(self.plan_bytes))


# The child's state: one world per (folders, version), one parse cache for the session.
_child: dict[str, object] = {}


def _check_in_child(data_home: Path | None, overlays: tuple[Path, ...], version: int, path: Path | None,
                    text: str, open_files: Mapping[str, str]) -> CheckReply:
    key = (data_home, overlays, version)
    notice = None
    if _child.get("key") != key:
        world, notice = world_for(data_home, overlays)
        _child.update(key=key, world=world)
    cache = _child.setdefault("cache", ParseCache())
    outcome = check_buffer(path, text, world=_child["world"], cache=cache, open_files=open_files)
    plan = None if outcome.plan is None else pickle.dumps(outcome.plan, protocol=pickle.HIGHEST_PROTOCOL)
    return CheckReply(replace(outcome, plan=None), plan, notice)


class CheckService:
    """One child process that checks buffers for one dashboard; `close` ends it."""

    def __init__(self, data_home: Path | None, overlays: tuple[Path, ...],
                 local_world: Callable[[], Knowledge]) -> None:
        self._data_home, self._overlays = data_home, overlays
        self._local_world = local_world  # for checks in this process, when no child can run
        self._version = 0
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._failures = 0
        self._closed = False
        self._cache = ParseCache()

    @property
    def in_process(self) -> bool:
        """Checks run in the caller's thread (no child process could be used)."""
        return self._failures >= 2

    def knowledge_changed(self) -> None:
        with self._lock:
            self._version += 1

    def check(self, path: Path | None, text: str, open_files: Mapping[str, str] | None = None) -> CheckReply:
        """Check `text` (the unsaved contents of `path`); blocks the calling thread, never the child's caller's UI."""
        files = dict(open_files or {})
        while not self.in_process and not self._closed:
            with self._lock:
                pool, version = self._start(), self._version
            if pool is None:
                break
            try:
                return pool.submit(_check_in_child, self._data_home, self._overlays, version, path, text,
                                   files).result()
            except (BrokenProcessPool, OSError, ValueError, pickle.PicklingError, AttributeError):
                with self._lock:  # the child died (or could not start): one more try, then in-process
                    self._failures += 1
                    if self._pool is pool:
                        self._pool = None
        outcome = check_buffer(path, text, world=self._local_world(), cache=self._cache, open_files=files)
        return CheckReply(outcome, None, None)

    def _start(self) -> ProcessPoolExecutor | None:
        if self._pool is None and not self._closed:
            try:
                methods = multiprocessing.get_all_start_methods()
                context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            except (OSError, ValueError):
                self._failures = 2
        return self._pool

    def close(self) -> None:
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

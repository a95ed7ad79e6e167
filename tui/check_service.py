"""Checking, compiling and the editor's language services in processes of their own, so typing never waits.

A check of a 2,000-line scene and the compile after it take a second of
CPU, and the analysis behind a completion or a hover half of that; in a
thread of the dashboard's own process that time is taken from the UI loop
one GIL slice at a time, and every key echoes late. So the dashboard hands
this work to child processes, one per kind of work (`ChildService`), each
called from a thread worker: a child builds the knowledge world once (again
when `knowledge_changed` says the overlays changed) and keeps its state
between calls (a `ParseCache` for checks, the last analyses for the editor's
services), at a lower priority than the dashboard (`work.lower_priority`). `CheckService.check` sends back the outcome with the plan still
pickled, so a caller whose text has changed since drops it without paying to
unpickle it (`CheckReply.outcome`).

Latest wins: a call that has not started when a newer one of its kind comes
is cancelled (`ChildService.call` then returns None), so a burst of keys
never queues a burst of analyses. Where no child process can be started (or
it dies twice), the work runs in the calling thread instead: slower to type
beside, never wrong.
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from scenec.knowledge.errors import KnowledgeError
from scenec.knowledge.world import Knowledge, build_world
from scenec.lang.modules import ParseCache
from scenec.tui.work import CheckOutcome, check_buffer, lower_priority


def world_for(data_home: Path | None, overlays: tuple[Path, ...]) -> tuple[Knowledge, str | None]:
    """A world from the options' folders, and a notice when broken overlays fell back to the built-ins."""
    try:  # every part now, so a broken overlay is reported here rather than in a translation
        return build_world(data_home, overlays).loaded(), None
    except KnowledgeError as error:
        return build_world(None), f"knowledge overlays are invalid, using the built-ins: {error}"


@dataclass(frozen=True, slots=True)
class CheckReply:
    """A finished check: the outcome without its plan, and the plan pickled in two parts (None: no
    plan): the film (`plan_bytes`, the plan without `source_hash` and `source_map`) and where in the
    text it came from (`source_bytes`, those two). An edit changes the second with every key and the
    first only when it changes the film, so the dashboard can tell "same film" by comparing bytes."""

    bare: CheckOutcome
    plan_bytes: bytes | None
    notice: str | None  # the world's notice (broken overlays), once per world
    source_bytes: bytes | None = None

    def outcome(self, last: tuple[bytes, Any] | None = None) -> CheckOutcome:
        """The outcome with its plan; `last` (film bytes, plan) is a plan unpickled before, whose
        film is taken as it is when the bytes are the same: unpickling holds the dashboard's
        interpreter, and typing mostly leaves the film as it was."""
        if self.plan_bytes is None:
            return self.bare
        film = last[1] if last is not None and last[0] == self.plan_bytes else pickle.loads(self.plan_bytes)
        if self.source_bytes is None:
            return replace(self.bare, plan=film)
        source_hash, source_map = pickle.loads(self.source_bytes)
        return replace(self.bare, plan=replace(film, source_hash=source_hash, source_map=source_map))


# A child's state: one world per (folders, version), and what its work keeps between calls.
_child: dict[str, Any] = {}


def _in_child(work: Callable, data_home: Path | None, overlays: tuple[Path, ...], version: int,
              args: tuple) -> tuple[str | None, Any]:
    key = (data_home, overlays, version)
    notice = None
    if _child.get("key") != key:
        world, notice = world_for(data_home, overlays)
        _child.update(key=key, world=world)
    return notice, work(_child["world"], _child, *args)


def _check(world: Knowledge, state: dict, path: Path | None, text: str, open_files: Mapping[str, str],
           pickled: bool) -> CheckReply:
    outcome = check_buffer(path, text, world=world, cache=state.setdefault("cache", ParseCache()),
                           open_files=open_files)
    if not pickled or outcome.plan is None:
        return CheckReply(outcome, None, None)
    plan = outcome.plan
    film = pickle.dumps(replace(plan, source_hash="", source_map=()), protocol=pickle.HIGHEST_PROTOCOL)
    source = pickle.dumps((plan.source_hash, plan.source_map), protocol=pickle.HIGHEST_PROTOCOL)
    return CheckReply(replace(outcome, plan=None), film, None, source)


class ChildService:
    """One child process doing one kind of work for one dashboard; `close` ends it.

    `call(work, *args)` runs `work(world, state, *args)` (a module-level function) in the child and
    returns (the world's notice or None, its result); None when a newer call cancelled it first."""

    def __init__(self, data_home: Path | None, overlays: tuple[Path, ...],
                 local_world: Callable[[], Knowledge]) -> None:
        self._data_home, self._overlays = data_home, overlays
        self._local_world = local_world  # for work in this process, when no child can run
        self._local_state: dict[str, Any] = {}
        self._version = 0
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[Callable, Future] = {}  # per kind of work, the last call sent
        self._failures = 0
        self._closed = False

    @property
    def in_process(self) -> bool:
        """Work runs in the caller's thread (no child process could be used)."""
        return self._failures >= 2

    def knowledge_changed(self) -> None:
        with self._lock:
            self._version += 1

    def call(self, work: Callable, *args) -> tuple[str | None, Any] | None:
        """Blocks the calling thread (a worker's), never the UI loop."""
        while not self.in_process and not self._closed:
            with self._lock:
                pool, version = self._start(), self._version
                if pool is None:
                    break
                earlier = self._pending.get(work)
                if earlier is not None:
                    earlier.cancel()  # a no-op once it runs; before, the newer call of its kind supersedes it
                try:
                    future = self._pending[work] = pool.submit(_in_child, work, self._data_home, self._overlays,
                                                               version, args)
                except (BrokenProcessPool, RuntimeError):
                    future = None
            try:
                if future is not None:
                    return future.result()
            except CancelledError:
                return None
            except (BrokenProcessPool, OSError, ValueError, pickle.PicklingError, AttributeError):
                pass
            with self._lock:  # the child died (or could not start): one more try, then in-process
                self._failures += 1
                if self._pool is pool:
                    self._pool = None
        return None, work(self._local_world(), self._local_state, *args)

    def _start(self) -> ProcessPoolExecutor | None:
        if self._pool is None and not self._closed:
            try:
                methods = multiprocessing.get_all_start_methods()
                context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=lower_priority)
            except (OSError, ValueError):
                self._failures = 2
        return self._pool

    def close(self) -> None:
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


class CheckService(ChildService):
    """The child that checks and compiles buffers."""

    def check(self, path: Path | None, text: str, open_files: Mapping[str, str] | None = None) -> CheckReply | None:
        """Check `text` (the unsaved contents of `path`); None when a newer check superseded it unstarted."""
        answer = self.call(_check, path, text, dict(open_files or {}), not self.in_process)
        if answer is None:
            return None
        notice, reply = answer
        return replace(reply, notice=notice) if notice else reply

"""Worker processes of the local pool: how they start and how they end.

`pool_context()` is the start method (`forkserver` where the platform has
it, else `spawn`: forking a process that runs threads is unsafe), with the
runtime preloaded in the server so each worker forks from it warm.
`signals_deferred()` holds SIGINT and SIGTERM while workers start.

Workers die with the render: `kill -9` of the `scenec render` process
gives it no chance to stop them, so each worker stops itself
(`die_with_parent`): on Linux the kernel sends it SIGKILL when its parent
exits (`prctl(PR_SET_PDEATHSIG)`; the parent is the forkserver, which
exits when the render does), and on every system a watchdog thread ends it
within `_WATCH_S` of the render's process being gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator

__all__ = ["die_with_parent", "pool_context", "signals_deferred"]

_WATCH_S = 0.5  # how often a worker checks that the render that started it is still there
_GRACE_S = 30.0  # after the signal, how long a process may take to close before it is ended
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(owner_pid: int, signum: int = signal.SIGKILL) -> None:
    """End this process when `owner_pid` (the render) or this process's parent is gone.

    Linux: the kernel sends `signum` the moment the parent exits. Everywhere:
    a daemon thread polls every `_WATCH_S` and sends `signum` to this
    process when the parent changes or `owner_pid` no longer exists (SIGTERM
    lets a process close what it holds; it is ended outright if still there
    `_GRACE_S` later).
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0)

    def watch() -> None:
        while os.getppid() == parent and _alive(owner_pid):  # also catches a death before prctl took effect
            time.sleep(_WATCH_S)
        os.kill(os.getpid(), signum)
        time.sleep(_GRACE_S)
        os._exit(1)  # the render that wanted this work is gone

    threading.Thread(target=watch, name="watch the render", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, then deliver them.

    Starting a pool worker is not atomic: interrupted half way, the parent
    forgets a child that is already being forked, and that child then
    fails noisily once the parent has gone. Python runs signal handlers in
    the main thread only, so elsewhere there is nothing to defer.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, frame: caught.append(signum))
                for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in dict.fromkeys(caught):
            signal.raise_signal(signum)


def pool_context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # The server imports these once; each worker then forks from it warm.
        context.set_forkserver_preload(["scenec.runtime.executor"])
        return context
    return multiprocessing.get_context("spawn")

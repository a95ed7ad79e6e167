"""Pause the cyclic garbage collector while building large trees.

Parsing and checking allocate hundreds of thousands of small objects that
all stay alive; each allocation burst triggers generation scans of a heap
that only grows, which more than doubled the time to check a 10,000-line
scene. Nothing built here forms reference cycles that need collecting
early, so the collector waits until the work is done.

When it resumes, what was built (all of it still in the youngest
generation) is moved to the oldest one unscanned, with `gc.freeze()` then
`gc.unfreeze()`: the tree is kept by the caller, and the first young
collection after the pause would otherwise walk every object of it (a
third of a second after a 10,000-line parse). Cycles among them are still
found by the next full collection. The outermost pause alone does this
(nested pauses return to a disabled collector), and only when no one else
holds objects frozen.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()

"""Runs that could not be stored at once wait as files, and the next writer stores them.

Recording must neither stall a render nor lose its run. When the run store
stays locked past the busy timeout (many processes writing at once) or
cannot be opened, `spool_run` writes the run as one JSON file in
`<data dir>/spool/`, atomically (a temporary name, then a rename), with a
token and the time it finished. `flush_spool` stores every waiting file and
deletes it; the token makes that idempotent, so a process killed between
storing a file and deleting it, or two processes flushing at once, store
each run exactly once. A file that is not a run (damaged by hand) is moved
aside to `*.bad` and named in the returned problems, never silently dropped.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import tempfile
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from scenec.knowledge.learning.records import NewRun, StoreError

FOLDER = "spool"
SUFFIX = ".run.json"


def spool_dir(home: Path) -> Path:
    return Path(home) / FOLDER


def spool_run(home: Path, run: NewRun, created_at: str) -> Path:
    """Keep `run` in the spool to be stored later; the file written. Raises OSError when even that fails."""
    folder = spool_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    token = f"{created_at.replace(':', '')}-{os.getpid()}-{secrets.token_hex(8)}"
    data = {"token": token, "created_at": created_at, "run": asdict(run)}
    fd, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, default=str)
            handle.flush()
            os.fsync(handle.fileno())
        target = folder / f"{token}{SUFFIX}"
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return target


def _run_of(data: dict[str, Any]) -> NewRun:
    raw = data["run"]
    known = {f.name for f in fields(NewRun)}
    values = {key: value for key, value in raw.items() if key in known}
    values["decisions"] = tuple(values.get("decisions") or ())
    values["entries"] = tuple((str(kind), str(name)) for kind, name in values.get("entries") or ())
    return NewRun(**values)


def flush_spool(store: Any) -> tuple[int, tuple[str, ...]]:
    """Store every spooled run in `store` (a RunStore) and delete its file, oldest first.
    Returns (how many were stored, problems). Stops at the first store error, leaving the rest."""
    folder = spool_dir(store.home)
    if not folder.is_dir():
        return 0, ()
    stored, problems = 0, []
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            run, token, created_at = _run_of(data), str(data["token"]), str(data["created_at"])
        except FileNotFoundError:
            continue  # another process stored it first
        except (OSError, ValueError, KeyError, TypeError, StoreError) as error:
            with contextlib.suppress(OSError):
                os.replace(path, path.with_suffix(".bad"))
            problems.append(f"{path.name} is not a recorded run ({error}); moved aside to {path.with_suffix('.bad').name}")
            continue
        store.add_run(run, token=token, created_at=created_at)  # a StoreError leaves this and the rest spooled
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        stored += 1
    return stored, tuple(problems)


def store_or_spool(store: Any, run: NewRun) -> tuple[int | None, tuple[str, ...]]:
    """Store `run` (after any runs waiting in the spool), or keep it in the spool when the store
    cannot take it now. Returns (its id, or None when spooled or lost; warnings to show)."""
    from scenec.knowledge.learning.store import now_iso

    created_at = now_iso()
    try:
        _, problems = flush_spool(store)
        return store.add_run(run, created_at=created_at), problems
    except StoreError as error:
        try:
            path = spool_run(store.home, run, created_at)
        except OSError as spool_error:
            return None, (f"run not recorded: {error}; nor could it be kept for later: "
                          f"{spool_error.strerror or spool_error}",)
        when = "once the store is moved aside" if type(error).__name__ == "StoreCorrupt" else "with the next run recorded"
        return None, (f"run kept for later in {path} ({error}); it is stored {when}",)

"""The run store under load: readers beside a writer, a writer killed mid-loop, a locked database."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from scenec import recording
from scenec.knowledge.learning.store import READ_TIMEOUT_S, RECORD_TIMEOUT_S, NewRun, open_store, store_path
from scenec.recording import record_run

WRITER = """
import sys
from pathlib import Path
from scenec.knowledge.learning.store import NewRun, open_store
store = open_store(Path(sys.argv[1]))
i = 0
while True:
    i += 1
    run_id = store.add_run(NewRun("automate", prompt=f"prompt {i}", settings={"i": i},
                                  entries=(("palette", "sunset"), ("object", "dog"))))
    print(run_id, flush=True)
"""


def test_readers_see_whole_runs_while_a_writer_adds_them(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.add_run(NewRun("render", prompt="first"))  # create and migrate before the threads start
    errors: list[BaseException] = []
    done = threading.Event()

    def write() -> None:
        try:
            for i in range(60):
                store.add_run(NewRun("render", prompt=f"run {i}", entries=(("genre", "calm"),)))
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            done.set()

    def read() -> None:
        seen = 0
        try:
            while not done.is_set():
                runs = open_store(tmp_path).runs()
                assert len(runs) >= seen
                seen = len(runs)
                # A run is never seen without its entries: both land in one transaction.
                assert all(r.entries == (("genre", "calm"),) for r in runs[1:])
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=write)] + [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(store.runs()) == 61


def test_a_writer_killed_mid_loop_loses_no_committed_run(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True, env=env)
    committed: list[int] = []
    deadline = time.monotonic() + 60
    try:
        while len(committed) < 40 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            committed.append(int(line))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
    assert len(committed) >= 40
    conn = sqlite3.connect(store_path(tmp_path))
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    runs = open_store(tmp_path).runs()
    ids = {r.id for r in runs}
    assert set(committed) <= ids
    assert all(r.entries == (("object", "dog"), ("palette", "sunset")) for r in runs)


def test_a_locked_store_warns_once_and_never_raises(tmp_path: Path, monkeypatch) -> None:
    open_store(tmp_path).add_run(NewRun("render", prompt="before"))
    # A recording waits for the lock only briefly (not a stall): it asks the store for the short timeout.
    asked: list[float] = []
    monkeypatch.setattr(recording, "open_store",
                        lambda home, timeout_s: asked.append(timeout_s) or open_store(home, timeout_s=timeout_s))
    holder = sqlite3.connect(store_path(tmp_path), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process mid-write, holding the lock
    try:
        warn = io.StringIO()
        assert record_run(home=tmp_path, warn=warn, kind="render", prompt="during", output="x.mp4") is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    lines = warn.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("scenec: warning: run not recorded: the run store is locked")
    assert asked and set(asked) == {RECORD_TIMEOUT_S} and RECORD_TIMEOUT_S < READ_TIMEOUT_S
    assert record_run(home=tmp_path, warn=warn, kind="render", prompt="after") == 2


def test_a_corrupt_store_warns_and_the_run_goes_on(tmp_path: Path) -> None:
    store_path(tmp_path).write_bytes(b"garbage" * 500)
    warn = io.StringIO()
    assert record_run(home=tmp_path, warn=warn, kind="render", prompt="p") is None
    assert "run not recorded: the run store is corrupt" in warn.getvalue()
    assert "mv " in warn.getvalue()

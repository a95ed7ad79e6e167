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

from scenec.knowledge.learning.store import NewRun, open_store, store_path
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


def test_a_locked_store_keeps_the_run_for_later_and_never_raises(tmp_path: Path) -> None:
    open_store(tmp_path).add_run(NewRun("render", prompt="before"))
    holder = sqlite3.connect(store_path(tmp_path), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process mid-write, holding the lock past the busy timeout
    try:
        warn = io.StringIO()
        assert record_run(home=tmp_path, warn=warn, kind="render", prompt="during", output="x.mp4") is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    lines = warn.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("scenec: warning: run kept for later in ")
    assert "the run store is locked" in lines[0] and len(list((tmp_path / "spool").iterdir())) == 1
    # The next run recorded stores the waiting one first, in order, and empties the spool.
    assert record_run(home=tmp_path, warn=warn, kind="render", prompt="after") == 3
    assert [r.prompt for r in open_store(tmp_path).runs()] == ["before", "during", "after"]
    assert list((tmp_path / "spool").iterdir()) == []


def test_a_spooled_run_is_stored_once_however_often_it_is_replayed(tmp_path: Path) -> None:
    from scenec.knowledge.learning.spool import flush_spool, spool_run

    store = open_store(tmp_path)
    path = spool_run(tmp_path, NewRun("render", prompt="p", entries=(("genre", "calm"),)), "2026-01-01T00:00:00+00:00")
    kept = path.read_bytes()
    assert flush_spool(store) == (1, ())
    path.write_bytes(kept)  # as if the process died after storing it and before deleting the file
    assert flush_spool(store) == (1, ())
    (run,) = store.runs()
    assert (run.prompt, run.created_at, run.entries) == ("p", "2026-01-01T00:00:00+00:00", (("genre", "calm"),))
    (tmp_path / "spool" / "broken.run.json").write_text("{not json")
    stored, problems = flush_spool(store)
    assert stored == 0 and "broken.run.json is not a recorded run" in problems[0]
    assert (tmp_path / "spool" / "broken.run.bad").exists()


RECORDER = """
import sys
from pathlib import Path
from scenec.recording import record_run
for i in range(int(sys.argv[2])):
    record_run(home=Path(sys.argv[1]), kind="automate", prompt=f"{sys.argv[3]} {i}")
"""


def test_many_processes_recording_at_once_lose_no_run(tmp_path: Path) -> None:
    open_store(tmp_path).runs()  # created and migrated once
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("SCENEC_NO_RECORD", None)
    writers = [subprocess.Popen([sys.executable, "-c", RECORDER, str(tmp_path), "100", f"w{n}"], env=env,
                                stderr=subprocess.PIPE, text=True) for n in range(6)]
    seen = 0
    while any(w.poll() is None for w in writers):  # a reader alongside, never failing, never going back
        runs = open_store(tmp_path).runs()
        assert len(runs) >= seen
        seen = len(runs)
    warnings = "".join(w.stderr.read() for w in writers)
    assert all(w.wait() == 0 for w in writers)
    assert "not recorded" not in warnings, warnings
    record_run(home=tmp_path, kind="render", prompt="last")  # stores whatever is still spooled
    prompts = [r.prompt for r in open_store(tmp_path).runs()]
    assert len(prompts) == 601 and len(set(prompts)) == 601
    conn = sqlite3.connect(store_path(tmp_path))
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_corrupt_store_warns_and_the_run_goes_on(tmp_path: Path) -> None:
    store_path(tmp_path).write_bytes(b"garbage" * 500)
    warn = io.StringIO()
    assert record_run(home=tmp_path, warn=warn, kind="render", prompt="p") is None
    assert "run kept for later in " in warn.getvalue() and "the run store is corrupt" in warn.getvalue()
    assert "mv " in warn.getvalue() and "it is stored once the store is moved aside" in warn.getvalue()
    store_path(tmp_path).rename(tmp_path / "runs.db.corrupt")
    assert record_run(home=tmp_path, kind="render", prompt="next") == 2
    assert [r.prompt for r in open_store(tmp_path).runs()] == ["p", "next"]

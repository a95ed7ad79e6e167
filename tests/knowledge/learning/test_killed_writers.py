"""`scenec automate` killed by SIGKILL mid-write loses nothing: the run store passes
`PRAGMA integrity_check`, every run the batch reported as recorded is in it, and runs that were
waiting in the spool are stored by the next writer."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from scenec.knowledge.learning.store import open_store, store_path
from scenec.recording import record_run

CAP_S = 120.0  # a generous bound on waiting for reports, not a speed requirement


def _automate(home: Path, workers: int) -> subprocess.Popen:
    env = {**os.environ, "SCENEC_HOME": str(home), "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("SCENEC_NO_RECORD", None)
    return subprocess.Popen([sys.executable, "-m", "scenec.cli", "automate", "--count", "400", "--workflow",
                             "translate-only", "--workers", str(workers), "--seed", "7"],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
                            start_new_session=True)


def _reported_runs(proc: subprocess.Popen, wanted: int) -> set[int]:
    """Run ids the batch said it recorded ("k/N ✓ run ID …"), until `wanted` of them."""
    ids: set[int] = set()
    deadline = time.monotonic() + CAP_S
    while len(ids) < wanted and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        match = re.search(r"\brun (\d+)\b", line)
        if match:
            ids.add(int(match.group(1)))
    return ids


def _check(home: Path, reported: set[int]) -> None:
    conn = sqlite3.connect(store_path(home))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    record_run(home=home, kind="render", prompt="after the kill")  # stores whatever waits in the spool
    runs = open_store(home).runs()
    assert reported <= {r.id for r in runs}
    assert not [p for p in (home / "spool").glob("*.run.json")] if (home / "spool").is_dir() else True
    assert len({r.prompt for r in runs}) == len(runs)  # nothing stored twice


def test_automate_killed_mid_batch_keeps_every_recorded_run(tmp_path: Path) -> None:
    for workers in (1, 2):
        home = tmp_path / f"home{workers}"
        proc = _automate(home, workers)
        try:
            reported = _reported_runs(proc, 12)
            assert len(reported) >= 12, "the batch reported too few runs to test anything"
        finally:
            os.killpg(proc.pid, signal.SIGKILL)  # the whole batch, workers too, mid-write
            proc.wait(timeout=30)
            proc.stderr.close()
        _check(home, reported)

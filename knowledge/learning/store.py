"""The run store: every render, generate and automate run, and the suggestions learned from them.

An SQLite database at `<data dir>/runs.db` in WAL mode (readers never wait
for the writer), with foreign keys on and a schema version kept by
`migrations.py`. Every call opens its own short-lived connection, so a store
object can be shared between threads and any number of processes can read
while one writes; each write is one transaction, so a process killed
mid-run loses at most the run it had not yet committed.

Failures surface as `StoreError` (a ValueError) with a plain message:
`StoreLocked` when another process held the write lock past the busy
timeout, `StoreCorrupt` when the file is not a readable database (the
message says how to move it aside).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scenec.knowledge.learning.migrations import CURRENT_VERSION, SchemaTooNew, migrate
from scenec.knowledge.learning.records import (
    ENTRY_KINDS, RUN_KINDS, NewRun, NewSuggestion, RunRecord, StoreError, Suggestion, run_record, suggestion_record,
)

FILENAME = "runs.db"
STATUSES = ("open", "applied", "rejected", "reverted")
READ_TIMEOUT_S = 5.0
# Recording a run waits this long for the write lock (writes take milliseconds; this covers a queue
# of other writers and a checkpoint), then keeps the run in the spool: a render never stalls on its log.
RECORD_TIMEOUT_S = 2.0

class StoreLocked(StoreError):
    pass

class StoreCorrupt(StoreError):
    pass

def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")

def _dumps(value: Any) -> str:
    return json.dumps(value, allow_nan=False, default=str)

class RunStore:
    """The store at `path`; cheap to create, safe to share between threads."""

    def __init__(self, path: Path, timeout_s: float = READ_TIMEOUT_S) -> None:
        self.path = Path(path)
        self.timeout_s = timeout_s
        self._ready = False

    @property
    def home(self) -> Path:
        return self.path.parent

    # ------------------------------------------------------------ connections

    @contextlib.contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A migrated connection in autocommit mode; sqlite errors become StoreErrors."""
        conn: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout_s * 1000)}")
            if not self._ready:
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                migrate(conn)
                self._ready = True
            yield conn
        except SchemaTooNew as error:
            raise StoreError(f"{self.path}: {error}") from None
        except OSError as error:
            raise StoreError(f"{self.path}: cannot open the run store: {error.strerror or error}") from None
        except sqlite3.Error as error:
            raise self._translate(error) from None
        finally:
            if conn is not None:
                conn.close()

    def _translate(self, error: sqlite3.Error) -> StoreError:
        text = str(error)
        if "locked" in text or "busy" in text:
            return StoreLocked(f"the run store is locked by another process ({self.path}: {text})")
        if isinstance(error, sqlite3.DatabaseError) and any(
                word in text for word in ("not a database", "malformed", "corrupt", "disk image")):
            return StoreCorrupt(f"the run store is corrupt ({self.path}: {text}); move it aside with "
                                f"`mv {self.path} {self.path}.corrupt` and scenec starts a new one")
        return StoreError(f"the run store failed ({self.path}: {text})")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def schema_version(self) -> int:
        with self.connect() as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])

    # ------------------------------------------------------------ runs

    def add_run(self, run: NewRun, *, token: str | None = None, created_at: str | None = None) -> int:
        """Record a run with its entries in one transaction; its id. A run given a `token` is stored
        once: adding it again returns the id it already has (a spooled run replayed after a crash)."""
        score = (run.intent_match or {}).get("score")
        with self.transaction() as conn:
            if token is not None:
                row = conn.execute("SELECT id FROM runs WHERE token = ?", (token,)).fetchone()
                if row is not None:
                    return int(row[0])
            cursor = conn.execute(
                "INSERT INTO runs (created_at, kind, prompt, source_path, source_hash, source_text, plan_hash, "
                "settings, timings, output, analysis, intent_match, score, decisions, token) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (created_at or now_iso(), run.kind, run.prompt, run.source_path, run.source_hash, run.source_text,
                 run.plan_hash, _dumps(run.settings), _dumps(run.timings), run.output,
                 None if run.analysis is None else _dumps(run.analysis),
                 None if run.intent_match is None else _dumps(run.intent_match),
                 None if score is None else float(score), _dumps(list(run.decisions)), token))
            run_id = int(cursor.lastrowid)
            conn.executemany("INSERT OR IGNORE INTO run_entries (run_id, kind, name) VALUES (?, ?, ?)",
                             [(run_id, kind, name) for kind, name in run.entries])
        return run_id

    def runs(self, limit: int | None = None) -> tuple[RunRecord, ...]:
        """Runs, oldest first (the last `limit` when given)."""
        with self.connect() as conn:
            if limit is None:
                rows = conn.execute("SELECT * FROM runs ORDER BY id").fetchall()
            else:
                rows = conn.execute("SELECT * FROM (SELECT * FROM runs ORDER BY id DESC LIMIT ?) ORDER BY id",
                                    (int(limit),)).fetchall()
            columns = [d[0] for d in conn.execute("SELECT * FROM runs LIMIT 0").description]
            entries: dict[int, list[tuple[str, str]]] = {}
            for run_id, kind, name in conn.execute("SELECT run_id, kind, name FROM run_entries ORDER BY kind, name"):
                entries.setdefault(run_id, []).append((kind, name))
        return tuple(run_record(dict(zip(columns, row)), entries.get(row[0], [])) for row in rows)

    def run(self, run_id: int) -> RunRecord:
        with self.connect() as conn:
            cursor = conn.execute("SELECT * FROM runs WHERE id = ?", (int(run_id),))
            row = cursor.fetchone()
            if row is None:
                raise StoreError(f"there is no run {run_id}; `scenec learn runs` lists them")
            columns = [d[0] for d in cursor.description]
            entries = conn.execute("SELECT kind, name FROM run_entries WHERE run_id = ? ORDER BY kind, name",
                                   (int(run_id),)).fetchall()
        return run_record(dict(zip(columns, row)), [tuple(e) for e in entries])

    def rate(self, run_id: int, rating: int, note: str | None = None) -> None:
        if not 1 <= int(rating) <= 5:
            raise StoreError(f"a rating is a whole number from 1 to 5, not {rating}")
        with self.transaction() as conn:
            changed = conn.execute("UPDATE runs SET rating = ?, rating_note = ? WHERE id = ?",
                                   (int(rating), note, int(run_id))).rowcount
        if not changed:
            raise StoreError(f"there is no run {run_id}; `scenec learn runs` lists them")

    def metrics(self) -> dict[str, list[float]]:
        """Series over runs, oldest first, for the dashboard: score, brightness, rating."""
        series: dict[str, list[float]] = {"score": [], "brightness": [], "rating": []}
        for run in self.runs():
            if run.score is not None:
                series["score"].append(run.score)
            if run.analysis and run.analysis.get("brightness") is not None:
                series["brightness"].append(float(run.analysis["brightness"]))
            if run.rating is not None:
                series["rating"].append(float(run.rating))
        return {name: values for name, values in series.items() if values}

    # ------------------------------------------------------------ suggestions

    def upsert_suggestion(self, new: NewSuggestion) -> tuple[int, bool]:
        """Store a suggestion, or refresh the evidence of the open one with the same fingerprint.
        Returns (id, created). A rejected or reverted fingerprint is not proposed again: the user
        has already said no to that very change of that very entry."""
        evidence = _dumps({"lines": list(new.evidence), "runs": list(new.run_ids), "figures": new.figures})
        with self.transaction() as conn:
            row = conn.execute("SELECT id, status FROM suggestions WHERE fingerprint = ? AND status IN "
                               "('open', 'rejected', 'applied', 'reverted') ORDER BY id DESC LIMIT 1",
                               (new.fingerprint,)).fetchone()
            if row is not None:
                if row[1] == "open":
                    conn.execute("UPDATE suggestions SET title = ?, change = ?, evidence = ? WHERE id = ?",
                                 (new.title, _dumps(new.change), evidence, row[0]))
                return int(row[0]), False
            cursor = conn.execute(
                "INSERT INTO suggestions (created_at, kind, target, title, change, evidence, status, fingerprint) "
                "VALUES (?, ?, ?, ?, ?, ?, 'open', ?)",
                (now_iso(), new.kind, new.target, new.title, _dumps(new.change), evidence, new.fingerprint))
            return int(cursor.lastrowid), True

    def drop_stale(self, keep: Sequence[str]) -> int:
        """Delete open suggestions whose fingerprint is not in `keep`: nobody acted on them and the
        runs no longer support them. Returns how many went."""
        with self.transaction() as conn:
            rows = conn.execute("SELECT id, fingerprint FROM suggestions WHERE status = 'open'").fetchall()
            stale = [(row[0],) for row in rows if row[1] not in set(keep)]
            conn.executemany("DELETE FROM suggestions WHERE id = ?", stale)
        return len(stale)

    def suggestions(self, status: str | Sequence[str] | None = None) -> tuple[Suggestion, ...]:
        wanted = (status,) if isinstance(status, str) else tuple(status or ())
        with self.connect() as conn:
            cursor = conn.execute("SELECT * FROM suggestions ORDER BY id")
            columns = [d[0] for d in cursor.description]
            rows = [dict(zip(columns, row)) for row in cursor.fetchall()]
        return tuple(suggestion_record(r) for r in rows if not wanted or r["status"] in wanted)

    def suggestion(self, suggestion_id: int) -> Suggestion:
        with self.connect() as conn:
            cursor = conn.execute("SELECT * FROM suggestions WHERE id = ?", (int(suggestion_id),))
            row = cursor.fetchone()
            columns = [d[0] for d in cursor.description]
        if row is None:
            raise StoreError(f"there is no suggestion {suggestion_id}; `scenec learn suggest` lists them")
        return suggestion_record(dict(zip(columns, row)))

    def mark(self, suggestion_id: int, status: str, *, by: str | None = None, reason: str | None = None,
             previous: dict[str, str | None] | None = None, written: dict[str, str | None] | None = None) -> None:
        """Move a suggestion to `status`, stamping when and by whom."""
        if status not in STATUSES:
            raise StoreError(f"a suggestion's status is one of {', '.join(STATUSES)}, not {status!r}")
        stamp = now_iso()
        with self.transaction() as conn:
            if status == "applied":
                conn.execute("UPDATE suggestions SET status = ?, applied_at = ?, reverted_at = NULL, by = ?, "
                             "reason = ?, previous = ?, written = ? WHERE id = ?",
                             (status, stamp, by, reason, _dumps(previous), _dumps(written), int(suggestion_id)))
            elif status == "reverted":
                conn.execute("UPDATE suggestions SET status = ?, reverted_at = ?, by = ?, reason = ? WHERE id = ?",
                             (status, stamp, by, reason, int(suggestion_id)))
            else:
                conn.execute("UPDATE suggestions SET status = ?, by = ?, reason = ? WHERE id = ?",
                             (status, by, reason, int(suggestion_id)))

    # The dashboard accepts and rejects through these.
    def accept(self, suggestion_id: str | int) -> None:
        from scenec.knowledge.learning.overlay import apply_suggestion, user_name
        apply_suggestion(self, int(suggestion_id), self.home, by=user_name(), reason="accepted in the dashboard")

    def reject(self, suggestion_id: str | int) -> None:
        suggestion = self.suggestion(int(suggestion_id))
        if suggestion.status != "open":
            raise StoreError(f"suggestion {suggestion.id} is {suggestion.status}; only open ones can be rejected")
        from scenec.knowledge.learning.overlay import user_name
        self.mark(suggestion.id, "rejected", by=user_name())

def store_path(home: Path) -> Path:
    return Path(home) / FILENAME

def open_store(home: Path, timeout_s: float = READ_TIMEOUT_S) -> RunStore:
    """The run store of data directory `home` (created on first write)."""
    return RunStore(store_path(home), timeout_s)

__all__ = [
    "CURRENT_VERSION", "ENTRY_KINDS", "FILENAME", "NewRun", "NewSuggestion", "RECORD_TIMEOUT_S", "RUN_KINDS",
    "RunRecord", "RunStore", "StoreCorrupt", "StoreError", "StoreLocked", "Suggestion", "open_store", "store_path",
]

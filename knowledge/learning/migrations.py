"""The run store's schema, as an ordered list of migrations.

SQLite's `PRAGMA user_version` holds the schema version: 0 for a new file,
then the number of the last migration applied. `migrate(conn)` applies the
missing ones in one `BEGIN IMMEDIATE` transaction, so two processes opening
a fresh store at once cannot both migrate it, and a crash mid-migration
leaves the previous version intact. Migrations are append-only: never edit
one that has shipped, add the next.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    summary: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "runs, the knowledge entries they used, suggestions", (
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('render', 'generate', 'automate')),
            prompt TEXT,
            source_path TEXT,
            source_hash TEXT,
            source_text TEXT,
            plan_hash TEXT,
            settings TEXT NOT NULL DEFAULT '{}',
            timings TEXT NOT NULL DEFAULT '{}',
            output TEXT,
            analysis TEXT,
            intent_match TEXT,
            score REAL,
            rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
            note TEXT
        )""",
        """CREATE TABLE run_entries (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('palette', 'object', 'genre', 'style', 'keyword', 'time', 'weather')),
            name TEXT NOT NULL,
            PRIMARY KEY (run_id, kind, name)
        )""",
        """CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            target TEXT NOT NULL,
            change TEXT NOT NULL,
            evidence TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'applied', 'rejected', 'reverted')),
            applied_at TEXT,
            reverted_at TEXT,
            by TEXT
        )""",
    )),
    Migration(2, "rating notes, translation decisions, suggestion titles and undo data, indexes", (
        "ALTER TABLE runs ADD COLUMN rating_note TEXT",
        "ALTER TABLE runs ADD COLUMN decisions TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE suggestions ADD COLUMN title TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE suggestions ADD COLUMN fingerprint TEXT",
        "ALTER TABLE suggestions ADD COLUMN reason TEXT",
        # The overlay files as they were before an apply (to revert to) and as the apply left them.
        "ALTER TABLE suggestions ADD COLUMN previous TEXT",
        "ALTER TABLE suggestions ADD COLUMN written TEXT",
        "CREATE INDEX runs_by_time ON runs(created_at)",
        "CREATE INDEX run_entries_by_entry ON run_entries(kind, name)",
        "CREATE INDEX suggestions_by_fingerprint ON suggestions(fingerprint, status)",
    )),
    Migration(3, "a token per run, so a run kept in the spool is stored once however often it is replayed", (
        "ALTER TABLE runs ADD COLUMN token TEXT",
        "CREATE UNIQUE INDEX runs_by_token ON runs(token) WHERE token IS NOT NULL",
    )),
)

CURRENT_VERSION = MIGRATIONS[-1].version


class SchemaTooNew(ValueError):
    """The database was written by a newer scenec."""


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, upto: int = CURRENT_VERSION) -> int:
    """Bring the schema of `conn` (opened with isolation_level=None) to `upto`; returns the version."""
    version = schema_version(conn)
    if version > CURRENT_VERSION:
        raise SchemaTooNew(f"the run store has schema version {version}, newer than this scenec knows "
                           f"({CURRENT_VERSION}); upgrade scenec")
    if version >= upto:
        return version
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = schema_version(conn)  # another process may have migrated while we waited
        for migration in MIGRATIONS:
            if version < migration.version <= upto:
                for statement in migration.statements:
                    conn.execute(statement)
                version = migration.version
        conn.execute(f"PRAGMA user_version = {int(version)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return version

"""The run store: migrations keep data, runs and ratings round-trip, bad files get clear messages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from scenec.knowledge.learning.migrations import CURRENT_VERSION, MIGRATIONS
from scenec.knowledge.learning.store import (
    NewRun, NewSuggestion, StoreCorrupt, StoreError, open_store, store_path,
)


def make_v1(path: Path) -> None:
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0].statements:
        conn.execute(statement)
    conn.execute("INSERT INTO runs (created_at, kind, prompt, source_hash, settings, timings, output, score, rating) "
                 "VALUES ('2025-01-01T00:00:00+00:00', 'render', 'an old run', 'abc', '{\"size\": [64, 36]}', "
                 "'{\"render_s\": 1.5}', 'old.mp4', 0.75, 4)")
    conn.execute("INSERT INTO run_entries (run_id, kind, name) VALUES (1, 'palette', 'sunset')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_a_version_1_store_is_migrated_and_keeps_its_runs(tmp_path: Path) -> None:
    make_v1(store_path(tmp_path))
    store = open_store(tmp_path)
    assert store.schema_version() == CURRENT_VERSION == 3
    (run,) = store.runs()
    assert (run.prompt, run.source_hash, run.output, run.score, run.rating) == ("an old run", "abc", "old.mp4", 0.75, 4)
    assert run.settings == {"size": [64, 36]} and run.timings == {"render_s": 1.5}
    assert run.entries == (("palette", "sunset"),)
    assert run.rating_note is None and run.decisions == ()  # columns version 2 added
    store.rate(run.id, 2, "too dark")
    assert store.run(run.id).rating_note == "too dark"
    conn = sqlite3.connect(store_path(tmp_path))
    indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"runs_by_time", "run_entries_by_entry"} <= indexes
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_new_store_is_created_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    store = open_store(tmp_path / "home")
    run_id = store.add_run(NewRun("render", prompt="p", entries=(("genre", "calm"),)))
    with store.connect() as conn:
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO run_entries (run_id, kind, name) VALUES (999, 'genre', 'calm')")
        conn.execute("DELETE FROM runs WHERE id = ?", (run_id,))
        assert conn.execute("SELECT COUNT(*) FROM run_entries").fetchone()[0] == 0  # cascaded


def test_runs_round_trip_with_their_fields(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    run_id = store.add_run(NewRun(
        "generate", prompt="a red car", source_path="car.scene", source_hash="h", source_text="scene {}",
        plan_hash="p", settings={"size": [64, 36]}, timings={"render_s": 0.5, "total_s": 1.0}, output="car.mp4",
        analysis={"brightness": 0.4, "frames": 12}, intent_match={"score": 0.5, "checks": []},
        decisions=({"field": "subject", "value": "car"},), entries=(("object", "car"), ("palette", "sunset"))))
    run = store.run(run_id)
    assert run.to_json()["analysis"] == {"brightness": 0.4, "frames": 12}
    assert run.score == 0.5 and run.frames == 12 and run.seconds == 1.0
    assert run.entries == (("object", "car"), ("palette", "sunset"))
    assert [r.id for r in store.runs(limit=1)] == [run_id]
    assert store.metrics() == {"score": [0.5], "brightness": [0.4]}


def test_bad_ratings_and_unknown_runs_are_clear_errors(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    with pytest.raises(StoreError, match="from 1 to 5"):
        store.rate(1, 6)
    with pytest.raises(StoreError, match="there is no run 7"):
        store.rate(7, 3)
    with pytest.raises(StoreError, match="kind is one of"):
        NewRun("paint")


def test_a_corrupt_file_says_how_to_move_it_aside(tmp_path: Path) -> None:
    store_path(tmp_path).write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreCorrupt, match=r"corrupt .*mv .*runs\.db .*runs\.db\.corrupt"):
        open_store(tmp_path).runs()


def test_a_store_from_a_newer_scenec_is_refused(tmp_path: Path) -> None:
    conn = sqlite3.connect(store_path(tmp_path))
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this scenec"):
        open_store(tmp_path).runs()


def _suggestion(fingerprint: str, title: str = "t") -> NewSuggestion:
    return NewSuggestion("palette", "sunset", title, {"file": "palettes.yaml", "entries": {}}, ("line",), (1,),
                         {"gap": -0.2}, fingerprint)


def test_refreshing_a_suggestion_updates_it_and_a_rejected_one_stays_closed(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    first, created = store.upsert_suggestion(_suggestion("f1", "first"))
    again, created_again = store.upsert_suggestion(_suggestion("f1", "second"))
    assert created and not created_again and first == again
    assert store.suggestion(first).title == "second"
    store.reject(first)
    assert store.upsert_suggestion(_suggestion("f1"))[1] is False
    assert store.suggestions("open") == ()
    assert store.suggestion(first).to_json()["evidence"] == {"lines": ["line"], "runs": [1], "figures": {"gap": -0.2}}

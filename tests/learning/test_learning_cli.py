"""`scenec learn runs|rate|report|suggest|apply|revert|reject` and `scenec automate` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenec.cli import main
from scenec.knowledge.learning.store import NewRun, open_store, store_path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("USER", "alice")
    return tmp_path / "home"


def add_dark_runs(home: Path, count: int = 3) -> None:
    store = open_store(home)
    check = {"kind": "brightness", "target": 0.35, "measured": 0.15, "passed": False, "detail": ""}
    for i in range(count):
        store.add_run(NewRun("render", prompt=f"dusk {i}", source_hash=f"h{i}", output=f"f{i}.mp4",
                             analysis={"brightness": 0.15}, intent_match={"score": 0.5, "checks": [check]},
                             entries=(("palette", "sunset"),)))


def test_runs_json_lists_the_contract_fields(home: Path, capsys) -> None:
    assert main(["learn", "runs", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    add_dark_runs(home, 2)
    assert main(["learn", "runs", "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in runs] == [1, 2]
    assert {"id", "created_at", "prompt", "source_hash", "output", "analysis"} <= set(runs[0])
    assert runs[0]["analysis"] == {"brightness": 0.15}
    assert main(["learn", "runs"]) == 0
    assert "dusk 1" in capsys.readouterr().out


def test_rating_a_run(home: Path, capsys) -> None:
    add_dark_runs(home, 1)
    assert main(["learn", "rate", "1", "4", "--note", "lovely light"]) == 0
    run = open_store(home).run(1)
    assert (run.rating, run.rating_note) == (4, "lovely light")
    assert main(["learn", "rate", "9", "3"]) == 1
    assert "there is no run 9" in capsys.readouterr().err
    assert main(["learn", "rate", "1", "6"]) == 2


def test_report_suggest_apply_revert(home: Path, capsys) -> None:
    add_dark_runs(home, 3)
    assert main(["learn", "report", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (sunset,) = [e for e in report["entries"] if e["name"] == "sunset"]
    assert sunset["checks"] == {"brightness": {"failed": 3, "total": 3}} and sunset["mean_brightness"] == 0.15
    assert main(["learn", "report"]) == 0
    assert "palette sunset" in capsys.readouterr().out

    assert main(["learn", "suggest", "--json"]) == 0
    (suggestion,) = json.loads(capsys.readouterr().out)
    assert suggestion["title"].startswith("palette `sunset` renders 0.15 mean luma against a 0.35 target")
    assert suggestion["evidence"]["runs"] == [1, 2, 3]
    assert main(["learn", "suggest"]) == 0
    assert f"#{suggestion['id']}" in capsys.readouterr().out

    overlay = home / "knowledge" / "palettes.yaml"
    assert main(["learn", "apply", str(suggestion["id"]), "--reason", "the dusk films are murky"]) == 0
    assert "applied by alice" in overlay.read_text()
    applied = open_store(home).suggestion(suggestion["id"])
    assert (applied.status, applied.by, applied.reason) == ("applied", "alice", "the dusk films are murky")
    assert main(["learn", "apply", str(suggestion["id"])]) == 1
    assert "already applied" in capsys.readouterr().err
    assert main(["learn", "revert", str(suggestion["id"])]) == 0
    assert not overlay.exists()
    assert main(["learn", "revert", str(suggestion["id"])]) == 1
    assert main(["learn", "apply", "42"]) == 1
    assert "there is no suggestion 42" in capsys.readouterr().err


def test_reject_closes_a_suggestion(home: Path, capsys) -> None:
    add_dark_runs(home, 3)
    assert main(["learn", "suggest", "--json"]) == 0
    (suggestion,) = json.loads(capsys.readouterr().out)
    assert main(["learn", "reject", str(suggestion["id"])]) == 0
    assert main(["learn", "suggest", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_a_corrupt_store_is_one_clear_message(home: Path, capsys) -> None:
    home.mkdir(parents=True)
    store_path(home).write_bytes(b"not sqlite" * 200)
    assert main(["learn", "runs"]) == 1
    err = capsys.readouterr().err
    assert "the run store is corrupt" in err and f"mv {store_path(home)}" in err and "Traceback" not in err


def test_automate_records_and_summarises(home: Path, capsys) -> None:
    assert main(["automate", "--count", "2", "--workflow", "translate-only", "--seed", "3", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["runs"] == [1, 2] and not summary["stopped"]
    assert main(["automate", "--count", "1", "--workflow", "nope"]) == 1
    assert "no workflow 'nope'" in capsys.readouterr().err

"""CLI messages: `compile --diagnostic-format json` prints its diagnostics; a fresh `scenec init`
project sets nothing a project file may not, so rendering it warns of nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenec.cli import main


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SCENEC_NO_RECORD", "1")


def test_compile_json_diagnostics_go_to_stderr_as_one_document(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.scene"
    bad.write_text('scene "x" {\n  size 64x64\n  shot a 1s { layer b: nope() }\n}\n')
    assert main(["compile", str(bad), "--diagnostic-format", "json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    (document,) = json.loads(captured.err)
    assert document["file"] == str(bad) and document["ok"] is False
    (diagnostic,) = document["diagnostics"]
    assert diagnostic["code"].startswith("E") and diagnostic["line"] == 3


def test_compile_json_keeps_stdout_for_the_plan(tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.scene"
    good.write_text("scene { size 32x18\n fps 4\n shot 1s { layer bg: gradient(from: navy, to: black) } }\n")
    assert main(["compile", str(good), "--diagnostic-format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["fps"] == 4
    assert json.loads(captured.err) == [{"file": str(good), "ok": True, "diagnostics": []}]


def test_an_init_project_renders_without_trust_warnings(tmp_path: Path, capsys) -> None:
    assert main(["init", str(tmp_path / "p")]) == 0
    assert "executor" not in (tmp_path / "p" / "scenec.toml").read_text().split("\n\n", 1)[1]
    capsys.readouterr()
    assert main(["config", "show", str(tmp_path / "p")]) == 0
    assert "ignored" not in capsys.readouterr().out

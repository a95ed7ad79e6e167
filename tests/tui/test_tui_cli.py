"""`scenec tui` on the command line: bad uses end in one clear message."""

from __future__ import annotations

from pathlib import Path

from scenec.cli import main


def test_tui_needs_a_terminal(tmp_path: Path, capsys) -> None:
    assert main(["tui", str(tmp_path / "x.scene")]) == 2  # pytest's stdout is not a terminal
    assert "needs a terminal" in capsys.readouterr().err


def test_tui_refuses_a_folder(tmp_path: Path, capsys) -> None:
    assert main(["tui", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err

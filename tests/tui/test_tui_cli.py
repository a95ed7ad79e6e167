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


def test_a_bad_graphics_setting_is_a_clear_error(monkeypatch, capsys, tmp_path) -> None:
    import argparse
    import io

    from scenec.commands import tui_cmd

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("SCENEC_TUI_GRAPHICS", "bogus")
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path))
    monkeypatch.setattr(tui_cmd.sys, "stdout", Terminal())
    args = argparse.Namespace(file=str(tmp_path / "x.scene"), size=None, workers=None, cache=True)
    assert tui_cmd.run(args) == 2
    assert "SCENEC_TUI_GRAPHICS='bogus' is not one of" in capsys.readouterr().err

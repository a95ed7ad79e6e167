"""`scenec knowledge` accepts a kind in the singular as well as the plural."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenec.cli import main


@pytest.mark.parametrize("kind", ["palette", "palettes"])
def test_show_takes_singular_and_plural_kinds(kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path))
    assert main(["knowledge", "show", kind, "sunset"]) == 0
    assert "# palettes: sunset" in capsys.readouterr().out


def test_list_takes_a_singular_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path))
    assert main(["knowledge", "list", "genre"]) == 0
    assert "calm" in capsys.readouterr().out.split()

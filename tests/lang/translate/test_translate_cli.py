"""`scenec translate`, `generate` and `knowledge` from the command line."""

from __future__ import annotations

import pytest

from scenec.cli import main


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path / "home"))
    return tmp_path


def test_translate_to_stdout_and_file(capsys, tmp_path):
    assert main(["translate", "a photo of a dog"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("scene ") and "layer dog: dog(" in out
    target = tmp_path / "dog.scene"
    assert main(["translate", "a photo of a dog", "-o", str(target)]) == 0
    assert target.read_text() == out


def test_explain_prints_decisions_on_stderr(capsys):
    assert main(["translate", "two red cars", "--explain", "--seed", "2"]) == 0
    captured = capsys.readouterr()
    assert "decisions" in captured.err and "two" in captured.err and "scene" in captured.out


def test_empty_prompt_is_one_clear_error(capsys):
    assert main(["translate", " "]) == 1
    assert "empty" in capsys.readouterr().err


def test_generate_renders_png_frames(tmp_path):
    out = tmp_path / "frames" / "f.png"
    out.parent.mkdir()
    keep = tmp_path / "kept.scene"
    code = main(["generate", "a red ball above a car, pan left", "-o", str(out), "--size", "64x36", "--fps", "4",
                 "--keep-scene", str(keep), "--quiet", "--no-audio", "--workers", "1"])
    assert code == 0
    assert sorted(p.name for p in out.parent.iterdir())[0] == "f_00000.png"
    assert "camera pan left" in keep.read_text()


def test_knowledge_list_show_search_names(capsys):
    assert main(["knowledge", "list"]) == 0
    assert "objects" in capsys.readouterr().out
    assert main(["knowledge", "list", "palettes"]) == 0
    assert "sunset" in capsys.readouterr().out
    assert main(["knowledge", "show", "objects", "dog"]) == 0
    assert "template: dog" in capsys.readouterr().out
    assert main(["knowledge", "show", "sunset"]) == 0
    assert "palettes" in capsys.readouterr().out
    assert main(["knowledge", "show", "nothing-called-this"]) == 1
    assert main(["knowledge", "search", "puppy"]) == 0
    assert "dog" in capsys.readouterr().out
    assert main(["knowledge", "names", "--count", "4", "--kind", "place"]) == 0
    names = capsys.readouterr().out.split()
    assert len(names) == 4 and len(set(names)) == 4

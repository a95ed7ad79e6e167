"""`scenec init`: a project that checks and renders; never overwrites."""

from __future__ import annotations

import tomllib

import pytest

from scenec.api import compile_file
from scenec.cli import main
from scenec.compiler.options import CompileOptions
from scenec.config import load_settings


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path / "home"))


def test_init_in_a_new_folder_makes_a_project_that_compiles(tmp_path, capsys):
    folder = tmp_path / "film"
    assert main(["init", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", "main.scene", "scenec.toml"]
    settings = tomllib.loads((folder / "scenec.toml").read_text())
    assert settings["render"]["output"] == "out"
    lines = (folder / "scenec.toml").read_text().split("\n")
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("output"))
    assert load_settings(folder / "main.scene").sources["output"] == f"scenec.toml:{line}"
    ignored = (folder / ".gitignore").read_text().split("\n")
    assert "out/" in ignored and "*.mp4" in ignored
    assert not [rule for rule in ignored if rule.endswith((".png", ".jpg", ".jpeg"))]  # image assets are committed
    plan, check = compile_file(folder / "main.scene", options=CompileOptions(size=(64, 36)))
    assert check.ok, [d.message for d in check.diagnostics]
    assert plan.frames == 4 * plan.fps


def test_init_in_an_empty_existing_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    assert (tmp_path / "main.scene").is_file()


def test_init_keeps_unrelated_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["init", str(tmp_path)]) == 0
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path, capsys):
    (tmp_path / "main.scene").write_text("// my film\n")
    assert main(["init", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "main.scene already exists" in err and "Traceback" not in err
    assert (tmp_path / "main.scene").read_text() == "// my film\n"
    assert not (tmp_path / "scenec.toml").exists()


def test_init_on_a_file_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "taken").write_text("")
    assert main(["init", str(tmp_path / "taken")]) == 1
    assert "not a folder" in capsys.readouterr().err

"""`knowledge-overlays` in scenec.toml extends the knowledge for commands on that project's files,
and the CLI builds one world per data directory and project, passing it down."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenec.cli import main
from scenec import edge

TOML = '[project]\nknowledge-overlays = ["knowledge"]\n'
PALETTE = "harbour:\n  description: A project palette.\n  colors:\n    sky: '#204060'\n    lamp: '#ffcc66'\n"
OBJECT = ("wolf:\n  template: dog\n  category: animal\n  words: [wolf, wolves]\n  box: [16, 22]\n"
          "  color_param: color\n  default_color: '#7d7f86'\n")
SCENE = ('scene "Harbour" {\n  palette harbour\n  shot night 1s {\n'
         '    layer bg: rect(size: (100%, 100%), fill: @sky)\n'
         '    layer lamp: circle(at: (50%, 40%), radius: 10%, fill: @lamp)\n  }\n}\n')


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SCENEC_NO_RECORD", "1")
    root = tmp_path / "harbour"
    (root / "knowledge").mkdir(parents=True)
    (root / "scenec.toml").write_text(TOML, encoding="utf-8")
    (root / "knowledge" / "palettes.yaml").write_text(PALETTE, encoding="utf-8")
    (root / "knowledge" / "objects.yaml").write_text(OBJECT, encoding="utf-8")
    (root / "film.scene").write_text(SCENE, encoding="utf-8")
    return root


def test_a_project_palette_checks_compiles_and_renders(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    film = project / "film.scene"
    assert main(["check", str(film)]) == 0
    assert main(["compile", str(film), "-o", str(project / "film.plan.json")]) == 0
    assert '"sky"' not in (project / "film.plan.json").read_text()  # the palette became colors
    output = project / "film.mp4"
    assert main(["render", str(film), "--size", "64x36", "--fps", "4", "--no-cache", "--quiet", "--workers", "1",
                 "--no-audio", "-o", str(output)]) == 0
    assert output.stat().st_size > 0


def test_outside_the_project_the_palette_is_unknown(project: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "elsewhere" / "film.scene"
    elsewhere.parent.mkdir()
    elsewhere.write_text(SCENE, encoding="utf-8")
    assert main(["check", str(elsewhere), "--format", "short"]) == 1
    assert "unknown palette `harbour`" in capsys.readouterr().err


def test_a_project_object_word_reaches_the_translator(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project)
    assert main(["translate", "a wolf on a beach", "-o", "wolf.scene"]) == 0
    text = (project / "wolf.scene").read_text()
    assert "layer wolf" in text and "dog(" in text
    assert main(["check", "wolf.scene"]) == 0
    assert main(["knowledge", "show", "object", "wolf"]) == 0
    assert "template: dog" in capsys.readouterr().out


def test_the_cli_builds_one_world_per_data_dir_and_project(project: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[tuple[Path | None, tuple[Path, ...]]] = []
    real = edge.build_world

    def counting(data_dir, project_overlays=(), shared_cache=None):
        built.append((data_dir, tuple(project_overlays)))
        return real(data_dir, project_overlays, shared_cache)

    monkeypatch.setattr(edge, "build_world", counting)
    second = project / "second.scene"
    second.write_text(SCENE, encoding="utf-8")
    assert main(["check", str(project / "film.scene"), str(second)]) == 0
    assert built == [(tmp_path / "home", (project / "knowledge",))]  # two files, one world


def test_a_users_data_dir_holds_the_learned_overlays_which_win(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    # A data-dir comes from the user's own config.toml; one in a project's scenec.toml is not trusted
    # (tests/test_config_trust.py), so it is written in the user's, pointing into the project.
    home = project.parent / "home"
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text(f'[project]\ndata-dir = "{project / "state"}"\n', encoding="utf-8")
    learned = project / "state" / "knowledge"
    learned.mkdir(parents=True)
    (learned / "palettes.yaml").write_text(PALETTE.replace("'#204060'", "'#ff0000'"), encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["knowledge", "show", "palette", "harbour"]) == 0
    shown = capsys.readouterr().out
    assert "#ff0000" in shown and "#204060" not in shown
    assert main(["check", "film.scene"]) == 0

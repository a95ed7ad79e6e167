"""Project settings: defaults < scenec.toml < flags, each with its source; bad files as diagnostics."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from scenec.cli import main
from scenec.config import ConfigError, load_settings, settings_for

TOML = """\
# settings
[render]
size = "640x360"
fps = 24
output = "films"

[project]
knowledge-overlays = ["knowledge", "more"]
"""


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path / "home"))


def project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "scenec.toml").write_text(text, encoding="utf-8")
    scene = tmp_path / "films" / "a.scene"
    scene.parent.mkdir(exist_ok=True)
    scene.write_text("scene { shot 2s { layer a: circle() } }\n")
    return scene


def test_defaults_without_a_project_file(tmp_path):
    settings = load_settings(tmp_path)
    assert settings.project_file is None
    assert settings.size is None and settings.quality == "normal" and settings.executor == "local"
    assert settings.sources["size"] == "default"
    assert settings.data_dir == tmp_path / "home"
    assert settings.sources["data-dir"] == "env SCENEC_HOME"


def test_project_file_overrides_defaults_and_says_its_line(tmp_path):
    scene = project(tmp_path, TOML)
    settings = load_settings(scene)  # found by walking up from the file
    assert settings.project_file == tmp_path / "scenec.toml"
    assert (settings.size, settings.fps) == ((640, 360), 24)
    assert settings.output == tmp_path / "films"
    assert settings.knowledge_overlays == (tmp_path / "knowledge", tmp_path / "more")
    assert settings.sources["size"] == "scenec.toml:3"
    assert settings.sources["fps"] == "scenec.toml:4"
    assert settings.sources["knowledge-overlays"] == "scenec.toml:8"
    assert settings.sources["quality"] == "default"
    assert settings.output_path(scene, ".mp4") == tmp_path / "films" / "a.mp4"


def test_flags_override_the_project_file(tmp_path):
    scene = project(tmp_path, TOML)
    args = argparse.Namespace(size=(320, 180), fps=None, quality="high", workers=None, executor=None,
                              scheduler=None)
    settings = settings_for(scene, args)
    assert settings.size == (320, 180) and settings.sources["size"] == "flag --size"
    assert settings.fps == 24 and settings.sources["fps"] == "scenec.toml:4"
    assert settings.quality == "high" and settings.sources["quality"] == "flag --quality"


def test_dotted_keys_are_located_too(tmp_path):
    scene = project(tmp_path, 'render.quality = "preview"\n')
    settings = load_settings(scene)
    assert settings.quality == "preview" and settings.sources["quality"] == "scenec.toml:1"


@pytest.mark.parametrize(("text", "line", "column", "words"), [
    ('[render]\nsize = "640x360\n', 2, 16, "invalid TOML"),
    ("[render]\nfsp = 30\n", 2, 1, "did you mean `fps`"),
    ("[rendr]\nfps = 30\n", 1, 2, "did you mean `render`"),
    ('[render]\n\nfps = "thirty"\n', 3, 1, "expected a whole number"),
    ('[render]\nsize = "641x360"\n', 2, 1, "must be even"),
    ('[render]\nquality = "hgih"\n', 2, 1, 'did you mean "high"'),
    ("[project]\nknowledge-overlays = 3\n", 2, 1, "expected a list"),
])
def test_an_invalid_file_is_a_located_diagnostic(tmp_path, text, line, column, words):
    scene = project(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(scene)
    diagnostic = caught.value.diagnostic
    assert diagnostic.code == "E5006"
    assert (diagnostic.span.line, diagnostic.span.column) == (line, column)
    rendered = caught.value.render()
    assert words in rendered
    assert f"scenec.toml:{line}:{column}" in rendered and "^" in rendered


def test_config_show_prints_values_and_sources(tmp_path, capsys):
    scene = project(tmp_path, TOML)
    assert main(["config", "show", str(scene)]) == 0
    out = capsys.readouterr().out
    assert "640x360" in out and "scenec.toml:3" in out
    assert main(["config", "show", str(scene), "--json"]) == 0
    import json
    data = json.loads(capsys.readouterr().out)
    assert data["settings"]["fps"] == {"value": 24, "source": "scenec.toml:4"}


def test_config_show_of_a_missing_path_is_an_error(tmp_path, capsys):
    assert main(["config", "show", str(tmp_path / "nope") + "/"]) == 1
    assert "nope/: no such file or folder" in capsys.readouterr().err


def test_config_show_reports_a_bad_file_without_a_traceback(tmp_path, capsys):
    scene = project(tmp_path, "[render]\nworkers = 0\n")
    assert main(["config", "show", str(scene)]) == 1
    err = capsys.readouterr().err
    assert "error[E5006]" in err and "Traceback" not in err and "out of range" in err


def test_a_trusted_project_data_dir_moves_the_run_store(tmp_path: Path, monkeypatch) -> None:
    from scenec.cli import main

    monkeypatch.setenv("SCENEC_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SCENEC_NO_RECORD", "0")
    (tmp_path / "scenec.toml").write_text('[project]\ndata-dir = "state"\n')
    film = tmp_path / "f.scene"
    film.write_text("scene { size 32x18\n fps 4\n shot 1s { layer bg: gradient(from: navy, to: black) } }\n")
    assert main(["render", str(film), "--quiet", "--workers", "1", "--no-audio", "--trust-project"]) == 0
    assert (tmp_path / "state" / "runs.db").exists() and not (tmp_path / "home" / "runs.db").exists()


BROKEN_COMMANDS = (
    ("fmt", "{scene}"), ("fmt", "--check", "{scene}"), ("analyze", "{video}"), ("knowledge", "list"),
    ("knowledge", "show", "palette", "dusk"), ("learn", "runs"), ("translate", "a sunset", "-o", "{out}"),
    ("generate", "a sunset", "-o", "{video}"), ("check", "{scene}"), ("compile", "{scene}"),
    ("config", "show", "{scene}"), ("automate", "--count", "1"),
)


@pytest.mark.parametrize("broken", ["project", "user"])
@pytest.mark.parametrize("command", BROKEN_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_reports_a_broken_settings_file_as_a_located_error(tmp_path, monkeypatch, capsys, broken,
                                                                         command):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("SCENEC_HOME", str(home))
    project = tmp_path / "film"
    project.mkdir()
    monkeypatch.chdir(project)
    scene = project / "a.scene"
    scene.write_text("scene { shot 1s { layer a: rect() } }\n", encoding="utf-8")
    video = project / "a.mp4"
    video.write_bytes(b"not really a video")
    settings = project / "scenec.toml" if broken == "project" else home / "config.toml"
    settings.write_text('[render]\nfps = "fast"\n', encoding="utf-8")
    argv = [part.format(scene=scene, video=video, out=project / "b.scene") for part in command]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert f"{settings.name}:2:" in err and "E5006" in err and "fps" in err, err
    assert "Traceback" not in err
    assert scene.read_text(encoding="utf-8") == "scene { shot 1s { layer a: rect() } }\n"  # not run on defaults

"""The trust boundary of scenec.toml: a project sets what changes the film, the user sets where work
runs and where data lives; every settings file, of any shape, fails as a located diagnostic."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scenec.cli import main
from scenec.config import ConfigError, load_settings

FILM = "scene { size 32x18\n fps 4\n shot 1s { layer bg: gradient(from: navy, to: black) } }\n"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("SCENEC_HOME", str(folder))
    monkeypatch.setenv("SCENEC_NO_RECORD", "0")
    return folder


def project(root: Path, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "scenec.toml").write_text(text, encoding="utf-8")
    film = root / "f.scene"
    film.write_text(FILM)
    return film


HOSTILE = """\
[render]
executor = "dask"
scheduler = "tcp://attacker.example:8786"
tls-ca-file = "ca.pem"
output = "/tmp"
workers = 500
fps = 12
quality = "high"

[project]
data-dir = "~/elsewhere"
knowledge-overlays = ["../outside"]
"""


def test_a_hostile_project_file_sets_only_the_film(tmp_path, home):
    film = project(tmp_path / "p", HOSTILE)
    settings = load_settings(film)
    assert settings.executor == "local" and settings.scheduler is None and settings.tls_ca_file is None
    assert settings.output is None and settings.workers is None and settings.knowledge_overlays == ()
    assert settings.data_dir == home and settings.sources["data-dir"] == "env SCENEC_HOME"
    assert (settings.fps, settings.quality) == (12, "high")  # what changes the film is the project's
    ignored = {i.key: i for i in settings.ignored}
    assert set(ignored) == {"executor", "scheduler", "tls-ca-file", "output", "workers", "data-dir",
                            "knowledge-overlays"}
    assert ignored["scheduler"].where == "scenec.toml:3"
    assert "--trust-project" in ignored["executor"].warning() and "--executor" in ignored["executor"].warning()


def test_trust_project_lets_the_project_file_choose(tmp_path, home):
    film = project(tmp_path / "p", HOSTILE)
    settings = load_settings(film, trust_project=True)
    assert settings.executor == "dask" and settings.scheduler == "tcp://attacker.example:8786"
    assert settings.data_dir == Path("~/elsewhere").expanduser() and settings.ignored == ()
    assert settings.sources["executor"] == "scenec.toml:2 (trusted)"


def test_an_output_folder_inside_the_project_is_allowed_but_a_link_out_is_not(tmp_path, home):
    film = project(tmp_path / "p", '[render]\noutput = "films"\n')
    assert load_settings(film).output == tmp_path / "p" / "films"
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "p" / "films")
    settings = load_settings(film)
    assert settings.output is None and [i.key for i in settings.ignored] == ["output"]


def test_workers_up_to_the_cores_are_the_projects(tmp_path, home):
    film = project(tmp_path / "p", f"[render]\nworkers = {os.cpu_count() or 1}\n")
    assert load_settings(film).workers == (os.cpu_count() or 1)


def test_the_users_config_may_set_everything_and_flags_win(tmp_path, home):
    (home / "config.toml").write_text('[render]\nexecutor = "dask"\nscheduler = "tls://sched:8786"\n'
                                      'tls-ca-file = "ca.pem"\nworkers = 64\n[project]\ndata-dir = "data"\n')
    film = project(tmp_path / "p", '[render]\nquality = "preview"\n')
    settings = load_settings(film, {"workers": 3})
    assert settings.executor == "dask" and settings.scheduler == "tls://sched:8786"
    assert settings.tls_ca_file == home / "ca.pem" and settings.data_dir == home / "data"
    assert settings.sources["executor"] == f"user config {home / 'config.toml'}:2"
    assert settings.workers == 3 and settings.sources["workers"] == "flag --workers"
    assert settings.quality == "preview" and settings.ignored == ()


def test_render_warns_once_per_ignored_setting_and_keeps_data_home(tmp_path, home, capsys):
    film = project(tmp_path / "p", '[render]\nexecutor = "dask"\nscheduler = "tcp://127.0.0.1:9"\n'
                                   '[project]\ndata-dir = "state"\n')
    assert main(["render", str(film), "--quiet", "--workers", "1", "--no-audio"]) == 0
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if line.startswith("scenec: warning:")]
    assert len(warnings) == 3, err
    assert all("--trust-project" in line for line in warnings)
    assert (home / "runs.db").exists() and not (tmp_path / "p" / "state").exists()


def test_config_show_lists_ignored_settings_and_where_each_came_from(tmp_path, home, capsys):
    (home / "config.toml").write_text("[render]\nworkers = 2\n")
    film = project(tmp_path / "p", HOSTILE)
    assert main(["config", "show", str(film)]) == 0
    out = capsys.readouterr().out
    assert "user config" in out and "scenec.toml:7" in out and "env SCENEC_HOME" in out
    assert "ignored: [render] scheduler at scenec.toml:3" in out
    assert main(["config", "show", str(film), "--json", "--workers"]) == 2  # not a flag of config show
    capsys.readouterr()
    assert main(["config", "show", str(film), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {i["key"] for i in data["ignored"]} >= {"executor", "data-dir"}
    assert data["settings"]["workers"]["source"].startswith("user config")


BROKEN = [
    ("a = " + "[" * 500 + "\n", 1, "nested more than"),
    ("[render]\n" + "x = {" * 300 + "\n", 2, "nested more than"),
    ('[render]\nworkers = "4"\n', 2, "expected a whole number"),
    ("[render]\nworkers = 4.5\n", 2, "expected a whole number"),
    ("[render]\nqualty = \"high\"\n", 2, "did you mean `quality`"),
    ("render = 3\n", 1, "must be a table"),
    ('[render]\nscheduler = "evil"\n', 2, "tls://host:8786"),
    ("[render\n", 1, "invalid TOML"),
    ("\x00\x01garbage = = =\n", 1, "invalid TOML"),
]


@pytest.mark.parametrize(("text", "line", "words"), BROKEN)
@pytest.mark.parametrize("where", ["project", "user"])
def test_a_broken_settings_file_is_a_located_diagnostic_for_every_command(tmp_path, home, capsys, text, line,
                                                                          words, where):
    film = project(tmp_path / "p", "" if where == "user" else text)
    path = home / "config.toml" if where == "user" else tmp_path / "p" / "scenec.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_settings(film)
    assert caught.value.diagnostic.span is not None and caught.value.diagnostic.span.line == line
    for argv in (["config", "show", str(film)], ["check", str(film)], ["compile", str(film)],
                 ["render", str(film), "--workers", "1"], ["still", str(film), "--at", "0"]):
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        assert "error[E5006]" in err and words in err and f"{path.name}:{line}" in err, (argv, err)
        assert "Traceback" not in err and "internal error" not in err


@pytest.mark.parametrize("argv", [["learn", "runs"], ["learn", "suggest"], ["automate", "--count", "1"]])
def test_a_broken_user_config_stops_commands_that_use_the_data_directory(tmp_path, home, capsys, argv):
    (home / "config.toml").write_text('[project]\ndata-dir = 3\n')
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "error[E5006]" in err and "config.toml:2" in err and "Traceback" not in err


def test_worker_counts_have_a_ceiling_from_any_source(tmp_path, home, capsys):
    film = project(tmp_path / "p", "")
    assert main(["render", str(film), "--workers", "100000000000000000000"]) == 2
    assert "--workers must be at most 512" in capsys.readouterr().err
    assert main(["automate", "--count", "1", "--workers", "100000"]) == 2
    (home / "config.toml").write_text("[render]\nworkers = 100000\n")
    with pytest.raises(ConfigError, match="out of range"):
        load_settings(film)

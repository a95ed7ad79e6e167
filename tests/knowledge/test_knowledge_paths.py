"""The user data directory."""

from __future__ import annotations

from pathlib import Path

from scenec.knowledge.paths import data_dir, knowledge_overlay_dir


def test_scenec_home_wins(tmp_path):
    assert data_dir({"SCENEC_HOME": str(tmp_path)}, "linux") == tmp_path
    assert data_dir({"SCENEC_HOME": str(tmp_path)}, "win32") == tmp_path


def test_platform_defaults():
    home = Path.home()
    assert data_dir({}, "linux") == home / ".local" / "share" / "scenec"
    assert data_dir({"XDG_DATA_HOME": "/x"}, "linux") == Path("/x/scenec")
    assert data_dir({}, "darwin") == home / "Library" / "Application Support" / "scenec"
    assert data_dir({"APPDATA": "/appdata"}, "win32") == Path("/appdata") / "scenec"
    assert data_dir({"SCENEC_HOME": ""}, "linux") == home / ".local" / "share" / "scenec"


def test_overlay_dir():
    assert knowledge_overlay_dir(Path("/d")) == Path("/d/knowledge")

"""Where user data lives: `$SCENEC_HOME`, else the platform's user data directory.

This is the edge helper: only the CLI, the TUI and the LSP call `data_dir()`
(through `scenec.config`), and the only module below them that reads the
environment. Library code receives the directory, or the `Knowledge` world
built from it, as an argument, so that compiling never depends on the
environment.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

APP_NAME = "scenec"


def data_dir(environ: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """The scenec data directory (not created here).

    `$SCENEC_HOME` when set and not empty; otherwise `%APPDATA%/scenec` on
    Windows, `~/Library/Application Support/scenec` on macOS, and
    `$XDG_DATA_HOME/scenec` (default `~/.local/share/scenec`) elsewhere.
    `environ` and `platform` default to the real ones and exist for tests.
    """
    env = os.environ if environ is None else environ
    plat = sys.platform if platform is None else platform
    home_override = env.get("SCENEC_HOME", "")
    if home_override:
        return Path(home_override).expanduser()
    if plat.startswith("win"):
        appdata = env.get("APPDATA", "")
        base = Path(appdata) if appdata else Path.home() / "AppData" / "Roaming"
        return base / APP_NAME
    if plat == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    xdg = env.get("XDG_DATA_HOME", "")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / APP_NAME


def knowledge_overlay_dir(root: Path) -> Path:
    """The folder under a data directory whose `*.yaml` files overlay the built-in knowledge."""
    return root / "knowledge"


def overlay_folders(data_dir: Path | None, project_overlays: Sequence[Path] = ()) -> tuple[Path, ...]:
    """The folders whose YAML files overlay the built-ins, lowest precedence first.

    A project's `knowledge-overlays` folders (in the order `scenec.toml` lists
    them), then the data directory's learned overlays, which win.
    """
    learned = (knowledge_overlay_dir(Path(data_dir)),) if data_dir is not None else ()
    return (*(Path(folder) for folder in project_overlays), *learned)

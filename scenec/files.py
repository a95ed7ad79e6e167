"""The file-system side of scenec: the loader `lang/` reads sources through."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_FILE = "scenec.toml"


def find_project_root(path: str | os.PathLike) -> Path:
    """The nearest folder upward holding scenec.toml, else the file's own folder."""
    start = Path(path).resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / PROJECT_FILE).is_file():
            return candidate
    return folder


class FileLoader:
    """Reads sources from disk; the project root is found by walking up for scenec.toml."""

    def read(self, path: str) -> bytes:
        p = Path(path)
        if p.is_dir():
            raise IsADirectoryError(21, "Is a directory", path)
        return p.read_bytes()

    def project_root(self, path: str) -> str:
        """Absolute for an absolute path; relative to the working folder for a relative one,
        so diagnostics show paths the way the user typed them."""
        root = find_project_root(path)
        return str(root) if os.path.isabs(path) else os.path.relpath(root)

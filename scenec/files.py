"""The file-system side of scenec: the loader `lang/` reads sources through."""

from __future__ import annotations

import os
import tempfile
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

    def exists(self, path: str) -> bool:
        return Path(path).is_file()

    def project_root(self, path: str) -> str:
        """Absolute for an absolute path; relative to the working folder for a relative one,
        so diagnostics show paths the way the user typed them."""
        root = find_project_root(path)
        return str(root) if os.path.isabs(path) else os.path.relpath(root)


def write_text_atomic(path: Path, text: str) -> None:
    """Never leave a half-written file: write beside it, then rename over it (keeping its mode)."""
    path = Path(path)
    mode = path.stat().st_mode if path.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise

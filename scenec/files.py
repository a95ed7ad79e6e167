"""The file-system side of scenec: the loader `lang/` reads sources through."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PROJECT_FILE = "scenec.toml"


def missing_input(path: Path, wanted: str, pattern: str | None = "*.scene") -> str | None:
    """Why `path` cannot be read as `wanted` ("a .scene file or a plan"), or None when it is a file.
    A folder's message shows the `pattern` that names the files in it, when one is given."""
    if path.is_file():
        return None
    if path.is_dir():
        every = f" (for every scene in it: {path / pattern})" if pattern else ""
        return f"{path} is a folder; give {wanted}{every}"
    if path.exists():
        return f"{path} is not a regular file; give {wanted}"
    return f"{path}: no such file"


def output_in_folder(output: str, source: Path, suffix: str) -> Path:
    """`-o` as written: a folder (an existing one, or any path ending in `/`) takes the input's
    default name inside it (`-o out/` for sunset.scene writes out/sunset.mp4), created when missing."""
    path = Path(output)
    if path.is_dir() or output.endswith(("/", os.sep)):
        stem = source.name[: -len(source.suffix)] if source.suffix else source.name
        path.mkdir(parents=True, exist_ok=True)
        return path / (stem.removesuffix(".plan") + suffix)
    if not path.suffix:
        raise ValueError(f"-o {output}: name the file with its format's extension (.mp4, .webm, .gif or .png), "
                         f"or end it with / to write into a folder")
    return path


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


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_text_atomic(path: Path, text: str) -> None:
    """Never leave a half-written file: write beside it, then rename over it. An existing file keeps
    its mode; a new one gets the mode any new file gets here (0666 less the umask), not the
    owner-only mode of the temporary file it was written as."""
    path = Path(path)
    mode = path.stat().st_mode if path.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise

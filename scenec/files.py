"""The file-system side of scenec: the loader `lang/` reads sources through."""

from __future__ import annotations

import os
import stat
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


def read_regular(path: str | os.PathLike, limit: int, what: str = "a scene file", head: int | None = None) -> bytes:
    """The bytes of a regular file no larger than `limit` (its first `head` bytes if given), checked
    before reading: a folder, a FIFO, a device (or a link to one, such as /dev/zero) or an oversized
    file is a LoadError."""
    from scenec.lang.modules import LoadError

    info = os.stat(path)  # follows links: what is judged is what would be read
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "Is a directory", os.fspath(path))
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device" if stat.S_ISCHR(info.st_mode) or \
            stat.S_ISBLK(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file"
        raise LoadError(f"it is {kind}, not a regular file")
    if info.st_size > limit:
        raise LoadError(f"it is {info.st_size / 2**20:.1f} MiB; {what} may be at most {limit // 2**20} MiB")
    with open(path, "rb") as handle:
        if head is not None:
            return handle.read(head)
        data = handle.read(limit + 1)  # the file may have grown since stat
    if len(data) > limit:
        raise LoadError(f"it is larger than {limit // 2**20} MiB, the most {what} may be")
    return data


def real_escape(root: str | os.PathLike, path: str | os.PathLike) -> str | None:
    """Where `path` really leads (symbolic links resolved) when that is outside `root`'s real
    path, else None; a path that does not exist yet is judged by what its real parent is."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep):
        return None
    return real


class FileLoader:
    """Reads sources from disk; the project root is found by walking up for scenec.toml. Only
    regular files under the size limit are read, and nothing whose real path leaves the root."""

    def read(self, path: str) -> bytes:
        from scenec.lang.limits import MAX_SOURCE_BYTES

        return read_regular(path, MAX_SOURCE_BYTES)

    def exists(self, path: str) -> bool:
        return os.path.exists(path)  # a FIFO or folder is there, and `image_head` says what it is

    def image_head(self, path: str) -> bytes:
        from scenec.lang.image_header import HEAD_BYTES
        from scenec.lang.limits import MAX_IMAGE_BYTES

        return read_regular(path, MAX_IMAGE_BYTES, "an image", head=HEAD_BYTES)

    def escape(self, root: str, path: str) -> str | None:
        return real_escape(root, path)

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

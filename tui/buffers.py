"""Editor buffers: text with the file it saves to, loaded and saved safely.

A buffer knows its path (None for an untitled one), its current text and
the text last saved, so `dirty` needs no flag to keep in sync. Saving writes
a temporary file in the same folder and renames it over the target, so a
crash or a full disk never leaves half a scene behind.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

NEW_SCENE = """scene "Untitled" {
  size 1280x720
  fps 24

  shot opening 3s {
    layer sky: gradient(from: navy, to: black)
  }
}
"""


class BufferError(ValueError):
    """A file cannot be opened or saved; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Buffer:
    path: Path | None
    text: str
    saved_text: str  # what the file holds (or, for a new buffer, what it started with)
    on_disk: bool = True  # False until first saved

    @property
    def dirty(self) -> bool:
        return self.text != self.saved_text

    @property
    def name(self) -> str:
        return self.path.name if self.path is not None else "untitled.scene"

    def edited(self, text: str) -> Buffer:
        return replace(self, text=text)


def open_buffer(path: Path | None) -> tuple[Buffer, str | None]:
    """The buffer for `path` and a notice for the user (None when there is
    nothing to say). A missing file opens empty and saves to that path."""
    if path is None:
        return Buffer(None, NEW_SCENE, NEW_SCENE, on_disk=False), None
    if path.is_dir():
        raise BufferError(f"{path} is a folder, not a .scene file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if not path.parent.is_dir():
            return Buffer(path, "", "", on_disk=False), f"new file {path}: folder {path.parent} does not exist yet; save will fail"
        return Buffer(path, "", "", on_disk=False), f"new file {path}: it will be created when you save"
    except OSError as error:
        raise BufferError(f"cannot open {path}: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BufferError(f"cannot open {path}: not UTF-8 text (byte {error.start})") from None
    return Buffer(path, text, text), None


def save_buffer(buffer: Buffer, path: Path | None = None) -> Buffer:
    """Write the buffer to `path` (default: its own) atomically; the saved buffer."""
    target = path or buffer.path
    if target is None:
        raise BufferError("this buffer has no file yet; save it with a name (Save As)")
    write_atomic(target, buffer.text)
    return replace(buffer, path=target, saved_text=buffer.text, on_disk=True)


def write_atomic(target: Path, text: str) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise BufferError(f"cannot save {target}: folder {folder} does not exist")
    temp = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        with open(temp, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():  # keep the file's permissions across the rename
            os.chmod(temp, target.stat().st_mode & 0o7777)
        os.replace(temp, target)
    except OSError as error:
        raise BufferError(f"cannot save {target}: {error.strerror or error}") from None
    finally:
        temp.unlink(missing_ok=True)

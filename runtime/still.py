"""One frame of a plan as a PNG: `render_still(plan, frame, path)`.

Reads a plan and draws one film frame with the `FrameRenderer` the film
render uses (so the still is that frame of the film, pixel for pixel), then
writes it as a PNG (8-bit RGB, written here with zlib: Pillow's import
would be a tenth of a still), atomically (a temporary file, named as
`runtime.leftovers` names a render's, renamed into place). Kept apart from
`runtime.render` so that a still imports neither the encoder (PyAV), the
segment cache, the executor nor the soundtrack: `scenec still` is start-up
bound. Errors are `RenderError`s in plain words.
"""

from __future__ import annotations

import os
import secrets
import struct
import zlib
from pathlib import Path

import numpy as np

from scenec.compiler.plan import Plan
from scenec.runtime.frame import FrameRenderer
from scenec.runtime.leftovers import partial_prefix, pid_tag


class RenderError(ValueError):
    """A render that cannot be done as asked, in plain words."""


def render_still(plan: Plan, frame: int, path: str | os.PathLike[str], *, size: tuple[int, int] | None = None,
                 assets_root: str | os.PathLike[str] | None = None) -> Path:
    """Draw film frame `frame` and write it to `path` as a PNG, atomically."""
    target = Path(path)
    if target.suffix.lower() != ".png":
        raise RenderError(f"cannot write {target.name!r}: a still is written as .png")
    if not target.parent.is_dir():
        raise RenderError(f"cannot write {target}: folder {target.parent} does not exist")
    if not 0 <= frame < plan.frames:
        raise RenderError(f"frame {frame} is outside the film, which has frames 0..{plan.frames - 1}")
    if size is not None and (size[0] <= 0 or size[1] <= 0):
        raise RenderError(f"the frame size must be positive, got {size[0]}x{size[1]}")
    renderer = FrameRenderer(plan, assets_root=None if assets_root is None else os.fspath(assets_root), size=size)
    rgb = np.ascontiguousarray(renderer.render(frame))
    temp = target.with_name(f"{partial_prefix(target)}{pid_tag()}{secrets.token_hex(4)}.png")
    try:
        temp.write_bytes(png_bytes(rgb))
        os.replace(temp, target)
    except OSError as error:
        raise RenderError(f"cannot write {target}: {error.strerror or error}") from None
    finally:
        temp.unlink(missing_ok=True)
    return target


def png_bytes(rgb: np.ndarray) -> bytes:
    """An HxWx3 uint8 image as the bytes of a PNG file (8-bit RGB, no interlace, zlib level 6 as
    Pillow writes by default). Every row is filtered `Up` (the difference from the row above,
    modulo 256): a frame's smooth gradients compress about as well as with Pillow's choice."""
    height, width, _ = rgb.shape
    pixels = np.asarray(rgb, dtype=np.uint8).reshape(height, width * 3)
    rows = np.empty((height, 1 + width * 3), dtype=np.uint8)
    rows[:, 0] = 2  # filter type Up; above the first row the spec reads zeros
    rows[0, 1:] = pixels[0]
    np.subtract(pixels[1:], pixels[:-1], out=rows[1:, 1:])  # uint8 arithmetic wraps modulo 256

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, truecolour
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows.tobytes(), 6))
            + chunk(b"IEND", b""))

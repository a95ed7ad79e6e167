"""One frame of a plan as a PNG: `render_still(plan, frame, path)`.

Reads a plan and draws one film frame with the `FrameRenderer` the film
render uses (so the still is that frame of the film, pixel for pixel), then
writes it as a PNG with Pillow, atomically (a temporary file, named as
`runtime.leftovers` names a render's, renamed into place). Kept apart from
`runtime.render` so that a still imports neither the encoder (PyAV), the
segment cache, the executor nor the soundtrack: `scenec still` is start-up
bound. Errors are `RenderError`s in plain words.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import numpy as np
from PIL import Image

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
        Image.fromarray(rgb, "RGB").save(temp, format="PNG")
        os.replace(temp, target)
    except OSError as error:
        raise RenderError(f"cannot write {target}: {error.strerror or error}") from None
    finally:
        temp.unlink(missing_ok=True)
    return target

"""The `image` primitive: a PNG or JPEG placed in a box with contain, cover or stretch.

Images are decoded once by Pillow (cached by path and modification time),
premultiplied, and resampled bilinearly through the affine. ``cover`` crops
to the box, ``contain`` letterboxes inside it; either way the visible
rectangle gets an analytic anti-aliased edge.
"""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from typing import Sequence

import numpy as np

from scenec.lang.limits import MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE_PX
from scenec.runtime.raster.affine import Affine
from scenec.runtime.raster.buffer import Patch, RasterError
from scenec.runtime.raster.coverage import check_size
from scenec.runtime.raster.resample import place
from scenec.runtime.raster.shapes import IDENTITY
from scenec.runtime.raster.shapes import rect as rect_shape

__all__ = ["image", "load_image", "asset_path", "FITS"]

FITS = ("contain", "cover", "stretch")


def asset_path(root: str | None, relative: str) -> str:
    """The file an image layer names, relative to the assets root (a scene's folder, or the folder
    given for a plan), refused unless its real path (links resolved) stays inside that root and
    it is a regular file of at most `MAX_IMAGE_BYTES`. A plan file is untrusted input too."""
    if os.path.isabs(relative):
        raise RasterError(f"image {relative!r} is an absolute path; a plan names images relative to its assets folder")
    base = os.path.realpath(root or os.curdir)
    real = os.path.realpath(os.path.join(base, relative))
    if real != base and not real.startswith(base.rstrip(os.sep) + os.sep):
        raise RasterError(f"image {relative!r} leads outside the assets folder {base} (to {real})")
    try:
        info = os.stat(real)
    except OSError:
        raise RasterError(f"image file not found: {relative!r} (looked for {real!r})") from None
    if not stat.S_ISREG(info.st_mode):
        raise RasterError(f"image {relative!r} is not a regular file")
    if info.st_size > MAX_IMAGE_BYTES:
        raise RasterError(f"image {relative!r} is {info.st_size / 2**20:.0f} MiB; images may be at most "
                          f"{MAX_IMAGE_BYTES // 2**20} MiB")
    return real


@lru_cache(maxsize=32)
def _decode(path: str, mtime_ns: int) -> np.ndarray:
    from PIL import Image, UnidentifiedImageError  # here: a frame with no image layer needs no Pillow

    try:
        with Image.open(path) as img:
            width, height = img.size  # from the header: nothing is decoded yet
            if max(width, height) > MAX_IMAGE_SIDE_PX or width * height > MAX_IMAGE_PIXELS:
                raise RasterError(f"image {os.path.basename(path)!r} declares {width}x{height} pixels, more than "
                                  f"images may have: at most {MAX_IMAGE_SIDE_PX} pixels a side and "
                                  f"{MAX_IMAGE_PIXELS // 2**20} megapixels")
            rgba = np.asarray(img.convert("RGBA"), dtype=np.float32) / 255.0
    except Image.DecompressionBombError:  # Pillow's own guard, for far larger declarations than ours
        raise RasterError(f"image {os.path.basename(path)!r} declares more pixels than images may have: at most "
                          f"{MAX_IMAGE_SIDE_PX} pixels a side and {MAX_IMAGE_PIXELS // 2**20} megapixels") from None
    except (UnidentifiedImageError, OSError) as exc:
        raise RasterError(f"cannot read image {path!r}: {exc}") from None
    data = np.ascontiguousarray(rgba.transpose(2, 0, 1))
    data[:3] *= data[3]
    data.flags.writeable = False
    return data


def load_image(path: str) -> np.ndarray:
    """The premultiplied planar RGBA of an image file, cached until the file changes."""
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        raise RasterError(f"image file not found: {path!r}") from None
    return _decode(os.path.abspath(path), mtime)


def image(
    frame_size: Sequence[int],
    path: str,
    at: Sequence[float],
    size: Sequence[float],
    *,
    fit: str = "contain",
    affine: Affine = IDENTITY,
) -> Patch | None:
    """The image at ``path`` fitted into the box of ``size`` (w, h) centred on ``at``."""
    frame = check_size(frame_size)
    if fit not in FITS:
        raise RasterError(f"unknown image fit {fit!r}; expected one of {', '.join(FITS)}")
    bw, bh = (float(v) for v in size)
    if not (bw > 0 and bh > 0):
        return None  # an empty box shows nothing, as an empty rect or ellipse does
    src = load_image(path)
    ih, iw = src.shape[1:]
    if fit == "stretch":
        kx, ky = bw / iw, bh / ih
    else:
        pick = min if fit == "contain" else max
        kx = ky = pick(bw / iw, bh / ih)
    cx, cy = (float(v) for v in at)
    dw, dh = iw * kx, ih * ky  # drawn size in scene px
    # scene -> image pixels
    to_src = Affine(1.0 / kx, 0.0, iw / 2.0 - cx / kx, 0.0, 1.0 / ky, ih / 2.0 - cy / ky)
    vw, vh = min(dw, bw), min(dh, bh)  # visible part: cover crops to the box
    rect = (cx - vw / 2, cy - vh / 2, cx + vw / 2, cy + vh / 2)
    placed = place(frame, src, to_src, rect, affine, edge="clamp")
    if placed is None:
        return None
    box, data = placed
    # The visible rectangle's edge is cut analytically, so magnified images keep
    # crisp one-pixel borders instead of a bilinear fade into transparency.
    clip = rect_shape(frame, (cx, cy), (vw, vh), fill=(1.0, 1.0, 1.0, 1.0), affine=affine)
    if clip is None:
        return None
    data = data * _crop(clip, box)[None]
    if not data[3].any():
        return None
    return Patch(box[0], box[1], data)


def _crop(patch: Patch, box: tuple[int, int, int, int]) -> np.ndarray:
    """The alpha of ``patch`` over ``box`` (zero where the patch does not reach)."""
    x0, y0, x1, y1 = box
    out = np.zeros((y1 - y0, x1 - x0), dtype=np.float32)
    px0, py0, px1, py1 = patch.bbox
    ix0, iy0, ix1, iy1 = max(x0, px0), max(y0, py0), min(x1, px1), min(y1, py1)
    if ix1 > ix0 and iy1 > iy0:
        out[iy0 - y0 : iy1 - y0, ix0 - x0 : ix1 - x0] = patch.data[3, iy0 - py0 : iy1 - py0, ix0 - px0 : ix1 - px0]
    return out

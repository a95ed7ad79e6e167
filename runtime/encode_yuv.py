"""yuv420p frames for the encoder, converted from RGB only where a frame changed.

Read by `encode.py` (the two are the modules that write with PyAV). A
`Yuv420Planes` keeps the planes of the last frame sent; given a
`FrameUpdate` with changed boxes it converts just those boxes with swscale,
each with a margin of its surroundings, so every byte equals what a
whole-frame conversion gives (`tests/runtime/test_damage.py` checks the
encoded files are the same).
"""

from __future__ import annotations

from typing import Any

import av
import numpy as np
from av.video.reformatter import VideoReformatter

from scenec.runtime.raster.buffer import FrameUpdate, Rect

__all__ = ["Yuv420Planes"]

# swscale's rgb24 -> yuv420p chroma filter reaches 2 pixels; a box converted
# with this much of its surroundings gets exactly the whole frame's values.
_SWS_MARGIN = 4
_BOX_STEP = 32


def _box_span(start: int, end: int, size: int) -> tuple[int, int]:
    """[start, end) grown to a multiple of _BOX_STEP pixels inside [0, size),
    keeping even ends: boxes of few sizes let swscale reuse its context,
    whose set-up costs more than converting a small box."""
    length = min(size, -(-(end - start) // _BOX_STEP) * _BOX_STEP)
    start = max(0, min(start, size - length))
    return start, start + length


class Yuv420Planes:
    """The yuv420p planes of the last frame sent, as one (H*3/2, W) array in
    the layout of PyAV's `from_ndarray`, updated by converting only the boxes a
    `FrameUpdate` names (each widened to whole chroma samples and converted
    with a margin, so every byte equals a whole-frame conversion)."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.planes: np.ndarray | None = None
        self._last: Any = None  # the last whole-frame conversion, read into `planes` only when boxes follow
        self._whole, self._boxes = VideoReformatter(), VideoReformatter()  # each caches its swscale context

    def frame(self, update: FrameUpdate) -> Any:
        if update.changed is None or (self.planes is None and self._last is None):
            self.planes, self._last = None, self._convert(self._whole, update.rgb)
            return self._last
        if self.planes is None:
            self.planes, self._last = self._last.to_ndarray(), None
        for rect in update.changed:
            self._convert_box(update.rgb, rect)
        return av.VideoFrame.from_ndarray(self.planes, format="yuv420p")

    @staticmethod
    def _convert(reformatter: VideoReformatter, rgb: np.ndarray) -> Any:
        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
        return reformatter.reformat(frame, format="yuv420p", dst_colorspace="ITU709")

    def _convert_box(self, rgb: np.ndarray, rect: Rect) -> None:
        w, h, m = self.width, self.height, _SWS_MARGIN
        x0, y0 = rect[0] & ~1, rect[1] & ~1
        x1, y1 = min(w, rect[2] + (rect[2] & 1)), min(h, rect[3] + (rect[3] & 1))
        ex0, ex1 = _box_span(x0 - m, x1 + m, w)
        ey0, ey1 = _box_span(y0 - m, y1 + m, h)
        converted = self._convert(self._boxes, rgb[ey0:ey1, ex0:ex1])
        flat = self.planes.reshape(-1)
        quarter = w * h // 4
        targets = (self.planes[:h], flat[4 * quarter:5 * quarter].reshape(h // 2, w // 2),
                   flat[5 * quarter:].reshape(h // 2, w // 2))
        for index, target in enumerate(targets):
            k = 1 if index == 0 else 2  # chroma planes are half size
            plane = converted.planes[index]
            source = np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)
            target[y0 // k:y1 // k, x0 // k:x1 // k] = source[(y0 - ey0) // k:(y1 - ey0) // k, (x0 - ex0) // k:(x1 - ex0) // k]

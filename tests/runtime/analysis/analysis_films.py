"""Synthetic films for the analysis tests: seeded textures moved, cut, dissolved and encoded with PyAV.

A module with a unique name, not conftest, so test modules can import it without
clashing with other folders' conftest files.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

W, H = 160, 90


def texture(seed: int, height: int, width: int, block: int = 6) -> np.ndarray:
    """Random coloured blocks, a picture phase correlation can lock onto."""
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 256, size=(height // block + 2, width // block + 2, 3), dtype=np.uint8)
    return np.kron(small, np.ones((block, block, 1), dtype=np.uint8))[:height, :width]


def view(big: np.ndarray, cx: float, cy: float, scale: float = 1.0, roll_deg: float = 0.0) -> np.ndarray:
    """A W x H camera view of `big` centred on (cx, cy), zoomed by `scale`, turned by `roll_deg`."""
    ys, xs = np.mgrid[0:H, 0:W].astype(np.float64)
    x, y = xs - (W - 1) / 2, ys - (H - 1) / 2
    c, s = math.cos(math.radians(-roll_deg)), math.sin(math.radians(-roll_deg))
    sx = (c * x - s * y) / scale + cx
    sy = (s * x + c * y) / scale + cy
    # Bilinear sampling keeps sub-pixel moves smooth, as a real camera would.
    x0, y0 = np.floor(sx).astype(int), np.floor(sy).astype(int)
    fx, fy = (sx - x0)[..., None], (sy - y0)[..., None]
    hb, wb = big.shape[:2]

    def px(yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
        return big[np.clip(yy, 0, hb - 1), np.clip(xx, 0, wb - 1)].astype(np.float64)

    top = px(y0, x0) * (1 - fx) + px(y0, x0 + 1) * fx
    bottom = px(y0 + 1, x0) * (1 - fx) + px(y0 + 1, x0 + 1) * fx
    return np.clip(top * (1 - fy) + bottom * fy, 0, 255).astype(np.uint8)


def write_video(
    path: Path,
    frames: Sequence[np.ndarray],
    fps: int = 25,
    audio: np.ndarray | None = None,
    rate_hz: int = 48000,
) -> Path:
    """Encode frames (H.264, near-lossless) and optional mono float audio (AAC) into `path`."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps, options={"crf": "10", "preset": "ultrafast"})
        stream.width, stream.height = frames[0].shape[1], frames[0].shape[0]
        stream.pix_fmt = "yuv420p"
        audio_stream = None
        if audio is not None:
            audio_stream = container.add_stream("aac", rate=rate_hz, layout="mono")
        for array in frames:
            for packet in stream.encode(av.VideoFrame.from_ndarray(array, format="rgb24")):
                container.mux(packet)
        container.mux(stream.encode())
        if audio_stream is not None:
            chunk = 1024
            for start in range(0, len(audio), chunk):
                piece = audio[start : start + chunk].astype(np.float32)[None, :]
                frame = av.AudioFrame.from_ndarray(piece, format="fltp", layout="mono")
                frame.sample_rate = rate_hz
                frame.pts = start
                frame.time_base = Fraction(1, rate_hz)
                for packet in audio_stream.encode(frame):
                    container.mux(packet)
            container.mux(audio_stream.encode())
    return path

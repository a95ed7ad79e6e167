"""The Analysis record and its JSON form (the "Analysis JSON" contract in SYSTEM.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .camera import CameraStretch
from .color import PaletteEntry
from .loudness import AudioLevels


def _finite(value: float | None, digits: int = 6) -> float | None:
    # JSON has no Infinity or NaN; absent or unbounded figures become null.
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


@dataclass(frozen=True, slots=True)
class Analysis:
    """Measured facts of one video. `kept_frames` (not serialised) holds the RGB
    frames asked for with `keep_frames`, at analysis resolution (`width` x `height`
    are the source's size, `analysis_width` x `analysis_height` the kept frames')."""

    frames: int
    fps: float
    width: int
    height: int
    duration_s: float
    brightness: float
    contrast: float
    saturation: float
    colorfulness: float
    palette: tuple[PaletteEntry, ...]
    motion_energy: float
    cuts: tuple[int, ...]
    camera: tuple[CameraStretch, ...]
    audio: AudioLevels
    analysis_width: int = 0
    analysis_height: int = 0
    kept_frames: dict[int, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    def to_json(self) -> dict:
        """Exactly the contract keys, with only JSON-safe values (no Infinity, no NaN)."""
        return {
            "frames": self.frames,
            "fps": _finite(self.fps),
            "width": self.width,
            "height": self.height,
            "duration_s": _finite(self.duration_s),
            "brightness": _finite(self.brightness),
            "contrast": _finite(self.contrast),
            "saturation": _finite(self.saturation),
            "colorfulness": _finite(self.colorfulness),
            "palette": [{"color": p.color, "weight": _finite(p.weight)} for p in self.palette],
            "motion_energy": _finite(self.motion_energy),
            "cuts": list(self.cuts),
            "camera": [
                {
                    "start_frame": c.start_frame,
                    "end_frame": c.end_frame,
                    "move": c.move,
                    "magnitude": _finite(c.magnitude),
                }
                for c in self.camera
            ],
            "audio": {
                "present": self.audio.present,
                "loudness_lufs": _finite(self.audio.loudness_lufs, 3),
                "peak_db": _finite(self.audio.peak_db, 3),
            },
        }

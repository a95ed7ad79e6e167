"""`analyze(path)`: decode a video and measure colour, motion, cuts, camera moves and audio.

Frames stream through once; each leaves behind only small per-frame figures
(colour statistics, a cut signature, a few palette pixels, the motion from the
previous frame), so memory grows slowly with the film's length.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from .camera import Step, camera_stretches
from .color import PALETTE_SAMPLES, FrameColor, frame_color, grid_pixels, palette, thin_pixels
from .cuts import FrameSignature, detect_cuts, signature
from .decode import VideoReader, decode_audio
from .loudness import audio_levels
from .model import Analysis
from .motion import estimate, motion_gray

# Palette pixels taken from each sampled frame: enough for short films, bounded for long ones.
MIN_PIXELS_PER_FRAME = 200
MAX_PIXELS_PER_FRAME = 5000


def analyze(
    path: str | Path,
    *,
    max_frames: int | None = None,
    sample_fps: float | None = None,
    keep_frames: Iterable[int] = (),
) -> Analysis:
    """Measure the video at `path` (any format FFmpeg reads).

    `max_frames` analyses only the first frames (and the audio under them);
    `sample_fps` thins the analysed frames for speed, at the cost of cut and
    camera precision; `keep_frames` names frames to keep as RGB arrays in
    `Analysis.kept_frames`, e.g. for `match_intent`'s entity colour checks.
    Raises AnalysisError for anything that is not a readable video.
    """
    numbers: list[int] = []
    colors: list[FrameColor] = []
    signatures: list[FrameSignature] = []
    steps: list[Step] = []
    energy: list[float] = []
    pixels: list[np.ndarray] = []
    with VideoReader(path, max_frames=max_frames, sample_fps=sample_fps, keep_frames=keep_frames) as reader:
        info = reader.info
        expected = max(1, info.expected_frames // info.step)
        per_frame = int(np.clip(PALETTE_SAMPLES // expected, MIN_PIXELS_PER_FRAME, MAX_PIXELS_PER_FRAME))
        previous: np.ndarray | None = None
        for number, rgb in reader.sampled():
            gray = motion_gray(rgb)
            if previous is not None:
                dt_s = (number - numbers[-1]) / info.fps
                steps.append(Step(numbers[-1], number, dt_s, estimate(previous, gray)))
                energy.append(float(np.abs(gray - previous).mean()))
            numbers.append(number)
            colors.append(frame_color(rgb))
            signatures.append(signature(rgb, gray))
            pixels.append(grid_pixels(rgb, per_frame))
            previous = gray
        frames_total, kept = reader.frames_total, dict(reader.kept)
    cuts = detect_cuts(signatures, numbers, [(s.motion.dx, s.motion.dy) for s in steps])
    audio = decode_audio(Path(path), frames_total / info.fps)
    levels = (
        audio_levels(None) if audio is None else audio_levels(audio.samples, audio.rate_hz, audio.channel_names)
    )
    return Analysis(
        frames=frames_total,
        fps=info.fps,
        width=info.source_width,
        height=info.source_height,
        duration_s=frames_total / info.fps,
        brightness=_mean(c.brightness for c in colors),
        contrast=_mean(c.contrast for c in colors),
        saturation=_mean(c.saturation for c in colors),
        colorfulness=_mean(c.colorfulness for c in colors),
        palette=palette(thin_pixels(np.concatenate(pixels))),
        motion_energy=_mean(energy),
        cuts=tuple(cuts),
        camera=tuple(camera_stretches(steps, cuts, frames_total)),
        audio=levels,
        analysis_width=info.width,
        analysis_height=info.height,
        kept_frames=kept,
    )


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return float(np.mean(items)) if items else 0.0

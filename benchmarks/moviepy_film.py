"""The benchmark film drawn with MoviePy 2.x and numpy: `python moviepy_film.py OUT.mp4 WIDTH HEIGHT FPS SECONDS`.

Run by `render_speed.py` with the Python of `benchmarks/.venvs/moviepy`, as a
subprocess timed with its start-up. Each shot is a `VideoClip` drawing the
gradient and an anti-aliased circle per frame; the second shot cross-fades
in over the 1 s dissolve; same x264 preset and crf as scenec.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import film_spec as spec  # noqa: E402
from moviepy import CompositeVideoClip, VideoClip, vfx  # noqa: E402


def main(out: Path, width: int, height: int, fps: int, seconds: float) -> None:
    frames, cut, half = spec.shot_frames(fps, seconds)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32) + 0.5
    radius = spec.circle_radius(height)

    def gradient(top: tuple, bottom: tuple, angle: float) -> np.ndarray:
        theta = np.deg2rad(angle)
        t = (xs - width / 2) * np.cos(theta) + (ys - height / 2) * np.sin(theta)
        t = (t - t.min()) / (t.max() - t.min())
        return (np.asarray(top[:3]) * (1 - t[..., None]) + np.asarray(bottom[:3]) * t[..., None]) * 255

    def shot(index: int, start: int, end: int) -> VideoClip:
        base = gradient(*spec.SKIES[index]).astype(np.float32)
        fill = np.asarray(spec.FILLS[index][:3]) * 255
        shot_frames = (cut if index == 0 else frames) - (0 if index == 0 else cut)

        def frame_at(t: float) -> np.ndarray:
            local = t * fps + start - (0 if index == 0 else cut)
            x, y = spec.circle_at(index, width, height, shot_frames, local)
            x0, x1 = int(max(0, x - radius - 1)), int(min(width, x + radius + 2))
            y0, y1 = int(max(0, y - radius - 1)), int(min(height, y + radius + 2))
            out = base.copy()
            box = out[y0:y1, x0:x1]
            cover = np.clip(radius + 0.5 - np.hypot(xs[y0:y1, x0:x1] - x, ys[y0:y1, x0:x1] - y), 0, 1)[..., None]
            box[...] = box * (1 - cover) + fill * cover
            return out.astype(np.uint8)

        return VideoClip(frame_at, duration=(end - start) / fps)

    clips = [shot(0, 0, cut + half),
             shot(1, cut - half, frames).with_start((cut - half) / fps).with_effects([vfx.CrossFadeIn(2 * half / fps)])]
    CompositeVideoClip(clips, size=(width, height)).with_duration(frames / fps).write_videofile(
        str(out), fps=fps, codec="libx264", preset=spec.X264_PRESET, ffmpeg_params=["-crf", spec.X264_CRF],
        audio=False, logger=None)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]))

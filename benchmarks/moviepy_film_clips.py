"""The benchmark film in MoviePy 2.x as its documentation composes clips:
`python moviepy_film_clips.py OUT.mp4 WIDTH HEIGHT FPS SECONDS`.

Run by `render_speed.py` with the Python of `benchmarks/.venvs/moviepy`, as a
subprocess timed with its start-up. This is the MoviePy row the ">= 10x
faster than MoviePy" goal is judged against: each shot is a
`CompositeVideoClip` of the sky, an `ImageClip` of
`moviepy.video.tools.drawing.color_gradient`, and the ball, an `ImageClip`
with a mask from `drawing.circle` moved by `with_position(lambda t: ...)`;
the second shot starts a second early and comes in with `vfx.CrossFadeIn`,
both shots inside one `CompositeVideoClip`; same x264 preset and crf as
scenec. (`moviepy_film.py` instead draws every frame with one hand-written
numpy function per shot: faster than this, and not how MoviePy is written.)

What it draws matches scenec's film: the same sky end colours and direction
(a CSS-sized gradient line: the frame's corners meet the end colours), the
ball's radius, colour, anti-aliased edge and path. Two differences, both
MoviePy's way of doing things: the sky is interpolated in sRGB where scenec
interpolates in OKLab, and MoviePy places a clip at whole pixels, so the
ball's centre is within half a pixel of scenec's.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import film_spec as spec  # noqa: E402
from moviepy import CompositeVideoClip, ImageClip, vfx  # noqa: E402
from moviepy.video.tools.drawing import circle, color_gradient  # noqa: E402


def sky(width: int, height: int, top: tuple, bottom: tuple, angle_deg: float) -> ImageClip:
    """scenec's gradient: 0deg runs left to right, 90deg top to bottom, across the whole frame."""
    ux, uy = math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg))
    half = (abs(width * ux) + abs(height * uy)) / 2
    start = (width / 2 - 0.5 - ux * half, height / 2 - 0.5 - uy * half)  # pixel centres, as drawing.py counts
    end = (width / 2 - 0.5 + ux * half, height / 2 - 0.5 + uy * half)
    # color_gradient is color_2 at p1 and color_1 at p2 (its docstring's "from white to black" example).
    pixels = color_gradient((width, height), start, end, color_1=np.array(bottom[:3]) * 255,
                            color_2=np.array(top[:3]) * 255)
    return ImageClip(np.round(pixels).astype(np.uint8))


def ball(index: int, width: int, height: int, frames: int, fill: tuple, first_frame: float, fps: int) -> ImageClip:
    """The ball as an image with a circular mask, at the path's centre: `first_frame` is the shot's
    local frame at the clip's t = 0."""
    radius = spec.circle_radius(height)
    side = 2 * math.ceil(radius + 1)
    centre = side / 2 - 0.5  # drawing.circle measures from pixel centres
    # blur=1 ramps the edge over one pixel inside the radius: radius + 0.5 puts half cover at the radius.
    mask = circle((side, side), (centre, centre), radius + 0.5, color=1.0, bg_color=0.0, blur=1)
    colour = np.full((side, side, 3), np.round(np.array(fill[:3]) * 255), np.uint8)

    def top_left(t: float) -> tuple[float, float]:
        x, y = spec.circle_at(index, width, height, frames, first_frame + t * fps)
        return round(x - side / 2), round(y - side / 2)

    return ImageClip(colour).with_mask(ImageClip(mask, is_mask=True)).with_position(top_left)


def main(out: Path, width: int, height: int, fps: int, seconds: float) -> None:
    frames, cut, half = spec.shot_frames(fps, seconds)
    shots = []
    for index, ((top, bottom, angle), fill) in enumerate(zip(spec.SKIES, spec.FILLS)):
        start, end = (0, cut + half) if index == 0 else (cut - half, frames)
        shot_frames = cut if index == 0 else frames - cut
        local_start = start - (0 if index == 0 else cut)  # the shot's own frame at the clip's start
        shot = CompositeVideoClip([sky(width, height, top, bottom, angle),
                                   ball(index, width, height, shot_frames, fill, local_start, fps)],
                                  size=(width, height)).with_duration((end - start) / fps)
        if index == 1:
            shot = shot.with_start(start / fps).with_effects([vfx.CrossFadeIn(2 * half / fps)])
        shots.append(shot)
    CompositeVideoClip(shots, size=(width, height)).with_duration(frames / fps).write_videofile(
        str(out), fps=fps, codec="libx264", preset=spec.X264_PRESET, ffmpeg_params=["-crf", spec.X264_CRF],
        audio=False, logger=None)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]))

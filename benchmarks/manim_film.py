"""The benchmark film drawn by Manim CE: `python manim_film.py OUT.mp4 WIDTH HEIGHT FPS SECONDS`.

Run by `render_speed.py` with the Python of `benchmarks/.venvs/manim`, as a
subprocess timed with its start-up (as scenec's is). Two shots, each a
gradient-filled full-frame rectangle and a circle moving along
`film_spec.circle_path`, the second faded in over the first for the 1 s
dissolve, at scenec's x264 preset and crf, 30 fps.
"""

from __future__ import annotations

import math
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import film_spec as spec  # noqa: E402
from manim import (  # noqa: E402
    DOWN, RIGHT, UP, Circle, FadeIn, FadeOut, Rectangle, Scene, ValueTracker, config, linear, rgb_to_color,
)


def main(out: Path, width: int, height: int, fps: int, seconds: float) -> None:
    frames, cut, half = spec.shot_frames(fps, seconds)
    with tempfile.TemporaryDirectory() as media:
        config.pixel_width, config.pixel_height, config.frame_rate = width, height, fps
        config.frame_height = 8.0
        config.frame_width = 8.0 * width / height
        config.media_dir = media
        config.disable_caching = True
        config.verbosity = "ERROR"
        config.progress_bar = "none"
        config.video_encoder_options = {"preset": spec.X264_PRESET, "crf": spec.X264_CRF}
        config.output_file = "film"

        scale = config.frame_height / height

        def point(x: float, y: float):
            return (x - width / 2) * scale * RIGHT + (height / 2 - y) * scale * UP

        class Film(Scene):
            def construct(self) -> None:
                clock = ValueTracker(0.0)  # film frames
                shots = []
                for index, ((top, bottom, angle), fill) in enumerate(zip(spec.SKIES, spec.FILLS)):
                    start, end = (0, cut) if index == 0 else (cut, frames)
                    sky = Rectangle(width=config.frame_width, height=config.frame_height, stroke_width=0)
                    sky.set_fill([rgb_to_color(top[:3]), rgb_to_color(bottom[:3])], opacity=1.0)
                    theta = math.radians(angle)  # scenec's angle: 0 runs left to right, 90 top to bottom
                    sky.set_sheen_direction(math.cos(theta) * RIGHT + math.sin(theta) * DOWN)
                    ball = Circle(radius=spec.circle_radius(height) * scale, stroke_width=0)
                    ball.set_fill(rgb_to_color(fill[:3]), opacity=1.0)
                    ball.add_updater(lambda m, i=index, s=start, e=end: m.move_to(
                        point(*spec.circle_at(i, width, height, e - s, clock.get_value() - s))))
                    shots.append((sky, ball))
                self.add(*shots[0])
                self.play(clock.animate.set_value(cut - half), run_time=(cut - half) / fps, rate_func=linear)
                self.play(clock.animate.set_value(cut + half), FadeOut(*shots[0]), FadeIn(*shots[1]),
                          run_time=2 * half / fps, rate_func=linear)
                self.play(clock.animate.set_value(frames), run_time=(frames - cut - half) / fps, rate_func=linear)

        scene = Film()
        scene.render()
        shutil.move(str(scene.renderer.file_writer.movie_file_path), out)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]))

"""Speed of two hot paths that tests used to time: `python benchmarks/hot_paths.py`.

- the mix of a minute of three sources (ambient waves, calm music, a chime
  at 30 s) at 48 kHz, as `runtime.audio.mix` does for a film's soundtrack;
- 20000 snow particles drawn into a 320x180 patch.

Each is run a few times and the best time is printed, with its ratio to
real time for the mix. Nothing here asserts a time; machines differ (the
tests check what these produce, not how fast).
"""

from __future__ import annotations

import time

from scenec.compiler.passes.audio import ambient_recipe, music_recipe, sfx_recipe
from scenec.knowledge import lookup
from scenec.knowledge.registry import load_registry
from scenec.runtime import raster
from scenec.runtime.audio import Source, mix

REPEATS = 3


def best_s(work) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    registry = load_registry()
    sources = [Source("ambient", ambient_recipe(lookup.ambient_sound(registry, "waves"))),
               Source("music", music_recipe(registry, lookup.music_mood(registry, "calm")), gain_db=-6),
               Source("sfx", sfx_recipe(lookup.sfx(registry, "chime")), start_s=30)]
    mix_s = best_s(lambda: mix(sources, 60.0, 48000))
    print(f"mix of 60 s, three sources, 48 kHz: {mix_s:.2f} s ({60 / mix_s:.0f}x real time)")
    snow_s = best_s(lambda: raster.particles((320, 180), "snow", count=20000, size_px=2, t_s=1.0, seed=3))
    print(f"20000 snow particles at 320x180: {snow_s * 1000:.0f} ms")


if __name__ == "__main__":
    main()

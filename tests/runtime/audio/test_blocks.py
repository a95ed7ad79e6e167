"""The soundtrack is sized to what is asked: a range of frames synthesises and
mixes only those frames, a long sound is made in blocks, and any range is
sample for sample the matching slice of the whole film's mix."""

from __future__ import annotations

import tracemalloc

import numpy as np

from scenec.compiler.passes.audio import ambient_recipe, music_recipe
from scenec.compiler.plan import (AmbientGenerator, AmbientRecipe, AudioKind, AudioSource, CameraTrack, Harmonics,
                                  NoiseColor, Oscillator, Plan, Segment, ToneRecipe)
from scenec.knowledge import lookup
from scenec.knowledge.registry import load_registry
from scenec.runtime.audio import Source, mix, music, tone
from scenec.runtime.audio.mix import BLOCK_S, CEILING_DB, CROSSFADE_S, limit
from scenec.runtime.soundtrack import soundtrack, soundtrack_blocks

REGISTRY = load_registry()
SR = 8000
FPS = 10
RAIN = AmbientRecipe(AmbientGenerator.RAIN, NoiseColor.PINK, (200.0, 3500.0), event_rate_hz=25.0, level_db=-18.0)


def _plan(frames: int, *audio: AudioSource) -> Plan:
    return Plan(width=64, height=36, fps=FPS, frames=frames, seed=3, audio=audio,
                segments=(Segment(name="a", start_frame=0, end_frame=frames, camera=CameraTrack.still(64, 36)),))


def _film(seconds: float) -> Plan:
    frames = int(seconds * FPS)
    music = music_recipe(REGISTRY, lookup.music_mood(REGISTRY, "calm"))
    return _plan(frames,
                 AudioSource(kind=AudioKind.AMBIENT, start_frame=0, length_frames=frames, ambient=RAIN, gain_db=6.0,
                             fade_in_frames=20, fade_out_frames=35),
                 AudioSource(kind=AudioKind.MUSIC, start_frame=37, length_frames=frames - 37, music=music),
                 AudioSource(kind=AudioKind.TONE, start_frame=290, length_frames=400,
                             tone=ToneRecipe(440.0, Oscillator(Harmonics.NONE)), gain_db=-12.0))


def test_ranges_across_block_boundaries_are_slices_of_the_whole_film() -> None:
    plan = _film(2 * BLOCK_S + 17)  # bed segments overlapping across 30 s and 60 s
    whole = soundtrack(plan, sample_rate=SR)
    assert np.isfinite(whole).all() and np.abs(whole).max() <= 10 ** (CEILING_DB / 20) + 1e-6
    for start, end in ((0, 8), (295, 305), (299, 612), (601, 605), (plan.frames - 40, plan.frames)):
        part = soundtrack(plan, start, end, sample_rate=SR)
        first = round(start * SR / FPS)
        np.testing.assert_array_equal(part, whole[:, first:first + part.shape[1]], err_msg=f"{start}:{end}")


def test_streamed_blocks_join_into_the_range() -> None:
    plan = _film(BLOCK_S + 11)
    blocks = list(soundtrack_blocks(plan, 13, plan.frames - 3, SR, block_frames=70))
    assert len(blocks) > 3 and max(b.shape[1] for b in blocks) <= 70 * SR // FPS
    np.testing.assert_array_equal(np.concatenate(blocks, axis=1), soundtrack(plan, 13, plan.frames - 3, SR))


def test_a_long_bed_crossfades_between_blocks_without_a_dip_or_a_jump() -> None:
    sound = mix([Source("ambient", ambient_recipe(lookup.ambient_sound(REGISTRY, "rain")))], 2 * BLOCK_S, SR)
    window = SR // 10
    levels = np.sqrt((sound[0, : sound.shape[1] // window * window].reshape(-1, window) ** 2).mean(axis=1))
    seam = int(BLOCK_S * 10)
    around = levels[seam - 20:seam + 20]
    assert around.min() > 0.5 * np.median(levels) and around.max() < 2.0 * np.median(levels)


def test_a_long_bed_is_one_continuous_sound_with_no_join_at_block_boundaries() -> None:
    # Every sample of a long bed is a blend of two overlapping segments whose gains change
    # over a whole block, so at a block boundary nothing happens: no step in the waveform,
    # no dip or swell of level, no faster change of the level than the bed makes anywhere.
    window = SR // 10
    for name in ("wind", "rain", "waves", "crowd", "fire", "forest"):
        sound = mix([Source("ambient", ambient_recipe(lookup.ambient_sound(REGISTRY, name)), seed=3)], 125.0, SR)[0]
        levels = np.log(np.sqrt((sound[: sound.size // window * window].reshape(-1, window) ** 2).mean(axis=1)))
        change = np.abs(np.diff(levels))
        near = np.zeros(change.size, bool)
        for k in (1, 2, 3, 4):
            join = int(k * BLOCK_S * SR)
            near[join // window - 25:join // window + 25] = True
            step = abs(float(sound[join]) - float(sound[join - 1]))
            assert step <= np.abs(np.diff(sound[join - SR:join - 1])).max(), (name, k)
        assert change[near].mean() <= 1.2 * change[~near].mean(), name
        assert change[near].max() <= 1.5 * change[~near].max(), name
        assert np.all(np.abs(levels[:-1][near] - np.median(levels)) < np.log(3.0)), name


def test_a_long_bed_sample_depends_only_on_its_seed_and_index() -> None:
    # The same bed in a 70 s and a 100 s film, and any range of either: sample for sample equal
    # where both play it (neither the film's length nor the range changes the noise).
    recipe = ambient_recipe(lookup.ambient_sound(REGISTRY, "wind"))
    short = mix([Source("ambient", recipe, seed=9)], 70.0, SR)
    long = mix([Source("ambient", recipe, seed=9)], 100.0, SR)
    np.testing.assert_array_equal(short, long[:, : short.shape[1]])
    for first in (0, int(29.5 * SR), int(59.99 * SR), int(61 * SR)):
        part = mix([Source("ambient", recipe, seed=9)], 100.0, SR, first, 2 * SR)
        np.testing.assert_array_equal(part, long[:, first:first + 2 * SR])


def test_music_in_a_long_film_is_one_score_not_a_restart_every_block() -> None:
    # The score of a 70 s film (blocks at 30 s and 60 s) equals the same score synthesised in
    # one piece: same bars, notes and pitches across the joins, no new bar 1 at each block.
    for mood in ("calm", "driving"):
        recipe = music_recipe(REGISTRY, lookup.music_mood(REGISTRY, mood))
        film = mix([Source("music", recipe, seed=4)], 70.0, SR)
        whole = limit(music(recipe, 70.0, SR, 4))
        for join in (int(BLOCK_S * SR), int(2 * BLOCK_S * SR)):
            around = slice(join - 2 * SR, join + 2 * SR)
            np.testing.assert_allclose(film[:, around], whole[:, around], atol=1e-3, err_msg=mood)
            # And no step at the join bigger than the music takes within a block.
            step = np.abs(np.diff(film[:, join - 1:join + 1])).max()
            assert step <= np.abs(np.diff(film[:, join - SR:join - 2])).max(), mood
        # The block after a join is not the piece's opening again.
        assert not np.allclose(film[:, int(BLOCK_S * SR):][:, : 2 * SR], film[:, : 2 * SR], atol=1e-2)


def test_a_steady_tone_keeps_its_level_and_phase_across_block_joins() -> None:
    sound = mix([Source("tone", ToneRecipe(440.0, Oscillator(Harmonics.NONE)))], 70.0, SR)
    window = SR // 40  # eleven whole periods of 440 Hz
    levels = np.sqrt((sound[0, : sound.shape[1] // window * window].reshape(-1, window) ** 2).mean(axis=1))
    steady = levels[2:-2]
    assert steady.min() > 0.999 * steady.max()  # no dip where blocks join
    whole = tone(440.0, Oscillator(Harmonics.NONE), 70.0, SR)
    np.testing.assert_array_equal(sound, limit(whole.copy()))
    part = tone(440.0, Oscillator(Harmonics.NONE), 70.0, SR, int(29.9 * SR), SR)
    np.testing.assert_array_equal(part, whole[:, int(29.9 * SR):int(30.9 * SR)])


def test_a_long_hum_keeps_its_pitch_and_phase_across_blocks() -> None:
    # A hum is a tone: segments with different noise still hum in phase, so their overlap
    # neither cancels nor swells it.
    sound = mix([Source("ambient", ambient_recipe(lookup.ambient_sound(REGISTRY, "hum")), seed=5)], 2 * BLOCK_S, SR)
    window = SR // 10
    levels = np.sqrt((sound[0, : sound.shape[1] // window * window].reshape(-1, window) ** 2).mean(axis=1))
    seam = int(BLOCK_S * 10)
    around = levels[seam - 50:seam + 50]
    assert around.min() > 0.85 * np.median(levels) and around.max() < 1.15 * np.median(levels)


def test_a_range_of_a_film_a_million_seconds_long_costs_the_range() -> None:
    frames = 1_000_000 * FPS
    plan = _plan(frames, AudioSource(kind=AudioKind.AMBIENT, start_frame=0, length_frames=frames, ambient=RAIN),
                 AudioSource(kind=AudioKind.TONE, start_frame=0, length_frames=frames,
                             tone=ToneRecipe(220.0, Oscillator(Harmonics.NONE))))
    tracemalloc.start()
    try:
        head = soundtrack(plan, 0, 8, sample_rate=SR)
        late = soundtrack(plan, frames - 8, frames, sample_rate=SR)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert head.shape == late.shape == (2, 8 * SR // FPS)
    assert np.abs(head).max() > 0 and np.abs(late).max() > 0
    block_bytes = 2 * 4 * (BLOCK_S + CROSSFADE_S) * SR
    assert peak < 40 * block_bytes  # a few blocks' worth of work, not the film's 64 GB


def test_the_limiter_leaves_quiet_samples_alone_and_never_passes_the_ceiling() -> None:
    x = np.array([[0.0, 0.3, -0.45, 0.9, -5.0, 1e6]], np.float32)
    y = limit(x.copy())
    np.testing.assert_array_equal(y[0, :3], x[0, :3])
    ceiling = 10 ** (CEILING_DB / 20)
    assert np.all(np.abs(y) <= ceiling + 1e-7) and np.all(np.diff(np.abs(y[0, 3:])) >= 0)

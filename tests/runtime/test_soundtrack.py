"""plan.audio -> mixer sources, frames turned into seconds, one mix per film."""

from __future__ import annotations

import numpy as np
import pytest

from scenec.compiler.plan import (
    AmbientGenerator, AmbientRecipe, AudioKind, AudioSource, CameraTrack, Harmonics, MusicRecipe, NoiseColor,
    Oscillator, Plan, Segment, ToneRecipe,
)
from scenec.runtime.audio import AudioError, Source, mix
from scenec.runtime.soundtrack import source_for, soundtrack, sources_for

FPS = 24
SQUARE = Oscillator(Harmonics.ODD, 1.0)
RAIN = AmbientRecipe(AmbientGenerator.RAIN, NoiseColor.PINK, (500.0, 14000.0), event_rate_hz=25.0, level_db=-18.0)


def _plan(*audio: AudioSource, frames: int = 24) -> Plan:
    return Plan(width=64, height=36, fps=FPS, frames=frames, seed=7, audio=audio,
                segments=(Segment(name="a", start_frame=0, end_frame=frames, camera=CameraTrack.still(64, 36)),))


def _tone(freq_hz: float, **placed) -> AudioSource:
    return AudioSource(kind=AudioKind.TONE, tone=ToneRecipe(freq_hz, Oscillator(Harmonics.NONE)), **placed)


def test_frames_become_seconds_and_the_recipe_carries_over() -> None:
    recipe = ToneRecipe(220.0, SQUARE)
    entry = AudioSource(kind=AudioKind.TONE, start_frame=12, length_frames=36, gain_db=-6.0, fade_in_frames=6,
                        fade_out_frames=12, tone=recipe, seed=3)
    source = source_for(entry, FPS, default_seed=99)
    assert source == Source(kind="tone", recipe=recipe, start_s=0.5, duration_s=1.5, gain_db=-6.0, fade_in_s=0.25,
                            fade_out_s=0.5, seed=3)


def test_seeds_differ_per_source_when_the_plan_sets_none() -> None:
    bed = AudioSource(kind=AudioKind.AMBIENT, start_frame=0, length_frames=24, ambient=RAIN)
    sources = sources_for(_plan(bed, bed))
    assert [s.seed for s in sources] == [7, 8]
    assert sources[0].recipe is RAIN


def test_a_bad_entry_is_named() -> None:
    too_fast = MusicRecipe(tempo_bpm=900.0, tonic_pc=0, scale=(0, 2, 4, 5, 7, 9, 11), progression=(0,))
    with pytest.raises(AudioError, match=r"audio\[1\] \(music\): music tempo must be between 20 and 300 bpm, got 900"):
        sources_for(_plan(_tone(440.0, start_frame=0, length_frames=24),
                          AudioSource(kind=AudioKind.MUSIC, start_frame=0, length_frames=4, music=too_fast)))


def test_whole_film_is_one_mix_of_the_film_length() -> None:
    audio = soundtrack(_plan(_tone(330.0, start_frame=6, length_frames=12)), sample_rate=8000)
    assert audio.shape == (2, 8000) and audio.dtype == np.float32
    expected = mix((Source(kind="tone", recipe=ToneRecipe(330.0, Oscillator(Harmonics.NONE)), start_s=0.25,
                           duration_s=0.5, seed=7),), 1.0, 8000)
    np.testing.assert_array_equal(audio, expected)
    assert not audio[:, :1999].any() and audio[:, 2100:5900].any() and not audio[:, 6001:].any()


def test_a_range_is_the_same_samples_as_the_whole_film() -> None:
    plan = _plan(_tone(300.0, start_frame=0, length_frames=48), frames=48)
    whole = soundtrack(plan, sample_rate=8000)
    part = soundtrack(plan, 10, 30, sample_rate=8000)
    assert part.shape == (2, round(20 * 8000 / FPS))
    np.testing.assert_array_equal(part, whole[:, round(10 * 8000 / FPS):][:, : part.shape[1]])


def test_no_audio_is_silence_and_bad_ranges_are_refused() -> None:
    assert not soundtrack(_plan(), sample_rate=8000).any()
    with pytest.raises(AudioError, match="outside the film"):
        soundtrack(_plan(), 10, 30)

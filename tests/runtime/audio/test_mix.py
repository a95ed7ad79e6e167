"""Mixing sources on the film timeline."""

from __future__ import annotations

import numpy as np
import pytest

from scenec.runtime.audio import AudioError, Source, SourceKind, mix

SR = 16000


def test_placement_gain_and_exact_length() -> None:
    tone = Source("tone", freq_hz=500, start_s=0.5, duration_s=0.25)
    out = mix([tone], 1.0, SR)
    assert out.shape == (2, SR)
    assert np.abs(out[:, : SR // 2 - 1]).max() == 0
    assert np.abs(out[:, int(0.75 * SR) + 1:]).max() == 0
    quiet = mix([Source("tone", freq_hz=500, start_s=0.5, duration_s=0.25, gain_db=-20)], 1.0, SR)
    assert np.abs(quiet).max() == pytest.approx(np.abs(out).max() / 10, rel=0.01)


def test_fades() -> None:
    src = Source(SourceKind.TONE, freq_hz=200, duration_s=1.0, fade_in_s=0.5, fade_out_s=0.25, fade_curve="linear")
    out = mix([src], 1.0, SR)[0]
    env = np.abs(out).reshape(-1, 400).max(axis=1)  # 25 ms windows
    plateau = env[25]  # 0.625 s: after the fade-in, before the fade-out
    assert env[0] < 0.1 * plateau
    assert env[10] == pytest.approx(plateau * 0.53, rel=0.1)  # linear: about halfway at 0.25 s
    assert env[-1] < 0.1 * plateau


def test_loud_sums_are_held_below_minus_one_dbfs_and_silence_stays_silent() -> None:
    loud = [Source("tone", freq_hz=300 + i, gain_db=12) for i in range(4)]
    out = mix(loud, 0.5, SR)
    assert np.abs(out).max() == pytest.approx(10 ** (-1 / 20), rel=1e-4)
    assert np.abs(mix([], 0.5, SR)).max() == 0
    quiet = mix([Source("tone", freq_hz=300, gain_db=-30)], 0.5, SR)
    assert np.abs(quiet).max() < 0.02  # never pushed up


def test_sources_are_cut_to_the_film() -> None:
    out = mix([Source("sfx", "chime", start_s=0.8), Source("sfx", "pop", start_s=5.0)], 1.0, SR)
    assert out.shape == (2, SR)
    assert np.abs(out[:, int(0.8 * SR):]).max() > 0


def test_every_kind_mixes_deterministically() -> None:
    sources = [Source("ambient", "forest", seed=3, fade_in_s=0.2), Source("music", "epic", key="D minor", gain_db=-6),
               Source("tone", freq_hz=220, wave="saw", start_s=0.2, duration_s=0.3, gain_db=-12),
               Source("sfx", "whoosh", start_s=0.1)]
    a = mix(sources, 1.2, SR)
    assert np.array_equal(a, mix(sources, 1.2, SR))
    assert np.abs(a).max() > 0.1


def test_bad_sources_fail_on_construction() -> None:
    with pytest.raises(AudioError, match="kind"):
        Source("speech", "hello")
    with pytest.raises(AudioError, match="unknown ambient"):
        Source("ambient", "lava")
    with pytest.raises(AudioError, match="cannot read key"):
        Source("music", "calm", key="Z")
    with pytest.raises(AudioError, match="start_s"):
        Source("tone", start_s=-1)
    with pytest.raises(AudioError, match="fade curve"):
        Source("tone", fade_curve="log")


def test_a_minute_of_three_sources_mixes_every_one_in_place() -> None:
    """The film-length mix (its speed is measured in benchmarks/hot_paths.py): every source is heard
    where it belongs, the sfx only from its start, and the sum is not clipped."""
    sources = [Source("ambient", "waves"), Source("music", "calm", gain_db=-6), Source("sfx", "chime", start_s=30)]
    out = mix(sources, 60.0, SR)
    assert out.shape == (2, 60 * SR) and np.isfinite(out).all()
    assert np.abs(out).max() <= 1.0
    beds = mix(sources[:2], 60.0, SR)
    chime = out - beds  # the mix is a sum of sources at fixed gains when nothing clips
    assert np.abs(chime[:, : 30 * SR - 1]).max() < 1e-3 * np.abs(out).max()
    assert np.abs(chime[:, 30 * SR: 31 * SR]).max() > 1e-2
    minute = np.abs(out).reshape(2, 60, SR).max(axis=(0, 2))
    assert (minute > 1e-3).all()  # the beds play all minute long

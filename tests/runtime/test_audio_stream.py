"""The soundtrack streams into the encoder block by block: same bytes as a whole array, memory
that does not grow with the film's length, errors from a block surface cleanly."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from scenec.compiler.plan import (
    AudioKind, AudioSource, CameraTrack, Harmonics, Oscillator, Plan, Segment, ToneRecipe,
)
from scenec.runtime import render
from scenec.runtime.audio import AudioError
from scenec.runtime.encode import EncodeError, encode_segment, join_segments, open_video
from scenec.runtime.executor import LocalExecutor
from scenec.runtime.render import RenderOptions, render_film
from scenec.runtime.soundtrack import SAMPLE_RATE, soundtrack, soundtrack_blocks

W, H, FPS = 64, 36, 24


def _frames(count: int) -> list[np.ndarray]:
    return [np.full((H, W, 3), (i * 9 % 256, 90, 180), np.uint8) for i in range(count)]


def _sound(samples: int) -> np.ndarray:
    t = np.arange(samples) / SAMPLE_RATE
    left = 0.4 * np.sin(2 * np.pi * 440 * t) * np.linspace(0.2, 1.0, samples)
    right = 0.3 * np.sin(2 * np.pi * 659 * t)
    return np.stack([left, right]).astype(np.float32)


def _cut(audio: np.ndarray, sizes: tuple[int, ...]) -> Iterator[np.ndarray]:
    """`audio` in blocks of `sizes` (then the rest): odd sizes, so blocks straddle encoder frames."""
    start = 0
    for size in sizes:
        yield audio[:, start:start + size]
        start += size
    yield audio[:, start:]


def _plan(frames: int) -> Plan:
    tone = AudioSource(kind=AudioKind.TONE, start_frame=0, length_frames=frames,
                       tone=ToneRecipe(440.0, Oscillator(Harmonics.NONE)))
    return Plan(width=W, height=H, fps=FPS, frames=frames, seed=3, audio=(tone,),
                segments=(Segment(name="a", start_frame=0, end_frame=frames, camera=CameraTrack.still(W, H)),))


@pytest.mark.parametrize("suffix", [".mp4", ".webm"])
def test_a_join_fed_blocks_writes_the_bytes_of_one_fed_the_whole_array(tmp_path: Path, suffix: str) -> None:
    segments = []
    for i, count in enumerate((30, 18)):
        encode_segment(tmp_path / f"s{i}{suffix}", _frames(count), W, H, FPS)
        segments.append(tmp_path / f"s{i}{suffix}")
    audio = _sound(2 * SAMPLE_RATE + 17)
    join_segments(segments, tmp_path / f"whole{suffix}", FPS, audio=audio)
    join_segments(segments, tmp_path / f"blocks{suffix}", FPS, audio=_cut(audio, (1, 4095, 0, 4097, 30001)))
    assert (tmp_path / f"blocks{suffix}").read_bytes() == (tmp_path / f"whole{suffix}").read_bytes()


def test_a_writer_fed_blocks_writes_the_bytes_of_one_fed_the_whole_array(tmp_path: Path) -> None:
    audio = _sound(SAMPLE_RATE + 5)
    for name, given in (("whole.mp4", audio), ("blocks.mp4", _cut(audio, (7, 9000, 12345)))):
        with open_video(tmp_path / name, W, H, FPS, audio=given) as writer:
            for frame in _frames(24):
                writer.write(frame)
    assert (tmp_path / "blocks.mp4").read_bytes() == (tmp_path / "whole.mp4").read_bytes()


@pytest.mark.parametrize("frames", [None, (5, 41)])
def test_a_rendered_film_streams_its_soundtrack_into_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     frames: tuple[int, int] | None) -> None:
    plan = _plan(48)
    asked: list[tuple[int, int]] = []

    def in_small_blocks(plan: Plan, start: int, end: int, sr: int) -> Iterator[np.ndarray]:
        asked.append((start, end))
        return soundtrack_blocks(plan, start, end, sr, block_frames=5)

    def as_one_array(plan: Plan, start: int, end: int, sr: int) -> Iterator[np.ndarray]:
        return iter((soundtrack(plan, start, end, sr),))

    outputs = []
    for name, source in (("streamed.mp4", in_small_blocks), ("whole.mp4", as_one_array)):
        monkeypatch.setattr(render, "soundtrack_blocks", source)
        with LocalExecutor(1) as executor:
            result = render_film(plan, RenderOptions(output=tmp_path / name, frames=frames), executor=executor)
        assert result.audio
        outputs.append((tmp_path / name).read_bytes())
    assert asked == [frames or (0, 48)]
    assert outputs[0] == outputs[1]


def test_a_block_that_fails_stops_the_render_and_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(plan: Plan, start: int, end: int, sr: int) -> Iterator[np.ndarray]:
        yield np.zeros((2, 1000), np.float32)
        raise AudioError("the mixer ran out of luck")

    monkeypatch.setattr(render, "soundtrack_blocks", failing)
    with LocalExecutor(1) as executor, pytest.raises(AudioError, match="out of luck"):
        render_film(_plan(24), RenderOptions(output=tmp_path / "f.mp4"), executor=executor)
    assert list(tmp_path.iterdir()) == []


def test_a_malformed_block_is_a_clear_error(tmp_path: Path) -> None:
    encode_segment(tmp_path / "s.mp4", _frames(24), W, H, FPS)
    blocks = iter((np.zeros((2, 100), np.float32), np.zeros((3, 100), np.float32)))
    with pytest.raises(EncodeError, match=r"audio must be a float array of shape \(2, samples\)"):
        join_segments([tmp_path / "s.mp4"], tmp_path / "out.mp4", FPS, audio=blocks)
    assert not (tmp_path / "out.mp4").exists()


def _peak_bytes_of_the_audio_path(segment: Path, out: Path, minutes: int) -> int:
    """Peak traced memory while the soundtrack of a `minutes`-long film is mixed and encoded
    the way a render does it (prefetched blocks into the join)."""
    plan = _plan(minutes * 60 * FPS)
    tracemalloc.start()
    try:
        blocks = render._Prefetched(soundtrack_blocks(plan, 0, plan.frames, SAMPLE_RATE))
        try:
            join_segments([segment], out, FPS, audio=iter(blocks), sample_rate=SAMPLE_RATE, quality="preview")
        finally:
            blocks.close()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_memory_of_a_films_sound_does_not_grow_with_its_length(tmp_path: Path) -> None:
    encode_segment(tmp_path / "s.webm", _frames(1), W, H, FPS)
    short = _peak_bytes_of_the_audio_path(tmp_path / "s.webm", tmp_path / "short.webm", minutes=1)
    long = _peak_bytes_of_the_audio_path(tmp_path / "s.webm", tmp_path / "long.webm", minutes=10)
    whole_long = 10 * 60 * SAMPLE_RATE * 2 * 4  # the long film's soundtrack as one float32 array
    # Ten times the film, about the same peak: blocks, not the film, are held.
    assert long < 1.3 * short, (short, long)
    assert long < whole_long, (long, whole_long)

"""Encode and decode back: sizes, counts, colours, audio, atomicity, joins."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from scenec.runtime.encode import (
    EncodeError,
    encode_segment,
    join_segments,
    open_video,
    probe,
    segment_suffix,
)

W, H, FPS = 64, 36, 24


def _frames(count: int, offset: int = 0) -> list[np.ndarray]:
    out = []
    for i in range(count):
        frame = np.empty((H, W, 3), np.uint8)
        frame[...] = ((i + offset) * 5 % 256, 100, 200)
        frame[:, :16] = (230, 20, 20)
        out.append(frame)
    return out


def _decode(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def _packets(path: Path) -> list[bytes]:
    with av.open(str(path)) as container:
        return [bytes(p) for p in container.demux(video=0) if p.size]


def _audio(seconds: float, sr: int = 48000) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    tone = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    return np.stack([tone, tone])


@pytest.mark.parametrize(("suffix", "tolerance"), [(".mp4", 8), (".webm", 12), (".gif", 2)])
def test_written_video_decodes_with_its_frames(tmp_path: Path, suffix: str, tolerance: int) -> None:
    out = tmp_path / f"film{suffix}"
    frames = _frames(30)
    with open_video(out, W, H, FPS, audio=_audio(1.25), quality="preview") as writer:
        for frame in frames:
            writer.write(frame)
    info = probe(out)
    assert (info["frames"], info["width"], info["height"]) == (30, W, H)
    assert info["fps"] == pytest.approx(FPS, rel=0.01)
    decoded = _decode(out)
    assert len(decoded) == 30
    for got, want in zip(decoded, frames):
        # Inside flat areas, away from the edge where chroma subsampling blurs.
        assert np.abs(got[4:32, 24:60].astype(int) - want[4:32, 24:60]).max() <= tolerance
        assert np.abs(got[4:32, 2:12].astype(int) - want[4:32, 2:12]).max() <= tolerance
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


@pytest.mark.parametrize("suffix", [".mp4", ".webm"])
def test_audio_track_has_the_soundtrack_length(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"film{suffix}"
    with open_video(out, W, H, FPS, audio=_audio(2.0), sample_rate=48000) as writer:
        for frame in _frames(48):
            writer.write(frame)
    info = probe(out)
    assert info["has_audio"]
    assert info["audio_duration"] == pytest.approx(2.0, abs=0.03)


def test_opus_takes_a_soundtrack_at_another_rate(tmp_path: Path) -> None:
    out = tmp_path / "film.webm"
    with open_video(out, W, H, FPS, audio=_audio(1.0, 44100), sample_rate=44100) as writer:
        for frame in _frames(24):
            writer.write(frame)
    assert probe(out)["audio_duration"] == pytest.approx(1.0, abs=0.03)


def test_png_sequence_writes_numbered_frames_and_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "f_00007.png").write_bytes(b"stale frame from a longer render")
    (folder / "notes.txt").write_text("keep me")
    frames = _frames(5)
    with open_video(folder / "f.png", W, H, FPS) as writer:
        for frame in frames:
            writer.write(frame)
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"f_{i:05d}.png" for i in range(5)] + ["notes.txt"]
    for i, frame in enumerate(frames):
        assert np.array_equal(_decode(folder / f"f_{i:05d}.png")[0], frame)  # PNG is lossless
    assert probe(folder / "f.png")["frames"] == 5


@pytest.mark.parametrize("suffix", [".mp4", ".png"])
def test_exception_inside_with_leaves_nothing(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"film{suffix}"
    with pytest.raises(RuntimeError):
        with open_video(out, W, H, FPS) as writer:
            for frame in _frames(10):
                writer.write(frame)
            raise RuntimeError("renderer crashed")
    assert list(tmp_path.iterdir()) == []


def test_abort_keeps_an_existing_file_untouched(tmp_path: Path) -> None:
    out = tmp_path / "film.mp4"
    out.write_bytes(b"previous render")
    writer = open_video(out, W, H, FPS)
    for frame in _frames(5):
        writer.write(frame)
    writer.abort()
    assert out.read_bytes() == b"previous render"
    assert [p.name for p in tmp_path.iterdir()] == ["film.mp4"]


def test_output_appears_only_on_close(tmp_path: Path) -> None:
    out = tmp_path / "film.mp4"
    writer = open_video(out, W, H, FPS)
    for frame in _frames(5):
        writer.write(frame)
    assert not out.exists()
    writer.close()
    assert out.exists() and probe(out)["frames"] == 5


def test_bad_input_gets_plain_errors(tmp_path: Path) -> None:
    with pytest.raises(EncodeError, match="extension"):
        open_video(tmp_path / "film.avi", W, H, FPS)
    with pytest.raises(EncodeError, match="even"):
        open_video(tmp_path / "film.mp4", 63, 36, FPS)
    with pytest.raises(EncodeError, match="does not exist"):
        open_video(tmp_path / "missing" / "film.mp4", W, H, FPS)
    with pytest.raises(EncodeError, match="quality"):
        open_video(tmp_path / "film.mp4", W, H, FPS, quality="best")
    with open_video(tmp_path / "film.mp4", W, H, FPS) as writer:
        with pytest.raises(EncodeError, match="uint8"):
            writer.write(np.zeros((H, W, 3), np.float32))
        with pytest.raises(EncodeError, match=r"\(36, 64, 3\)"):
            writer.write(np.zeros((H, W, 4), np.uint8))
        writer.write(_frames(1)[0])
    assert probe(tmp_path / "film.mp4")["frames"] == 1


@pytest.mark.parametrize("suffix", [".mp4", ".webm"])
def test_join_copies_packets_without_reencoding(tmp_path: Path, suffix: str) -> None:
    assert segment_suffix(f"film{suffix}") == suffix
    parts = [(tmp_path / f"s{i}{suffix}", _frames(n, off)) for i, (n, off) in enumerate([(20, 0), (7, 20), (21, 27)])]
    for path, frames in parts:
        assert encode_segment(path, frames, W, H, FPS, "preview") == len(frames)
    out = tmp_path / f"film{suffix}"
    join_segments([p for p, _ in parts], out, FPS, audio=_audio(2.0))
    assert _packets(out) == [b for p, _ in parts for b in _packets(p)]  # byte-identical video
    info = probe(out)
    assert (info["frames"], info["width"], info["height"]) == (48, W, H)
    assert info["fps"] == pytest.approx(FPS)
    assert info["audio_duration"] == pytest.approx(2.0, abs=0.03)
    decoded = _decode(out)
    want = [f for _, frames in parts for f in frames]
    assert len(decoded) == 48
    for got, expected in zip(decoded, want):  # order and timing survive the join
        assert abs(int(got[18, 40, 0]) - int(expected[18, 40, 0])) <= 12


@pytest.mark.parametrize("suffix", [".gif", ".png"])
def test_join_of_lossless_segments_for_frame_formats(tmp_path: Path, suffix: str) -> None:
    assert segment_suffix(f"film{suffix}") == ".mkv"
    frames_a, frames_b = _frames(6), _frames(5, 6)
    encode_segment(tmp_path / "a.mkv", frames_a, W, H, FPS)
    encode_segment(tmp_path / "b.mkv", frames_b, W, H, FPS)
    out = tmp_path / f"film{suffix}"
    join_segments([tmp_path / "a.mkv", tmp_path / "b.mkv"], out, FPS)
    assert probe(out)["frames"] == 11
    first = _decode(out)[0] if suffix == ".gif" else _decode(tmp_path / "film_00000.png")[0]
    assert np.array_equal(first, frames_a[0])


def test_join_refuses_mismatched_segments(tmp_path: Path) -> None:
    encode_segment(tmp_path / "a.webm", _frames(3), W, H, FPS, "preview")
    with pytest.raises(EncodeError, match="h264"):
        join_segments([tmp_path / "a.webm"], tmp_path / "film.mp4", FPS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.webm"]

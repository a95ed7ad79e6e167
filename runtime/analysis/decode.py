"""Decode any video file with PyAV into small RGB frames and float audio samples.

This is the only module of the analysis package that touches PyAV. Frames are
scaled down (width at most `MAX_WIDTH`) while decoding because every measure
downstream works on coarse structure, and scaling in swscale is far cheaper
than decoding at full size and shrinking in numpy. Frames are handed out one
at a time so a long film never sits in memory whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from .errors import AnalysisError

MAX_WIDTH = 320


@dataclass(frozen=True, slots=True)
class DecodedAudio:
    """All audio samples as float64 in [-1, 1], shape (channels, samples)."""

    samples: np.ndarray
    rate_hz: int
    channel_names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VideoInfo:
    """Facts of the first video stream; `width` x `height` is the analysis size."""

    fps: float
    source_width: int
    source_height: int
    width: int
    height: int
    step: int
    expected_frames: int


class VideoReader:
    """Open a video for analysis; iterate `sampled()` once for (frame number, RGB array).

    Every `step`-th frame is sampled (from `sample_fps`), decoding stops after
    `max_frames`, and frames named in `keep_frames` are kept in `kept` whether
    sampled or not. After iterating, `frames_total` counts every decoded frame.
    Use as a context manager so the file is closed.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        max_frames: int | None = None,
        sample_fps: float | None = None,
        keep_frames: Iterable[int] = (),
    ) -> None:
        if max_frames is not None and max_frames < 1:
            raise AnalysisError(f"max_frames must be at least 1, got {max_frames}")
        if sample_fps is not None and not sample_fps > 0:
            raise AnalysisError(f"sample_fps must be positive, got {sample_fps}")
        self.path = Path(path)
        self.max_frames = max_frames
        self.keep = frozenset(int(f) for f in keep_frames)
        self.kept: dict[int, np.ndarray] = {}
        self.frames_total = 0
        self._container = _open(self.path)
        try:
            self.info = self._inspect(sample_fps)
        except BaseException:
            self._container.close()
            raise

    def _inspect(self, sample_fps: float | None) -> VideoInfo:
        if not self._container.streams.video:
            raise AnalysisError(f"cannot analyse {self.path}: it has no video stream")
        stream = self._container.streams.video[0]
        stream.thread_type = "AUTO"
        fps = _stream_fps(stream)
        src_w, src_h = stream.codec_context.width, stream.codec_context.height
        if not src_w or not src_h:
            raise AnalysisError(f"cannot analyse {self.path}: the video stream has no frame size")
        width, height = analysis_size(src_w, src_h)
        step = 1 if sample_fps is None else max(1, round(fps / sample_fps))
        expected = stream.frames or 0
        if not expected and stream.duration and stream.time_base:
            expected = int(float(stream.duration * stream.time_base) * fps)
        if self.max_frames is not None:
            expected = min(expected, self.max_frames) if expected else self.max_frames
        return VideoInfo(fps, src_w, src_h, width, height, step, expected)

    def __enter__(self) -> VideoReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._container.close()

    def sampled(self) -> Iterator[tuple[int, np.ndarray]]:
        info = self.info
        stream = self._container.streams.video[0]
        count = 0
        try:
            for frame in self._container.decode(stream):
                if self.max_frames is not None and count >= self.max_frames:
                    break
                is_sampled = count % info.step == 0
                if is_sampled or count in self.keep:
                    rgb = frame.reformat(width=info.width, height=info.height, format="rgb24", interpolation="AREA")
                    array = rgb.to_ndarray()
                    if count in self.keep:
                        self.kept[count] = array
                    if is_sampled:
                        self.frames_total = count + 1
                        yield count, array
                count += 1
                self.frames_total = count
        except av.FFmpegError as exc:
            raise AnalysisError(
                f"cannot analyse {self.path}: decoding failed at frame {count} ({_reason(exc)})"
            ) from exc
        if count == 0:
            raise AnalysisError(f"cannot analyse {self.path}: the video stream holds no decodable frames")


def analysis_size(width: int, height: int) -> tuple[int, int]:
    """The reduced (width, height) frames are decoded at; both even, aspect kept."""
    if width <= MAX_WIDTH:
        return width - width % 2 or width, height - height % 2 or height
    scaled_h = max(2, round(height * MAX_WIDTH / width))
    return MAX_WIDTH, scaled_h - scaled_h % 2


def _open(path: Path) -> av.container.InputContainer:
    if not path.exists():
        raise AnalysisError(f"cannot analyse {path}: no such file")
    if path.is_dir():
        raise AnalysisError(f"cannot analyse {path}: it is a directory, not a video file")
    try:
        return av.open(str(path))
    except (av.FFmpegError, OSError, UnicodeDecodeError) as exc:
        raise AnalysisError(f"cannot analyse {path}: not a readable video file ({_reason(exc)})") from exc


def _reason(exc: BaseException) -> str:
    # PyAV errors carry the FFmpeg wording in strerror; fall back to the type name.
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text.strip().rstrip(".")


def _stream_fps(stream: av.video.stream.VideoStream) -> float:
    for rate in (stream.average_rate, stream.guessed_rate, stream.base_rate):
        if rate and float(rate) > 0:
            return float(rate)
    raise AnalysisError("the video stream declares no frame rate")


def decode_audio(path: Path, limit_s: float) -> DecodedAudio | None:
    """The first audio stream as float64 planar samples, cut at `limit_s`; None if there is none."""
    container = _open(path)
    with container:
        if not container.streams.audio:
            return None
        stream = container.streams.audio[0]
        rate = stream.codec_context.sample_rate or stream.rate
        if not rate:
            return None
        names: tuple[str, ...] = ()
        chunks: list[np.ndarray] = []
        resampler: av.AudioResampler | None = None
        limit = int(round(limit_s * rate))
        have = 0
        try:
            for frame in container.decode(stream):
                if resampler is None:
                    names = tuple(ch.name for ch in frame.layout.channels)
                    # Normalise every sample format (s16, packed, planar) to planar float.
                    resampler = av.AudioResampler(format="fltp", layout=frame.layout, rate=frame.sample_rate)
                    rate = frame.sample_rate
                    limit = int(round(limit_s * rate))
                for out in resampler.resample(frame):
                    chunk = out.to_ndarray()
                    chunks.append(chunk)
                    have += chunk.shape[1]
                if have >= limit:
                    break
            else:
                if resampler is not None:
                    chunks.extend(out.to_ndarray() for out in resampler.resample(None))
        except av.FFmpegError as exc:
            raise AnalysisError(f"cannot analyse {path}: audio decoding failed ({_reason(exc)})") from exc
    if not chunks:
        return None
    samples = np.concatenate(chunks, axis=1)[:, :limit].astype(np.float64)
    return DecodedAudio(samples=samples, rate_hz=int(rate), channel_names=names)


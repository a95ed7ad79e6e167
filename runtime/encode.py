"""Video files out of frames and a soundtrack; the only module that imports PyAV.

- `open_video(path, w, h, fps, audio=..., quality=...)` returns a
  `VideoWriter`: `write(frame)` takes (H, W, 3) uint8 RGB frames and hands
  them to a worker thread through a bounded queue, so encoding (PyAV drops
  the GIL) overlaps the caller's rendering. The format follows the
  extension: .mp4 (H.264 + AAC), .webm (VP9 + Opus), .gif (a palette per
  frame), .png (one file per frame: out/f.png -> out/f_00000.png, ...).
- Output is atomic: everything is written to a hidden temporary name in the
  target directory and renamed into place by a successful `close()`;
  `abort()`, an exception inside `with`, or a failed encode leave nothing.
- `encode_segment` + `join_segments`: segments rendered in parallel are
  encoded separately, then their compressed packets are copied into the
  final container with running timestamps (no video re-encode) and the
  audio is encoded once. GIF and PNG outputs cannot take packets, so their
  segments are lossless FFV1 in .mkv (see `segment_suffix`) and the join
  decodes them; nothing is lost either way.
- `audio=` is a (channels, samples) float array or an iterable of
  consecutive blocks of them; blocks are pulled only as the video reaches
  them (memory for a block, not the film) and give the same bytes.
- Frames may come as `FrameUpdate`s, which say where a frame differs from
  the one before; H.264 and VP9 outputs then keep the last frame's yuv420p
  planes and convert only those boxes (`encode_yuv.Yuv420Planes`), with the same swscale
  conversion as a whole frame, so the bytes encoded are the same.
- `probe(path)` reads back frames, fps, size, durations.
"""

from __future__ import annotations

import os
import queue
import re
import secrets
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np

from scenec.runtime.encode_formats import (  # noqa: F401 - re-exported: callers import these from encode
    _AUDIO_BPS, ENCODER_THREADS, FORMATS, QUALITIES, EncodeError, OutputFormat, _as_fps, _check_audio, _check_size,
    _video_options, output_format, png_frame_path, segment_suffix,
)

from scenec.runtime.encode_yuv import Yuv420Planes
from scenec.runtime.leftovers import partial_prefix, pid_tag
from scenec.runtime.raster.buffer import FrameUpdate

__all__ = [
    "EncodeError", "QUALITIES", "VideoWriter", "encode_segment", "join_segments", "open_video", "probe",
    "segment_suffix",
]

_QUEUE_FRAMES = 8
_STOP = None
_AUDIO_FRAME_SAMPLES = 4096  # per frame handed to the audio encoder

Soundtrack = np.ndarray | Iterable[np.ndarray]
"""A soundtrack: one (channels, samples) float array, or consecutive blocks of them."""

def _temp_sibling(path: Path) -> Path:
    # Marked with host and pid, so the next render can tell a killed render's leftover from a live one's.
    return path.with_name(f"{partial_prefix(path)}{pid_tag()}{secrets.token_hex(4)}{path.suffix}")


class _AudioTrack:
    """Encodes a soundtrack in step with the video so the muxer can
    interleave packets as it goes instead of buffering a whole track.

    The soundtrack is an array or an iterable of consecutive blocks; blocks
    are pulled only as the video reaches them, so memory holds a block and
    an encoder frame, not the film. Encoder frames are cut at the same
    sample positions either way, so the packets are the same."""

    def __init__(self, container: Any, codec: str, audio: Soundtrack, sr: int, quality: str) -> None:
        self.rate = 48000 if codec == "libopus" else sr  # Opus only runs at 48 kHz
        self.stream = container.add_stream(codec, rate=self.rate, layout="stereo")
        self.stream.bit_rate = _AUDIO_BPS[quality]
        self.stream.codec_context.thread_count = ENCODER_THREADS
        self.container, self.sr, self.pos = container, sr, 0
        self.blocks: Iterator[np.ndarray] = iter((audio,) if isinstance(audio, np.ndarray) else audio)
        # Samples from `pos` on that have been pulled but not yet encoded.
        self.pending = np.zeros((2, 0), np.float32)
        self.exhausted = False

    def _have(self, count: int) -> int:
        """Pull blocks until `count` samples are pending or the soundtrack ends; how many are."""
        while self.pending.shape[1] < count and not self.exhausted:
            block = next(self.blocks, None)
            if block is None:
                self.exhausted = True
                break
            checked = _check_audio(block)
            assert checked is not None
            self.pending = np.concatenate((self.pending, checked), axis=1) if self.pending.shape[1] else checked
        return min(count, self.pending.shape[1])

    def feed_until(self, t_s: float | None) -> None:
        end = None if t_s is None else int(t_s * self.sr)
        while end is None or self.pos < end:
            want = _AUDIO_FRAME_SAMPLES if end is None else min(end - self.pos, _AUDIO_FRAME_SAMPLES)
            count = self._have(want)
            if count == 0:
                return
            samples, self.pending = self.pending[:, :count], self.pending[:, count:]
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples), format="fltp", layout="stereo")
            frame.sample_rate = self.sr
            frame.pts = self.pos
            frame.time_base = Fraction(1, self.sr)
            for packet in self.stream.encode(frame):
                self.container.mux(packet)
            self.pos += count

    def finish(self) -> None:
        self.feed_until(None)
        # Encoders drop a trailing partial frame, so it is padded with silence;
        # Opus also loses a frame to the decoder's pre-skip, so it gets one more.
        size = self.stream.codec_context.frame_size or 0
        pad = -(self.pos * self.rate // self.sr) % size if size else 0
        if self.stream.codec_context.name == "libopus":
            pad += size
        if pad:
            tail = max(1, pad * self.sr // self.rate)
            frame = av.AudioFrame.from_ndarray(np.zeros((2, tail), np.float32), format="fltp", layout="stereo")
            frame.sample_rate, frame.pts, frame.time_base = self.sr, self.pos, Fraction(1, self.sr)
            for packet in self.stream.encode(frame):
                self.container.mux(packet)
        for packet in self.stream.encode(None):
            self.container.mux(packet)


class _Sink:
    """One open output (a container, or a folder of PNG files) that takes RGB
    frames or, when built from a template stream, compressed packets. Used
    from one thread at a time."""

    def __init__(self, fmt: OutputFormat, target: Path, width: int, height: int, fps: Fraction, quality: str,
                 audio: Soundtrack | None, sr: int, template: Any = None) -> None:
        self.fmt, self.target, self.fps, self.count = fmt, target, fps, 0
        self.container: Any = None
        self.audio_track: _AudioTrack | None = None
        self.encoding = template is None
        self.yuv = Yuv420Planes(width, height) if fmt.pix_fmt == "yuv420p" and width % 2 == 0 and height % 2 == 0 else None
        if fmt.container is None:  # PNG frames
            self.codec = av.CodecContext.create("png", "w")
            self.codec.width, self.codec.height, self.codec.pix_fmt = width, height, "rgb24"
            self.codec.thread_count = ENCODER_THREADS
            return
        self.container = av.open(str(target), "w", format=fmt.container, options=dict(fmt.container_options))
        if template is not None:
            self.video = self.container.add_stream_from_template(template)
        else:
            options = _video_options(fmt, quality)
            self.video = self.container.add_stream(fmt.video_codec, rate=fps, options=options)
            self.video.width, self.video.height, self.video.pix_fmt = width, height, fmt.pix_fmt
            self.video.time_base = 1 / fps
            ctx = self.video.codec_context
            # One thread, always: encoders choose their split of the work from the CPUs they see, and
            # the split shows in the bytes; segments already run in parallel, one per worker.
            ctx.thread_count = ENCODER_THREADS
            if fmt.pix_fmt == "yuv420p":  # tag what we convert with, so players agree
                ctx.colorspace = ctx.color_primaries = ctx.color_trc = 1  # BT.709
                ctx.color_range = 1  # limited
        if audio is not None and fmt.audio_codec is not None:
            self.audio_track = _AudioTrack(self.container, fmt.audio_codec, audio, sr, quality)

    def add_frame(self, given: np.ndarray | FrameUpdate) -> None:
        if self.yuv is not None and self.fmt.container is not None:
            update = given if isinstance(given, FrameUpdate) else FrameUpdate(given)
            self._encode(self.yuv.frame(update))
            return
        rgb = given.rgb if isinstance(given, FrameUpdate) else given
        if self.fmt.container is None:
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
            data = b"".join(bytes(p) for p in self.codec.encode(frame))
            png_frame_path(self.target, self.count).write_bytes(data)
            self.count += 1
            return
        if self.fmt.pix_fmt == "pal8":
            frame = av.VideoFrame.from_ndarray(_palettize(rgb), format="pal8")
        else:
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
        self._encode(frame)

    def _encode(self, frame: Any) -> None:
        frame.pts = self.count
        frame.time_base = 1 / self.fps
        for packet in self.video.encode(frame):
            self.container.mux(packet)
        self.count += 1
        if self.audio_track is not None:
            self.audio_track.feed_until(self.count / self.fps)

    def add_packet(self, packet: Any, shift: int, time_s: float) -> None:
        """Mux a compressed packet from a segment, its timestamps moved by
        `shift` (in its own time base) to its place in the film."""
        if packet.pts is not None:
            packet.pts += shift
        if packet.dts is not None:
            packet.dts += shift
        packet.stream = self.video
        self.container.mux(packet)
        self.count += 1
        if self.audio_track is not None:
            self.audio_track.feed_until(time_s)

    def finish(self) -> None:
        if self.container is None:
            return
        if self.encoding:
            for packet in self.video.encode(None):
                self.container.mux(packet)
        if self.audio_track is not None:
            self.audio_track.finish()
        self.container.close()
        self.container = None

    def discard(self) -> None:
        if self.container is not None:
            try:
                self.container.close()
            except Exception:  # already broken; its file is removed anyway
                pass
            self.container = None


def _checked(audio: Soundtrack | None) -> Soundtrack | None:
    """A whole array is checked at once; blocks are checked as they are pulled."""
    return _check_audio(audio) if isinstance(audio, np.ndarray) else audio


def _palettize(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An adaptive 256-colour palette per frame (GIF allows a local palette per
    frame, so each frame keeps its own colours instead of a fixed 3-3-2 cube)."""
    from PIL import Image  # only GIF output needs it

    image = Image.fromarray(rgb).quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette = np.zeros((256, 4), np.uint8)
    colours = np.asarray(image.getpalette()[:768], np.uint8).reshape(-1, 3)
    palette[:, 0] = 255
    palette[: len(colours), 1:] = colours
    return np.asarray(image), palette


def _check_frame(frame: np.ndarray | FrameUpdate, width: int, height: int, copy: bool = True) -> np.ndarray | FrameUpdate:
    """The frame as the sink takes it; a copy unless `copy` is False (the caller then keeps its buffer unchanged)."""
    rgb = frame.rgb if isinstance(frame, FrameUpdate) else frame
    if not isinstance(rgb, np.ndarray) or rgb.dtype != np.uint8 or rgb.shape != (height, width, 3):
        got = f"{rgb.dtype} {rgb.shape}" if isinstance(rgb, np.ndarray) else type(rgb).__name__
        raise EncodeError(f"frames must be uint8 arrays of shape ({height}, {width}, 3), got {got}")
    rgb = np.array(rgb, copy=True, order="C") if copy else np.ascontiguousarray(rgb)
    return FrameUpdate(rgb, frame.changed) if isinstance(frame, FrameUpdate) else rgb


class VideoWriter:
    """Writes frames to `path` atomically, encoding on a worker thread.

    Use as a context manager, or call `close()` (publish) or `abort()`
    (discard) yourself. Errors from the worker surface on the next
    `write()` or on `close()` as EncodeError.
    """

    def __init__(self, path: str | Path, width: int, height: int, fps: float | Fraction, *,
                 audio: Soundtrack | None = None, sample_rate: int = 48000, quality: str = "normal") -> None:
        self.path = Path(path)
        self.fmt = output_format(self.path)
        if quality not in QUALITIES:
            raise EncodeError(f"unknown quality {quality!r}: expected one of {', '.join(QUALITIES)}")
        _check_size(self.fmt, width, height)
        self.width, self.height, self.fps = width, height, _as_fps(fps)
        if not self.path.parent.is_dir():
            raise EncodeError(f"cannot write {self.path}: folder {self.path.parent} does not exist")
        if self.fmt.container is None:
            self.temp = Path(tempfile.mkdtemp(prefix=partial_prefix(self.path) + pid_tag(), dir=self.path.parent))
            target = self.temp / self.path.name
        else:
            self.temp = target = _temp_sibling(self.path)
        self.frames = 0
        self._done = False
        self._error: BaseException | None = None
        self._queue: queue.Queue[np.ndarray | None] = queue.Queue(maxsize=_QUEUE_FRAMES)
        try:
            self._sink = _Sink(self.fmt, target, width, height, self.fps, quality, _checked(audio), sample_rate)
        except BaseException as exc:
            self._remove_temp()
            if isinstance(exc, EncodeError):
                raise
            raise EncodeError(f"cannot start writing {self.path.name}: {exc}") from exc
        self._worker = threading.Thread(target=self._run, name=f"encode {self.path.name}", daemon=True)
        self._worker.start()

    def _run(self) -> None:
        while (frame := self._queue.get()) is not _STOP:
            if self._error is None:
                try:
                    self._sink.add_frame(frame)
                except BaseException as exc:  # reported to the caller's thread
                    self._error = exc
        if self._error is None:
            try:
                self._sink.finish()
            except BaseException as exc:
                self._error = exc

    def _raise_worker_error(self) -> None:
        if self._error is not None:
            self.abort()
            raise EncodeError(f"encoding {self.path.name} failed: {self._error}") from self._error

    def write(self, frame: np.ndarray | FrameUpdate) -> None:
        if self._done:
            raise EncodeError(f"{self.path.name} is already closed")
        self._raise_worker_error()
        self._queue.put(_check_frame(frame, self.width, self.height))
        self.frames += 1

    def close(self) -> Path:
        """Finish encoding and move the file into place; returns the final path."""
        if self._done:
            return self.path
        self._queue.put(_STOP)
        self._worker.join()
        self._raise_worker_error()
        self._done = True
        if self.fmt.container is None:
            _publish_pngs(self.temp / self.path.name, self.path, self._sink.count)
        else:
            os.replace(self.temp, self.path)
        self._remove_temp()
        return self.path

    def abort(self) -> None:
        """Stop and remove everything written so far; the final path is untouched."""
        if self._done:
            return
        self._done = True
        self._error = self._error or EncodeError("aborted")
        while self._worker.is_alive():
            try:  # drain so the worker reaches the stop marker promptly
                while True:
                    self._queue.get_nowait()
            except queue.Empty:
                pass
            try:
                self._queue.put(_STOP, timeout=0.1)
                break
            except queue.Full:
                continue
        self._worker.join()
        self._sink.discard()
        self._remove_temp()

    def _remove_temp(self) -> None:
        if self.temp.is_dir():
            shutil.rmtree(self.temp, ignore_errors=True)
        elif self.temp.exists():
            self.temp.unlink()

    def __enter__(self) -> VideoWriter:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def open_video(path: str | Path, width: int, height: int, fps: float | Fraction, *,
               audio: Soundtrack | None = None, sample_rate: int = 48000, quality: str = "normal") -> VideoWriter:
    return VideoWriter(path, width, height, fps, audio=audio, sample_rate=sample_rate, quality=quality)


_PNG_INDEX = re.compile(r"_(\d{5,})\.png$")


def _publish_pngs(staged: Path, final: Path, count: int) -> None:
    """Move staged frames into place, then drop frames left over from a
    longer earlier render of the same pattern, so the folder holds exactly
    this sequence."""
    for index in range(count):
        os.replace(png_frame_path(staged, index), png_frame_path(final, index))
    for old in final.parent.glob(f"{_glob_escape(final.stem)}_*.png"):
        match = _PNG_INDEX.search(old.name)
        if match and old.name == png_frame_path(final, int(match.group(1))).name and int(match.group(1)) >= count:
            old.unlink()


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _staged(path: Path) -> Path:
    if not path.parent.is_dir():
        raise EncodeError(f"cannot write {path}: folder {path.parent} does not exist")
    return _temp_sibling(path)


def encode_segment(path: str | Path, frames: Iterable[np.ndarray | FrameUpdate], width: int, height: int,
                   fps: float | Fraction, quality: str = "normal") -> int:
    """Encode one video-only segment (.mp4 H.264, .webm VP9, or .mkv lossless
    FFV1, as `segment_suffix` chooses) atomically; returns its frame count.
    Each segment is its own encode, so it starts on a keyframe. Frames are
    (H, W, 3) uint8 arrays or `FrameUpdate`s, encoded before the next is
    taken, so they are not copied. The encoder runs on `ENCODER_THREADS`, so
    the bytes are the same on any machine."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None or fmt.container in (None, "gif"):
        raise EncodeError(f"cannot write segment {path.name!r}: the extension must be .mp4, .webm or .mkv")
    if quality not in QUALITIES:
        raise EncodeError(f"unknown quality {quality!r}: expected one of {', '.join(QUALITIES)}")
    _check_size(fmt, width, height)
    temp = _staged(path)
    sink = _Sink(fmt, temp, width, height, _as_fps(fps), quality, None, 48000)
    try:
        for frame in frames:
            sink.add_frame(_check_frame(frame, width, height, copy=False))
        sink.finish()
        os.replace(temp, path)
    except BaseException:
        sink.discard()
        temp.unlink(missing_ok=True)
        raise
    return sink.count


def join_segments(segment_paths: Sequence[str | Path], out_path: str | Path, fps: float | Fraction, *,
                  audio: Soundtrack | None = None, sample_rate: int = 48000, quality: str = "normal") -> Path:
    """Join segments, in order, into out_path atomically.

    For .mp4 and .webm the segments' compressed video packets are copied
    with running timestamps (no re-encode) and the soundtrack is encoded
    once alongside. For .gif and .png the (lossless) segments are decoded and
    written out frame by frame."""
    out = Path(out_path)
    fmt = output_format(out)
    rate = _as_fps(fps)
    if not segment_paths:
        raise EncodeError("there are no segments to join")
    if fmt.suffix not in (".mp4", ".webm"):
        return _join_by_decoding([Path(p) for p in segment_paths], out, rate, audio, sample_rate, quality)
    want = "h264" if fmt.suffix == ".mp4" else "vp9"
    inputs = [av.open(str(p)) for p in segment_paths]
    temp = _staged(out)
    sink = None
    try:
        streams = [c.streams.video[0] for c in inputs]
        first = streams[0]
        for p, s in zip(segment_paths, streams):
            if s.codec_context.name != want or (s.width, s.height) != (first.width, first.height):
                raise EncodeError(f"segment {Path(p).name} is {s.codec_context.name} {s.width}x{s.height}; "
                                  f"joining into {out.name} needs {want} {first.width}x{first.height}")
        sink = _Sink(fmt, temp, first.width, first.height, rate, quality, _checked(audio), sample_rate,
                     template=first)
        frames_before = 0
        for container, stream in zip(inputs, streams):
            tb = stream.time_base
            shift = round(Fraction(frames_before) / rate / tb) - (stream.start_time or 0)
            count = 0
            for packet in container.demux(stream):
                if packet.size == 0:
                    continue  # the demuxer's end-of-stream marker
                stamp = packet.dts if packet.dts is not None else packet.pts
                sink.add_packet(packet, shift, float(((stamp or 0) + shift) * tb))
                count += 1
            frames_before += count
        sink.finish()
        os.replace(temp, out)
    except BaseException:
        if sink is not None:
            sink.discard()
        temp.unlink(missing_ok=True)
        raise
    finally:
        for container in inputs:
            container.close()
    return out


def _decoded_frames(paths: Sequence[Path]) -> Iterable[np.ndarray]:
    for path in paths:
        with av.open(str(path)) as container:
            for frame in container.decode(video=0):
                yield frame.to_ndarray(format="rgb24")


def _join_by_decoding(paths: Sequence[Path], out: Path, fps: Fraction, audio: Soundtrack | None,
                      sample_rate: int, quality: str) -> Path:
    with av.open(str(paths[0])) as first:
        stream = first.streams.video[0]
        width, height = stream.width, stream.height
    with VideoWriter(out, width, height, fps, audio=audio, sample_rate=sample_rate, quality=quality) as writer:
        for frame in _decoded_frames(paths):
            writer.write(frame)
    return out


def probe(path: str | Path) -> dict[str, Any]:
    """frames, fps, width, height, duration, has_audio, audio_duration of a
    written file (or of a PNG sequence given by its pattern, out/f.png)."""
    path = Path(path)
    if path.suffix.lower() == ".png" and not path.exists():
        count = 0
        while png_frame_path(path, count).exists():
            count += 1
        if count == 0:
            raise EncodeError(f"no frames found for {path}")
        with av.open(str(png_frame_path(path, 0))) as first:
            stream = first.streams.video[0]
            width, height = stream.codec_context.width, stream.codec_context.height
        return {"frames": count, "fps": None, "width": width, "height": height, "duration": None,
                "has_audio": False, "audio_duration": 0.0}
    if not path.exists():
        raise EncodeError(f"cannot probe {path}: no such file")
    with av.open(str(path)) as container:
        video = container.streams.video[0] if container.streams.video else None
        audio = container.streams.audio[0] if container.streams.audio else None
        frames = sum(1 for packet in container.demux(video) if packet.size) if video is not None else 0
        samples, audio_rate = 0, 1
        if audio is not None:
            container.seek(0)
            for frame in container.decode(audio=0):
                samples += frame.samples
                audio_rate = frame.sample_rate
        rate = (video.average_rate or video.guessed_rate) if video is not None else None
        if video is not None and container.format.name == "gif" and container.duration and frames:
            # GIF delays are whole centiseconds, so the demuxer's rate guess is off; the total is right.
            rate = frames / (container.duration / av.time_base)
        return {
            "frames": frames,
            "fps": float(rate) if rate else None,
            "width": video.codec_context.width if video is not None else 0,
            "height": video.codec_context.height if video is not None else 0,
            "duration": float(container.duration / av.time_base) if container.duration else None,
            "has_audio": audio is not None,
            "audio_duration": samples / audio_rate if audio is not None else 0.0,
        }

"""Output formats and encoder settings: which container and codec an extension means.

Plain data and checks with no PyAV, split from `encode.py` (the only module
that imports PyAV) so that the format table can be read on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

QUALITIES: tuple[str, ...] = ("preview", "normal", "high")


class EncodeError(ValueError):
    """A request the encoder cannot honour, or an encode that failed, in plain words."""


@dataclass(frozen=True, slots=True)
class OutputFormat:
    suffix: str
    container: str | None  # None: a folder of PNG files
    video_codec: str
    pix_fmt: str
    audio_codec: str | None
    even_size: bool
    container_options: tuple[tuple[str, str], ...] = ()


FORMATS: dict[str, OutputFormat] = {
    ".mp4": OutputFormat(".mp4", "mp4", "libx264", "yuv420p", "aac", True, (("movflags", "+faststart"),)),
    # bitexact: Matroska otherwise writes a random segment UID, and the same film would differ by it.
    ".webm": OutputFormat(".webm", "webm", "libvpx-vp9", "yuv420p", "libopus", True, (("fflags", "+bitexact"),)),
    ".gif": OutputFormat(".gif", "gif", "gif", "pal8", None, False),
    ".png": OutputFormat(".png", None, "png", "rgb24", None, False),
    # Lossless segments for outputs that cannot take copied packets.
    ".mkv": OutputFormat(".mkv", "matroska", "ffv1", "bgr0", None, False, (("fflags", "+bitexact"),)),
}

# (x264 preset, crf), (vp9 deadline, cpu-used, crf), audio bit rate per quality.
_X264 = {"preview": ("ultrafast", "28"), "normal": ("veryfast", "20"), "high": ("slow", "17")}
_VP9 = {"preview": ("realtime", "8", "40"), "normal": ("realtime", "7", "32"), "high": ("good", "4", "28")}
_AUDIO_BPS = {"preview": 96_000, "normal": 160_000, "high": 256_000}


# Every encoder runs on exactly this many threads, on every machine: x264, libvpx and ffv1 pick
# their split of the work from the CPUs they can see, and that split shows in the bytes, so a
# thread count left to them would make a segment rendered under `taskset -c 0`, on a laptop or on
# a Dask worker differ from the same segment rendered here (and a shared cache mix them).
ENCODER_THREADS = 1


# x264's macroblock-tree rate control reads memory it never wrote (its lowres lookahead overruns
# the planes' padding at many frame sizes: 64x36, 320x180, 480x270, 854x480 were seen, 640x360 and
# 1280x720 not), so the same frames encode to different bytes run to run. Without it the bytes are
# the same every time at every size (`tests/runtime/test_same_bytes.py`); it is off everywhere, as
# a size rule would only hold for the sizes tried.
_X264_PARAMS = "mbtree=0"


def _video_options(fmt: OutputFormat, quality: str) -> dict[str, str]:
    if fmt.video_codec == "libx264":
        preset, crf = _X264[quality]
        return {"preset": preset, "crf": crf, "x264-params": _X264_PARAMS}
    if fmt.video_codec == "libvpx-vp9":
        deadline, cpu_used, crf = _VP9[quality]
        # crf with b:v 0 is VP9's constant-quality mode; row-mt spreads work over cores.
        return {"deadline": deadline, "cpu-used": cpu_used, "crf": crf, "b": "0", "row-mt": "1", "lag-in-frames": "0"}
    if fmt.video_codec == "ffv1":
        return {"level": "3", "slicecrc": "0"}
    return {}


def output_format(path: str | Path) -> OutputFormat:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS or suffix == ".mkv":
        raise EncodeError(f"cannot write {Path(path).name!r}: the extension must be .mp4, .webm, .gif or .png")
    return FORMATS[suffix]


def segment_suffix(out_path: str | Path) -> str:
    """The extension to give segments that `join_segments` will join into
    out_path: the same codec for .mp4/.webm (packets are copied), lossless
    FFV1 .mkv for .gif/.png (their joins decode)."""
    suffix = output_format(out_path).suffix
    return suffix if suffix in (".mp4", ".webm") else ".mkv"


def png_frame_path(pattern: str | Path, index: int) -> Path:
    """out/f.png, 3 -> out/f_00003.png"""
    pattern = Path(pattern)
    return pattern.with_name(f"{pattern.stem}_{index:05d}.png")


def _as_fps(fps: float | Fraction) -> Fraction:
    rate = Fraction(fps).limit_denominator(1001)
    if rate <= 0:
        raise EncodeError(f"fps must be positive, got {fps}")
    return rate


def _check_size(fmt: OutputFormat, width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise EncodeError(f"frame size must be positive, got {width}x{height}")
    if fmt.even_size and (width % 2 or height % 2):
        raise EncodeError(f"{fmt.suffix} video needs an even width and height, got {width}x{height}")


def _check_audio(audio: np.ndarray | None) -> np.ndarray | None:
    if audio is None:
        return None
    audio = np.asarray(audio)
    if audio.ndim != 2 or audio.shape[0] not in (1, 2) or not np.issubdtype(audio.dtype, np.floating):
        raise EncodeError(f"audio must be a float array of shape (2, samples) or (1, samples), got {audio.dtype} {audio.shape}")
    if audio.shape[0] == 1:
        audio = np.repeat(audio, 2, axis=0)
    return np.ascontiguousarray(np.clip(audio, -1.0, 1.0), dtype=np.float32)

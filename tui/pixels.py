"""Frames in a terminal: half-block cells for any terminal, and which
graphics protocol (kitty, iTerm2, sixel) the terminal speaks, if any.

A half-block cell `▀` shows two pixels: the upper one in the foreground
colour and the lower one in the background colour, so a W×H frame takes
W columns and H/2 rows. Styles are cached per colour pair: a preview
repeats few colours and Rich parses nothing per cell.
"""

from __future__ import annotations

import base64
import functools
import io
from collections.abc import Mapping

import numpy as np
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

UPPER_HALF = "\u2580"


@functools.lru_cache(maxsize=8192)
def _pair_style(top: int, bottom: int) -> Style:
    return Style(color=Color.from_rgb(top >> 16, (top >> 8) & 255, top & 255),
                 bgcolor=Color.from_rgb(bottom >> 16, (bottom >> 8) & 255, bottom & 255))


def fit_size(frame_w: int, frame_h: int, columns: int, rows: int) -> tuple[int, int]:
    """The largest pixel size with the frame's aspect ratio that fits
    `columns` × `rows` cells of two pixels each (height kept even)."""
    if frame_w <= 0 or frame_h <= 0 or columns <= 0 or rows <= 0:
        return 0, 0
    scale = min(columns / frame_w, 2 * rows / frame_h)
    width = max(1, min(columns, round(frame_w * scale)))
    height = max(2, min(2 * rows, round(frame_h * scale) // 2 * 2))
    return width, height


def _packed(rgb: np.ndarray) -> np.ndarray:
    if rgb.ndim != 3 or rgb.shape[2] != 3:
        raise ValueError(f"expected an H×W×3 frame, got shape {rgb.shape}")
    if rgb.shape[0] % 2:  # an odd last row shows over black
        rgb = np.concatenate([rgb, np.zeros((1, *rgb.shape[1:]), rgb.dtype)])
    packed = rgb.astype(np.uint32)
    return (packed[..., 0] << 16) | (packed[..., 1] << 8) | packed[..., 2]


def half_block_lines(rgb: np.ndarray) -> list[list[Segment]]:
    """One list of Segments per terminal row; neighbouring cells of the
    same colours share a segment."""
    packed = _packed(rgb)
    lines = []
    for top_row, bottom_row in zip(packed[0::2].tolist(), packed[1::2].tolist()):
        segments: list[Segment] = []
        run_start = 0
        for x in range(1, len(top_row) + 1):
            if x == len(top_row) or top_row[x] != top_row[run_start] or bottom_row[x] != bottom_row[run_start]:
                segments.append(Segment(UPPER_HALF * (x - run_start),
                                        _pair_style(top_row[run_start], bottom_row[run_start])))
                run_start = x
        lines.append(segments)
    return lines


def half_blocks(rgb: np.ndarray) -> Text:
    """The frame as Rich Text, one line per two pixel rows."""
    text = Text(no_wrap=True, overflow="crop")
    for index, line in enumerate(half_block_lines(rgb)):
        if index:
            text.append("\n")
        for segment in line:
            text.append(segment.text, segment.style)
    return text


def graphics_protocol(environ: Mapping[str, str]) -> str | None:
    """'kitty', 'iterm' or 'sixel' when the environment names a terminal that
    draws real pixels, else None (half blocks). Inside tmux or screen the
    escape codes do not pass through, so those always get half blocks."""
    if environ.get("TMUX") or environ.get("TERM", "").startswith("screen"):
        return None
    program = environ.get("TERM_PROGRAM", "")
    if environ.get("KITTY_WINDOW_ID") or environ.get("TERM") == "xterm-kitty" or program in ("ghostty", "WezTerm"):
        return "kitty"
    if program in ("iTerm.app",):
        return "iterm"
    if program in ("mlterm",) or environ.get("TERM", "") in ("mlterm", "foot", "foot-extra"):
        return "sixel"
    return None


def png_bytes(rgb: np.ndarray) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgb), "RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def kitty_image(rgb: np.ndarray, columns: int, rows: int, image_id: int = 1) -> str:
    """The kitty graphics escape that draws the frame over `columns`×`rows`
    cells at the cursor (chunks of 4096 base64 bytes, as the protocol asks)."""
    data = base64.standard_b64encode(png_bytes(rgb)).decode("ascii")
    chunks = [data[i:i + 4096] for i in range(0, len(data), 4096)] or [""]
    parts = []
    for index, chunk in enumerate(chunks):
        more = 1 if index < len(chunks) - 1 else 0
        if index == 0:
            head = f"a=T,f=100,i={image_id},c={columns},r={rows},C=1,q=2,m={more}"
        else:
            head = f"m={more}"
        parts.append(f"\x1b_G{head};{chunk}\x1b\\")
    return "".join(parts)


def iterm_image(rgb: np.ndarray, columns: int, rows: int) -> str:
    """The iTerm2 inline-image escape for the frame, `columns`×`rows` cells."""
    data = png_bytes(rgb)
    encoded = base64.standard_b64encode(data).decode("ascii")
    return (f"\x1b]1337;File=inline=1;size={len(data)};width={columns};height={rows};"
            f"preserveAspectRatio=1:{encoded}\x07")

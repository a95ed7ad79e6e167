"""Frames in a terminal: half-block cells for any terminal, which graphics
protocol (kitty, iTerm2, sixel) the terminal speaks, if any, and the kitty
escapes that put a frame's real pixels over a rectangle of cells.

A half-block cell `▀` shows two pixels: the upper one in the foreground
colour and the lower one in the background colour, so a W×H frame takes
W columns and H/2 rows. Styles are cached per colour pair: a preview
repeats few colours and Rich parses nothing per cell.

`KittyCanvas` is one preview's image in a kitty-protocol terminal: it knows
what it last sent and placed, and returns only the escapes that change
that. It writes nothing itself, so it is tested as plain strings.
"""

from __future__ import annotations

import base64
import functools
import io
import itertools
from collections.abc import Mapping

import numpy as np
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

UPPER_HALF = "\u2580"
GRAPHICS_VARIABLE = "SCENEC_TUI_GRAPHICS"  # off: half blocks; kitty/iterm/sixel: trust the user
GRAPHICS_CHOICES = ("kitty", "iterm", "sixel")
_OFF = ("off", "none", "no", "0", "false", "halfblocks", "half-blocks")
KITTY_CHUNK = 4096  # base64 bytes per escape, as the kitty protocol asks
# The pixels a terminal cell is usually drawn with; the terminal scales the image
# to the cells anyway, so this only decides how much detail is worth sending.
CELL_PX = (8, 16)
# Image ids live per terminal screen, which the dashboard has to itself (the
# alternate screen); an odd base keeps them apart from tools run before it.
_image_ids = itertools.count(0x5CE00001)


class GraphicsSettingError(ValueError):
    """SCENEC_TUI_GRAPHICS names no protocol the dashboard knows."""


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
    escape codes do not pass through, so those always get half blocks.
    SCENEC_TUI_GRAPHICS=off forces half blocks; =kitty (iterm, sixel)
    forces that protocol, for terminals not recognised (Konsole: kitty)."""
    setting = environ.get(GRAPHICS_VARIABLE, "").strip().lower()
    if setting in _OFF:
        return None
    if setting in GRAPHICS_CHOICES:
        return setting
    if setting not in ("", "auto"):
        raise GraphicsSettingError(f"{GRAPHICS_VARIABLE}={environ[GRAPHICS_VARIABLE]!r} is not one of "
                                   f"off, auto, {', '.join(GRAPHICS_CHOICES)}")
    if environ.get("TMUX") or environ.get("TERM", "").startswith("screen"):
        return None
    program = environ.get("TERM_PROGRAM", "")
    term = environ.get("TERM", "")
    if environ.get("KITTY_WINDOW_ID") or term in ("xterm-kitty", "xterm-ghostty") or program in ("ghostty", "WezTerm"):
        return "kitty"
    if program in ("iTerm.app",):
        return "iterm"
    if program in ("mlterm",) or environ.get("TERM", "") in ("mlterm", "foot", "foot-extra"):
        return "sixel"
    return None


def png_bytes(rgb: np.ndarray, compress_level: int = 6) -> bytes:
    """The frame as a PNG file; a live preview trades size for speed with a lower level."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgb), "RGB").save(buffer, format="PNG", compress_level=compress_level)
    return buffer.getvalue()


def kitty_image(rgb: np.ndarray, columns: int, rows: int, image_id: int = 1, placement_id: int | None = None) -> str:
    """The kitty graphics escape that sends the frame as PNG and draws it over
    `columns`×`rows` cells at the cursor, leaving the cursor where it was
    (chunks of 4096 base64 bytes, `m=1` on all but the last). Sending again
    with the same `image_id` replaces the picture; q=2 keeps the terminal
    from answering into the app's input."""
    return kitty_png(png_bytes(rgb), columns, rows, image_id, placement_id)


def kitty_png(png: bytes, columns: int, rows: int, image_id: int = 1, placement_id: int | None = None) -> str:
    """`kitty_image` for a frame already encoded as PNG."""
    data = base64.standard_b64encode(png).decode("ascii")
    chunks = [data[i:i + KITTY_CHUNK] for i in range(0, len(data), KITTY_CHUNK)] or [""]
    placement = f",p={placement_id}" if placement_id is not None else ""
    parts = []
    for index, chunk in enumerate(chunks):
        more = 1 if index < len(chunks) - 1 else 0
        if index == 0:
            head = f"a=T,f=100,i={image_id}{placement},c={columns},r={rows},C=1,q=2,m={more}"
        else:
            head = f"m={more}"
        parts.append(f"\x1b_G{head};{chunk}\x1b\\")
    return "".join(parts)


def kitty_place(image_id: int, placement_id: int, columns: int, rows: int) -> str:
    """Draw an image already sent over `columns`×`rows` cells at the cursor;
    the same placement id moves the earlier placement instead of adding one."""
    return f"\x1b_Ga=p,i={image_id},p={placement_id},c={columns},r={rows},C=1,q=2\x1b\\"


def kitty_delete(image_id: int, free: bool) -> str:
    """Take an image's placements off the screen; `free` also drops its data."""
    return f"\x1b_Ga=d,d={'I' if free else 'i'},i={image_id},q=2\x1b\\"


def at_cell(x: int, y: int, escape: str) -> str:
    """`escape` written at cell (x, y), 0-based, in one synchronized update,
    with the cursor saved and restored around it so the app's own idea of
    where the cursor is stays true."""
    return f"\x1b[?2026h\x1b7\x1b[{y + 1};{x + 1}H{escape}\x1b8\x1b[?2026l"


def kitty_pixel_size(frame_w: int, frame_h: int, columns: int, rows: int) -> tuple[int, int]:
    """The pixel size worth drawing a frame at to fill `columns`×`rows` cells
    (with the frame's aspect ratio): about what the cells show, never more
    than the frame's own size."""
    width, height = fit_size(frame_w, frame_h, columns * CELL_PX[0], rows * CELL_PX[1] // 2)
    if width > frame_w:
        scale = frame_w / width
        width, height = frame_w, max(2, round(height * scale))
    return width, height


class KittyCanvas:
    """One preview's picture in a kitty-protocol terminal.

    `show` returns the escapes that put a PNG over a cell rectangle: the whole
    PNG when the picture or its size in cells changed, a cheap re-placement
    when only the position changed or the app painted over the cells (some
    terminals, WezTerm among them, drop image cells that text is written to),
    nothing when it is already there. `hide` takes it off the screen but keeps
    the data; `close` frees it. The same image and placement ids are used
    throughout, so each frame replaces the last instead of piling up."""

    __slots__ = ("image_id", "placement_id", "_sent", "_placed")

    def __init__(self, image_id: int | None = None) -> None:
        self.image_id = next(_image_ids) if image_id is None else image_id
        self.placement_id = 1
        # The PNG the terminal holds (kept, so its identity cannot be reused by a new frame) and its cells.
        self._sent: tuple[bytes, int, int] | None = None
        self._placed: tuple[int, int, int, int] | None = None  # x, y, columns, rows on screen

    @property
    def placed(self) -> tuple[int, int, int, int] | None:
        """Where the picture is now, as (x, y, columns, rows) in cells."""
        return self._placed

    def show(self, png: bytes, x: int, y: int, columns: int, rows: int, repainted: bool = False) -> str:
        if columns <= 0 or rows <= 0:
            return self.hide()
        where = (x, y, columns, rows)
        sent = self._sent
        if sent is None or sent[0] is not png or sent[1:] != (columns, rows):
            escape = kitty_png(png, columns, rows, self.image_id, self.placement_id)
            self._sent = (png, columns, rows)
        elif where != self._placed or repainted:
            escape = kitty_place(self.image_id, self.placement_id, columns, rows)
        else:
            return ""
        self._placed = where
        return at_cell(x, y, escape)

    def forget(self) -> None:
        """The terminal lost its images (it left the alternate screen): send
        everything again next time."""
        self._sent = self._placed = None

    def hide(self) -> str:
        if self._placed is None:
            return ""
        self._placed = None
        return kitty_delete(self.image_id, free=False)

    def close(self) -> str:
        if self._sent is None:
            return ""
        self._sent = self._placed = None
        return kitty_delete(self.image_id, free=True)


def iterm_image(rgb: np.ndarray, columns: int, rows: int) -> str:
    """The iTerm2 inline-image escape for the frame, `columns`×`rows` cells."""
    data = png_bytes(rgb)
    encoded = base64.standard_b64encode(data).decode("ascii")
    return (f"\x1b]1337;File=inline=1;size={len(data)};width={columns};height={rows};"
            f"preserveAspectRatio=1:{encoded}\x07")


def shrink(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """`rgb` averaged down to `size` (width, height) pixels: the half-block
    picture of a frame drawn at kitty size, without drawing it twice."""
    from PIL import Image

    if (rgb.shape[1], rgb.shape[0]) == size:
        return rgb
    picture = Image.fromarray(np.ascontiguousarray(rgb), "RGB").resize(size, Image.Resampling.BOX)
    return np.asarray(picture)

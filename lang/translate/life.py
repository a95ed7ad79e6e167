"""Life for a film whose sentence names no motion, and variety among repeated things.

Reads the instruction, the placed boxes and the object registry. Produces, per drawn instance, a
`Look`: how much its box is scaled (about its bottom, so it stays standing where it stood), a color
nudged in lightness, and the idle motion call it gets (its object's `idle`, `knowledge/objects.py`)
with its period nudged so that copies do not move in step. Guarantees: deterministic for the same
seed and layer names; the first instance of a subject is drawn as laid out (no nudge), so a single
thing looks as the layout placed it; nothing moves when the sentence says it is still ("a still
lake", "motionless", "frozen") or the thing already has a motion or a path.
"""

from __future__ import annotations

import colorsys
import random
import re
from dataclasses import dataclass, replace

from scenec.knowledge import colors

from .context import Knowledge
from .model import Box, Instruction, Placed

STILL_WORDS = frozenset({"still", "motionless", "frozen", "unmoving", "stationary", "stock-still"})
# Words that ask for many colors: each copy gets its own hue, spread round the wheel from the seed.
COLORFUL_WORDS = frozenset({"colorful", "colourful", "multicolored", "multicoloured", "multi-colored", "rainbow",
                            "vibrant", "assorted", "various", "different"})
COLORFUL_SATURATION, COLORFUL_LIGHTNESS = 0.62, 0.58
SIZE_SPREAD = 0.09  # a copy is up to this share larger or smaller
LIGHTNESS_SPREAD = 0.07  # and up to this much lighter or darker (HLS lightness)
PERIOD_SPREAD = 0.18  # its idle period up to this share longer or shorter


@dataclass(frozen=True, slots=True)
class Look:
    scale: float = 1.0
    color: str | None = None  # #rrggbb, or None to keep the subject's color
    idle: str | None = None  # a motion call, or None


def is_still(words: tuple[str, ...]) -> bool:
    """Does the sentence say its things do not move?"""
    return any(w in STILL_WORDS for w in words)


def _nudged(hex_color: str, amount: float) -> str:
    r, g, b, _ = colors.parse_color(hex_color)
    h, light, s = colorsys.rgb_to_hls(r, g, b)
    light = max(0.05, min(0.95, light + amount))
    return "#" + "".join(f"{round(c * 255):02x}" for c in colorsys.hls_to_rgb(h, light, s))


def _period(call: str, factor: float) -> str:
    return re.sub(r"(period): ([\d.]+)s", lambda m: f"{m.group(1)}: {round(float(m.group(2)) * factor, 2):g}s", call)


def _hue(k: int, start: float) -> str:
    h = (start + k * 0.381966) % 1.0  # the golden angle: neighbours never share a hue
    return "#" + "".join(f"{round(c * 255):02x}" for c in colorsys.hls_to_rgb(h, COLORFUL_LIGHTNESS,
                                                                                COLORFUL_SATURATION))


def looks(ins: Instruction, placed: tuple[Placed, ...], kb: Knowledge, seed: int, still: bool,
          travels: list, colorful: bool = False) -> dict[str, Look]:
    """A `Look` per layer name; `colorful` gives every uncolored copy its own hue."""
    out: dict[str, Look] = {}
    seen: dict[int, int] = {}
    start = random.Random(seed).random()
    for p in placed:
        s = ins.subjects[p.subject]
        k = seen.get(p.subject, 0)
        seen[p.subject] = k + 1
        entry = kb.objects.lookup(s.object) if s.object else None
        rng = random.Random(f"{seed}:{p.layer}")
        scale = 1.0 + rng.uniform(-SIZE_SPREAD, SIZE_SPREAD) if k else 1.0
        base = colors.to_hex(s.color.rgba).lower() if s.color else (entry.default_color if entry else None)
        color = _nudged(base, rng.uniform(-LIGHTNESS_SPREAD, LIGHTNESS_SPREAD)) if k and base and (
            entry is None or entry.color_param) else None
        if colorful and s.color is None and (entry is None or entry.color_param):
            color = _hue(len(out), start)
        idle = None
        moving = s.motion is not None or (p.subject < len(travels) and travels[p.subject] is not None)
        if entry is not None and entry.idle and not still and not moving:
            idle = _period(entry.idle, 1.0 + rng.uniform(-PERIOD_SPREAD, PERIOD_SPREAD)) if k else entry.idle
        out[p.layer] = Look(scale, color, idle)
    return out


def scaled(placed: tuple[Placed, ...], found: dict[str, Look]) -> tuple[Placed, ...]:
    """The boxes with each copy's scale applied about its bottom centre."""
    out = []
    for p in placed:
        f = found[p.layer].scale if p.layer in found else 1.0
        if f == 1.0:
            out.append(p)
            continue
        b = p.box
        out.append(replace(p, box=Box(b.x, b.bottom - b.h * f / 2, b.w * f, b.h * f)))
    return tuple(out)

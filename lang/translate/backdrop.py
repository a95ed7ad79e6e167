"""The backdrop behind the subjects: a place from the place registry, or a plain outdoor or indoor
setting, its sky recolored for the time of day and its ground and foliage for the season. The
compiler's lighting pass lights the rest (ground, walls, objects) by the time and the weather.

No texture lies over the backdrop: every backdrop has structure of its own at several depths (hills,
bands, trim, a window), which is what lets a camera move show in the picture and be measured
(a flat gradient alone gives phase correlation nothing to hold on to).

Backdrop layers span the frame's width, so the plan's intent lists them as scenery, not subjects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scenec.knowledge import colors
from scenec.knowledge.vocabulary import Season

from .layout import Ground
from .model import RGBA

DAY_SKY = ("#74b4e8", "#dff1fb")
GRASS = "#7fb86a"
FOLIAGE = "#4f8f4a"
WALL = ("#eccf9f", "#d9b47e")
FLOOR = "#9c6f4b"
TABLE = "#c9a275"
TABLE_LINE = 0.66
INDOOR_PLACEMENTS = ("table", "wall", "floor")
DARK_SKY = 0.12  # a sky whose top is darker than this (relative luminance) is a night sky
# A night sky's stars: the light of the scene, and the detail a camera move shows in the dark.
STARS = ("layer night-stars: particles(kind: stars, count: 90, color: #f4f6ff, size: 0.35%, speed: 0.05, "
         "area: [(0%, 0%), (100%, 55%)]) depth 0.02")
# A rack focus is seen only in what it blurs: a soft backdrop (night, fog, a plain sky) gets fine detail
# for the pull to take away.
RACK_DETAIL = ("layer detail: noise(kind: clouds, size: 1.5%, octaves: 2, "
               "colors: [alpha(black, 0%), alpha(black, 20%)], speed: 0) depth 0.5")

WEATHER_COLORS = {"rain": "alpha(#bfcce6, 60%)", "snow": "alpha(white, 90%)"}


def far_weather(kind: str, count: int, speed: float) -> str:
    """The weather's particles as a backdrop layer (the compiler then adds none of its own), so that a
    rack focus can take them out of focus with the rest of the background."""
    color = WEATHER_COLORS.get(kind, "alpha(white, 80%)")
    return f"layer weather-far: particles(kind: {kind}, count: {count}, color: {color}, size: 0.5%, speed: {speed:g})"


@dataclass(frozen=True, slots=True)
class Backdrop:
    lines: tuple[str, ...]
    ground: Ground
    layer_names: tuple[str, ...]
    outdoor: bool
    ambient: str | None = None
    palette: str | None = None


def _hex(color: RGBA) -> str:
    return colors.to_hex(color).lower()


def _pct(value: float) -> str:
    return f"{round(value * 100, 2):g}%"


def names(lines: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(m.group(1) for line in lines if (m := re.match(r"\s*layer\s+([A-Za-z_][\w-]*)\s*:", line)))


def _sky(sky: tuple[RGBA, RGBA] | None) -> tuple[str, str]:
    return (_hex(sky[0]), _hex(sky[1])) if sky else DAY_SKY


def outdoor(sky: tuple[RGBA, RGBA] | None, season: Season | None) -> Backdrop:
    top, bottom = _sky(sky)
    ground_line = 0.68
    grass = _hex(season.ground) if season else GRASS
    foliage = _hex(season.foliage) if season else FOLIAGE
    # Hills at four depths and a darker band of meadow: the structure a camera move shows. Only bands
    # as wide as the frame, so the plan's intent counts none of them as a subject.
    lines = [
        f"layer sky: gradient(from: {top}, to: {bottom})",
        f"layer hills-far: ellipse(at: (22%, {_pct(ground_line + 0.03)}), size: (120%, 26%), "
        f"fill: mix({foliage}, {bottom}, 45%)) depth 0.15",
        f"layer hills-mid: ellipse(at: (70%, {_pct(ground_line + 0.02)}), size: (100%, 14%), "
        f"fill: mix({foliage}, {bottom}, 25%)) depth 0.2",
        f"layer hills-near: ellipse(at: (84%, {_pct(ground_line + 0.05)}), size: (110%, 20%), "
        f"fill: darken({foliage}, 6%)) depth 0.3",
        f"layer ground: rect(at: (50%, {_pct((ground_line + 1) / 2)}), size: (100%, {_pct(1 - ground_line)}), "
        f"fill: {grass}) depth 0.5",
        f"layer meadow-band: ellipse(at: (30%, 100%), size: (120%, 12%), fill: darken({grass}, 8%)) depth 0.8",
    ]
    if sky is not None and colors.relative_luminance(sky[0]) < DARK_SKY:
        lines.insert(1, STARS)
    return Backdrop(tuple(lines), Ground(ground=ground_line), names(lines), True, "wind")


def indoor(season: Season | None) -> Backdrop:
    # A wall (a rect, not a sky gradient, so the time of day lights it), wainscot, trim, a floor with a
    # skirting and a table: bands as wide as the frame at several depths, structure a camera move shows
    # and the plan's intent counts as scenery.
    lines = [
        f"layer wall: rect(at: (50%, 50%), size: (100%, 100%), fill: {WALL[0]}) depth 0.05",
        f"layer wall-low: rect(at: (50%, 76%), size: (100%, 48%), fill: {WALL[1]}) depth 0.06",
        "layer wall-trim: rect(at: (50%, 52%), size: (100%, 2%), fill: #bfa888) depth 0.07",
        "layer cornice: rect(at: (50%, 4%), size: (100%, 3%), fill: #d8bf95) depth 0.07",
        f"layer floor: rect(at: (50%, 90%), size: (100%, 20%), fill: {FLOOR}) depth 0.3",
        "layer skirting: rect(at: (50%, 80.5%), size: (100%, 1.5%), fill: #7a5538) depth 0.3",
        f"layer table: rect(at: (50%, {_pct(TABLE_LINE + 0.1)}), size: (100%, 20%), fill: {TABLE}) depth 0.5",
        f"layer table-edge: rect(at: (50%, {_pct(TABLE_LINE + 0.005)}), size: (100%, 1%), "
        f"fill: darken({TABLE}, 12%)) depth 0.5",
    ]
    return Backdrop(tuple(lines), Ground(ground=0.66, table=TABLE_LINE), names(lines), False, "hum")


def from_place(place, sky: tuple[RGBA, RGBA] | None) -> Backdrop:
    """A registry place's layers, its sky layers recolored for the time of day."""
    lines = [line.strip() for line in place.layers.strip().splitlines() if line.strip()]
    if sky is not None:
        top, bottom = _sky(sky)
        dark = colors.relative_luminance(sky[0]) < DARK_SKY
        for k, line in enumerate(lines):
            m = re.match(r"layer\s+([A-Za-z_][\w-]*)\s*:\s*gradient\(", line)
            if m and m.group(1) in place.sky_layers:
                lines[k] = f"layer {m.group(1)}: gradient(from: {top}, to: {bottom})"
            elif dark:
                # Under a dark sky the sun has set: the moon takes its place.
                lines[k] = re.sub(r"^(layer\s+[A-Za-z_][\w-]*\s*:\s*)sun\(", r"\1moon(", line)
        if dark and place.outdoor and place.sky_layers and "kind: stars" not in place.layers:
            lines.insert(1, STARS)
    ground = Ground(ground=place.ground / 100, water=None if place.water_line is None else place.water_line / 100,
                    table=None if place.table is None else place.table / 100)
    return Backdrop(tuple(lines), ground, names(lines), place.outdoor, place.ambient, place.palette)


# Names a rack focus may add to the backdrop, kept free of subjects whatever the camera.
RACK_LAYERS = names((RACK_DETAIL, far_weather("rain", 1, 1)))

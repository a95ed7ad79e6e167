"""Contact sheets of the places, and of a few places under every time of day and weather, to look at.

    python benchmarks/place_sheet.py --out /tmp/places.png [--only beach,cave] [--cols 4]
    python benchmarks/place_sheet.py --grid --out /tmp/light.png [--only beach,city-street,kitchen]
    python benchmarks/place_sheet.py --out /tmp/places.png --cells /tmp/cells   # also each cell as a PNG

Each cell is one frame at 640x360 of a scene made of the place's backdrop (from
`knowledge/data/places.yaml`, its sky recolored for the time of day as the translator does) with a person and a dog standing on its ground line, a boat
on its water line where it has water, and a lamp on its table where it has one, so a cell
shows what the place looks like and whether things stand where the translator will put
them. `--grid` draws the places given by `--only` (three by default) once per time of
day (rows) and weather (columns) instead: the light and the weather act on the ground and
the things, not only the sky. Nothing here asserts; it is for eyes.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from scenec.api import compile_text
from scenec.compiler.options import CompileOptions
from scenec.knowledge import lookup
from scenec.knowledge.places import PlaceEntry, load_places
from scenec.knowledge.registry import load_registry
from scenec.lang.translate import backdrop
from scenec.runtime.frame import FrameRenderer

CELL = (640, 360)
LABEL_PX = 18
GRID_PLACES = ("meadow", "city-street", "kitchen")
REGISTRY = load_registry(None)
GRID_TIMES = ("dawn", "noon", "golden-hour", "dusk", "night")
GRID_WEATHERS = ("clear", "rain", "snow", "fog", "storm")


def scene_text(place: PlaceEntry, time: str | None = None, weather: str | None = None) -> str:
    """A one-shot scene: the place's backdrop, a person and a dog on its ground, a boat on its water."""
    ground = place.ground
    subjects = [
        f"layer person: person(at: (30%, {ground - 15:g}%), box: (6%, 30%))",
        f"layer dog: dog(at: (44%, {ground - 8:g}%), box: (12%, 16%))",
    ]
    if place.water_line is not None and place.water_line > 0:
        subjects.append(f"layer boat: boat(at: (72%, {place.water_line + 2:g}%), box: (16%, 20%))")
    if place.table is not None:
        subjects.append(f"layer cup: cup(at: (64%, {place.table - 3.5:g}%), box: (4%, 7%))")
    settings = "".join(f"  {key} {value}\n" for key, value in (("time", time), ("weather", weather)) if value)
    # The place's sky recolored for the time of day as the translator does it.
    sky = None
    if time:
        tod = lookup.time_of_day(REGISTRY, time)
        sky = (tod.sky_top, tod.sky_bottom)
    body = "\n    ".join([*backdrop.from_place(place, sky).lines, *subjects])
    return f"scene {{\n  size {CELL[0]}x{CELL[1]}\n  fps 12\n{settings}  shot main 2s {{\n    {body}\n  }}\n}}\n"


def render_cell(text: str, at_frame: int = 6) -> np.ndarray:
    plan, check = compile_text(text, options=CompileOptions(size=CELL))
    if plan is None:
        problems = "; ".join(d.message for d in check.diagnostics)
        raise SystemExit(f"a cell does not compile: {problems}\n{text}")
    return FrameRenderer(plan).render(at_frame)


def _label(image: Image.Image, xy: tuple[int, int], text: str) -> None:
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=14)
    x, y = xy
    draw.rectangle((x, y, x + draw.textlength(text, font=font) + 8, y + LABEL_PX), fill=(20, 20, 24))
    draw.text((x + 4, y + 1), text, fill=(240, 240, 240), font=font)


def montage(cells: list[tuple[str, np.ndarray]], cols: int, scale: float) -> Image.Image:
    w, h = int(CELL[0] * scale), int(CELL[1] * scale)
    rows = math.ceil(len(cells) / cols)
    sheet = Image.new("RGB", (cols * w, rows * h), (30, 30, 34))
    for k, (label, pixels) in enumerate(cells):
        tile = Image.fromarray(pixels).resize((w, h), Image.LANCZOS) if scale != 1 else Image.fromarray(pixels)
        x, y = (k % cols) * w, (k // cols) * h
        sheet.paste(tile, (x, y))
        _label(sheet, (x + 4, y + 4), label)
    return sheet


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="the montage PNG")
    parser.add_argument("--only", help="comma-separated place names")
    parser.add_argument("--grid", action="store_true", help="places × times of day × weathers")
    parser.add_argument("--cols", type=int, default=4)
    parser.add_argument("--scale", type=float, default=0.5, help="cell size in the montage (1 = 640x360)")
    parser.add_argument("--cells", help="a folder to write every cell into at 640x360")
    args = parser.parse_args(argv)
    places = load_places()
    names = args.only.split(",") if args.only else (list(GRID_PLACES) if args.grid else sorted(places.entries))
    cells: list[tuple[str, np.ndarray]] = []
    cols = args.cols
    if args.grid:
        cols = len(GRID_WEATHERS)
        for name in names:
            for time in GRID_TIMES:
                for weather in GRID_WEATHERS:
                    text = scene_text(places.lookup(name), time, weather)
                    cells.append((f"{name} · {time} · {weather}", render_cell(text)))
    else:
        for name in names:
            cells.append((name, render_cell(scene_text(places.lookup(name)))))
    if args.cells:
        folder = Path(args.cells)
        folder.mkdir(parents=True, exist_ok=True)
        for label, pixels in cells:
            Image.fromarray(pixels).save(folder / (label.replace(" · ", "-").replace(" ", "_") + ".png"))
    montage(cells, cols, args.scale).save(args.out)
    print(f"wrote {args.out} ({len(cells)} cells)")


if __name__ == "__main__":
    main()

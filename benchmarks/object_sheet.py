"""Contact sheets of the built-in objects and places, for looking at them.

    python benchmarks/object_sheet.py --out /tmp/objects.png [--only dog,cat] [--tile 160x120]
    python benchmarks/object_sheet.py --places --out /tmp/places.png

Objects: every entry of `knowledge/data/objects.yaml` (and any built-in
template no entry names) is drawn in a tile of its own, scaled to fill the
tile at the aspect of its default box, in one scene rendered once. The
sheet is rendered twice over two different backgrounds: pixels that do not
change are the figure's own, which gives each object's coverage of its box
and the median color of its figure, printed next to its default color (the
prompt benchmark samples the median color inside an entity, so the main
color should dominate). Places: each place's layers in a 320x180 scene,
one frame each, tiled. Nothing here asserts; it is for eyes and ratios.
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from scenec.api import compile_text
from scenec.compiler.options import CompileOptions
from scenec.knowledge.colors import parse_color
from scenec.knowledge.objects import load_objects
from scenec.knowledge.places import load_places
from scenec.knowledge.world import build_world
from scenec.lang.builtins import builtin_templates
from scenec.runtime.frame import FrameRenderer

LABEL_PX = 14
# Two backgrounds no figure is likely to match exactly on both.
BACKGROUNDS = ("#d8dde3", "#3a2f4a")


@dataclass(frozen=True, slots=True)
class Tile:
    name: str
    template: str
    aspect: float  # box width / height in pixels on a 16:9 frame
    color: str | None


def _tiles(only: set[str] | None) -> list[Tile]:
    objects = load_objects()
    known = builtin_templates(build_world())
    missing = sorted(e.name for e in objects.entries.values() if e.template not in known)
    if missing:
        print(f"no template for: {', '.join(missing)}", file=sys.stderr)
    tiles = [Tile(e.name, e.template, e.box[0] * 16 / (e.box[1] * 9), e.default_color)
             for e in objects.entries.values() if e.template in known]
    named = {e.template for e in objects.entries.values()}
    tiles += [Tile(t, t, 1.0, None) for t in sorted(known) if t not in named]
    return [t for t in tiles if only is None or t.name in only or t.template in only]


def _render(text: str, size: tuple[int, int]) -> np.ndarray:
    plan, check = compile_text(text, options=CompileOptions(size=size))
    if plan is None:
        problems = "\n".join(f"{d.span.start_line}:{d.span.start_col} {d.message}" if d.span else d.message
                             for d in check.diagnostics)
        raise SystemExit(f"the sheet does not compile:\n{problems}")
    return FrameRenderer(plan).render(0)


def _label(image: Image.Image, xy: tuple[int, int], text: str, width: int) -> None:
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=11)
    while len(text) > 3 and draw.textlength(text, font=font) > width - 4:
        text = text[:-1]
    draw.text(xy, text, fill=(20, 20, 20), font=font)


def object_sheet(out: str, tile_w: int, tile_h: int, cols: int, only: set[str] | None) -> None:
    tiles = _tiles(only)
    if not tiles:
        raise SystemExit("no object matches --only")
    cols = min(cols, len(tiles))
    rows = math.ceil(len(tiles) / cols)
    width, height = cols * tile_w, rows * (tile_h + LABEL_PX)
    layers, boxes = [], []
    for i, tile in enumerate(tiles):
        col, row = i % cols, i // cols
        cx, cy = col * tile_w + tile_w / 2, row * (tile_h + LABEL_PX) + tile_h / 2
        fit_w, fit_h = tile_w * 0.9, tile_h * 0.9
        bw, bh = (fit_w, fit_w / tile.aspect) if fit_w / tile.aspect <= fit_h else (fit_h * tile.aspect, fit_h)
        boxes.append((cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2))
        layers.append(f"    layer o{i}: {tile.template}(at: ({100 * cx / width:.3f}%, {100 * cy / height:.3f}%), "
                      f"box: ({100 * bw / width:.3f}%, {100 * bh / height:.3f}%))")
    body = "\n".join(layers)
    frames = [_render(f"scene {{ size {width}x{height} background {bg}\n  shot 1s {{\n{body}\n  }}\n}}",
                      (width, height)) for bg in BACKGROUNDS]
    still = np.all(np.abs(frames[0].astype(int) - frames[1].astype(int)) <= 2, axis=2)
    sheet = Image.new("RGB", (width, height), (240, 240, 240))
    sheet.paste(Image.fromarray(frames[0]), (0, 0))
    print(f"{'object':18} {'cover':>6} {'median':>8} {'default':>8} {'dist':>5}")
    for i, (tile, (x0, y0, x1, y1)) in enumerate(zip(tiles, boxes)):
        col, row = i % cols, i // cols
        ty = row * (tile_h + LABEL_PX) + tile_h
        ImageDraw.Draw(sheet).rectangle((col * tile_w, ty, (col + 1) * tile_w - 1, ty + LABEL_PX - 1),
                                        fill=(250, 250, 250))
        _label(sheet, (col * tile_w + 3, ty + 1), tile.name, tile_w)
        ys, xs = slice(int(y0), int(math.ceil(y1))), slice(int(x0), int(math.ceil(x1)))
        mask = still[ys, xs]
        cover = float(mask.mean()) if mask.size else 0.0
        median = np.median(frames[0][ys, xs][mask], axis=0) if mask.any() else np.zeros(3)
        hex_median = "#{:02x}{:02x}{:02x}".format(*(int(v) for v in median))
        dist = ""
        if tile.color is not None:
            ref = np.array(parse_color(tile.color)[:3]) * 255
            dist = f"{float(np.linalg.norm(ref - median)):5.0f}"
        print(f"{tile.name:18} {cover:6.2f} {hex_median:>8} {tile.color or '-':>8} {dist:>5}")
    sheet.save(out)
    print(f"wrote {out} ({len(tiles)} objects)")


def place_sheet(out: str, cols: int) -> None:
    places = load_places()
    tile_w, tile_h = 320, 180
    names = list(places.entries)
    cols = min(cols, len(names))
    rows = math.ceil(len(names) / cols)
    sheet = Image.new("RGB", (cols * tile_w, rows * (tile_h + LABEL_PX)), (240, 240, 240))
    for i, name in enumerate(names):
        layers = places.entries[name].layers
        frame = _render(f"scene {{ size 320x180\n shot 2s {{\n{layers}\n }} }}", (tile_w, tile_h))
        x, y = (i % cols) * tile_w, (i // cols) * (tile_h + LABEL_PX)
        sheet.paste(Image.fromarray(frame), (x, y))
        _label(sheet, (x + 3, y + tile_h + 1), name, tile_w)
    sheet.save(out)
    print(f"wrote {out} ({len(names)} places)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=None, help="PNG to write (default /tmp/objects.png or /tmp/places.png)")
    parser.add_argument("--places", action="store_true", help="draw the places instead of the objects")
    parser.add_argument("--only", default=None, help="comma-separated object or template names")
    parser.add_argument("--tile", default="160x120", help="tile size WxH for objects")
    parser.add_argument("--cols", type=int, default=10)
    args = parser.parse_args(argv)
    if args.places:
        place_sheet(args.out or "/tmp/places.png", min(args.cols, 5))
        return 0
    try:
        tile_w, tile_h = (int(v) for v in args.tile.lower().split("x"))
    except ValueError:
        parser.error(f"--tile wants WxH such as 160x120, not {args.tile!r}")
    only = {n.strip() for n in args.only.split(",")} if args.only else None
    object_sheet(args.out or "/tmp/objects.png", tile_w, tile_h, args.cols, only)
    return 0


if __name__ == "__main__":
    sys.exit(main())

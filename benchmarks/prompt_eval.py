"""Evaluate prompt understanding on scenec's own prompt set (`benchmarks/prompts/eval.yaml`).

Each prompt goes through `translate` → `compile_text` → the plan's intent (version 2), and what the
prompt's entry says the film must show is checked there: entity classes and counts, main colors
(named by hue), relations (from the entities' on-screen boxes and stacking order), actions (the
direction of a track), camera moves, place, time, weather, the number of shots, how many entities
are placeholders, and that a prompt with nothing understood is refused. A prompt passes when every
check holds ("fully shown").

A montage of stills per group (320×180 tiles, the middle frame of the film, the prompt as caption,
a red caption when the prompt failed) is written to `out/prompt_eval/GROUP.png` for looking at.

    python benchmarks/prompt_eval.py [--group NAME] [--no-montage] [--verbose]
"""

from __future__ import annotations

import argparse
import colorsys
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scenec.api import compile_text, default_world
from scenec.compiler.options import CompileOptions
from scenec.compiler.plan_io import to_dict
from scenec.lang.translate import TranslateError, translate

ROOT = Path(__file__).resolve().parents[1]
PROMPTS = ROOT / "benchmarks" / "prompts" / "eval.yaml"
OUT = ROOT / "out" / "prompt_eval"
SIZE = (320, 180)
FPS = 8
ON_TOLERANCE = 0.06
# Backdrop pieces a place draws (clouds drift, the sea swells): never the prompt's subjects.
BACKDROP_CLASSES = frozenset({"cloud", "sea", "sun", "moon", "mountains", "pine", "skyline", "building", "road",
                              "foam", "river", "grass"})  # how far (frame heights) a resting bottom may sit from its supporter's top


@dataclass(slots=True)
class Outcome:
    group: str
    prompt: str
    failures: list[str] = field(default_factory=list)
    still: object = None  # an (H, W, 3) array, or None


def color_name(hex_color: str) -> str:
    """A basic color name for `#rrggbb`, by hue, saturation and value."""
    r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    hue = h * 360
    if v < 0.22:
        return "black"
    if s < 0.2:
        return "white" if v > 0.8 else "gray"
    if (hue < 40 or hue >= 345) and v < 0.62 and s > 0.3:
        return "brown" if hue >= 12 or v < 0.45 else "red"
    for limit, name in ((12, "red"), (40, "orange"), (70, "yellow"), (165, "green"), (255, "blue"),
                        (290, "purple"), (345, "pink"), (361, "red")):
        if hue < limit:
            return name
    return "red"


def _classes(intent: dict, world) -> dict[str, list[dict]]:
    """Entities by class, also by their object's name (template → object name), their hypernym and, for people,
    `person`."""
    by_template = {entry.template: name for name, entry in world.objects.entries.items()}
    hypernyms = world.vocabulary.hypernyms
    out: dict[str, list[dict]] = {}
    for entity in intent["entities"]:
        cls = entity["class"]
        name = by_template.get(cls.replace(" ", "_")) or by_template.get(cls.replace(" ", "-"))
        entry = world.objects.entries.get(name) if name else None
        # A girl is a person and a pickup truck a truck: an entity also counts as its kind.
        kinds = {cls, name, hypernyms.get(cls), "person" if entry is not None and entry.category == "person" else None}
        for kind in kinds - {None}:
            out.setdefault(kind, []).append(entity)
    return out


def _box(entity: dict, point: int = 0) -> tuple[float, float, float, float]:
    frame, x, y, w, h = entity["track"][point]
    return x, y, w, h


def _relation(a: dict, kind: str, b: dict) -> bool:
    ax, ay, aw, ah = _box(a)
    bx, by, bw, bh = _box(b)
    overlap_x = abs(ax - bx) < (aw + bw) / 2
    match kind:
        case "on":
            return overlap_x and abs((ay + ah / 2) - (by - bh / 2)) < ON_TOLERANCE + bh * 0.5 and ay < by
        case "under":
            return overlap_x and ay > by and ah <= bh * 1.2
        case "above":
            return ay < by
        case "below":
            return ay > by
        case "left-of":
            return ax < bx
        case "right-of":
            return ax > bx
        case "behind":
            return a["z"] < b["z"] and a["depth"] <= b["depth"]
        case "in-front-of":
            return a["z"] > b["z"] and a["depth"] >= b["depth"]
        case "holding":  # the held thing's box touches the holder's box, and moves with it
            return abs(ax - bx) < (aw + bw) / 2 + 0.02 and abs(ay - by) < (ah + bh) / 2 + 0.02
        case "next-to":
            return abs(ax - bx) < 0.6
    return False


def _subject(entity: dict) -> bool:
    """Is the entity a thing the prompt named, not part of the backdrop (its layer is not a place's)?"""
    return entity["class"] not in BACKDROP_CLASSES


def _moves(entity: dict, direction: str) -> bool:
    first, last = entity["track"][0], entity["track"][-1]
    dx, dy = last[1] - first[1], last[2] - first[2]
    match direction:
        case "right":
            return dx > 0.08
        case "left":
            return dx < -0.08
        case "up":
            return dy < -0.08
        case "down":
            return dy > 0.08
        case "steady-or-up":
            return bool(entity["motions"]) and dy < 0.02
    return bool(entity["motions"])


def evaluate(group: str, item: dict, world, montage: bool) -> Outcome:
    out = Outcome(group, item["p"])
    fail = out.failures.append
    try:
        tr = translate(item["p"], knowledge=world)
    except TranslateError as err:
        if item.get("exit") != 1:
            fail(f"refused: {err}")
        return out
    if item.get("exit") == 1:
        fail("should be refused (nothing understood), but translated")
    plan, check = compile_text(tr.text, options=CompileOptions(size=SIZE, fps=FPS), world=world)
    if plan is None:
        fail("does not compile: " + "; ".join(d.message for d in check.diagnostics)[:160])
        return out
    intent = to_dict(plan)["intent"]
    classes = _classes(intent, world)
    for cls, count in (item.get("e") or {}).items():
        found = len(classes.get(cls, ()))
        if (count == 0 and found) or found < count:
            fail(f"{cls}: {found} drawn, {count} asked")
    for cls, color in (item.get("c") or {}).items():
        got = [color_name(e["color"]) for e in classes.get(cls, ())]
        if color not in got:
            fail(f"{cls} color: {got or 'none'} not {color}")
    for a, kind, b in item.get("rel") or ():
        kind = "on" if kind is True else kind  # YAML reads a bare `on` as true
        if kind in ("left-side", "right-side"):  # [a, left-side, frame]: every a in that half
            xs = [_box(e)[0] for e in classes.get(a, ())]
            if not xs or not all((x < 0.5) == (kind == "left-side") for x in xs):
                fail(f"{a} not all on the {kind}: {xs}")
            continue
        ea, eb = classes.get(a), classes.get(b)
        if not ea or not eb:
            fail(f"relation {a} {kind} {b}: missing entity")
        elif not any(_relation(x, kind, y) for x in ea for y in eb):
            fail(f"relation {a} {kind} {b} not shown: {_box(ea[0])} z{ea[0]['z']} vs {_box(eb[0])} z{eb[0]['z']}")
    for cls, direction in (item.get("act") or {}).items():
        if not any(_moves(e, direction) for e in classes.get(cls, ())):
            fail(f"{cls} does not move {direction}")
    for cls in item.get("alive") or ():  # a thing the sentence gives no motion still lives (its idle)
        if not any(e["motions"] for e in classes.get(cls, ())):
            fail(f"{cls} has no motion (no idle life)")
    if item.get("still"):
        moving = sorted({e["class"] for e in intent["entities"] if e["motions"] and _subject(e)})
        if moving:
            fail(f"said to be still, but {moving} move")
    if "differ" in item:  # copies of a thing are not identical
        copies = classes.get(item["differ"], ())
        looks = {(round(e["track"][0][3], 3), round(e["track"][0][4], 3), e["color"]) for e in copies}
        if len(copies) < 2 or len(looks) < 2:
            fail(f"copies of {item['differ']} all look the same")
    if "big" in item:
        heights = [e["track"][-1][4] for e in classes.get(item["big"], ())]
        if not heights or max(heights) < 0.45:
            fail(f"{item['big']} not framed large: heights {heights}")
    moves = {m for c in intent["camera"] for m in c["moves"]}
    for move in item.get("cam") or ():
        if move not in moves:
            fail(f"camera {move} missing (has {sorted(moves)})")
    for key in ("place", "time", "weather"):
        if key in item and intent.get(key) != item[key]:
            fail(f"{key} {intent.get(key)!r}, expected {item[key]!r}")
    if "shots" in item and len(plan.segments) != item["shots"]:
        fail(f"{len(plan.segments)} shots, expected {item['shots']}")
    elif "shots" not in item and len(plan.segments) != 1:
        fail(f"{len(plan.segments)} shots for one sentence")
    placeholders = sum(e["placeholder"] for e in intent["entities"])
    if placeholders > item.get("ph", 0):
        names = [e["class"] for e in intent["entities"] if e["placeholder"]]
        fail(f"{placeholders} placeholders {names}, {item.get('ph', 0)} allowed")
    if montage:
        from scenec.runtime.frame import FrameRenderer
        out.still = FrameRenderer(plan).render(plan.frames // 2)
    return out


def write_montage(group: str, outcomes: list[Outcome], folder: Path) -> Path:
    from PIL import Image, ImageDraw
    cols = 5
    caption_h = 34
    tile_w, tile_h = SIZE[0], SIZE[1] + caption_h
    rows = (len(outcomes) + cols - 1) // cols
    sheet = Image.new("RGB", (cols * tile_w, rows * tile_h), (24, 24, 24))
    draw = ImageDraw.Draw(sheet)
    for k, outcome in enumerate(outcomes):
        x, y = (k % cols) * tile_w, (k // cols) * tile_h
        if outcome.still is not None:
            sheet.paste(Image.fromarray(outcome.still).resize(SIZE), (x, y))
        color = (235, 235, 235) if not outcome.failures else (255, 110, 110)
        for line_no, line in enumerate(textwrap.wrap(outcome.prompt, 52)[:2]):
            draw.text((x + 4, y + SIZE[1] + 3 + 14 * line_no), line, fill=color)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{group}.png"
    sheet.save(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--group", help="only this group")
    parser.add_argument("--no-montage", action="store_true", help="skip rendering stills")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every failure")
    parser.add_argument("--out", type=Path, default=OUT, help="where montages go")
    args = parser.parse_args(argv)
    groups = yaml.safe_load(PROMPTS.read_text(encoding="utf-8"))
    world = default_world()
    total = passed = 0
    for group, items in groups.items():
        if args.group and group != args.group:
            continue
        outcomes = [evaluate(group, item, world, not args.no_montage) for item in items]
        ok = sum(not o.failures for o in outcomes)
        total, passed = total + len(outcomes), passed + ok
        print(f"{group:10s} {ok:3d}/{len(outcomes):3d}  {100 * ok / len(outcomes):5.1f} %")
        if args.verbose:
            for o in outcomes:
                if o.failures:
                    print(f"    {o.prompt!r}: " + "; ".join(o.failures))
        if not args.no_montage:
            print(f"           montage: {write_montage(group, outcomes, args.out)}")
    if total:
        print(f"{'all':10s} {passed:3d}/{total:3d}  {100 * passed / total:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())

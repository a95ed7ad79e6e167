"""Evaluate prompt → scene → film on real prompts (GenEval and VBench temporal-style).

Every prompt goes through `translate` → `compile_text` → the frame renderer at a small size, and each
label is scored against the plan's intent and the rendered pixels:

- objects and counting (GenEval): the intent holds as many entities of the label's class as asked;
  the class is resolved through the object registry, the same way any word is.
- colors: the median color of the pixels the entity paints (its box, where the frame differs from
  the same scene rendered without its subjects) is classified by hue and lightness into the ten
  GenEval color names.
- positions: the order of the two entities' centres along x or y in the intent track.
- camera (VBench): global motion between rendered frames by phase correlation
  (`scenec.runtime.analysis`), named per the corpus convention (pan-left: content moves right).
  `static`: no frame stretch moves; `shake`: the motion analysis finds shake; `slow-motion`: the
  camera holds still and the picture changes slowly (mean frame difference below a threshold);
  `rack-focus`: the background's sharpness falls by a clear factor from first to last frame.

    python benchmarks/translate_eval.py [--limit N] [--jobs N] [--category geneval|vbench|TAG]

Prints a table per category: prompts that produced a film, labels honoured. Nothing here knows the
corpus prompts; the translator sees each prompt as a user would type it.
"""

from __future__ import annotations

import argparse
import colorsys
import json
import math
import re
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from scenec.api import compile_text
from scenec.compiler.options import CompileOptions
from scenec.knowledge.objects import load_objects
from scenec.knowledge.vocabulary import load_vocabulary
from scenec.lang.translate import translate
from scenec.lang.translate.create import slug
from scenec.runtime.analysis.camera import Step, camera_stretches
from scenec.runtime.analysis.motion import estimate, motion_gray
from scenec.runtime.frame import FrameRenderer

# The shared corpora sit beside the checkout (`/work/main` → `/work/shared`), or one level further up
# from a worktree (`/work/wt/NAME` → `/work/shared`).
CORPORA = next((p / "shared" / "corpora" for p in Path(__file__).resolve().parents[2:4]
                if (p / "shared" / "corpora").is_dir()), Path(__file__).resolve().parents[2] / "shared" / "corpora")
SIZE = (192, 108)
FPS = 12
SLOW_DIFF = 0.012  # mean absolute frame difference per frame (0..1) a slow-motion film stays under
RACK_RATIO = 0.75  # background sharpness at the end over the start, at most


@dataclass(slots=True)
class Result:
    corpus: str
    category: str
    prompt: str
    film: bool = False
    labels: list[tuple[str, bool, str]] = field(default_factory=list)  # (label, honoured, detail)
    error: str = ""


# ---------------------------------------------------------------- color names


def color_name(rgb: np.ndarray) -> str:
    """One of GenEval's ten color names for an sRGB color (0..255), by hue, saturation and value."""
    r, g, b = (float(c) / 255 for c in rgb[:3])
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    hue = h * 360
    if v < 0.2 or (v < 0.3 and s < 0.5):
        return "black"
    if s < 0.18:
        return "white" if v > 0.7 else ("black" if v < 0.35 else "gray")
    if hue < 12 or hue >= 345:
        if v < 0.45 and s < 0.7:
            return "brown"
        return "pink" if s < 0.5 and v > 0.75 else "red"
    if hue < 45:
        return "brown" if v < 0.65 else "orange"
    if hue < 70:
        return "brown" if v < 0.45 else "yellow"
    if hue < 165:
        return "green"
    if hue < 250:
        return "blue"
    if hue < 290:
        return "purple"
    return "pink" if v > 0.6 and s < 0.75 or hue > 315 else "purple"


# ---------------------------------------------------------------- GenEval


def _entities(plan) -> list:
    return list(plan.intent.entities)


def _class_of(label: str) -> str:
    """The class word the intent gives what a label's words name (the template's name, spaces for
    hyphens), through the object registry and the vocabulary's hypernyms."""
    objects = load_objects()
    entry = objects.by_word(label) or objects.by_word(load_vocabulary().hypernyms.get(label, ""))
    name = entry.template if entry is not None else slug(label)
    return name.replace("-", " ").replace("_", " ")


def _centre(entity) -> tuple[float, float]:
    xs = [p[1] for p in entity.track]
    ys = [p[2] for p in entity.track]
    return sum(xs) / len(xs), sum(ys) / len(ys)


def _background(text: str, names: set[str]) -> str:
    """The scene without the named layers (a layer the formatter wrapped goes with its indented rest)."""
    keep, dropping = [], None
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        if dropping is not None and indent > dropping and line.strip():
            continue
        dropping = None
        m = re.match(r"\s*(?:layer\s+([A-Za-z_][\w-]*)\s*:|focus\s+([A-Za-z_][\w-]*))", line)
        if m and (m.group(1) or m.group(2)) in names:
            dropping = indent
            continue
        keep.append(line)
    return "\n".join(keep) + "\n"


def eval_geneval(item: dict) -> Result:
    result = Result("geneval", item["tag"], item["prompt"])
    try:
        tr = translate(item["prompt"])
        plan, check = compile_text(tr.text, options=CompileOptions(size=SIZE, fps=FPS))
        if plan is None:
            result.error = "; ".join(d.message for d in check.diagnostics)[:200]
            return result
        frame = FrameRenderer(plan).render(0)
        result.film = True
    except Exception as error:  # a crash is a failed film, reported, not a stopped benchmark
        result.error = f"{type(error).__name__}: {error}"
        return result
    entities = _entities(plan)
    by_class: dict[str, list] = defaultdict(list)
    for e in entities:
        by_class[e.class_].append(e)
    includes = item["include"]
    background = None
    for k, inc in enumerate(includes):
        cls = _class_of(inc["class"])
        found = by_class.get(cls, [])
        result.labels.append((f"{inc['class']} x{inc['count']}", len(found) == inc["count"],
                              f"found {len(found)} of class {cls}"))
        if "color" in inc:
            if background is None and found:
                bplan, bcheck = compile_text(_background(tr.text, {p.layer for p in tr.placed}),
                                             options=CompileOptions(size=SIZE, fps=FPS))
                if bplan is None:
                    raise ValueError("the scene without its subjects does not compile: "
                                     + "; ".join(d.message for d in bcheck.diagnostics))
                background = FrameRenderer(bplan).render(0)
            if not found:
                result.labels.append((f"{inc['class']} is {inc['color']}", False, "no such entity"))
            else:
                name = _painted_color(frame, background, tr.placed, found[0].name)
                result.labels.append((f"{inc['class']} is {inc['color']}", name == inc["color"], f"looks {name}"))
        if "position" in inc:
            relation, other = inc["position"]
            others = by_class.get(_class_of(includes[other]["class"]), [])
            if not found or not others:
                result.labels.append((f"{inc['class']} {relation} {includes[other]['class']}", False, "missing"))
                continue
            (ax, ay), (bx, by) = _centre(found[0]), _centre(others[0])
            ok = {"left of": ax < bx - 0.02, "right of": ax > bx + 0.02,
                  "above": ay < by - 0.02, "below": ay > by + 0.02}[relation]
            result.labels.append((f"{inc['class']} {relation} {includes[other]['class']}", ok,
                                  f"centres ({ax:.2f},{ay:.2f}) vs ({bx:.2f},{by:.2f})"))
    return result


def _painted_color(frame: np.ndarray, background: np.ndarray, placed, name: str) -> str:
    box = next((p.box for p in placed if p.layer == name), None)
    if box is None:
        return "unknown"
    h, w = frame.shape[:2]
    x0, x1 = max(0, int(box.left * w)), min(w, int(math.ceil(box.right * w)))
    y0, y1 = max(0, int(box.top * h)), min(h, int(math.ceil(box.bottom * h)))
    region, under = frame[y0:y1, x0:x1].astype(np.int16), background[y0:y1, x0:x1].astype(np.int16)
    mask = np.abs(region - under).sum(axis=2) > 30
    # A shadow only darkens what is under it: same direction in RGB, less bright. Not the entity's paint.
    cos = (region * under).sum(axis=2) / (np.linalg.norm(region, axis=2) * np.linalg.norm(under, axis=2) + 1e-6)
    mask &= ~((cos > 0.995) & (region.sum(axis=2) < under.sum(axis=2)))
    if mask.sum() < 4:
        return "unknown"
    return color_name(np.median(region[mask], axis=0))


# ---------------------------------------------------------------- VBench camera


def _sharpness(gray: np.ndarray) -> float:
    lap = np.abs(4 * gray[1:-1, 1:-1] - gray[:-2, 1:-1] - gray[2:, 1:-1] - gray[1:-1, :-2] - gray[1:-1, 2:])
    return float(lap.mean())


def eval_vbench(item: dict) -> Result:
    label = item["camera"]
    result = Result("vbench", label, item["prompt"])
    try:
        tr = translate(item["prompt"])
        plan, check = compile_text(tr.text, options=CompileOptions(size=SIZE, fps=FPS))
        if plan is None:
            result.error = "; ".join(d.message for d in check.diagnostics)[:200]
            return result
        renderer = FrameRenderer(plan)
        frames = [renderer.render(f) for f in range(plan.frames)]
        result.film = True
    except Exception as error:
        result.error = f"{type(error).__name__}: {error}"
        return result
    grays = [motion_gray(f) for f in frames]
    steps = [Step(i, i + 1, 1 / plan.fps, estimate(grays[i], grays[i + 1])) for i in range(len(grays) - 1)]
    stretches = camera_stretches(steps, list(plan.intent.cuts), plan.frames)
    length: dict[str, int] = defaultdict(int)
    for s in stretches:
        length[s.move] += s.end_frame - s.start_frame
    moving = {m: n for m, n in length.items() if m != "static"}
    dominant = max(moving, key=moving.get) if moving else "static"
    if label == "static":
        ok, detail = not moving or sum(moving.values()) < 0.15 * plan.frames, f"moves {dict(length)}"
    elif label == "slow-motion":
        diff = float(np.mean([np.abs(grays[i + 1] - grays[i]).mean() for i in range(len(grays) - 1)]))
        ok = dominant == "static" and diff < SLOW_DIFF
        detail = f"camera {dominant}, mean frame change {diff:.4f}"
    elif label == "rack-focus":
        keep = _background_mask(frames[0].shape, tr.placed)
        first, last = _sharpness(np.where(keep, grays[0], 0)), _sharpness(np.where(keep, grays[-1], 0))
        ratio = last / first if first > 0 else 1.0
        ok, detail = ratio < RACK_RATIO, f"background sharpness x{ratio:.2f}"
    else:
        ok, detail = dominant == label, f"measured {dominant} ({dict(length)})"
    result.labels.append((label, ok, detail))
    return result


def _background_mask(shape, placed) -> np.ndarray:
    """True outside every subject's box, at motion resolution."""
    h, w = motion_gray(np.zeros(shape, np.uint8)).shape
    mask = np.ones((h, w), bool)
    for p in placed:
        b = p.box
        mask[max(0, int(b.top * h)):int(math.ceil(b.bottom * h)), max(0, int(b.left * w)):int(math.ceil(b.right * w))] = False
    return mask


# ---------------------------------------------------------------- driver


def load_items(corpora: Path, category: str | None, limit: int | None) -> list[tuple[str, dict]]:
    items = []
    for corpus, name in (("geneval", "geneval/evaluation_metadata.jsonl"),
                         ("vbench", "vbench-camera/temporal_style.jsonl")):
        rows = [json.loads(line) for line in (corpora / name).read_text(encoding="utf-8").splitlines() if line.strip()]
        if category not in (None, corpus):
            rows = [r for r in rows if r.get("tag", r.get("camera")) == category]
        if category is not None and category != corpus and not rows:
            continue
        items += [(corpus, r) for r in rows[:limit]]
    return items


def run_one(job: tuple[str, dict]) -> Result:
    corpus, item = job
    try:
        return eval_geneval(item) if corpus == "geneval" else eval_vbench(item)
    except Exception as error:  # scoring broke: count the prompt as failed and say why
        return Result(corpus, item.get("tag", item.get("camera", "")), item["prompt"],
                      error=f"{type(error).__name__}: {error}")


def evaluate(corpora: Path = CORPORA, *, category: str | None = None, limit: int | None = None,
             jobs: int = 1) -> list[Result]:
    items = load_items(corpora, category, limit)
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            return list(pool.map(run_one, items, chunksize=4))
    return [run_one(job) for job in items]


def table(results: list[Result]) -> list[dict]:
    rows: dict[tuple[str, str], dict] = {}
    for r in results:
        row = rows.setdefault((r.corpus, r.category), {"corpus": r.corpus, "category": r.category, "prompts": 0,
                                                       "films": 0, "labels": 0, "honoured": 0})
        row["prompts"] += 1
        row["films"] += r.film
        row["labels"] += len(r.labels) if r.film else max(1, len(r.labels))
        row["honoured"] += sum(ok for _, ok, _ in r.labels)
    return list(rows.values())


def print_table(rows: list[dict], out=sys.stdout) -> None:
    print("| corpus | category | prompts | films | labels honoured |", file=out)
    print("| --- | --- | ---: | ---: | ---: |", file=out)
    for row in rows:
        films = 100 * row["films"] / row["prompts"]
        honoured = 100 * row["honoured"] / row["labels"] if row["labels"] else 100.0
        print(f"| {row['corpus']} | {row['category']} | {row['prompts']} | {films:.0f}% | "
              f"{honoured:.1f}% ({row['honoured']}/{row['labels']}) |", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--limit", type=int, help="at most N prompts per corpus (per category with --category)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--category", help="geneval, vbench, or one tag/camera label such as counting or pan-left")
    parser.add_argument("--failures", action="store_true", help="list every label not honoured")
    args = parser.parse_args(argv)
    results = evaluate(args.corpora, category=args.category, limit=args.limit, jobs=args.jobs)
    print_table(table(results))
    if args.failures:
        for r in results:
            for label, ok, detail in r.labels:
                if not ok:
                    print(f"- [{r.category}] {r.prompt!r}: {label}: {detail}")
            if not r.film:
                print(f"- [{r.category}] {r.prompt!r}: no film: {r.error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

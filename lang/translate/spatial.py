"""Spatial semantics: relations resolved against the objects' spatial tags (WordsEye style).

Reads an instruction, each subject's shape (`layout.Shape`) and its registry `Spatial` tags (top
surface, how it is held, natural size). Left/right/above/below/next-to/between go to the box
layout (`layout.py`); the relations that attach one thing to another are resolved here, after it:

- `on`: the bottom rests on the supporter's top surface (`surface`, % of its box from the top);
- `under`: beneath the supporter, standing where it stands, scaled to fit below its surface;
- `behind` / `in-front-of`: overlapping the other, drawn before / after it (stacking order, and so
  depth), the one behind a little higher and smaller, the one in front lower;
- `holding`: the held thing at the holder's hand, over its head (an umbrella) or on a string above
  it (a balloon), drawn after the holder, travelling with it;
- `background` / `foreground`: drawn first and smaller and higher / last and larger and lower;
- `left-side` / `right-side` ("trees on the right"): moved into that half of the frame.

Sizes of attached things follow the registry's natural sizes (`size_m`), so a dog fits under a
table and a cat sits small on a car. Produces the placed boxes, in drawing order, and decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from scenec.knowledge.objects import SPATIAL_DEFAULTS, Spatial

from .context import Knowledge
from .layout import ASPECT, SCENERY_WIDTH, Ground, Shape, _unit_box, layout
from .model import Box, Decision, Instruction, Placed, Relation

ATTACHING = ("on", "under", "behind", "in-front-of", "holding")
BACK_SCALE, FRONT_SCALE = 0.62, 1.12
MIN_SIDE, MAX_SIDE = 0.05, 0.7  # an attached thing's larger side, in frame heights
BOTTOM = 0.985
READABLE = (0.28, 1.4)
HALF = 0.46  # the width a subject moved to one side may take


@dataclass(frozen=True, slots=True)
class Attachment:
    """`mover` is placed against `anchor` by `kind` (for holding, the held thing moves to the holder)."""

    mover: int
    anchor: int
    kind: str
    words: tuple[str, ...]


def spatial_of(kb: Knowledge, ins: Instruction, i: int) -> Spatial:
    s = ins.subjects[i]
    entry = kb.objects.lookup(s.object) if s.object else None
    if entry is not None and entry.spatial is not None:
        return entry.spatial
    d = SPATIAL_DEFAULTS["thing"]
    return Spatial(d["surface"], d["supports"], d["contains"], d["hold"], d["hangs"], d["size_m"])


def attachments(ins: Instruction, shapes: list[Shape]) -> tuple[Attachment, ...]:
    """The relations resolved here, one per moving subject (the first one named wins)."""
    out: dict[int, Attachment] = {}
    for rel in ins.relations:
        if rel.kind not in ATTACHING or not rel.others:
            continue
        a, b = rel.subject, rel.others[0]
        mover, anchor = (b, a) if rel.kind == "holding" else (a, b)
        if mover == anchor or mover in out or shapes[anchor].w >= SCENERY_WIDTH or shapes[mover].w >= SCENERY_WIDTH:
            continue
        if _depends(out, anchor, mover):
            continue  # a cycle ("a on b", "b on a"): keep the first
        out[mover] = Attachment(mover, anchor, rel.kind, rel.words)
    return tuple(out.values())


def _depends(found: dict[int, Attachment], start: int, target: int) -> bool:
    seen = set()
    while start in found and start not in seen:
        seen.add(start)
        start = found[start].anchor
        if start == target:
            return True
    return start == target


def arrange(ins: Instruction, shapes: list[Shape], names: list[list[str]], ground: Ground, seed: int,
            kb: Knowledge) -> tuple[tuple[Placed, ...], tuple[Decision, ...]]:
    """Every instance's box, in drawing order (first is farthest back)."""
    attached = attachments(ins, shapes)
    movers = {a.mover for a in attached}
    kept = [i for i in range(len(ins.subjects)) if i not in movers]
    remap = {old: new for new, old in enumerate(kept)}
    relations = tuple(Relation(remap[r.subject], r.kind, tuple(remap[o] for o in r.others), r.words)
                      for r in ins.relations if r.kind not in ATTACHING and r.others and r.subject in remap
                      and all(o in remap for o in r.others))
    reduced = replace(ins, subjects=tuple(ins.subjects[i] for i in kept), relations=relations)
    placed, decisions = layout(reduced, [shapes[i] for i in kept], [names[i] for i in kept], ground, seed)
    order = [replace(p, subject=kept[p.subject]) for p in placed]
    out_decisions = list(decisions)
    pending = list(attached)
    for _ in range(len(pending) + 1):
        waiting = []
        for att in pending:
            anchor_boxes = [p for p in order if p.subject == att.anchor]
            if not anchor_boxes:
                waiting.append(att)
                continue
            boxes = _place(att, anchor_boxes, ins, shapes, names, kb)
            index = order.index(anchor_boxes[0] if att.kind == "behind" else anchor_boxes[-1])
            order[index + (att.kind != "behind"):index + (att.kind != "behind")] = boxes
            out_decisions.append(Decision("relation-drawn", f"{ins.subjects[att.mover].word} {att.kind} "
                                          f"{ins.subjects[att.anchor].word}", att.words, _HOW[att.kind]))
        pending = waiting
        if not pending:
            break
    order = _sides(ins, order, out_decisions)
    order = _depth_words(ins, order, out_decisions)
    return tuple(order), tuple(out_decisions)


_HOW = {"on": "rests on its top surface", "under": "stands beneath it, scaled to fit",
        "behind": "drawn before it, overlapping, a little higher and smaller",
        "in-front-of": "drawn after it, overlapping, a little lower",
        "holding": "at the holder's hand, drawn after it and moving with it"}


def _larger(w: float, h: float) -> float:
    return max(w * ASPECT, h)


def _place(att: Attachment, anchors: list[Placed], ins: Instruction, shapes: list[Shape], names: list[list[str]],
           kb: Knowledge) -> list[Placed]:
    a = anchors[0].box
    mover, anchor = spatial_of(kb, ins, att.mover), spatial_of(kb, ins, att.anchor)
    uw, uh = _unit_box(shapes[att.mover], ins.subjects[att.mover].size)
    # The mover's size against the anchor's drawn size, as their natural sizes say.
    # Kept between READABLE[0] and READABLE[1]: a bird on a house is small but must still be seen.
    ratio = min(READABLE[1], max(READABLE[0], mover.size_m / max(anchor.size_m, 1e-6)))
    if att.kind in ("behind", "in-front-of"):
        ratio = _larger(uw, uh) / max(_larger(a.w, a.h), 1e-6) * (0.85 if att.kind == "behind" else 1.0)
    target = min(MAX_SIDE, max(MIN_SIDE, _larger(a.w, a.h) * ratio))
    scale = target / max(_larger(uw, uh), 1e-6)
    w, h = uw * scale, uh * scale
    surface = (anchor.surface if anchor.surface is not None else 0.0) / 100
    match att.kind:
        case "on":
            x, bottom = a.x, a.top + surface * a.h
        case "under":
            room = a.h * (1 - surface) * 0.9
            if h > room > 0:
                w, h = w * room / h, room
            x, bottom = a.x + a.w * 0.12, a.bottom
        case "behind":
            x, bottom = a.x + a.w * 0.45, a.bottom - 0.04
        case "in-front-of":
            x, bottom = a.x - a.w * 0.3, min(BOTTOM, a.bottom + 0.05)
        case _:  # holding: the hand is at the holder's side, a little above its middle
            hand_x, hand_y = a.x + a.w * 0.45, a.top + a.h * 0.5
            if mover.hold == "overhead":
                x, bottom = a.x + a.w * 0.1, a.top + a.h * 0.15
            elif mover.hold == "string":  # the string's end (the box's bottom) in the hand
                x, bottom = hand_x, hand_y
            else:
                x, bottom = hand_x, hand_y + h / 2
    count = len(names[att.mover])
    out = []
    for k, name in enumerate(names[att.mover]):
        dx = (k - (count - 1) / 2) * min(w * 1.1, a.w / max(count, 1))
        cx = min(max(x + dx, w / 2), 1 - w / 2)
        cy = min(max(bottom - h / 2, h / 2), BOTTOM - h / 2)
        out.append(Placed(name, att.mover, Box(round(cx, 4), round(cy, 4), round(w, 4), round(h, 4))))
    return out


def _sides(ins: Instruction, order: list[Placed], decisions: list[Decision]) -> list[Placed]:
    """`left-side` / `right-side` subjects ("three trees on the right") moved into that half of the
    frame, their instances together; what is attached to them moves along."""
    sides: dict[int, str] = {}
    for r in ins.relations:  # the first side named for a subject holds
        if r.kind in ("left-side", "right-side"):
            sides.setdefault(r.subject, r.kind)
    if not sides:
        return order
    moved = dict(sides)
    for rel in ins.relations:  # things on, under or held by a moved subject go with it
        if rel.kind in ATTACHING and rel.others:
            mover, anchor = (rel.others[0], rel.subject) if rel.kind == "holding" else (rel.subject, rel.others[0])
            if anchor in sides and mover not in moved:
                moved[mover] = sides[anchor]
    out = list(order)
    for subject, kind in sides.items():
        boxes = [p.box for p in order if p.subject == subject]
        if not boxes:
            continue
        left, right = min(b.left for b in boxes), max(b.right for b in boxes)
        mid = (left + right) / 2
        k = min(1.0, HALF / max(right - left, 1e-6))  # a row too wide for half the frame draws smaller
        centre = 0.25 if kind == "left-side" else 0.75
        group = {i for i, kk in moved.items() if i == subject or (kk == kind and i not in sides)}

        def shifted(p: Placed) -> Placed:
            b = p.box
            w, h = b.w * k, b.h * k
            return replace(p, box=Box(round(centre + (b.x - mid) * k, 4), round(b.bottom - h / 2, 4), round(w, 4),
                                      round(h, 4)))
        out = [shifted(p) if p.subject in group else p for p in out]
        decisions.append(Decision("relation-drawn", f"{ins.subjects[subject].word} {kind}", ins.subjects[subject].words,
                                  "moved into that half of the frame"))
    return out


def _depth_words(ins: Instruction, order: list[Placed], decisions: list[Decision]) -> list[Placed]:
    """`background` subjects drawn first, smaller and higher; `foreground` ones last, larger and lower."""
    back = {r.subject for r in ins.relations if r.kind == "background"}
    front = {r.subject for r in ins.relations if r.kind == "foreground"} - back
    if not back and not front:
        return order

    def scaled(p: Placed, k: float, lift: float) -> Placed:
        b = p.box
        w, h = b.w * k, b.h * k
        bottom = min(BOTTOM, b.bottom - lift)
        return replace(p, box=Box(round(b.x, 4), round(bottom - h / 2, 4), round(w, 4), round(h, 4)))
    first = [scaled(p, BACK_SCALE, 0.08) for p in order if p.subject in back]
    last = [scaled(p, FRONT_SCALE, -0.08) for p in order if p.subject in front]
    middle = [p for p in order if p.subject not in back | front]
    for i in sorted(back | front):
        decisions.append(Decision("relation-drawn", f"{ins.subjects[i].word} in the "
                                  f"{'background' if i in back else 'foreground'}", ins.subjects[i].words))
    return first + middle + last

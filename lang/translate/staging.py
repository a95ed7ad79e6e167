"""What the layout needs of a shot's subjects, before it places them: each subject's shape (its
usual box, where it stands, its size class and natural size, whether it is a building), wide
scenery drawn once however many the prompt names, scenery that names the place when no other
place is named, and clothing a person wears.

Reads an `Instruction` and the knowledge world; produces `Shape`s and a revised `Instruction`,
with a `Decision` for every change.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .context import Knowledge
from .layout import SCENERY_WIDTH, Shape
from .model import Decision, Instruction, Relation

FIGURE_BOX = (12.0, 24.0)  # a labelled figure's box (% of the frame), for a word with no drawing


def shape_of(kb: Knowledge, ins: Instruction, i: int) -> Shape:
    s = ins.subjects[i]
    motion = kb.vocabulary.motions.get(s.motion) if s.motion else None
    size_m = None
    if s.object is None:
        w, h, placement, size_class = *FIGURE_BOX, "ground", "medium"
    else:
        entry = kb.objects.lookup(s.object)
        (w, h), placement, size_class = entry.box, entry.placement, entry.size_class
        if entry.category not in ("sky", "building") and entry.spatial is not None:
            # The sun's metres would dwarf everything and a house's would shrink the people before it
            # to specks: sky bodies and buildings keep their size class.
            size_m = entry.spatial.size_m
    if motion is not None and motion.place is not None:
        placement = motion.place
    building = s.object is not None and kb.objects.lookup(s.object).category == "building"
    return Shape(w / 100, h / 100, placement, size_class, size_m, building)


def one_of_each_scenery(ins: Instruction, shapes: list[Shape], decisions: list[Decision]) -> Instruction:
    """Wide scenery (mountains, a river) is drawn once however many the prompt names."""
    subjects = list(ins.subjects)
    for i, (s, shape) in enumerate(zip(subjects, shapes)):
        if shape.w >= SCENERY_WIDTH and s.count > 1:
            subjects[i] = replace(s, count=1)
            decisions.append(Decision("count", "1", s.words, f"{s.word} is scenery spanning the frame: drawn once"))
    return replace(ins, subjects=tuple(subjects))


def scenery_as_place(ins: Instruction, shapes: list[Shape], kb: Knowledge,
                      decisions: list[Decision]) -> tuple[Instruction, list[Shape]]:
    """With no place named, wide scenery whose word is also a place ("a busy street with cars", "a
    river at dawn") is that place: the cars then stand on its road, not on a meadow below a strip of
    road. Relations to scenery are drawn as "behind everything" anyway, so they go with it ("a boat on
    the river" is a boat on the river's water)."""
    if ins.place:
        return ins, shapes
    for i, (s, shape) in enumerate(zip(ins.subjects, shapes)):
        place = kb.places.by_word(s.word) if shape.w >= SCENERY_WIDTH else None
        if place is None:
            continue
        remap = {old: old - (old > i) for old in range(len(ins.subjects)) if old != i}
        relations = tuple(replace(r, subject=remap[r.subject], others=tuple(remap[o] for o in r.others))
                          for r in ins.relations if r.subject != i and i not in r.others)
        decisions.append(Decision("place", place.name, s.words, f"'{s.word}' names the place, and no other is named"))
        return (replace(ins, place=place.name, subjects=ins.subjects[:i] + ins.subjects[i + 1:], relations=relations),
                shapes[:i] + shapes[i + 1:])
    return ins, shapes


# Words that put clothing on the person named before it: "a man in a red shirt", "a girl wearing a
# hat", "a knight with a helmet", "dressed in a coat".
_WEARING = re.compile(r"\b(?:in|wearing|wears|wore|with|dressed in|has on|puts on)\s+(?:(?:a|an|the|his|her|their|some)\s+)?"
                      r"(?P<words>(?:[a-z-]+\s+){0,2}[a-z-]+)\b")


def worn_clothes(ins: Instruction, shapes: list[Shape], kb: Knowledge,
                 decisions: list[Decision]) -> tuple[Instruction, list[Shape]]:
    """Clothing a sentence puts on a person dresses that person instead of being drawn beside them:
    worn on the body, its color becomes the person's clothes' color; worn on the head (a hat, a crown)
    it sits on the head and goes along; worn elsewhere (boots, glasses) it is part of the person's
    drawing. A shirt named on its own is still drawn."""
    # the (up to three) words after each wearing word: "in a red shirt" names red and shirt
    worn_words = {w for m in _WEARING.finditer(ins.prompt.lower()) for w in m.group("words").split()}
    subjects = list(ins.subjects)
    dropped: list[int] = []
    on_head: list[Relation] = []
    for i, s in enumerate(subjects):
        entry = kb.objects.lookup(s.object) if s.object else None
        if entry is None or entry.spatial is None or entry.spatial.worn == "none":
            continue
        if not worn_words & ({w.lower() for w in s.words} | {s.word}):
            continue
        wearer = next((j for j in range(i - 1, -1, -1) if subjects[j].object is not None
                       and kb.objects.lookup(subjects[j].object).category == "person"), None)
        if wearer is None:
            continue
        who = subjects[wearer]
        if s.motion and not who.motion:  # "a boy wearing a hat walks": the boy walks, not the hat
            who = subjects[wearer] = replace(who, motion=s.motion, direction=s.direction)
            subjects[i] = s = replace(s, motion=None, direction=None)
        if entry.spatial.worn == "head" and s.count == who.count == 1:
            # a hat or a crown sits on the head and goes where the head goes
            on_head.append(Relation(i, "on", (wearer,), s.words))
            decisions.append(Decision("worn", f"{s.word} on {who.word}", s.words, f"worn on the {who.word}'s head"))
            continue
        if entry.spatial.worn == "body" and s.color is not None:
            subjects[wearer] = replace(who, color=s.color)
            note = f"worn by the {who.word}: the color of their clothes"
        else:
            note = f"worn by the {who.word}: part of their drawing"
        decisions.append(Decision("worn", f"{s.word} on {who.word}", s.words, note))
        dropped.append(i)
    if not dropped and not on_head:
        return ins, shapes
    keep = [i for i in range(len(subjects)) if i not in dropped]
    remap = {old: new for new, old in enumerate(keep)}
    heads = {r.subject for r in on_head}
    relations = tuple(replace(r, subject=remap[r.subject], others=tuple(remap[o] for o in r.others))
                      for r in on_head + [r for r in ins.relations if r.subject not in heads]
                      if r.subject in remap and all(o in remap for o in r.others))
    return (replace(ins, subjects=tuple(subjects[i] for i in keep), relations=relations),
            [shapes[i] for i in keep])


def outdoor_forms(ins: Instruction, shapes: list[Shape], kb: Knowledge,
                  decisions: list[Decision]) -> tuple[Instruction, list[Shape]]:
    """Out of doors, a thing named by a one-word name that means something else there (the
    registry's `outdoors`) is that thing: "lamps" in a street are street lamps; a "desk lamp" named
    so stays a desk lamp."""
    subjects = list(ins.subjects)
    shapes = list(shapes)
    for i, s in enumerate(subjects):
        entry = kb.objects.lookup(s.object) if s.object else None
        if entry is None or entry.outdoors is None or " " in s.word or "-" in s.word:
            continue
        subjects[i] = replace(s, object=entry.outdoors)
        decisions.append(Decision("subject", entry.outdoors, s.words, f"out of doors, a {s.word} is a {entry.outdoors}"))
    if subjects == list(ins.subjects):
        return ins, shapes
    ins = replace(ins, subjects=tuple(subjects))
    return ins, [shape_of(kb, ins, i) for i in range(len(subjects))]

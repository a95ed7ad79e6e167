"""What the layout needs of a shot's subjects, before it places them: each subject's shape (its
usual box, where it stands, its size class and natural size, whether it is a building), wide
scenery drawn once however many the prompt names, and scenery that names the place when no other
place is named.

Reads an `Instruction` and the knowledge world; produces `Shape`s and a revised `Instruction`,
with a `Decision` for every change.
"""

from __future__ import annotations

from dataclasses import replace

from .context import Knowledge
from .layout import SCENERY_WIDTH, Shape
from .model import Decision, Instruction

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

"""Stand-ins for concrete things with no drawing: a template named `standin-WORD` in the shape of the
thing's kind (an animal, a vehicle, a building, a plant, a ball, a sign, a piece of food, a tool)
where the vocabulary's `categories` know it or the word ends in a known thing's word ("pineapple":
an apple, food; "firetruck": a truck, a vehicle), a rounded figure otherwise. No text is drawn: a
label would spill past the shape and read as a caption; `--explain` names the word instead.

The plan's intent marks every entity drawn by a `standin-` template as a placeholder
(`compiler/passes/plan.py`), and `--explain` names each one. Every template takes
`at`, `box` and `color` like the built-in objects.
"""

from __future__ import annotations

from .context import Knowledge

NAME_PREFIX = "standin-"
DEFAULT_COLOR = "#8a7fd8"
_KIND_COLOR = {"animal": "#9a7b5b", "vehicle": "#c8553d", "building": "#b98b6e", "plant": "#4f8f4a",
               "ball": "#e07a2f", "sign": "#ff4fa3", "food": "#e0b040", "tool": "#8c8f96", "thing": "#7d8aa0"}
# The stand-in kind of an object category, for a word that ends in an object's word.
_CATEGORY_KIND = {"animal": "animal", "person": "animal", "vehicle": "vehicle", "building": "building",
                  "nature": "plant", "food": "food", "sports": "ball", "kitchen": "tool", "electronics": "tool",
                  "accessory": "tool", "furniture": "thing", "outdoor": "thing", "thing": "thing"}
# Endings that say a word's kind when nothing else does.
_SUFFIX_KIND = (("berry", "food"), ("fruit", "food"), ("cake", "food"), ("bread", "food"), ("fish", "animal"),
                ("bird", "animal"), ("bug", "animal"), ("fly", "animal"), ("tree", "plant"), ("flower", "plant"),
                ("plant", "plant"), ("weed", "plant"), ("tower", "building"), ("house", "building"),
                ("hall", "building"), ("shop", "building"), ("mobile", "vehicle"), ("craft", "vehicle"),
                ("ship", "vehicle"), ("boat", "vehicle"), ("car", "vehicle"))
MIN_ENDING = 3

# Each body: layers in the template's box (percent of it), painted with `color`.
_BODIES = {
    "animal": (
        "layer shadow: ellipse(at: (50%, 97%), size: (90%, 6%), fill: alpha(black, 22%))",
        "layer leg1: rect(at: (24%, 82%), size: (8%, 28%), fill: darken(color, 18%))",
        "layer leg2: rect(at: (38%, 82%), size: (8%, 28%), fill: darken(color, 10%))",
        "layer leg3: rect(at: (62%, 82%), size: (8%, 28%), fill: darken(color, 18%))",
        "layer leg4: rect(at: (76%, 82%), size: (8%, 28%), fill: darken(color, 10%))",
        "layer body: ellipse(at: (50%, 58%), size: (74%, 40%), fill: color)",
        "layer head: circle(at: (84%, 36%), radius: 13%, fill: lighten(color, 6%))",
        "layer eye: circle(at: (88%, 33%), radius: 2%, fill: #1b1b1b)",
        "layer tail: line(from: (14%, 52%), to: (4%, 38%), width: 3%, color: darken(color, 12%))",
    ),
    "vehicle": (
        "layer shadow: ellipse(at: (50%, 96%), size: (96%, 8%), fill: alpha(black, 25%))",
        "layer body: rect(at: (50%, 62%), size: (94%, 40%), fill: color, radius: 6%)",
        "layer cabin: rect(at: (46%, 34%), size: (52%, 24%), fill: lighten(color, 8%), radius: 8%)",
        "layer window: rect(at: (46%, 34%), size: (42%, 15%), fill: #cfe8f5, radius: 4%)",
        "layer wheel1: circle(at: (24%, 84%), radius: 12%, fill: #222222)",
        "layer wheel2: circle(at: (76%, 84%), radius: 12%, fill: #222222)",
    ),
    "building": (
        "layer body: rect(at: (50%, 62%), size: (84%, 72%), fill: color)",
        "layer roof: polygon(points: [(2%, 28%), (50%, 2%), (98%, 28%)], fill: darken(color, 25%))",
        "layer door: rect(at: (50%, 86%), size: (16%, 26%), fill: darken(color, 35%))",
        "layer window1: rect(at: (26%, 50%), size: (14%, 14%), fill: #f3e3a0)",
        "layer window2: rect(at: (74%, 50%), size: (14%, 14%), fill: #f3e3a0)",
    ),
    "plant": (
        "layer shadow: ellipse(at: (50%, 97%), size: (60%, 5%), fill: alpha(black, 22%))",
        "layer stem: rect(at: (50%, 74%), size: (10%, 48%), fill: #6b4a2b)",
        "layer crown: circle(at: (50%, 34%), radius: 30%, fill: color)",
        "layer crown-hi: circle(at: (42%, 26%), radius: 14%, fill: lighten(color, 10%))",
    ),
    "ball": (
        "layer shadow: ellipse(at: (50%, 97%), size: (70%, 8%), fill: alpha(black, 25%))",
        "layer body: circle(at: (50%, 50%), radius: 45%, fill: color)",
        "layer shine: circle(at: (36%, 34%), radius: 12%, fill: alpha(white, 45%))",
    ),
    "food": (
        "layer shadow: ellipse(at: (50%, 96%), size: (76%, 8%), fill: alpha(black, 22%))",
        "layer body: ellipse(at: (50%, 62%), size: (80%, 66%), fill: color)",
        "layer shine: ellipse(at: (36%, 48%), size: (18%, 14%), fill: alpha(white, 40%))",
        "layer leaf1: polygon(points: [(50%, 30%), (38%, 4%), (48%, 10%)], fill: #4f8f4a)",
        "layer leaf2: polygon(points: [(50%, 30%), (62%, 4%), (52%, 10%)], fill: #5fa35a)",
    ),
    "tool": (
        "layer shadow: ellipse(at: (50%, 97%), size: (50%, 5%), fill: alpha(black, 22%))",
        "layer handle: rect(at: (50%, 66%), size: (14%, 62%), fill: #7a5232, radius: 4%)",
        "layer head: rect(at: (50%, 22%), size: (70%, 22%), fill: color, radius: 3%)",
    ),
    "sign": (
        "layer post: rect(at: (50%, 80%), size: (6%, 40%), fill: #555555)",
        "layer body: rect(at: (50%, 36%), size: (96%, 56%), fill: darken(color, 55%), radius: 6%)",
        "layer glow: rect(at: (50%, 36%), size: (86%, 44%), fill: alpha(color, 35%), radius: 6%)",
        "layer tube: rect(at: (50%, 36%), size: (80%, 38%), fill: none, stroke: color, stroke-width: 0.6%, radius: 6%)",
    ),
}
_FIGURE = (
    "layer shadow: ellipse(at: (50%, 97%), size: (84%, 5%), fill: alpha(black, 25%))",
    "layer body: rect(at: (50%, 60%), size: (86%, 72%), fill: color, radius: 20%)",
    "layer head: circle(at: (50%, 17%), radius: 17%, fill: lighten(color, 8%))",
)


def kind_of(word: str, kb: Knowledge) -> str | None:
    """The stand-in kind of a word: the vocabulary's categories, else the kind of the longest known
    thing its ending names, else a telling suffix."""
    known = kb.vocabulary.categories.get(word)
    if known is not None:
        return known
    for start in range(1, len(word) - MIN_ENDING + 1):
        ending = word[start:]
        if ending in kb.vocabulary.categories:
            return kb.vocabulary.categories[ending]
        entry = kb.objects.by_word(ending)
        if entry is not None:
            return _CATEGORY_KIND.get(entry.category, "thing")
    return next((kind for suffix, kind in _SUFFIX_KIND if word.endswith(suffix)), None)


def describe(word: str, kb: Knowledge) -> str:
    kind = kind_of(word, kb)
    return f"a plain {kind} shape" if kind and kind in _BODIES else "a plain rounded figure"


def template(word: str, color: str | None, kb: Knowledge) -> str:
    """The `standin-WORD` template for `word` (its slug must match `create.slug`)."""
    from .create import slug
    kind = kind_of(word, kb)
    body = _BODIES.get(kind or "", _FIGURE)
    fill = color or _KIND_COLOR.get(kind or "", DEFAULT_COLOR)
    lines = "\n".join(f"  {line}" for line in body)
    return (f"// '{word}' has no drawing yet: {describe(word, kb)}.\n"
            f"template {NAME_PREFIX}{slug(word)}(at: vec = center, box: vec = (12%, 24%), "
            f"color: color = {fill}) {{\n{lines}\n}}\n")

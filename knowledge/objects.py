"""The registry of things a sentence can name: `data/objects.yaml`.

Each entry ties a thing (`dog`, `traffic-light`) to the built-in template
that draws it (`data/objects/*.scene`), the words that mean it ("dog",
"puppies", "hound"), its category, default box and color, and where it
naturally stands. The prompt translator looks words up here and writes
`dog(at: …, box: …, color: …)` into the scene it builds.

`load_objects(data_dir, project_overlays)` reads the shipped file, then
`objects.yaml` in each project overlay folder and in `data_dir/knowledge/`
when they exist: an overlay entry replaces the earlier entry of the same
name whole and new names extend the registry. Within one file a word may
mean only one thing; a later overlay entry that claims a word of an earlier
entry takes it over, so a learned meaning wins over the shipped one.
Loaded once per `Knowledge` world, and kept in its disk cache by the hash
of the files' texts; errors are `KnowledgeError`s
naming the file, the entry and the key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, ClassVar


from scenec.knowledge.colors import parse_color
from scenec.knowledge.diskcache import DiskCache, key_of, memo, shape_of
from scenec.knowledge.errors import KnowledgeError
from scenec.knowledge.indexed import WordIndexed, normalise_word
from scenec.knowledge.paths import overlay_folders
from scenec.knowledge.schema import (NAME_PATTERN, Bool, Context, Field, ListOf, MapOf, Nullable, Num, OneOf, Record, Str,
                                     Tuple)
from scenec.knowledge.yamlfile import parse_yaml

FILENAME = "objects.yaml"
BUILTIN = "built-in"

CATEGORIES = ("person", "animal", "vehicle", "food", "kitchen", "furniture", "electronics", "sports", "accessory",
              "outdoor", "nature", "sky", "water", "building", "thing")
PLACEMENTS = ("ground", "sky", "water", "table", "wall", "floor", "anywhere")
SIZE_CLASSES = ("tiny", "small", "medium", "large", "huge")

# How a thing is held when a sentence says someone holds it: in the hand, over the head (an
# umbrella), on a string above the hand (a balloon, a kite), or not at all.
HOLDS = ("none", "hand", "overhead", "string")
# Where a thing is worn, when it is clothing: a sentence that puts it on a person ("a man in a red
# shirt", "a girl wearing a hat") dresses that person instead of drawing the thing beside them.
WORN = ("none", "body", "head", "face", "neck", "hands", "feet")

# Spatial tags by category, for entries that say nothing (so overlays stay valid): `surface` is
# where things resting on it stand (% of the box height from its top; None: nothing rests on it),
# `supports` whether things may stand on it, `contains` whether things go inside it, `hold` how it is
# held, `hangs` whether it hangs from what is above, `size_m` its natural size (its larger side, m);
# `worn` (default none) where a person wears it.
SPATIAL_DEFAULTS: dict[str, dict[str, Any]] = {
    "person": {"surface": None, "supports": False, "contains": False, "hold": "none", "hangs": False, "size_m": 1.7},
    "animal": {"surface": 30, "supports": True, "contains": False, "hold": "none", "hangs": False, "size_m": 1.0},
    "vehicle": {"surface": 20, "supports": True, "contains": True, "hold": "none", "hangs": False, "size_m": 4.5},
    "food": {"surface": 20, "supports": True, "contains": False, "hold": "hand", "hangs": False, "size_m": 0.2},
    "kitchen": {"surface": 10, "supports": True, "contains": True, "hold": "hand", "hangs": False, "size_m": 0.25},
    "furniture": {"surface": 40, "supports": True, "contains": False, "hold": "none", "hangs": False, "size_m": 1.2},
    "electronics": {"surface": 10, "supports": True, "contains": False, "hold": "hand", "hangs": False, "size_m": 0.5},
    "sports": {"surface": None, "supports": False, "contains": False, "hold": "hand", "hangs": False, "size_m": 1.0},
    "accessory": {"surface": None, "supports": False, "contains": True, "hold": "hand", "hangs": False, "size_m": 0.5},
    "outdoor": {"surface": 10, "supports": True, "contains": False, "hold": "none", "hangs": False, "size_m": 2.0},
    "nature": {"surface": 10, "supports": True, "contains": False, "hold": "none", "hangs": False, "size_m": 3.0},
    "sky": {"surface": None, "supports": False, "contains": False, "hold": "none", "hangs": False, "size_m": 50.0},
    "water": {"surface": 20, "supports": True, "contains": True, "hold": "none", "hangs": False, "size_m": 50.0},
    "building": {"surface": 15, "supports": True, "contains": True, "hold": "none", "hangs": False, "size_m": 10.0},
    "thing": {"surface": None, "supports": False, "contains": False, "hold": "hand", "hangs": False, "size_m": 0.5},
}

# The motion a thing has when a sentence gives it none (a film is never a still picture): a motion
# call in the scene language (`sway(angle: 2deg, period: 3s)`), or None for things that keep still.
# An entry's `idle` replaces its category's; `idle: null` keeps it still.
IDLE_DEFAULTS: dict[str, str | None] = {
    "person": "float(amount: 0.3%, period: 3.2s)",
    "animal": "float(amount: 0.5%, period: 2.4s)",
    "vehicle": None, "food": None, "kitchen": None, "furniture": None, "electronics": None, "sports": None,
    "accessory": None, "outdoor": None, "building": None, "thing": None,
    "nature": "sway(angle: 1.5deg, period: 4s)",
    "sky": "drift(by: (3%, 0%))",
    "water": "float(amount: 0.4%, period: 3s)",
}
MOTION_CALL_PATTERN = r"[a-z][a-z-]*\(.*\)"

# Lower-case words and multi-word terms: "dog", "teddy bear", "t-shirt", "o'clock".
WORD_PATTERN = r"[a-z0-9]+(?:[ '-][a-z0-9]+)*"


def _check_color(record: dict[str, Any], path: tuple[str, ...], ctx: Context) -> dict[str, Any]:
    color = record["default_color"]
    if record["color_param"] is not None and color is None:
        raise ctx.fail(path, "an object with a color_param needs a default_color")
    if color is not None:
        try:
            parse_color(color)
        except ValueError as err:
            raise ctx.fail((*path, "default_color"), f"{err} (quote hex colors in YAML: '#ff8800')") from None
    return record


_BOX_SIDE = Num(lo=0.5, hi=100)
_SCHEMA = MapOf(Record((
    Field("template", Str(NAME_PATTERN, "a template name")),
    Field("category", OneOf(CATEGORIES)),
    Field("words", ListOf(Str(WORD_PATTERN, "a lower-case word or term"), label="word", min_len=1)),
    Field("box", Tuple((_BOX_SIDE, _BOX_SIDE), what="a box [width %, height %]")),
    Field("color_param", Nullable(Str(NAME_PATTERN, "a parameter name")), required=False),
    Field("default_color", Nullable(Str(what="a color")), required=False),
    Field("placement", OneOf(PLACEMENTS), required=False, default="ground"),
    Field("size_class", OneOf(SIZE_CLASSES), required=False, default="medium"),
    Field("spatial", Record((
        Field("surface", Nullable(Num(lo=0, hi=100)), required=False, default=...),
        Field("supports", Bool(), required=False, default=...),
        Field("contains", Bool(), required=False, default=...),
        Field("hold", OneOf(HOLDS), required=False, default=...),
        Field("hangs", Bool(), required=False, default=...),
        Field("size_m", Num(lo=0.001, hi=100000), required=False, default=...),
        Field("worn", OneOf(WORN), required=False, default=...),
    )), required=False, default=None),
    Field("idle", Nullable(Str(MOTION_CALL_PATTERN, "a motion call such as 'sway(angle: 2deg)'")), required=False,
          default=...),
    Field("outdoors", Nullable(Str(NAME_PATTERN, "an object name")), required=False, default=None),
), checks=(_check_color,)), label="object")


@dataclass(frozen=True, slots=True)
class Spatial:
    """Where a thing's top surface is and what it does in space (see `SPATIAL_DEFAULTS`)."""

    surface: float | None
    supports: bool
    contains: bool
    hold: str
    hangs: bool
    size_m: float
    worn: str = "none"  # where a person wears it (`WORN`), "none" for things not worn


def _spatial(category: str, given: dict[str, Any] | None) -> Spatial:
    values = {"worn": "none", **SPATIAL_DEFAULTS[category]}
    for key, value in (given or {}).items():
        if value is not ...:
            values[key] = value
    surface = values["surface"]
    return Spatial(None if surface is None else float(surface), bool(values["supports"]), bool(values["contains"]),
                   str(values["hold"]), bool(values["hangs"]), float(values["size_m"]), str(values["worn"]))


@dataclass(frozen=True, slots=True)
class ObjectEntry:
    """One thing: the template that draws it and how a translator should place it.

    `box` is `(width %, height %)` of a 16:9 frame at a medium distance;
    `origin` is `"built-in"` or the overlay file that defined the entry.
    """

    name: str
    template: str
    category: str
    words: tuple[str, ...]
    box: tuple[float, float]
    color_param: str | None
    default_color: str | None
    placement: str
    size_class: str
    origin: str = BUILTIN
    spatial: Spatial | None = None  # filled from the entry's `spatial` and its category's defaults
    idle: str | None = None  # the motion call it has when a sentence gives it none (`IDLE_DEFAULTS`)
    outdoors: str | None = None  # the object its one-word name means out of doors ("lamps" in a street)


@dataclass(frozen=True, slots=True, eq=False)
class Objects(WordIndexed[ObjectEntry]):
    """Every object by name, and the word index over them."""

    KIND: ClassVar[str] = "object"

    def in_category(self, category: str) -> tuple[ObjectEntry, ...]:
        """The entries of one category, in file order; an unknown category is a `ValueError`."""
        if category not in CATEGORIES:
            raise ValueError(f"unknown object category '{category}'; categories: {', '.join(CATEGORIES)}")
        return tuple(e for e in self.entries.values() if e.category == category)


def _read(label: str, text: str) -> dict[str, dict[str, Any]]:
    data = parse_yaml(text, label)
    if data is None:
        return {}
    return _SCHEMA.validate(data, (), Context(label))


def _entries(label: str, origin: str, records: dict[str, dict[str, Any]]) -> dict[str, ObjectEntry]:
    out: dict[str, ObjectEntry] = {}
    seen: dict[str, str] = {}
    for name, rec in records.items():
        words = tuple(dict.fromkeys(normalise_word(w) for w in rec["words"]))
        for word in words:
            if word in seen:
                raise KnowledgeError(f"{label}: object '{name}': word '{word}' already means object '{seen[word]}'")
            seen[word] = name
        out[name] = ObjectEntry(name=name, template=rec["template"], category=rec["category"], words=words,
                                box=(float(rec["box"][0]), float(rec["box"][1])), color_param=rec["color_param"],
                                default_color=rec["default_color"], placement=rec["placement"],
                                size_class=rec["size_class"], origin=origin,
                                spatial=_spatial(rec["category"], rec["spatial"]),
                                idle=IDLE_DEFAULTS[rec["category"]] if rec["idle"] is ... else rec["idle"],
                                outdoors=rec["outdoors"])
    return out


def _index(entries: Mapping[str, ObjectEntry]) -> dict[str, str]:
    # Later entries (overlays come last) claim a word from earlier ones.
    index: dict[str, str] = {}
    for entry in entries.values():
        for word in entry.words:
            index[word] = entry.name
    return index


def _builtin_text() -> str:
    return (resources.files("scenec.knowledge") / "data" / FILENAME).read_text(encoding="utf-8")


def load_objects(data_dir: Path | None = None, project_overlays: Sequence[Path] = (),
                 cache: DiskCache | None = None) -> Objects:
    """The object registry, overlaid by the project's and then the data directory's `objects.yaml`.

    Reads the files every call; with a `cache`, the registry built from the same texts is read
    back from it instead of being parsed and validated again (`diskcache.py`). Raises
    `KnowledgeError`.
    """
    sources = [(FILENAME, BUILTIN, _builtin_text())]
    for folder in overlay_folders(data_dir, project_overlays):
        path = folder / FILENAME
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                raise KnowledgeError(f"{path}: cannot be read: {err}") from None
            sources.append((str(path), str(path), text))
    key = key_of(shape_of((Spatial, ObjectEntry)), *(part for source in sources for part in source))
    entries, index = memo(cache, "objects", key, lambda: _build(sources))
    return Objects(MappingProxyType(entries), MappingProxyType(index))


def _build(sources: Sequence[tuple[str, str, str]]) -> tuple[dict[str, ObjectEntry], dict[str, str]]:
    entries: dict[str, ObjectEntry] = {}
    for label, origin, text in sources:
        overlay = _entries(label, origin, _read(label, text))
        # A replaced entry drops out first so that it keeps no stale words.
        for name in overlay:
            entries.pop(name, None)
        entries.update(overlay)
        for entry in entries.values():
            if entry.outdoors is not None and entry.outdoors not in entries:
                raise KnowledgeError(f"{label}: object '{entry.name}': outdoors names no object: '{entry.outdoors}'")
    return entries, _index(entries)

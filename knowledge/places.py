"""The registry of places a sentence can set a film in: `data/places.yaml`.

A place is a backdrop written as scene-language `layer` statements (a sky
gradient, sand, sea, a horizon) plus the lines a translator needs to stand
things in it: the ground line, where water starts, the table top indoors,
all in % of the frame height. `sky_layers` names the layers a translator may
recolor by time of day; `palette` and `ambient` name a built-in palette and
ambient sound.

`load_places(data_dir, project_overlays)` reads the shipped file, then
`places.yaml` in each project overlay folder and in `data_dir/knowledge/`
when they exist (an overlay entry replaces an earlier one of the same name
whole; a word an overlay claims moves to it). Loaded once per `Knowledge`
world, and kept in its disk cache by the hash of the files' texts. The layer text is checked here only for the layer names it declares;
the test suite compiles every place. Errors are `KnowledgeError`s naming
file, entry and key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, ClassVar


from scenec.knowledge.diskcache import DiskCache, key_of, memo, shape_of
from scenec.knowledge.errors import KnowledgeError
from scenec.knowledge.indexed import WordIndexed, normalise_word
from scenec.knowledge.objects import WORD_PATTERN
from scenec.knowledge.paths import overlay_folders
from scenec.knowledge.schema import NAME_PATTERN, Bool, Context, Field, ListOf, MapOf, Nullable, Num, Record, Str
from scenec.knowledge.yamlfile import parse_yaml

FILENAME = "places.yaml"
BUILTIN = "built-in"

_LAYER_NAME = re.compile(rf"(?:^|[\s;}}])layer\s+({NAME_PATTERN})\s*:")
_LINE = Num(lo=0, hi=100)


def _check_lines(record: dict[str, Any], path: tuple[str, ...], ctx: Context) -> dict[str, Any]:
    declared = _LAYER_NAME.findall(record["layers"])
    if not declared:
        raise ctx.fail((*path, "layers"), "declares no `layer NAME: …` statement")
    seen: set[str] = set()
    for name in declared:
        if name in seen:
            raise ctx.fail((*path, "layers"), f"layer '{name}' is declared twice")
        seen.add(name)
    for name in record["sky_layers"]:
        if name not in seen:
            raise ctx.fail((*path, "sky_layers"), f"'{name}' is not one of its layers ({', '.join(declared)})")
    table = record["table"]
    if table is not None and table > record["ground"]:
        raise ctx.fail((*path, "table"), f"the table top ({table:g}%) lies below the ground line ({record['ground']:g}%)")
    return record


_SCHEMA = MapOf(Record((
    Field("words", ListOf(Str(WORD_PATTERN, "a lower-case word or term"), label="word", min_len=1)),
    Field("outdoor", Bool()),
    Field("ground", _LINE),
    Field("water_line", Nullable(_LINE), required=False),
    Field("table", Nullable(_LINE), required=False),
    Field("palette", Nullable(Str(NAME_PATTERN, "a palette name")), required=False),
    Field("ambient", Nullable(Str(NAME_PATTERN, "an ambient sound name")), required=False),
    Field("layers", Str(what="scene-language layer statements")),
    Field("sky_layers", ListOf(Str(NAME_PATTERN, "a layer name"), label="sky layer"), required=False, default=()),
), checks=(_check_lines,)), label="place")


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """One backdrop; lines are % of the frame height from the top."""

    name: str
    words: tuple[str, ...]
    outdoor: bool
    ground: float
    water_line: float | None
    table: float | None
    palette: str | None
    ambient: str | None
    layers: str
    sky_layers: tuple[str, ...]
    origin: str = BUILTIN

    def layer_names(self) -> tuple[str, ...]:
        """The names of the layers the backdrop declares, in drawing order."""
        return tuple(_LAYER_NAME.findall(self.layers))


@dataclass(frozen=True, slots=True, eq=False)
class Places(WordIndexed[PlaceEntry]):
    """Every place by name, and the word index over them."""

    KIND: ClassVar[str] = "place"


def _read(label: str, origin: str, text: str) -> dict[str, PlaceEntry]:
    data = parse_yaml(text, label)
    records = {} if data is None else _SCHEMA.validate(data, (), Context(label))
    out: dict[str, PlaceEntry] = {}
    seen: dict[str, str] = {}
    for name, rec in records.items():
        words = tuple(dict.fromkeys(normalise_word(w) for w in rec["words"]))
        for word in words:
            if word in seen:
                raise KnowledgeError(f"{label}: place '{name}': word '{word}' already means place '{seen[word]}'")
            seen[word] = name
        out[name] = PlaceEntry(name=name, words=words, outdoor=rec["outdoor"], ground=float(rec["ground"]),
                               water_line=rec["water_line"], table=rec["table"], palette=rec["palette"],
                               ambient=rec["ambient"], layers=rec["layers"].strip() + "\n",
                               sky_layers=tuple(rec["sky_layers"]), origin=origin)
    return out


def load_places(data_dir: Path | None = None, project_overlays: Sequence[Path] = (),
                cache: DiskCache | None = None) -> Places:
    """The place registry, overlaid by the project's and then the data directory's `places.yaml`.

    Reads the files every call; with a `cache`, the registry built from the same texts is read
    back from it instead of being parsed and validated again (`diskcache.py`). Raises
    `KnowledgeError`.
    """
    sources = [(FILENAME, BUILTIN, (resources.files("scenec.knowledge") / "data" / FILENAME).read_text(encoding="utf-8"))]
    for folder in overlay_folders(data_dir, project_overlays):
        path = folder / FILENAME
        if path.is_file():
            try:
                overlay_text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                raise KnowledgeError(f"{path}: cannot be read: {err}") from None
            sources.append((str(path), str(path), overlay_text))
    key = key_of(shape_of((PlaceEntry,)), *(part for source in sources for part in source))
    entries, index = memo(cache, "places", key, lambda: _build(sources))
    return Places(MappingProxyType(entries), MappingProxyType(index))


def _build(sources: Sequence[tuple[str, str, str]]) -> tuple[dict[str, PlaceEntry], dict[str, str]]:
    entries: dict[str, PlaceEntry] = {}
    for label, origin, text in sources:
        overlay = _read(label, origin, text)
        for name in overlay:
            entries.pop(name, None)
        entries.update(overlay)
    # Later entries (overlays come last) claim a word from earlier ones.
    return entries, {word: entry.name for entry in entries.values() for word in entry.words}

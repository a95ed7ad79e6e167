"""The translator's vocabulary: which words mean colors, counts, relations, motions, times, weather,
seasons, moods, styles and camera moves (`data/words.yaml`), validated on load.

`load_vocabulary(data_dir, project_overlays)` reads the shipped file, then
overlays from each project overlay folder and then `data_dir/knowledge/`:
`words.yaml` (same sections; entries add or replace) and
`learned_words.yaml`, the words `learn_word` recorded from use, each with
its provenance. Pure lookups after loading; not cached (loaded once per
`Knowledge` world, and a new world sees a learned word). `learn_word` is the
one writer, kept at this edge.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from scenec.knowledge.colors import RGBA, parse_color
from scenec.knowledge.errors import ColorError, KnowledgeError
from scenec.knowledge.paths import knowledge_overlay_dir, overlay_folders
from scenec.knowledge.yamlfile import parse_mapping

FILE = "words.yaml"
LEARNED_FILE = "learned_words.yaml"
CAMERA_MOVES = ("pan-left", "pan-right", "tilt-up", "tilt-down", "zoom-in", "zoom-out", "static", "shake",
                "orbit", "slow-motion", "rack-focus", "dolly-in", "dolly-out", "truck-left", "truck-right",
                "follow", "close-up", "wide", "aerial")
RELATIONS = ("left-of", "right-of", "above", "below", "on", "under", "behind", "in-front-of", "next-to", "between",
             "holding", "background", "foreground", "left-side", "right-side")
# Relations of one subject alone ("a lighthouse in the background", "trees on the right"): they take
# no other subject.
UNARY_RELATIONS = ("background", "foreground", "left-side", "right-side")
LEARNABLE = ("color", "object")
_MAP_SECTIONS = ("colors", "shades", "sizes", "counts", "relations", "motions", "times", "weather", "seasons",
                 "moods", "styles", "camera", "durations", "hypernyms", "plurals", "categories")
# The shapes a stand-in for a thing with no drawing may take (lang/translate/standins.py).
STANDIN_KINDS = ("animal", "vehicle", "building", "plant", "ball", "sign", "food", "tool", "thing")
_LIST_SECTIONS = ("negations", "fillers", "abstract")


@dataclass(frozen=True, slots=True)
class Shade:
    lighten: float
    saturation: float


@dataclass(frozen=True, slots=True)
class MotionWord:
    motion: str | None  # `KIND(args)` in the scene language, or None for a still pose
    drift: tuple[float, float] | None  # percent of the frame moved over the shot
    place: str | None  # sky | ground | water: where the doer naturally is


@dataclass(frozen=True, slots=True)
class Season:
    ground: RGBA
    foliage: RGBA
    palette: str | None
    particles: str | None


@dataclass(frozen=True, slots=True)
class MoodWord:
    genre: str | None
    mood: str | None


@dataclass(frozen=True, slots=True)
class StyleWord:
    style: str | None
    lut: str | None
    grade: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Learned:
    """A word learned from use: what it maps to, and the prompt and date it came from."""

    word: str
    kind: str  # color | object
    value: str  # a color literal, or an object word
    prompt: str
    date: str


@dataclass(frozen=True, slots=True)
class Vocabulary:
    colors: Mapping[str, RGBA]
    shades: Mapping[str, Shade]
    sizes: Mapping[str, float]
    counts: Mapping[str, int]
    relations: Mapping[str, str]
    motions: Mapping[str, MotionWord]
    times: Mapping[str, str]
    weather: Mapping[str, str]
    seasons: Mapping[str, Season]
    moods: Mapping[str, MoodWord]
    styles: Mapping[str, StyleWord]
    camera: Mapping[str, str]  # phrase → move
    durations: Mapping[str, float]
    hypernyms: Mapping[str, str]  # noun → an object word
    plurals: Mapping[str, str]
    categories: Mapping[str, str]  # a noun with no drawing → the stand-in shape it gets
    negations: frozenset[str]
    fillers: frozenset[str]
    abstract: frozenset[str] = frozenset()  # words that name nothing drawable on their own
    learned: Mapping[str, Learned] = field(default_factory=dict)

    def sections(self) -> dict[str, Mapping[str, Any]]:
        """Word → entry for each section that `scenec knowledge` lists."""
        return {"colors": self.colors, "sizes": self.sizes, "counts": self.counts, "relations": self.relations,
                "motions": self.motions, "times": self.times, "weather-words": self.weather,
                "seasons": self.seasons, "moods": self.moods, "style-words": self.styles,
                "camera": self.camera, "hypernyms": self.hypernyms}


# ---------------------------------------------------------------- validation


def _fail(label: str, path: tuple[str, ...], message: str) -> KnowledgeError:
    return KnowledgeError(": ".join((label, *path, message)))


def _num(value: Any, label: str, path: tuple[str, ...]) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(label, path, f"expected a number, found {value!r}")
    return float(value)


def _str(value: Any, label: str, path: tuple[str, ...], allowed: tuple[str, ...] | None = None,
         nullable: bool = False) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str) or not value:
        raise _fail(label, path, f"expected a word, found {value!r}")
    if allowed is not None and value not in allowed:
        raise _fail(label, path, f"'{value}' is not one of {', '.join(allowed)}")
    return value


def _color(value: Any, label: str, path: tuple[str, ...]) -> RGBA:
    try:
        return parse_color(str(value))
    except ColorError as err:
        raise _fail(label, path, f"'{value}' is not a color ({err})") from None


def _record(value: Any, label: str, path: tuple[str, ...], keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(label, path, f"expected a mapping with {', '.join(keys)}, found {value!r}")
    extra = set(value) - set(keys)
    if extra:
        raise _fail(label, path, f"unknown key '{sorted(extra)[0]}' (expected {', '.join(keys)})")
    return value


def _camera_phrases(move: str, value: Any, label: str) -> dict[str, str]:
    path = ("camera", move)
    if move not in CAMERA_MOVES:
        raise _fail(label, path, f"unknown camera move (expected one of {', '.join(CAMERA_MOVES)})")
    entry = _record(value, label, path, ("verbs", "directions", "phrases"))
    lists = {}
    for key in ("verbs", "directions", "phrases"):
        items = entry.get(key) or []
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise _fail(label, (*path, key), "expected a list of phrases")
        lists[key] = [i.lower() for i in items]
    out = {phrase: move for phrase in lists["phrases"]}
    for verb in lists["verbs"]:
        for direction in lists["directions"]:
            out[f"{verb} {direction}"] = move
    return out


def _section(name: str, raw: Any, label: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _fail(label, (name,), "expected a mapping of words")
    out: dict[str, Any] = {}
    for word, value in raw.items():
        key = str(word).lower()
        path = (name, f"'{key}'")
        match name:
            case "colors":
                out[key] = _color(value, label, path)
            case "shades":
                rec = _record(value, label, path, ("lighten", "saturation"))
                out[key] = Shade(_num(rec.get("lighten", 0), label, (*path, "lighten")),
                                 _num(rec.get("saturation", 1), label, (*path, "saturation")))
            case "sizes" | "durations":
                number = _num(value, label, path)
                if number <= 0:
                    raise _fail(label, path, f"must be > 0, found {number}")
                out[key] = number
            case "counts":
                if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                    raise _fail(label, path, f"expected a whole number >= 1, found {value!r}")
                out[key] = value
            case "relations":
                out[key] = _str(value, label, path, RELATIONS)
            case "motions":
                rec = _record(value, label, path, ("motion", "drift", "place"))
                drift = rec.get("drift")
                if drift is not None and (not isinstance(drift, list) or len(drift) != 2):
                    raise _fail(label, (*path, "drift"), "expected [x%, y%]")
                out[key] = MotionWord(_str(rec.get("motion"), label, (*path, "motion"), nullable=True),
                                      tuple(_num(d, label, (*path, "drift")) for d in drift) if drift else None,
                                      _str(rec.get("place"), label, (*path, "place"), ("sky", "ground", "water"),
                                           nullable=True))
            case "times" | "weather" | "hypernyms" | "plurals":
                out[key] = _str(value, label, path).lower()
            case "categories":
                out[key] = _str(value, label, path, STANDIN_KINDS)
            case "seasons":
                rec = _record(value, label, path, ("ground", "foliage", "palette", "particles"))
                out[key] = Season(_color(rec.get("ground"), label, (*path, "ground")),
                                  _color(rec.get("foliage"), label, (*path, "foliage")),
                                  _str(rec.get("palette"), label, (*path, "palette"), nullable=True),
                                  _str(rec.get("particles"), label, (*path, "particles"), nullable=True))
            case "moods":
                rec = _record(value, label, path, ("genre", "mood"))
                out[key] = MoodWord(_str(rec.get("genre"), label, (*path, "genre"), nullable=True),
                                    _str(rec.get("mood"), label, (*path, "mood"), nullable=True))
            case "styles":
                rec = _record(value, label, path, ("style", "lut", "grade"))
                grade = rec.get("grade") or []
                if not isinstance(grade, list) or not all(isinstance(g, str) for g in grade):
                    raise _fail(label, (*path, "grade"), "expected a list of grade ops like 'contrast(1.1)'")
                out[key] = StyleWord(_str(rec.get("style"), label, (*path, "style"), nullable=True),
                                     _str(rec.get("lut"), label, (*path, "lut"), nullable=True), tuple(grade))
            case "camera":
                out.update(_camera_phrases(key, value, label))
    return out


def _read(text: str, label: str) -> dict[str, Any]:
    data = parse_mapping(text, label, "a mapping of sections")
    unknown = set(data) - set(_MAP_SECTIONS) - set(_LIST_SECTIONS)
    if unknown:
        raise _fail(label, (), f"unknown section '{sorted(unknown)[0]}' (expected one of "
                    f"{', '.join(_MAP_SECTIONS + _LIST_SECTIONS)})")
    return data


def _merge(sections: dict[str, dict[str, Any]], lists: dict[str, set[str]], data: dict[str, Any], label: str) -> None:
    for name, raw in data.items():
        if name in _LIST_SECTIONS:
            if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
                raise _fail(label, (name,), "expected a list of words")
            lists[name] |= {w.lower() for w in raw}
        else:
            sections[name].update(_section(name, raw, label))


def _learned(path: Path) -> dict[str, Learned]:
    if not path.is_file():
        return {}
    label = str(path)
    data = parse_mapping(path.read_text(encoding="utf-8"), label, "a `words:` mapping")
    words = data.get("words", {})
    if not isinstance(words, dict):
        raise KnowledgeError(f"{label}: expected `words:` mapping word → {{kind, value, prompt, date}}")
    out = {}
    for word, entry in words.items():
        path_ = ("words", f"'{word}'")
        rec = _record(entry, label, path_, ("kind", "value", "prompt", "date"))
        kind = _str(rec.get("kind"), label, (*path_, "kind"), LEARNABLE)
        value = _str(rec.get("value"), label, (*path_, "value"))
        if kind == "color":
            _color(value, label, (*path_, "value"))
        out[str(word).lower()] = Learned(str(word).lower(), kind, value, str(rec.get("prompt", "")),
                                         str(rec.get("date", "")))
    return out


def _freeze(vocab_sections: dict[str, dict[str, Any]], lists: dict[str, set[str]],
            learned: dict[str, Learned]) -> Vocabulary:
    for entry in learned.values():
        if entry.kind == "color":
            vocab_sections["colors"][entry.word] = parse_color(entry.value)
        else:
            vocab_sections["hypernyms"][entry.word] = entry.value
    frozen = {name: MappingProxyType(dict(vocab_sections[name])) for name in _MAP_SECTIONS}
    return Vocabulary(**frozen, negations=frozenset(lists["negations"]), fillers=frozenset(lists["fillers"]),
                      abstract=frozenset(lists["abstract"]), learned=MappingProxyType(learned))


def load_vocabulary(data_dir: Path | None = None, project_overlays: Sequence[Path] = ()) -> Vocabulary:
    """The shipped vocabulary, overlaid with the project's, then the data directory's, words and learned words."""
    sections: dict[str, dict[str, Any]] = {name: {} for name in _MAP_SECTIONS}
    lists: dict[str, set[str]] = {name: set() for name in _LIST_SECTIONS}
    text = resources.files("scenec.knowledge").joinpath("data").joinpath(FILE).read_text(encoding="utf-8")
    _merge(sections, lists, _read(text, FILE), FILE)
    learned: dict[str, Learned] = {}
    for overlay in overlay_folders(data_dir, project_overlays):
        if (overlay / FILE).is_file():
            _merge(sections, lists, _read((overlay / FILE).read_text(encoding="utf-8"), str(overlay / FILE)),
                   str(overlay / FILE))
        learned.update(_learned(overlay / LEARNED_FILE))
    return _freeze(sections, lists, learned)


def learn_word(word: str, kind: str, value: str, data_dir: Path, prompt: str = "",
               today: _dt.date | None = None) -> Path:
    """Record that `word` means `value` (a color literal, or an object word) in the data directory's
    learned words, with the prompt it came from and the date; worlds built afterwards use it."""
    if kind not in LEARNABLE:
        raise KnowledgeError(f"cannot learn a word of kind '{kind}' (expected one of {', '.join(LEARNABLE)})")
    if kind == "color":
        _color(value, "learned word", (f"'{word}'",))
    path = knowledge_overlay_dir(Path(data_dir)) / LEARNED_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    data = parse_mapping(path.read_text(encoding="utf-8"), str(path), "a `words:` mapping") if path.is_file() else {}
    words = data.setdefault("words", {})
    words[word.lower()] = {"kind": kind, "value": value, "prompt": prompt,
                           "date": (today or _dt.date.today()).isoformat()}
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(yaml.safe_dump(data, sort_keys=True, allow_unicode=True), encoding="utf-8")
    tmp.replace(path)
    return path

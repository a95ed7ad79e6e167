"""The name generator: unique, pronounceable names for characters and places.

Names are built from the syllable reserves in `data/names.yaml` (onsets, vowels, codas, endings,
joined by patterns such as `OVCE`), which a `names.yaml` in a project overlay folder or in the data
directory's `knowledge/` may extend (`load_syllables`, read once per `Knowledge` world).
`generate(count, kind, seed)` is pure and never repeats a name within one call, so one scene never
holds the same name twice. `draw(count, kind, data_dir, syllables)` hands out names from the reserve
stored in the data directory (`names/<kind>.txt`), refilling it from the generator when it runs low; a name
drawn once is never drawn again from that reserve.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


from scenec.knowledge.errors import KnowledgeError
from scenec.knowledge.paths import overlay_folders
from scenec.knowledge.yamlfile import parse_mapping

FILE = "names.yaml"
KINDS = ("character", "place")
REFILL = 64
_PARTS = {"O": "onsets", "V": "vowels", "C": "codas", "E": "endings"}


@dataclass(frozen=True, slots=True)
class Syllables:
    onsets: tuple[str, ...]
    vowels: tuple[str, ...]
    codas: tuple[str, ...]
    endings: tuple[str, ...]
    patterns: tuple[str, ...]
    min_length: int
    max_length: int


def _validate(kind: str, raw: object, label: str) -> Syllables:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{label}: {kind}: expected a mapping of syllable lists")
    lists = {}
    for key in ("onsets", "vowels", "codas", "endings", "patterns"):
        items = raw.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, str) and i.isalpha() for i in items):
            raise KnowledgeError(f"{label}: {kind}: {key}: expected a list of letters-only strings")
        # Patterns are upper-case part letters; syllables are lower-case.
        lists[key] = tuple(i.upper() if key == "patterns" else i.lower() for i in items)
    for pattern in lists["patterns"]:
        for letter in pattern:
            if letter not in _PARTS or not lists[_PARTS[letter]]:
                raise KnowledgeError(f"{label}: {kind}: pattern '{pattern}': '{letter}' needs a non-empty "
                                     f"{_PARTS.get(letter, 'part')} list (letters: O V C E)")
    if not lists["patterns"]:
        raise KnowledgeError(f"{label}: {kind}: patterns: needs at least one pattern")
    lo, hi = raw.get("min_length", 3), raw.get("max_length", 12)
    if not (isinstance(lo, int) and isinstance(hi, int) and 1 <= lo <= hi):
        raise KnowledgeError(f"{label}: {kind}: min_length/max_length: expected whole numbers 1 <= min <= max")
    return Syllables(**lists, min_length=lo, max_length=hi)


def load_syllables(data_dir: Path | None = None, project_overlays: Sequence[Path] = ()) -> dict[str, Syllables]:
    """The syllable reserves by kind: the shipped file extended by each overlay folder's `names.yaml`."""
    text = resources.files("scenec.knowledge").joinpath("data").joinpath(FILE).read_text(encoding="utf-8")
    data = parse_mapping(text, FILE, "a mapping of kinds")
    for folder in overlay_folders(data_dir, project_overlays):
        overlay = folder / FILE
        if overlay.is_file():
            extra = parse_mapping(overlay.read_text(encoding="utf-8"), str(overlay), "a mapping of kinds")
            for kind, lists in extra.items():
                merged = dict(data.get(kind, {}))
                for key, value in (lists or {}).items():
                    merged[key] = list(dict.fromkeys([*merged.get(key, []), *value])) if isinstance(value, list) \
                        else value
                data[kind] = merged
    missing = [k for k in KINDS if k not in data]
    if missing:
        raise KnowledgeError(f"{FILE}: missing kind '{missing[0]}'")
    return {kind: _validate(kind, data[kind], FILE) for kind in KINDS}


def _one(s: Syllables, rng: random.Random) -> str:
    pattern = rng.choice(s.patterns)
    return "".join(rng.choice(getattr(s, _PARTS[letter])) for letter in pattern)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown name kind '{kind}'; expected one of {', '.join(KINDS)}")


def generate(count: int, kind: str = "character", seed: int = 0, exclude: frozenset[str] = frozenset(),
             syllables: Mapping[str, Syllables] | None = None) -> tuple[str, ...]:
    """`count` distinct capitalised names, none in `exclude`; deterministic for the same seed.

    >>> len(set(generate(20, "place", seed=3)))
    20
    """
    _check_kind(kind)
    if count < 0:
        raise ValueError(f"the count must be 0 or more, found {count}")
    s = (syllables or load_syllables())[kind]
    rng = random.Random(f"{kind}:{seed}")
    seen = {n.lower() for n in exclude}
    out: list[str] = []
    tries = 0
    while len(out) < count:
        tries += 1
        if tries > 200 * (count + 10):
            raise ValueError(f"the {kind} syllables cannot make {count} different names; add syllables")
        name = _one(s, rng)
        if not (s.min_length <= len(name) <= s.max_length) or name in seen or _awkward(name):
            continue
        seen.add(name)
        out.append(name.capitalize())
    return tuple(out)


def _awkward(name: str) -> bool:
    """Three vowels or three consonants in a row read badly."""
    vowels = set("aeiouy")
    run, last = 0, None
    for ch in name:
        kind = ch in vowels
        run = run + 1 if kind == last else 1
        last = kind
        if run >= 3:
            return True
    return False


def draw(count: int, kind: str, data_dir: Path, syllables: Mapping[str, Syllables] | None = None) -> tuple[str, ...]:
    """Hand out `count` names from the reserve in the data directory, refilling it as needed.

    `syllables` are the world's (`Knowledge.syllables`); without them the data
    directory's own overlay is read.
    """
    _check_kind(kind)
    folder = Path(data_dir) / "names"
    reserve_path, used_path = folder / f"{kind}.txt", folder / f"{kind}.used.txt"
    reserve = reserve_path.read_text(encoding="utf-8").split() if reserve_path.is_file() else []
    used = used_path.read_text(encoding="utf-8").split() if used_path.is_file() else []
    if syllables is None:
        syllables = load_syllables(Path(data_dir))
    generation = len(used) + len(reserve)
    while len(reserve) < count:
        fresh = generate(max(REFILL, count), kind, seed=generation,
                         exclude=frozenset(used) | frozenset(reserve), syllables=syllables)
        reserve += list(fresh)
        generation += len(fresh)
    out, reserve = reserve[:count], reserve[count:]
    folder.mkdir(parents=True, exist_ok=True)
    reserve_path.write_text("\n".join(reserve) + "\n", encoding="utf-8")
    used_path.write_text("\n".join(used + out) + "\n", encoding="utf-8")
    return tuple(out)

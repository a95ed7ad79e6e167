"""Generate varied prompts from the knowledge registries, for unattended runs.

Each prompt combines a subject (an object word, sometimes with a colour and a
count, sometimes a near-synonym the translator must map itself), a place, a
time of day, sometimes weather, a mood and a camera instruction:
"two red balloons on a beach at dusk, calm, the camera pans left". Every
axis is walked through a shuffled cycle, so a batch covers the registries
evenly instead of repeating favourites, and the same seed gives the same
prompts. The vocabulary and registries are passed in: this reads no files.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

COUNT_WORDS = {1: "a", 2: "two", 3: "three"}
SIMPLE_COLORS = ("red", "blue", "green", "yellow", "orange", "purple", "pink", "white", "black", "brown")
CAMERA_PHRASES = {
    "pan-left": "the camera pans left", "pan-right": "the camera pans right", "tilt-up": "the camera tilts up",
    "tilt-down": "the camera tilts down", "zoom-in": "the camera zooms in", "zoom-out": "the camera zooms out",
    "static": "static camera",
}
SYNONYM_SHARE = 0.2  # how often the subject is a word the translator only knows as a near-synonym


@dataclass(frozen=True, slots=True)
class GeneratedPrompt:
    text: str
    subject: str  # the object it means
    place: str | None
    time: str | None
    mood: str | None
    camera: str | None


class _Cycle:
    """Items in a shuffled order, reshuffled each time round."""

    def __init__(self, items: Sequence[Any], rng: random.Random) -> None:
        self.items, self.rng, self.queue = list(items), rng, []

    def next(self) -> Any:
        if not self.items:
            return None
        if not self.queue:
            self.queue = self.items[:]
            self.rng.shuffle(self.queue)
        return self.queue.pop()


def _plural(word: str, words: Sequence[str], plurals: dict[str, str]) -> str | None:
    for plural, singular in plurals.items():
        if singular == word and plural in words:
            return plural
    for candidate in (word + "s", word + "es"):
        if candidate in words:
            return candidate
    return None


def _time_word(name: str, words: dict[str, str]) -> str:
    """The word a person would write for time `name` (`golden hour` for golden-hour)."""
    spoken = name.replace("-", " ")
    if words.get(spoken) == name:
        return spoken
    return next((w for w, t in sorted(words.items()) if t == name), spoken)


def generate_prompts(count: int, *, seed: int, objects: Any, places: Any, vocabulary: Any,
                     time_names: Sequence[str] = (), mood_names: Sequence[str] = ()) -> tuple[GeneratedPrompt, ...]:
    """`count` prompts from the loaded registries (objects, places, vocabulary; times and moods by name)."""
    if count < 0:
        raise ValueError(f"a prompt count cannot be negative, got {count}")
    rng = random.Random(seed)
    subjects = _Cycle(sorted(objects.entries), rng)
    synonyms = _Cycle(sorted(w for w, target in vocabulary.hypernyms.items()
                             if objects.by_word(w) is None and objects.by_word(target) is not None), rng)
    place_words = _Cycle(sorted({entry.words[0] for entry in places.entries.values() if entry.words}), rng)
    time_words = {_time_word(t, vocabulary.times) for t in set(time_names) or set(vocabulary.times.values())}
    times = _Cycle(sorted(time_words), rng)
    moods = _Cycle(sorted(set(mood_names) or set(vocabulary.moods)), rng)
    cameras = _Cycle([*sorted(CAMERA_PHRASES), None], rng)
    weathers = _Cycle(sorted(set(vocabulary.weather.values()) - {"clear"}), rng)
    colors = [c for c in SIMPLE_COLORS if c in vocabulary.colors]
    plurals = dict(vocabulary.plurals)
    out = []
    for _ in range(count):
        name = subjects.next()
        entry = objects.entries[name]
        word = entry.name if entry.name in entry.words else entry.words[0]
        synonym = synonyms.next() if rng.random() < SYNONYM_SHARE else None
        if synonym is not None:
            word, name = synonym, objects.by_word(vocabulary.hypernyms[synonym]).name
        number = rng.choice((1, 1, 1, 2, 3))
        plural = _plural(word, entry.words, plurals) if number > 1 and synonym is None else None
        noun = plural if plural else word
        count_word = COUNT_WORDS[number] if plural else ("an" if noun[0] in "aeiou" else "a")
        color = rng.choice(colors) if colors and entry.color_param and rng.random() < 0.5 else None
        if color and count_word in ("a", "an"):
            count_word = "an" if color[0] in "aeiou" else "a"
        place, time, mood, camera = place_words.next(), times.next(), moods.next(), cameras.next()
        weather = weathers.next() if rng.random() < 0.25 else None
        parts = [" ".join(p for p in (count_word, color, noun) if p)]
        if place:
            parts[0] += f" at the {place}"
        if time:
            parts[0] += f" at {time}"
        if weather:
            parts[0] += f" in the {weather}" if weather in ("rain", "snow", "fog") else f", {weather}"
        if mood:
            parts.append(mood)
        if camera:
            parts.append(CAMERA_PHRASES[camera])
        out.append(GeneratedPrompt(", ".join(parts), name, place, time, mood, camera))
    return tuple(out)

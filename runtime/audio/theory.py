"""Music theory for the procedural score: keys, scales, moods.

`parse_key("F# minor")` gives a `Key`; `resolve_mood("horror")` maps a mood
or genre-ish word onto one of `MOODS`; `MoodProfile` says how a mood is
played (mode, progression, tempo, texture).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scenec.runtime.audio.errors import AudioError

_LETTERS = {"c": 0, "d": 2, "e": 4, "f": 5, "g": 7, "a": 9, "b": 11}

MODES: dict[str, tuple[int, ...]] = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "locrian": (0, 1, 3, 5, 6, 8, 10),
}
_MODE_WORDS = {
    "major": "major", "maj": "major", "ionian": "major", "": None,
    "minor": "minor", "min": "minor", "m": "minor", "aeolian": "minor",
    **{name: name for name in ("dorian", "phrygian", "lydian", "mixolydian", "locrian")},
}
_KEY_RE = re.compile(r"^\s*([a-gA-G])\s*(#|♯|b|♭|sharp|flat)?\s*(?:-\s*)?([a-zA-Z]*)\s*$")


@dataclass(frozen=True, slots=True)
class Key:
    tonic_pc: int  # pitch class 0..11, C = 0
    mode: str | None  # None when the text named only a note; the mood picks

    def scale(self, default_mode: str) -> tuple[int, ...]:
        return MODES[self.mode or default_mode]


def parse_key(text: str) -> Key:
    """Read keys like "F# minor", "C major", "Bb", "Am", "D dorian"."""
    match = _KEY_RE.match(text)
    word = match.group(3).lower() if match else ""
    if match is None or word not in _MODE_WORDS:
        raise AudioError(
            f"cannot read key {text!r}: expected a note A to G, optionally # or b, "
            "then optionally a mode such as major, minor or dorian (e.g. \"F# minor\")")
    letter, accidental = match.group(1).lower(), match.group(2) or ""
    shift = 1 if accidental in ("#", "♯", "sharp") else -1 if accidental in ("b", "♭", "flat") else 0
    # "Bb" parses as B + flat, and a bare "b" note is the letter itself.
    return Key((_LETTERS[letter] + shift) % 12, _MODE_WORDS[word])


@dataclass(frozen=True, slots=True)
class MoodProfile:
    mode: str
    progression: tuple[int, ...]  # scale degrees, 0 = tonic
    bars_per_chord: int
    tempo_bpm: float
    keys: tuple[str, ...]  # tonics chosen from by seed when no key is given
    sevenths: bool
    notes_per_beat: float  # melody density
    rest_chance: float
    percussion: bool
    bass_pattern: tuple[float, ...]  # onsets in beats within a bar
    pad_level: float
    brightness: float  # 0 dark .. 1 bright: harmonics in the pad


_PROFILES: dict[str, MoodProfile] = {
    "calm": MoodProfile("major", (0, 5, 3, 4), 2, 72, ("C", "F", "D", "G"), True, 1.0, 0.35, False, (0.0,), 1.0, 0.35),
    "tense": MoodProfile("minor", (0, 0, 5, 1), 1, 110, ("D", "E", "C#", "F"), False, 0.75, 0.45, True,
                         (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5), 0.8, 0.55),
    "joyful": MoodProfile("major", (0, 4, 5, 3), 1, 120, ("G", "D", "A", "C"), False, 2.0, 0.15, True,
                          (0.0, 1.5, 2.0, 3.0), 0.7, 0.7),
    "sad": MoodProfile("minor", (0, 5, 2, 6), 2, 64, ("A", "E", "D", "B"), True, 0.75, 0.4, False, (0.0, 2.0), 1.0, 0.3),
    "mysterious": MoodProfile("dorian", (0, 6, 5, 6), 2, 80, ("E", "B", "F#", "C#"), True, 0.5, 0.55, False,
                              (0.0,), 1.0, 0.4),
    "epic": MoodProfile("minor", (0, 5, 2, 6), 1, 100, ("D", "C", "E", "G"), False, 1.0, 0.2, True,
                        (0.0, 0.75, 1.5, 2.0, 2.75, 3.5), 1.1, 0.8),
    "playful": MoodProfile("major", (0, 3, 4, 0), 1, 132, ("F", "C", "Bb", "G"), False, 2.0, 0.3, True,
                           (0.0, 1.0, 2.0, 3.0), 0.5, 0.6),
}

MOODS: tuple[str, ...] = tuple(_PROFILES)

MOOD_ALIASES: dict[str, str] = {
    "peaceful": "calm", "relaxed": "calm", "serene": "calm", "ambient": "calm", "romantic": "calm",
    "gentle": "calm", "dreamy": "calm", "nostalgic": "calm", "documentary": "calm", "lofi": "calm",
    "suspense": "tense", "suspenseful": "tense", "horror": "tense", "thriller": "tense", "dark": "tense",
    "scary": "tense", "ominous": "tense", "anxious": "tense", "action": "tense",
    "happy": "joyful", "upbeat": "joyful", "cheerful": "joyful", "bright": "joyful", "pop": "joyful",
    "hopeful": "joyful", "triumphant": "epic", "uplifting": "joyful",
    "melancholy": "sad", "melancholic": "sad", "somber": "sad", "sombre": "sad", "tragic": "sad",
    "drama": "sad", "lonely": "sad",
    "eerie": "mysterious", "mystery": "mysterious", "noir": "mysterious", "scifi": "mysterious",
    "sciencefiction": "mysterious", "fantasy": "mysterious", "magical": "mysterious", "space": "mysterious",
    "heroic": "epic", "adventure": "epic", "dramatic": "epic", "cinematic": "epic", "war": "epic",
    "trailer": "epic", "majestic": "epic",
    "whimsical": "playful", "comedy": "playful", "funny": "playful", "quirky": "playful", "cartoon": "playful",
    "kids": "playful", "silly": "playful", "bouncy": "playful",
}


def resolve_mood(mood: str) -> str:
    """The base mood for a mood or genre word; unknown words fall back to calm,
    the least intrusive score, since a film should never fail over music."""
    key = re.sub(r"[^a-z]", "", mood.lower())
    if key in _PROFILES:
        return key
    if key in MOOD_ALIASES:
        return MOOD_ALIASES[key]
    for word in re.findall(r"[a-z]+", mood.lower()):  # "dark ambient", "sci-fi"
        if word in _PROFILES:
            return word
        if word in MOOD_ALIASES:
            return MOOD_ALIASES[word]
    return "calm"


def profile(mood: str) -> MoodProfile:
    return _PROFILES[resolve_mood(mood)]


def midi_to_hz(note: float) -> float:
    return 440.0 * 2.0 ** ((note - 69) / 12)

"""Typed lookups into a loaded `Registry`.

Each raises `UnknownEntry` (a KeyError) with a did-you-mean when the name
is not known; `names(reg, kind)` lists a registry's entries in file order
(built-in first, then what an overlay adds) for enum checks and listings.
"""

from __future__ import annotations

from typing import Any

from scenec.knowledge.entries import (
    AmbientSound,
    Arc,
    Genre,
    Lut,
    Mood,
    MusicMood,
    Palette,
    Sfx,
    Style,
    TimeOfDay,
    Wave,
    Weather,
)
from scenec.knowledge.errors import UnknownEntry
from scenec.knowledge.registry import Registry
from scenec.knowledge.specs import Kind
from scenec.knowledge.suggest import suggest

_KINDS = tuple(k.value for k in Kind)


def kind_of(kind: Kind | str) -> Kind:
    """`kind` as a `Kind`, accepting its word (`"palette"`); UnknownEntry otherwise."""
    if isinstance(kind, Kind):
        return kind
    try:
        return Kind(kind)
    except ValueError:
        raise UnknownEntry("registry", str(kind), suggest(str(kind), _KINDS), _KINDS) from None


def names(reg: Registry, kind: Kind | str) -> tuple[str, ...]:
    """Entry names of one registry, in file order."""
    return tuple(reg.entries[kind_of(kind)])


def get(reg: Registry, kind: Kind | str, name: str) -> Any:
    """The entry `name` of registry `kind`."""
    k = kind_of(kind)
    table = reg.entries[k]
    if name not in table:
        known = tuple(table)
        raise UnknownEntry(k.value, name, suggest(name, known), known)
    return table[name]


def origin(reg: Registry, kind: Kind | str, name: str) -> str:
    """Where an entry came from: `"built-in"` or the overlay file's path."""
    get(reg, kind, name)
    return reg.origins[(kind_of(kind), name)]


def palette(reg: Registry, name: str) -> Palette:
    return get(reg, Kind.PALETTE, name)


def genre(reg: Registry, name: str) -> Genre:
    return get(reg, Kind.GENRE, name)


def mood(reg: Registry, name: str) -> Mood:
    return get(reg, Kind.MOOD, name)


def arc(reg: Registry, name: str) -> Arc:
    return get(reg, Kind.ARC, name)


def time_of_day(reg: Registry, name: str) -> TimeOfDay:
    return get(reg, Kind.TIME, name)


def weather(reg: Registry, name: str) -> Weather:
    return get(reg, Kind.WEATHER, name)


def style(reg: Registry, name: str) -> Style:
    return get(reg, Kind.STYLE, name)


def lut(reg: Registry, name: str) -> Lut:
    return get(reg, Kind.LUT, name)


def ambient_sound(reg: Registry, name: str) -> AmbientSound:
    return get(reg, Kind.AMBIENT, name)


def sfx(reg: Registry, name: str) -> Sfx:
    return get(reg, Kind.SFX, name)


def music_mood(reg: Registry, name: str) -> MusicMood:
    return get(reg, Kind.MUSIC, name)


def wave(reg: Registry, name: str) -> Wave:
    return get(reg, Kind.WAVE, name)

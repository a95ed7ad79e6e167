"""What each knowledge file holds: its schema, its kinds of entries and how entries are built.

A file is a mapping of entry name to entry (`palettes.yaml`), or, for
`sounds.yaml`, a mapping of sections (`ambient`, `sfx`, `music`, `waves`)
each holding such a mapping. Each section is one registry `Kind`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from scenec.knowledge import entries as e
from scenec.knowledge.grade_ops import GRADE_OPS, GradeValue
from scenec.knowledge.suggest import did_you_mean
from scenec.knowledge.schema import (
    Anything,
    Bool,
    Color,
    Context,
    Field,
    ListOf,
    MapOf,
    Nullable,
    Num,
    OneOf,
    Path,
    Record,
    Ref,
    Schema,
    Str,
    Tuple,
)


class Kind(StrEnum):
    """A registry: one kind of entry. The value is the word used in messages and the CLI."""

    PALETTE = "palette"
    GENRE = "genre"
    MOOD = "mood"
    ARC = "arc"
    TIME = "time"
    WEATHER = "weather"
    STYLE = "style"
    LUT = "lut"
    AMBIENT = "ambient"
    SFX = "sfx"
    MUSIC = "music"
    WAVE = "wave"


TRANSITION_KINDS = ("cut", "fade", "dissolve", "zoom", "iris", "blur", "wipe", "slide")
DIRECTED_TRANSITIONS = ("wipe", "slide")
DIRECTIONS = ("left", "right", "up", "down")
PARTICLE_KINDS = ("rain", "snow", "stars", "dust", "fireflies", "sparks", "bubbles", "leaves", "confetti", "birds")
NOISE_COLORS = ("white", "pink", "brown")
SOUND_EVENTS = ("crackle", "drip", "chirp", "cricket", "thunder", "clink", "horn", "splash")
# The runtime's ambient synthesis algorithms (the plan's `AmbientGenerator`; a test
# checks the two lists agree): `noise` is built from the entry's numbers alone.
AMBIENT_GENERATORS = ("noise", "surf", "rain", "wind", "storm", "flow", "fire", "forest", "crickets",
                      "traffic", "crowd", "cafe", "room", "hum", "drone")
SFX_KINDS = ("noise", "tone", "bell", "impulse")
HARMONICS = ("none", "odd", "all")
MODES = ("major", "minor", "dorian", "phrygian", "lydian", "mixolydian", "locrian")
KEY_PATTERN = r"[A-G][#b]? (major|minor)"
NUMERAL_PATTERN = r"b?(I|II|III|IV|V|VI|VII|i|ii|iii|iv|v|vi|vii)(dim|aug|7|maj7|sus2|sus4)?"

_TEXT = Field("description", Str(), required=False, default="")


def _check_grade_value(op: dict[str, Any], path: Path, ctx: Context) -> dict[str, Any]:
    spec = GRADE_OPS[op["op"]]
    schema: Schema
    if spec.value is GradeValue.NUMBER:
        schema = Num(spec.lo, spec.hi)
    elif spec.value is GradeValue.COLOR:
        schema = Color()
    else:
        schema = Ref(Kind.LUT)
    return {**op, "value": schema.validate(op["value"], (*path, "value"), ctx)}


GRADE = ListOf(
    Record((Field("op", OneOf(tuple(GRADE_OPS))), Field("value", Anything())), (_check_grade_value,)),
    label="grade op",
)
_GRADE_FIELD = Field("grade", GRADE, required=False, default=())


def _ordered_range(key: str) -> Callable[[dict[str, Any], Path, Context], dict[str, Any]]:
    def check(rec: dict[str, Any], path: Path, ctx: Context) -> dict[str, Any]:
        lo, hi = rec[key]
        if lo > hi:
            raise ctx.fail((*path, key), f"low end {lo:g} is above high end {hi:g}")
        return rec

    return check


def _check_curve(points: tuple[tuple[float, float], ...], path: Path, ctx: Context) -> None:
    xs = [x for x, _ in points]
    if xs[0] != 0.0 or xs[-1] != 1.0:
        raise ctx.fail(path, "control points must start at t/x = 0 and end at 1")
    if any(b <= a for a, b in zip(xs, xs[1:])):
        raise ctx.fail(path, "control points must be in strictly increasing order")


_POINTS = ListOf(Tuple((Num(0.0, 1.0), Num(0.0, 1.0)), what="a point [x, y]"), label="point", min_len=2)


def _check_arc(rec: dict[str, Any], path: Path, ctx: Context) -> dict[str, Any]:
    _check_curve(rec["points"], path, ctx)
    return rec


def _check_genre(rec: dict[str, Any], path: Path, ctx: Context) -> dict[str, Any]:
    if not rec["min_shot_s"] <= rec["shot_length_s"] <= rec["max_shot_s"]:
        raise ctx.fail((*path, "shot_length_s"), "must lie between min_shot_s and max_shot_s")
    for beat in rec["pacing"]:
        if beat not in e.BEATS:
            raise ctx.fail((*path, f"beat '{beat}'"), f"is not one of {', '.join(e.BEATS)}{did_you_mean(beat, e.BEATS)}")
    missing = [b for b in e.BEATS if b not in rec["pacing"]]
    if missing:
        raise ctx.fail((*path, "pacing"), f"missing weights for {', '.join(missing)}")
    return rec


def _check_transition(rec: dict[str, Any], path: Path, ctx: Context) -> dict[str, Any]:
    kind = rec["kind"]
    if kind == "cut" and rec["duration_s"] != 0.0:
        raise ctx.fail((*path, "duration_s"), "a cut has no duration (0)")
    if kind != "cut" and rec["duration_s"] <= 0.0:
        raise ctx.fail((*path, "duration_s"), f"a {kind} needs a duration above 0")
    if (kind in DIRECTED_TRANSITIONS) != (rec["direction"] is not None):
        need = "needs" if kind in DIRECTED_TRANSITIONS else "takes no"
        raise ctx.fail((*path, "direction"), f"a {kind} {need} a direction")
    if rec["via"] is not None and kind != "fade":
        raise ctx.fail((*path, "via"), "only a fade goes via a color")
    return rec


def _check_lut(rec: dict[str, Any], path: Path, ctx: Context) -> dict[str, Any]:
    if rec["matrix"] is None and not rec["curves"]:
        raise ctx.fail(path, "a LUT needs a matrix, curves, or both")
    for channel, points in rec["curves"].items():
        if channel not in e.CURVE_CHANNELS:
            raise ctx.fail((*path, f"curve '{channel}'"), f"is not one of {', '.join(e.CURVE_CHANNELS)}")
        _check_curve(points, (*path, f"curve '{channel}'"), ctx)
        ys = [y for _, y in points]
        # A falling tone curve inverts tones, which no look in this registry intends.
        if any(b < a for a, b in zip(ys, ys[1:])):
            raise ctx.fail((*path, f"curve '{channel}'"), "output values must not decrease")
    return rec


PALETTE = Record((_TEXT, Field("colors", MapOf(Color(), label="color", min_len=1))))

TRANSITION = Record(
    (
        Field("kind", OneOf(TRANSITION_KINDS)),
        Field("duration_s", Num(0.0, 10.0), required=False, default=0.0),
        Field("direction", Nullable(OneOf(DIRECTIONS)), required=False),
        Field("via", Nullable(Color()), required=False),
    ),
    (_check_transition,),
)

GENRE = Record(
    (
        _TEXT,
        Field("shot_length_s", Num(0.1, 120.0)),
        Field("min_shot_s", Num(0.1, 120.0)),
        Field("max_shot_s", Num(0.1, 600.0)),
        Field("pacing", MapOf(Num(0.05, 20.0), label="beat")),
        Field("transition", TRANSITION),
        _GRADE_FIELD,
        Field("camera_energy", Num(0.0, 1.0)),
        Field("shake", Num(0.0, 10.0)),
        Field("mood", Ref(Kind.MOOD)),
        Field("music", Record((Field("mood", Ref(Kind.MUSIC)), Field("tempo_bpm", Num(20.0, 300.0))))),
        Field("ambient", Nullable(Ref(Kind.AMBIENT)), required=False),
        Field("palette", Ref(Kind.PALETTE)),
        Field("style", Nullable(Ref(Kind.STYLE)), required=False),
    ),
    (_check_genre,),
)

MOOD = Record(
    (
        _TEXT,
        _GRADE_FIELD,
        Field("tempo_bpm", Tuple((Num(20.0, 300.0), Num(20.0, 300.0)), what="a range [low, high]")),
        Field("key", OneOf(("major", "minor"))),
        Field("energy", Num(0.0, 1.0)),
    ),
    (_ordered_range("tempo_bpm"),),
)

ARC = Record((_TEXT, Field("points", _POINTS)), (_check_arc,))

TIME = Record(
    (
        _TEXT,
        Field("sky_top", Color()),
        Field("sky_bottom", Color()),
        Field("light_angle_deg", Num(-360.0, 360.0)),
        Field("color_temperature_k", Num(1000.0, 20000.0)),
        Field("ambient_light", Num(0.0, 1.0)),
        _GRADE_FIELD,
        Field("light", Color(), required=False, default=(1.0, 1.0, 1.0, 1.0)),
        Field("lamps", Bool(), required=False, default=False),
        Field("shadow", Num(0.0, 1.0), required=False, default=1.0),
        Field("haze", Color(), required=False, default=(1.0, 1.0, 1.0, 1.0)),
        Field("haze_amount", Num(0.0, 1.0), required=False, default=0.0),
    )
)

WEATHER = Record(
    (
        _TEXT,
        Field(
            "particles",
            Nullable(
                Record(
                    (
                        Field("kind", OneOf(PARTICLE_KINDS)),
                        Field("count", Num(1, 20000, integer=True)),
                        Field("speed", Num(0.0, 10.0), required=False, default=1.0),
                    )
                )
            ),
            required=False,
        ),
        Field("fog", Num(0.0, 1.0), required=False, default=0.0),
        Field("sky_tint", Color(), required=False, default=(1.0, 1.0, 1.0, 1.0)),
        Field("sky_tint_amount", Num(0.0, 1.0), required=False, default=0.0),
        Field("lightning_per_min", Num(0.0, 120.0), required=False, default=0.0),
        _GRADE_FIELD,
        Field("ambient", Nullable(Ref(Kind.AMBIENT)), required=False),
        Field("ground", Color(), required=False, default=(1.0, 1.0, 1.0, 1.0)),
        Field("ground_amount", Num(0.0, 1.0), required=False, default=0.0),
        Field("wind", Num(0.0, 1.0), required=False, default=0.0),
        Field("direct_light", Num(0.0, 1.0), required=False, default=1.0),
    )
)

STYLE = Record((_TEXT, _GRADE_FIELD, Field("lut", Nullable(Ref(Kind.LUT)), required=False)))

_ROW = Tuple((Num(-4.0, 4.0),) * 4, what="a matrix row [r, g, b, offset]")
LUT = Record(
    (
        _TEXT,
        Field("matrix", Nullable(Tuple((_ROW, _ROW, _ROW), what="a 3x4 matrix")), required=False),
        Field("curves", MapOf(_POINTS, label="curve"), required=False, default={}),
    ),
    (_check_lut,),
)

AMBIENT = Record(
    (
        _TEXT,
        Field("generator", OneOf(AMBIENT_GENERATORS), required=False, default="noise"),
        Field("noise", OneOf(NOISE_COLORS)),
        Field("band_hz", Tuple((Num(10.0, 20000.0), Num(10.0, 20000.0)), what="a range [low, high]")),
        Field("swell_hz", Num(0.0, 10.0), required=False, default=0.0),
        Field("swell_depth", Num(0.0, 1.0), required=False, default=0.0),
        Field("events", Nullable(OneOf(SOUND_EVENTS)), required=False),
        Field("event_rate_hz", Num(0.0, 50.0), required=False, default=0.0),
        Field("volume_db", Num(-60.0, 0.0), required=False, default=-18.0),
    ),
    (_ordered_range("band_hz"),),
)

SFX = Record(
    (
        _TEXT,
        Field("kind", OneOf(SFX_KINDS)),
        Field("duration_s", Num(0.005, 10.0)),
        Field("base_hz", Num(10.0, 20000.0)),
        Field("end_hz", Num(10.0, 20000.0), required=False),
        Field("noise_mix", Num(0.0, 2.0), required=False, default=0.0),
        Field("decay_s", Num(0.001, 10.0)),
        Field("volume_db", Num(-60.0, 0.0), required=False, default=-12.0),
    )
)

MUSIC = Record(
    (
        _TEXT,
        Field("tempo_bpm", Num(20.0, 300.0)),
        Field("key", Str(KEY_PATTERN, "a key such as 'C major' or 'F# minor'")),
        Field("progression", ListOf(Str(NUMERAL_PATTERN, "a roman numeral chord such as 'IV' or 'vi'"), "chord", 1)),
        Field("lead_wave", Ref(Kind.WAVE)),
        Field("bass_wave", Ref(Kind.WAVE)),
        Field("density", Num(0.05, 1.0)),
        Field("mode", Nullable(OneOf(MODES)), required=False),
        Field("bars_per_chord", Num(1, 16, integer=True), required=False, default=1),
        Field("sevenths", Bool(), required=False, default=False),
        Field("rest_chance", Num(0.0, 0.9), required=False, default=0.3),
        Field("percussion", Bool(), required=False, default=False),
        Field("bass_pattern", ListOf(Num(0.0, 3.99), "onset", 1), required=False, default=(0.0,)),
        Field("pad_level", Num(0.0, 2.0), required=False, default=1.0),
        Field("brightness", Num(0.0, 1.0), required=False, default=0.5),
    )
)

WAVE = Record(
    (
        _TEXT,
        Field("harmonics", OneOf(HARMONICS)),
        Field("rolloff", Num(0.0, 8.0), required=False, default=1.0),
        Field("alternate", Bool(), required=False, default=False),
    )
)

def _grade(ops: tuple[dict[str, Any], ...]) -> tuple[e.GradeOp, ...]:
    return tuple(e.GradeOp(op["op"], op["value"]) for op in ops)


def _pairs(mapping: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(mapping.items())


def _build_genre(name: str, r: dict[str, Any]) -> e.Genre:
    t = r["transition"]
    return e.Genre(
        name, r["description"], r["shot_length_s"], r["min_shot_s"], r["max_shot_s"],
        tuple((b, r["pacing"][b]) for b in e.BEATS),
        e.TransitionRule(t["kind"], t["duration_s"], t["direction"], t["via"]),
        _grade(r["grade"]), r["camera_energy"], r["shake"], r["mood"],
        e.MusicRule(r["music"]["mood"], r["music"]["tempo_bpm"]),
        r["ambient"], r["palette"], r["style"],
    )  # fmt: skip


def _build_weather(name: str, r: dict[str, Any]) -> e.Weather:
    p = r["particles"]
    particles = e.ParticleRule(p["kind"], p["count"], p["speed"]) if p is not None else None
    return e.Weather(
        name, r["description"], particles, r["fog"], r["sky_tint"], r["sky_tint_amount"],
        r["lightning_per_min"], _grade(r["grade"]), r["ambient"], r["ground"], r["ground_amount"], r["wind"],
        r["direct_light"],
    )  # fmt: skip


BUILDERS: dict[Kind, Callable[[str, dict[str, Any]], Any]] = {
    Kind.PALETTE: lambda n, r: e.Palette(n, r["description"], _pairs(r["colors"])),
    Kind.GENRE: _build_genre,
    Kind.MOOD: lambda n, r: e.Mood(n, r["description"], _grade(r["grade"]), r["tempo_bpm"], r["key"], r["energy"]),
    Kind.ARC: lambda n, r: e.Arc(n, r["description"], r["points"]),
    Kind.TIME: lambda n, r: e.TimeOfDay(
        n, r["description"], r["sky_top"], r["sky_bottom"], r["light_angle_deg"],
        r["color_temperature_k"], r["ambient_light"], _grade(r["grade"]), r["light"], r["lamps"],
        r["shadow"], r["haze"], r["haze_amount"],
    ),  # fmt: skip
    Kind.WEATHER: _build_weather,
    Kind.STYLE: lambda n, r: e.Style(n, r["description"], _grade(r["grade"]), r["lut"]),
    Kind.LUT: lambda n, r: e.Lut(n, r["description"], r["matrix"], _pairs(r["curves"])),
    Kind.AMBIENT: lambda n, r: e.AmbientSound(
        n, r["description"], r["generator"], r["noise"], r["band_hz"], r["swell_hz"], r["swell_depth"],
        r["events"], r["event_rate_hz"], r["volume_db"],
    ),  # fmt: skip
    Kind.SFX: lambda n, r: e.Sfx(
        n, r["description"], r["kind"], r["duration_s"], r["base_hz"],
        r["end_hz"] if r["end_hz"] is not None else r["base_hz"], r["noise_mix"], r["decay_s"], r["volume_db"],
    ),  # fmt: skip
    Kind.MUSIC: lambda n, r: e.MusicMood(
        n, r["description"], r["tempo_bpm"], r["key"], r["progression"], r["lead_wave"], r["bass_wave"], r["density"],
        r["mode"] or r["key"].split()[1], r["bars_per_chord"], r["sevenths"], r["rest_chance"], r["percussion"],
        r["bass_pattern"], r["pad_level"], r["brightness"],
    ),  # fmt: skip
    Kind.WAVE: lambda n, r: e.Wave(n, r["description"], r["harmonics"], r["rolloff"], r["alternate"]),
}


@dataclass(frozen=True, slots=True)
class Section:
    """One registry inside a file: `key` is its top-level key, or None when the file is the section."""

    key: str | None
    kind: Kind
    schema: Schema


@dataclass(frozen=True, slots=True)
class FileSpec:
    filename: str
    sections: tuple[Section, ...]


FILES: tuple[FileSpec, ...] = (
    FileSpec("palettes.yaml", (Section(None, Kind.PALETTE, PALETTE),)),
    FileSpec("genres.yaml", (Section(None, Kind.GENRE, GENRE),)),
    FileSpec("moods.yaml", (Section(None, Kind.MOOD, MOOD),)),
    FileSpec("arcs.yaml", (Section(None, Kind.ARC, ARC),)),
    FileSpec("times.yaml", (Section(None, Kind.TIME, TIME),)),
    FileSpec("weather.yaml", (Section(None, Kind.WEATHER, WEATHER),)),
    FileSpec("styles.yaml", (Section(None, Kind.STYLE, STYLE),)),
    FileSpec("luts.yaml", (Section(None, Kind.LUT, LUT),)),
    FileSpec(
        "sounds.yaml",
        (
            Section("ambient", Kind.AMBIENT, AMBIENT),
            Section("sfx", Kind.SFX, SFX),
            Section("music", Kind.MUSIC, MUSIC),
            Section("waves", Kind.WAVE, WAVE),
        ),
    ),
)

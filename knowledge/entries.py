"""Typed registry entries: one frozen dataclass per kind of knowledge.

Colors are RGBA float tuples (see `colors.py`); every field name carries its
unit (`duration_s`, `tempo_bpm`, `light_angle_deg`). Mappings are stored as
tuples of pairs, with a small accessor where callers look keys up.
"""

from __future__ import annotations

from dataclasses import dataclass

from scenec.knowledge.colors import RGBA
from scenec.knowledge.errors import UnknownEntry
from scenec.knowledge.suggest import suggest

BEATS = ("setup", "inciting", "rising", "climax", "falling", "resolution")


@dataclass(frozen=True, slots=True)
class GradeOp:
    """One grade operation: `op` from `GRADE_OPS`, value a number, RGBA or LUT name."""

    op: str
    value: float | RGBA | str


@dataclass(frozen=True, slots=True)
class Palette:
    name: str
    description: str
    colors: tuple[tuple[str, RGBA], ...]

    def color(self, key: str) -> RGBA:
        """The color named `key`; UnknownEntry with a did-you-mean otherwise."""
        for name, rgba in self.colors:
            if name == key:
                return rgba
        keys = self.keys()
        raise UnknownEntry(f"color of palette '{self.name}'", key, suggest(key, keys), keys)

    def keys(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.colors)


@dataclass(frozen=True, slots=True)
class TransitionRule:
    """A genre's default transition; `duration_s` is 0 for a cut."""

    kind: str
    duration_s: float
    direction: str | None
    via: RGBA | None


@dataclass(frozen=True, slots=True)
class MusicRule:
    mood: str
    tempo_bpm: float


@dataclass(frozen=True, slots=True)
class Genre:
    """Narrative rules of a genre.

    `pacing` gives each beat a relative weight: shots without a duration share
    the remaining time in proportion to their beat's weight (1 without a beat).
    `shake_pct` is camera shake in percent of the frame, 0 for none.
    """

    name: str
    description: str
    shot_length_s: float
    min_shot_s: float
    max_shot_s: float
    pacing: tuple[tuple[str, float], ...]
    transition: TransitionRule
    grade: tuple[GradeOp, ...]
    camera_energy: float
    shake_pct: float
    mood: str
    music: MusicRule
    ambient: str | None
    palette: str
    style: str | None

    def pacing_weight(self, beat: str | None) -> float:
        return dict(self.pacing).get(beat, 1.0) if beat is not None else 1.0


@dataclass(frozen=True, slots=True)
class Mood:
    name: str
    description: str
    grade: tuple[GradeOp, ...]
    tempo_bpm: tuple[float, float]
    key: str  # "major" or "minor"
    energy: float


@dataclass(frozen=True, slots=True)
class Arc:
    """An intensity curve: control points `(t, intensity)` over film time 0..1."""

    name: str
    description: str
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class TimeOfDay:
    """Sky and light at a time of day.

    `light_angle_deg` is where the key light comes from in the frame,
    counter-clockwise from the right: 90 is straight above, 180 from the left.
    `ambient_light` is the fill level 0 (dark) .. 1 (full daylight).
    `light` is the color the daylight multiplies everything under the sky by
    (white: unchanged); `lamps` says whether lights are on (windows, lamps, neon).
    `shadow` 0..1 is how hard the direct light (sun or moon) is: 1 casts dark, crisp shadows, 0 none.
    Far things are mixed toward `haze` by up to `haze_amount` (aerial perspective).
    """

    name: str
    description: str
    sky_top: RGBA
    sky_bottom: RGBA
    light_angle_deg: float
    color_temperature_k: float
    ambient_light: float
    grade: tuple[GradeOp, ...]
    light: RGBA = (1.0, 1.0, 1.0, 1.0)
    lamps: bool = False
    shadow: float = 1.0
    haze: RGBA = (1.0, 1.0, 1.0, 1.0)
    haze_amount: float = 0.0


@dataclass(frozen=True, slots=True)
class ParticleRule:
    """Particles a weather adds: `kind` as in the `particles` primitive, `speed` 1 = normal."""

    kind: str
    count: int
    speed: float


@dataclass(frozen=True, slots=True)
class Weather:
    """Weather effects; `fog` 0..1 is haze density, the sky is mixed toward `sky_tint` by `sky_tint_amount`;
    the ground is mixed toward `ground` by `ground_amount` (wet, snowed on); `wind` 0..1 sways plants;
    `direct_light` 0..1 is how much of the sun or moon gets through (it scales the time's `shadow`)."""

    name: str
    description: str
    particles: ParticleRule | None
    fog: float
    sky_tint: RGBA
    sky_tint_amount: float
    lightning_per_min: float
    grade: tuple[GradeOp, ...]
    ambient: str | None
    ground: RGBA = (1.0, 1.0, 1.0, 1.0)
    ground_amount: float = 0.0
    wind: float = 0.0
    direct_light: float = 1.0


@dataclass(frozen=True, slots=True)
class Style:
    name: str
    description: str
    grade: tuple[GradeOp, ...]
    lut: str | None


CURVE_CHANNELS = ("r", "g", "b", "all")


@dataclass(frozen=True, slots=True)
class Lut:
    """A color look as data, applied to display sRGB values in 0..1.

    First the optional 3x4 `matrix` (rows give output r, g, b from input
    r, g, b and a constant offset), then per-channel `curves` (monotone
    control points x -> y over 0..1, for `r`, `g`, `b`), then the `all` curve
    on every channel. Missing parts are identity.
    """

    name: str
    description: str
    matrix: tuple[tuple[float, float, float, float], ...] | None
    curves: tuple[tuple[str, tuple[tuple[float, float], ...]], ...]

    def curve(self, channel: str) -> tuple[tuple[float, float], ...] | None:
        return dict(self.curves).get(channel)


@dataclass(frozen=True, slots=True)
class AmbientSound:
    """A synthesized ambience: filtered `noise` in `band_hz`, swelling at `swell_hz`,
    with optional discrete `events` (crackles, drips, chirps) at `event_rate_hz`."""

    name: str
    description: str
    generator: str  # the synthesis algorithm; "noise" reads only the fields below
    noise: str
    band_hz: tuple[float, float]
    swell_hz: float
    swell_depth: float
    events: str | None
    event_rate_hz: float
    volume_db: float


@dataclass(frozen=True, slots=True)
class Sfx:
    """A one-shot sound: a `kind` of source sweeping `base_hz` -> `end_hz`, decaying over `decay_s`."""

    name: str
    description: str
    kind: str
    duration_s: float
    base_hz: float
    end_hz: float
    noise_mix: float
    decay_s: float
    volume_db: float


@dataclass(frozen=True, slots=True)
class MusicMood:
    """A procedural score's character: default tempo and key, chord progression in
    roman numerals, timbres (waves), and texture: `density` 0..1 is the melody's
    notes per beat over two, `mode` the scale (the key's unless a church mode is
    named), `bass_pattern` the bass onsets in beats of a 4/4 bar, `brightness`
    0..1 the pad's overtones."""

    name: str
    description: str
    tempo_bpm: float
    key: str
    progression: tuple[str, ...]
    lead_wave: str
    bass_wave: str
    density: float
    mode: str = "major"
    bars_per_chord: int = 1
    sevenths: bool = False
    rest_chance: float = 0.3
    percussion: bool = False
    bass_pattern: tuple[float, ...] = (0.0,)
    pad_level: float = 1.0
    brightness: float = 0.5


@dataclass(frozen=True, slots=True)
class Wave:
    """An oscillator shape; `harmonics` is which overtones it has (none, odd, all),
    harmonic k at amplitude 1/k**`rolloff`, the sign flipping between kept
    harmonics when `alternate`."""

    name: str
    description: str
    harmonics: str
    rolloff: float = 1.0
    alternate: bool = False

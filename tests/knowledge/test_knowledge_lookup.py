"""The shipped data and the typed lookups over it."""

from __future__ import annotations

import pytest

from scenec.knowledge.arcs import intensity
from scenec.knowledge.colors import relative_luminance
from scenec.knowledge.entries import BEATS, Arc, Genre, Palette
from scenec.knowledge.errors import UnknownEntry
from scenec.knowledge.grade_ops import GRADE_OPS, GradeValue
from scenec.knowledge import lookup
from scenec.knowledge.registry import load_registry
from scenec.knowledge.specs import Kind


@pytest.fixture(scope="module")
def reg():
    return load_registry(None)


EXPECTED = {
    Kind.PALETTE: {"sunset", "ocean", "forest", "neon", "noir", "pastel", "autumn", "winter", "desert",
                   "candy", "cyberpunk", "vintage", "dusk", "spring", "monochrome"},
    Kind.GENRE: {"neutral", "calm", "action", "noir", "horror", "documentary", "comedy", "romance", "sci-fi", "fantasy"},
    Kind.MOOD: {"calm", "tense", "joyful", "sad", "mysterious", "epic", "playful"},
    Kind.ARC: {"linear", "three-act", "rising", "loop", "kishotenketsu"},
    Kind.TIME: {"dawn", "morning", "noon", "afternoon", "golden-hour", "dusk", "night"},
    Kind.WEATHER: {"clear", "cloudy", "rain", "snow", "fog", "storm"},
    Kind.STYLE: {"film", "flat", "noir", "vintage", "vivid", "pastel", "neon"},
    Kind.LUT: {"teal-orange", "bleach-bypass", "sepia", "mono", "warm-film", "cold", "cross-process"},
    Kind.AMBIENT: {"waves", "rain", "wind", "city", "forest", "fire", "crowd", "space", "night", "stream",
                   "storm", "cafe", "hum"},
    Kind.SFX: {"whoosh", "chime", "thud", "pop", "click", "boom", "ding", "swoosh"},
    Kind.MUSIC: {"calm", "tense", "joyful", "sad", "mysterious", "epic", "playful"},
    Kind.WAVE: {"sine", "square", "saw", "triangle"},
}  # fmt: skip


@pytest.mark.parametrize("kind", list(Kind))
def test_each_registry_holds_the_names_the_language_needs(reg, kind):
    assert EXPECTED[kind] <= set(lookup.names(reg, kind))
    assert lookup.names(reg, kind.value) == lookup.names(reg, kind)


def test_palettes_have_four_to_seven_parsed_colors(reg):
    for name in lookup.names(reg, Kind.PALETTE):
        pal = lookup.palette(reg, name)
        assert isinstance(pal, Palette) and 4 <= len(pal.colors) <= 7, name
        for key, rgba in pal.colors:
            assert len(rgba) == 4 and all(0.0 <= c <= 1.0 for c in rgba), (name, key)
            assert rgba[3] == 1.0


def test_palette_color_lookup(reg):
    sunset = lookup.palette(reg, "sunset")
    assert sunset.color("sky") == dict(sunset.colors)["sky"]
    with pytest.raises(UnknownEntry, match="did you mean 'horizon'"):
        sunset.color("horizn")


def test_times_of_day_get_darker_toward_night(reg):
    noon = lookup.time_of_day(reg, "noon")
    night = lookup.time_of_day(reg, "night")
    assert relative_luminance(night.sky_top) < relative_luminance(noon.sky_top)
    assert night.ambient_light < noon.ambient_light


def test_genres_match_the_language_reference(reg):
    calm, action, noir = (lookup.genre(reg, g) for g in ("calm", "action", "noir"))
    assert isinstance(calm, Genre)
    assert calm.min_shot_s >= 3 and calm.transition.kind == "dissolve" and calm.ambient is not None
    assert action.transition.kind == "cut" and action.shake_pct > 0
    assert action.shot_length_s < calm.shot_length_s
    assert {"op": "saturation", "value": 0.0} in [{"op": o.op, "value": o.value} for o in noir.grade]
    assert noir.transition.via == (0.0, 0.0, 0.0, 1.0)
    for beat in BEATS:
        assert calm.pacing_weight(beat) > 0
    assert calm.pacing_weight(None) == 1.0


def test_cross_references_resolve(reg):
    for name in lookup.names(reg, Kind.GENRE):
        g = lookup.genre(reg, name)
        lookup.palette(reg, g.palette)
        lookup.mood(reg, g.mood)
        lookup.music_mood(reg, g.music.mood)
        if g.style is not None:
            lookup.style(reg, g.style)
        if g.ambient is not None:
            lookup.ambient_sound(reg, g.ambient)
    for name in lookup.names(reg, Kind.MUSIC):
        m = lookup.music_mood(reg, name)
        lookup.wave(reg, m.lead_wave), lookup.wave(reg, m.bass_wave)


def test_grade_ops_in_data_fit_the_catalog(reg):
    kinds = (Kind.GENRE, Kind.MOOD, Kind.TIME, Kind.WEATHER, Kind.STYLE)
    for kind in kinds:
        for name in lookup.names(reg, kind):
            for op in lookup.get(reg, kind, name).grade:
                spec = GRADE_OPS[op.op]
                if spec.value is GradeValue.NUMBER:
                    assert spec.lo <= op.value <= spec.hi
                elif spec.value is GradeValue.LUT:
                    lookup.lut(reg, op.value)
                else:
                    assert len(op.value) == 4


def test_luts_are_matrices_or_curves(reg):
    mono = lookup.lut(reg, "mono")
    assert mono.matrix is not None and all(sum(row[:3]) == pytest.approx(1.0) for row in mono.matrix)
    teal = lookup.lut(reg, "teal-orange")
    assert teal.curve("r") is not None and teal.curve("all") is None


def test_unknown_entry_suggests(reg):
    with pytest.raises(UnknownEntry) as info:
        lookup.palette(reg, "sunest")
    assert info.value.suggestion == "sunset" and "did you mean 'sunset'" in str(info.value)
    assert isinstance(info.value, KeyError)
    with pytest.raises(UnknownEntry, match="golden-hour"):
        lookup.time_of_day(reg, "goldenhour")
    with pytest.raises(UnknownEntry, match="registry 'palete'.*did you mean 'palette'"):
        lookup.names(reg, "palete")


@pytest.mark.parametrize("name", sorted(EXPECTED[Kind.ARC]))
def test_arc_intensity_stays_in_range_and_hits_control_points(reg, name):
    arc = lookup.arc(reg, name)
    values = [intensity(arc, i / 200) for i in range(201)]
    assert all(0.0 <= v <= 1.0 for v in values)
    for t, v in arc.points:
        assert intensity(arc, t) == pytest.approx(v)
    assert intensity(arc, -1.0) == intensity(arc, 0.0) and intensity(arc, 2.0) == intensity(arc, 1.0)


def test_rising_arc_is_monotone(reg):
    values = [intensity(lookup.arc(reg, "rising"), i / 500) for i in range(501)]
    assert all(b >= a for a, b in zip(values, values[1:]))
    assert values[-1] > values[0]


def test_interpolation_does_not_overshoot_a_peak():
    peak = Arc("p", "", ((0.0, 0.0), (0.5, 1.0), (0.55, 0.0), (1.0, 0.2)))
    assert max(intensity(peak, i / 1000) for i in range(1001)) == pytest.approx(1.0)
    assert min(intensity(peak, i / 1000) for i in range(1001)) >= 0.0
    with pytest.raises(ValueError):
        intensity(peak, float("nan"))


def test_loop_arc_returns_to_its_start(reg):
    loop = lookup.arc(reg, "loop")
    assert intensity(loop, 0.0) == pytest.approx(intensity(loop, 1.0))

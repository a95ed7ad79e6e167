"""Knowledge lowered into plan data: tempos in bpm, LUTs as matrices and curves,
sounds as recipes, whether the entry is built in or from a user's overlay."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from scenec.api import compile_text
from scenec.compiler.passes.audio import MODES, ambient_recipe, music_recipe, scale_degree, sfx_recipe
from scenec.compiler.plan import AmbientGenerator, Harmonics, Plan
from scenec.knowledge import lookup
from scenec.knowledge.registry import load_registry

OVERLAY = Path(__file__).parents[1] / "knowledge" / "overlay_film"


def compiled(text: str, registry=None) -> Plan:
    plan, check = compile_text(text, registry=registry)
    assert plan is not None, [d.message for d in check.diagnostics]
    return plan


def _music(clauses: str = "", mood: str = "calm"):
    plan = compiled(f"scene {{ audio music {mood} {clauses}\n shot 1s {{ layer a: rect() }} }}")
    (source,) = [a for a in plan.audio if a.kind == "music"]
    return source.music


@pytest.mark.parametrize(("written", "bpm"), [("110bpm", 110.0), ("2Hz", 120.0), ("72bpm", 72.0)])
def test_a_tempo_reaches_the_plan_in_bpm(written: str, bpm: float) -> None:
    assert _music(f"tempo {written}").tempo_bpm == pytest.approx(bpm)


def test_a_tempo_through_a_let_is_bpm_too() -> None:
    plan = compiled("let pace = 96bpm\nscene { audio music tense tempo pace\n shot 1s { layer a: rect() } }")
    assert plan.audio[0].music.tempo_bpm == pytest.approx(96.0)


def test_without_a_tempo_or_key_the_mood_entry_decides() -> None:
    registry = load_registry()
    for name in ("calm", "dreamy", "driving"):
        entry = lookup.music_mood(registry, name)
        recipe = _music(mood=name)
        assert recipe.tempo_bpm == entry.tempo_bpm
        assert recipe.tonic_pc == {"C": 0, "A": 9, "E": 4}[entry.key.split()[0]]


def test_a_written_key_sets_the_tonic_and_mode() -> None:
    recipe = _music('key "F# minor"', mood="joyful")
    assert (recipe.tonic_pc, recipe.scale) == (6, MODES["minor"])
    # A key that names no mode keeps the mood's (dreamy is lydian).
    recipe = _music('key "Bb"', mood="dreamy")
    assert (recipe.tonic_pc, recipe.scale) == (10, MODES["lydian"])


def test_roman_numerals_become_scale_degrees() -> None:
    assert [scale_degree(n) for n in ("I", "vi", "bVII", "viidim", "iv7", "bII")] == [0, 5, 6, 6, 3, 1]


def test_every_music_mood_has_its_own_recipe() -> None:
    registry = load_registry()
    recipes = {name: music_recipe(registry, lookup.music_mood(registry, name)) for name in lookup.names(registry, "music")}
    assert {"calm", "dreamy", "romantic", "driving"} <= set(recipes)
    for (a, ra), (b, rb) in itertools.combinations(recipes.items(), 2):
        assert ra != rb, f"music moods {a} and {b} play the same recipe"
    # The moods that once fell back to calm differ from it in what is heard, not just in a label.
    for name in ("dreamy", "romantic", "driving"):
        assert (recipes[name].tempo_bpm, recipes[name].scale, recipes[name].progression) != \
            (recipes["calm"].tempo_bpm, recipes["calm"].scale, recipes["calm"].progression)


def test_every_built_in_sound_lowers() -> None:
    registry = load_registry()
    ambient = {n: ambient_recipe(lookup.ambient_sound(registry, n)) for n in lookup.names(registry, "ambient")}
    assert ambient["river"].generator is ambient["stream"].generator is AmbientGenerator.FLOW
    assert ambient["river"] != ambient["stream"]
    assert ambient["room"].generator is AmbientGenerator.ROOM
    for name in lookup.names(registry, "sfx"):
        recipe = sfx_recipe(lookup.sfx(registry, name))
        assert recipe.length_s == lookup.sfx(registry, name).duration_s


def test_an_effect_lasts_its_entry_and_a_tone_carries_its_wave() -> None:
    plan = compiled('scene { shot 4s { layer a: rect()\n audio sfx "chime" at 1s\n audio tone 440Hz wave triangle } }')
    sfx, tone = sorted(plan.audio, key=lambda a: a.kind.value)[0], [a for a in plan.audio if a.kind == "tone"][0]
    assert sfx.kind == "sfx" and sfx.length_frames == round(2.5 * plan.fps) and sfx.sfx.base_hz == 880.0
    assert tone.tone.frequency_hz == 440.0
    assert (tone.tone.wave.harmonics, tone.tone.wave.rolloff, tone.tone.wave.alternate) == (Harmonics.ODD, 2.0, True)


def test_a_lut_named_through_a_let_is_lowered_to_its_numbers() -> None:
    plan = compiled("let look = mono\nscene { shot 1s { layer a: rect()\n grade lut(look) } }")
    grade = plan.segments[0].grade
    assert grade.lut_matrix == lookup.lut(load_registry(), "mono").matrix
    assert grade.curve_r is grade.curve_all is None


def test_a_lut_with_curves_only_leaves_the_matrix_empty() -> None:
    plan = compiled("scene { shot 1s { layer a: rect()\n grade lut(teal-orange) } }")
    grade = plan.segments[0].grade
    lut = lookup.lut(load_registry(), "teal-orange")
    assert grade.lut_matrix is None and grade.curve_all is None
    assert (grade.curve_r, grade.curve_g, grade.curve_b) == (lut.curve("r"), lut.curve("g"), lut.curve("b"))


def test_overlay_knowledge_is_lowered_like_built_in_knowledge() -> None:
    registry = load_registry(OVERLAY)
    plan = compiled((OVERLAY / "harbour.scene").read_text(encoding="utf-8"), registry)
    lut = lookup.lut(registry, "harbour-dusk")
    assert plan.segments[0].grade.lut_matrix == lut.matrix
    assert plan.segments[0].grade.curve_all == lut.curve("all")
    by_kind = {a.kind.value: a for a in plan.audio}
    assert by_kind["ambient"].ambient == ambient_recipe(lookup.ambient_sound(registry, "harbour"))
    assert by_kind["music"].music == music_recipe(registry, lookup.music_mood(registry, "lullaby"))
    assert by_kind["music"].music.tempo_bpm == 66.0


def test_knowledge_and_plan_agree_on_the_closed_sound_vocabularies() -> None:
    from scenec.compiler.plan import NoiseColor, SfxGenerator, SoundEvent
    from scenec.knowledge import specs

    assert specs.AMBIENT_GENERATORS == tuple(g.value for g in AmbientGenerator)
    assert specs.NOISE_COLORS == tuple(c.value for c in NoiseColor)
    assert specs.SOUND_EVENTS == tuple(e.value for e in SoundEvent)
    assert specs.SFX_KINDS == tuple(k.value for k in SfxGenerator)
    assert specs.HARMONICS == tuple(h.value for h in Harmonics)
    assert specs.MODES == tuple(MODES)


@pytest.mark.parametrize(("written", "message"), [
    ("0bpm", "`tempo` must be between 20bpm and 300bpm, found `0bpm`"),
    ("1000bpm", "`tempo` must be between 20bpm and 300bpm, found `1000bpm`"),
    ("10Hz", "`tempo` must be between 0.333333Hz and 5Hz, found `10Hz`"),
])
def test_a_tempo_the_score_cannot_play_is_a_diagnostic(written: str, message: str) -> None:
    plan, check = compile_text(f"scene {{ audio music calm tempo {written}\n shot 1s {{ layer a: rect() }} }}")
    assert plan is None
    assert [d.message for d in check.diagnostics] == [message]

"""One table per concept: the plan's enums, the IR's enums and the runtime all follow the language's tables.

The plan may not import `lang/`, so its enums are spelled out and
`compiler/ir.py` checks them at import; these tests say the same in
public, and check that the runtime can handle every member of every enum it
reads (a drawer per primitive, a delta per motion and effect, a blend per
blend mode, a simulation per particle kind).
"""

from __future__ import annotations

import pytest

from scenec.compiler import ir
from scenec.compiler.plan import Blend, Effect, EffectKind, MotionKind, MotionPlan, Primitive
from scenec.lang.concepts import PARTICLE_KINDS, PRIMITIVE_FACTS, member_name, word_enum
from scenec.lang.signatures import BLEND_MODES, CAMERA_MOVES, EFFECTS, GRADE_OPS, MOTIONS, PRIMITIVES, SHOT_TYPES
from scenec.runtime.layers import DRAWERS, SELF_REVEALING
from scenec.runtime.motion import effect_delta, motion_delta
from scenec.runtime.raster import BLEND_MODES as RUNTIME_BLENDS
from scenec.runtime.raster.particles import PARTICLE_KINDS as RUNTIME_PARTICLE_KINDS


def test_the_plan_enums_name_the_table_words() -> None:
    assert [p.value for p in Primitive] == list(PRIMITIVES)
    assert [m.value for m in MotionKind] == list(MOTIONS)
    assert [e.value for e in EffectKind] == list(EFFECTS)
    assert [b.value for b in Blend] == list(BLEND_MODES)


def test_the_ir_enums_are_built_from_the_tables() -> None:
    assert [s.value for s in ir.ShotType] == list(SHOT_TYPES)
    assert [c.value for c in ir.CameraMoveKind] == list(CAMERA_MOVES)
    assert [g.value for g in ir.GradeOp] == list(GRADE_OPS)


def test_a_plan_enum_that_drifts_from_its_table_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    shrunk = word_enum("Primitive", [p for p in PRIMITIVES if p != "star"], __name__)
    monkeypatch.setattr(ir, "Primitive", shrunk)
    with pytest.raises(AssertionError, match="Primitive"):
        ir._check_plan_vocabulary()


def test_member_names_follow_the_words() -> None:
    assert member_name("slide-left") == "SLIDE_LEFT"
    assert ir.ShotType.EXTREME_CLOSE.value == "extreme-close"


def test_every_primitive_has_facts_and_a_drawer() -> None:
    assert set(PRIMITIVE_FACTS) == set(PRIMITIVES)
    assert set(DRAWERS) == set(Primitive)
    assert {p.value for p in SELF_REVEALING} == {n for n, f in PRIMITIVE_FACTS.items() if f.self_revealing}


def test_backdrops_paint_a_background_and_are_never_subjects() -> None:
    for name, facts in PRIMITIVE_FACTS.items():
        if facts.backdrop:
            assert facts.paints_background and not facts.subject, name


@pytest.mark.parametrize("kind", list(MotionKind), ids=str)
def test_the_runtime_moves_every_motion_kind(kind: MotionKind) -> None:
    # Parameters at their table-free plan defaults: the runtime must know the kind, not raise.
    motion_delta((MotionPlan(kind, (), seed=1),), local_frame=7.0, fps=30.0, life_frames=60, seed=3)


@pytest.mark.parametrize("kind", list(EffectKind), ids=str)
def test_the_runtime_plays_every_effect(kind: EffectKind) -> None:
    effect_delta(Effect(kind, 10), 0.5, True, (64.0, 36.0))


def test_the_runtime_composites_every_blend_mode() -> None:
    assert set(RUNTIME_BLENDS) == {b.value for b in Blend}


def test_the_runtime_simulates_every_particle_kind() -> None:
    # Order too: a kind's index salts its random streams, so reordering either list would change films.
    assert RUNTIME_PARTICLE_KINDS == PARTICLE_KINDS

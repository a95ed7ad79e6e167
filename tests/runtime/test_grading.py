"""Compiling GradePlans into raster Grades, and the LUT table against luts.yaml."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from scenec.compiler.plan import GradePlan, PlanError
from scenec.runtime.grading import LUTS, compile_grade
from scenec.runtime.raster import apply_grade

LUTS_YAML = Path(__file__).resolve().parents[2] / "knowledge" / "data" / "luts.yaml"


def swatch() -> np.ndarray:
    """A (3, 4, 8) frame of assorted colors."""
    rng = np.random.default_rng(0)
    return rng.uniform(0.05, 0.95, size=(3, 4, 8)).astype(np.float32)


def graded(plan: GradePlan, rgb: np.ndarray | None = None) -> np.ndarray:
    rgb = swatch() if rgb is None else rgb
    return apply_grade(rgb, compile_grade(plan))


def test_identity_leaves_pixels() -> None:
    assert compile_grade(GradePlan()).is_identity()
    assert np.allclose(graded(GradePlan()), swatch(), atol=1e-6)
    # A non-default plan that still amounts to nothing keeps pixels too.
    assert np.allclose(graded(GradePlan(vignette=0.0, lift=(0.0, 0.0, 0.0), gamma=1.0)), swatch(), atol=1e-6)


def test_warm_raises_red_against_blue_and_cool_the_reverse() -> None:
    grey = np.full((3, 2, 2), 0.5, np.float32)
    warm, cool = graded(GradePlan(temperature=0.8), grey), graded(GradePlan(temperature=-0.8), grey)
    assert warm[0].mean() > 0.5 > warm[2].mean()
    assert cool[2].mean() > 0.5 > cool[0].mean()
    magenta = graded(GradePlan(tint=0.8), grey)
    assert magenta[1].mean() < magenta[0].mean()


def test_mono_and_saturation_zero_make_grey() -> None:
    for plan in (GradePlan(lut="mono"), GradePlan(saturation=0.0)):
        out = graded(plan)
        assert np.allclose(out[0], out[1], atol=1e-3) and np.allclose(out[1], out[2], atol=1e-3)


def test_exposure_contrast_lift_gamma_gain() -> None:
    grey = np.full((3, 2, 2), 0.4, np.float32)
    assert graded(GradePlan(exposure=1.0), grey).mean() > 0.5
    assert graded(GradePlan(exposure=-1.0), grey).mean() < 0.3
    spread = graded(GradePlan(contrast=1.5), swatch())
    assert spread.std() > swatch().std()
    black = np.zeros((3, 2, 2), np.float32)
    assert graded(GradePlan(lift=(0.0, 0.0, 0.2)), black)[2].mean() == pytest.approx(0.2, abs=0.01)
    assert graded(GradePlan(gamma=2.0), grey).mean() == pytest.approx(0.4 ** 0.5, abs=0.01)
    assert graded(GradePlan(gain=(0.5, 1.0, 1.0)), grey)[0].mean() == pytest.approx(0.2, abs=0.01)


def test_luts_agree_with_the_knowledge_yaml() -> None:
    data = yaml.safe_load(LUTS_YAML.read_text())
    assert set(data) == set(LUTS)
    for name, record in data.items():
        lut = LUTS[name]
        expected_matrix = record.get("matrix")
        assert (None if lut.matrix is None else [list(row) for row in lut.matrix]) == expected_matrix, name
        curves = record.get("curves", {})
        for channel in ("r", "g", "b", "all"):
            ours = getattr(lut, channel)
            assert (None if ours is None else [list(p) for p in ours]) == curves.get(channel), (name, channel)


def test_every_lut_compiles_and_changes_the_image() -> None:
    for name in LUTS:
        out = graded(GradePlan(lut=name))
        assert not np.allclose(out, swatch(), atol=1e-3), name


def test_lut_curves_follow_the_control_points() -> None:
    grey = np.full((3, 2, 2), 0.25, np.float32)
    out = graded(GradePlan(lut="teal-orange"), grey)
    assert out[0].mean() == pytest.approx(0.19, abs=0.01) and out[2].mean() == pytest.approx(0.32, abs=0.01)


def test_effects_pass_through_and_grades_are_cached() -> None:
    grade = compile_grade(GradePlan(vignette=0.3, grain=0.2, bloom=0.1))
    assert (grade.vignette, grade.grain, grade.bloom) == (0.3, 0.2, 0.1)
    assert compile_grade(GradePlan(contrast=1.2)) is compile_grade(GradePlan(contrast=1.2))


def test_bad_grades_are_plain_errors() -> None:
    with pytest.raises(PlanError, match="unknown LUT 'nope'"):
        compile_grade(GradePlan(lut="nope"))
    with pytest.raises(PlanError, match="vignette"):
        compile_grade(GradePlan(vignette=2.0))
    with pytest.raises(PlanError, match="gamma"):
        compile_grade(GradePlan(gamma=0.0))

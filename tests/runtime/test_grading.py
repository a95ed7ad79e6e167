"""Compiling GradePlans into raster Grades; built-in LUTs lowered through the plan
give the pixels the runtime's old LUT table gave."""

from __future__ import annotations

import numpy as np
import pytest

from scenec.api import compile_text
from scenec.compiler.passes.lighting import lut_fields
from scenec.compiler.plan import GradePlan, PlanError
from scenec.knowledge import lookup
from scenec.knowledge.registry import load_registry
from scenec.runtime.grading import compile_grade
from scenec.runtime.raster import apply_grade

REGISTRY = load_registry()  # the built-ins

# The runtime's LUT table before LUTs were lowered into the plan (runtime/grading.py,
# plan version 1), copied here as the reference the lowered LUTs must reproduce.
OLD_LUTS: dict[str, dict[str, tuple]] = {
    "teal-orange": {
        "r": ((0, 0), (0.25, 0.19), (0.5, 0.5), (0.75, 0.81), (1, 1)),
        "g": ((0, 0.02), (0.5, 0.5), (1, 0.98)),
        "b": ((0, 0.08), (0.25, 0.32), (0.5, 0.5), (0.75, 0.68), (1, 0.92)),
    },
    "bleach-bypass": {
        "matrix": ((0.6063, 0.3576, 0.0361, 0), (0.1063, 0.8576, 0.0361, 0), (0.1063, 0.3576, 0.5361, 0)),
        "all": ((0, 0), (0.25, 0.16), (0.5, 0.5), (0.75, 0.86), (1, 1)),
    },
    "sepia": {
        "matrix": ((0.2275, 0.7653, 0.0773, 0.02), (0.1892, 0.6365, 0.0643, 0.01), (0.1446, 0.4863, 0.0491, 0)),
        "all": ((0, 0.04), (1, 0.96)),
    },
    "mono": {
        "matrix": ((0.2126, 0.7152, 0.0722, 0), (0.2126, 0.7152, 0.0722, 0), (0.2126, 0.7152, 0.0722, 0)),
    },
    "warm-film": {
        "matrix": ((1.05, 0.02, 0, 0.01), (0, 1.0, 0, 0.005), (0, 0.02, 0.9, 0)),
        "all": ((0, 0.03), (0.25, 0.24), (0.5, 0.51), (0.75, 0.78), (1, 0.97)),
    },
    "cold": {
        "matrix": ((0.9, 0.02, 0, 0), (0, 1.0, 0.02, 0), (0, 0.03, 1.08, 0.02)),
    },
    "cross-process": {
        "r": ((0, 0), (0.25, 0.15), (0.5, 0.5), (0.75, 0.85), (1, 1)),
        "g": ((0, 0.05), (0.25, 0.2), (0.5, 0.52), (0.75, 0.82), (1, 0.98)),
        "b": ((0, 0.2), (0.5, 0.45), (1, 0.75)),
    },
}


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
    for plan in (lowered("mono"), GradePlan(saturation=0.0)):
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


def lowered(name: str, **grade: float) -> GradePlan:
    """A built-in LUT as the compiler writes it into a plan, with other grade fields."""
    return GradePlan(**grade, **lut_fields(lookup.lut(REGISTRY, name)))


def old_pixels(name: str, rgb: np.ndarray) -> np.ndarray:
    """What the old runtime made of `rgb` with LUT `name` and no other grade:
    the LUT's matrix, then its channel curves, then its `all` curve."""
    lut = OLD_LUTS[name]
    out = rgb.reshape(3, -1).astype(np.float64)
    if "matrix" in lut:
        m = np.array(lut["matrix"], np.float64)
        out = m[:, :3] @ out + m[:, 3:]
    out = np.clip(out, 0.0, 1.0)
    for channel, key in enumerate("rgb"):
        for points in (lut.get(key), lut.get("all")):
            if points is not None:
                xs, ys = zip(*points)
                out[channel] = np.interp(np.clip(out[channel], 0.0, 1.0), xs, ys)
    return np.clip(out, 0.0, 1.0).reshape(rgb.shape)


def test_the_built_in_luts_are_the_old_table() -> None:
    assert set(lookup.names(REGISTRY, "lut")) == set(OLD_LUTS)
    for name, old in OLD_LUTS.items():
        plan = lowered(name)
        assert plan.lut_matrix == old.get("matrix"), name
        for channel in ("r", "g", "b", "all"):
            assert getattr(plan, f"curve_{channel}") == old.get(channel), (name, channel)


@pytest.mark.parametrize("name", sorted(OLD_LUTS))
def test_a_lowered_lut_gives_the_old_pixels(name: str) -> None:
    # Curves run through 256-entry tables in the raster, hence the small tolerance.
    assert np.allclose(graded(lowered(name)), old_pixels(name, swatch()), atol=3e-3), name
    assert not np.allclose(graded(lowered(name)), swatch(), atol=1e-3), name


def test_a_lut_named_in_a_scene_grades_like_the_old_table() -> None:
    plan, check = compile_text("scene { shot 1s { layer a: rect()\n grade lut(sepia) } }")
    assert plan is not None, check.diagnostics
    grade = plan.segments[0].grade  # the genre's default grade comes with it; keep only the LUT
    only_lut = GradePlan(lut_matrix=grade.lut_matrix, curve_r=grade.curve_r, curve_g=grade.curve_g,
                         curve_b=grade.curve_b, curve_all=grade.curve_all)
    assert np.allclose(graded(only_lut), old_pixels("sepia", swatch()), atol=3e-3)


def test_lut_curves_follow_the_control_points() -> None:
    grey = np.full((3, 2, 2), 0.25, np.float32)
    out = graded(lowered("teal-orange"), grey)
    assert out[0].mean() == pytest.approx(0.19, abs=0.01) and out[2].mean() == pytest.approx(0.32, abs=0.01)


def test_lift_applies_after_the_lut_matrix_and_lut_curves_last() -> None:
    black = np.zeros((3, 2, 2), np.float32)
    blue_shadows = graded(lowered("mono", lift=(0.0, 0.0, 0.2)), black)
    assert blue_shadows[2].mean() == pytest.approx(0.2, abs=0.01) and blue_shadows[0].mean() < 0.01
    # sepia's `all` curve lifts black to 0.04 after everything else.
    assert graded(lowered("sepia"), black).min() == pytest.approx(0.04 + 0.0, abs=0.02)


def test_effects_pass_through_and_grades_are_cached() -> None:
    grade = compile_grade(GradePlan(vignette=0.3, grain=0.2, bloom=0.1))
    assert (grade.vignette, grade.grain, grade.bloom) == (0.3, 0.2, 0.1)
    assert compile_grade(GradePlan(contrast=1.2)) is compile_grade(GradePlan(contrast=1.2))


def test_bad_grades_are_plain_errors() -> None:
    with pytest.raises(PlanError, match="strictly increase"):
        compile_grade(GradePlan(curve_r=((0.0, 0.0), (0.5, 0.2), (0.5, 0.4), (1.0, 1.0))))
    with pytest.raises(PlanError, match="vignette"):
        compile_grade(GradePlan(vignette=2.0))
    with pytest.raises(PlanError, match="gamma"):
        compile_grade(GradePlan(gamma=0.0))

"""Easing curves: endpoints, monotonicity, overshoot, scalar/vector agreement."""

from __future__ import annotations

import numpy as np
import pytest

from scenec.compiler.easing import EASINGS, EasingError, ease, ease_array

GRID = np.linspace(0.0, 1.0, 401)


def test_every_language_easing_exists() -> None:
    families = ("quad", "cubic", "quart", "sine", "expo", "back", "elastic", "bounce")
    expected = {"linear", "spring"} | {f"{v}-{f}" for f in families for v in ("in", "out", "in-out")}
    assert set(EASINGS) == expected


@pytest.mark.parametrize("name", EASINGS)
def test_endpoints_are_exact(name: str) -> None:
    assert ease(name, 0.0) == 0.0
    assert ease(name, 1.0) == 1.0
    assert ease(name, -3.0) == 0.0 and ease(name, 7.0) == 1.0


@pytest.mark.parametrize("name", EASINGS)
def test_scalar_matches_array(name: str) -> None:
    values = ease_array(name, GRID)
    assert values.shape == GRID.shape and values.dtype == np.float64
    assert [ease(name, float(t)) for t in GRID] == values.tolist()
    assert ease_array(name, GRID.reshape(401, 1)).shape == (401, 1)


@pytest.mark.parametrize("family", ["quad", "cubic", "quart", "sine", "expo"])
@pytest.mark.parametrize("variant", ["in", "out", "in-out"])
def test_plain_families_are_monotone_and_bounded(family: str, variant: str) -> None:
    values = ease_array(f"{variant}-{family}", GRID)
    assert np.all(np.diff(values) >= 0.0)
    assert values.min() >= 0.0 and values.max() <= 1.0


def test_in_out_is_symmetric_about_the_middle() -> None:
    for family in ("quad", "sine", "back", "bounce"):
        values = ease_array(f"in-out-{family}", GRID)
        np.testing.assert_allclose(values + values[::-1], 1.0, atol=1e-12)
        assert ease(f"in-out-{family}", 0.5) == pytest.approx(0.5)


def test_back_and_elastic_overshoot_spring_settles() -> None:
    assert ease_array("in-back", GRID).min() < -0.05
    assert ease_array("out-back", GRID).max() > 1.05
    assert ease_array("out-elastic", GRID).max() > 1.1
    spring = ease_array("spring", GRID)
    assert spring.max() > 1.05  # it overshoots like a spring
    assert abs(ease("spring", 0.95) - 1.0) < 0.01  # and has settled near the end
    assert ease("in-quad", 0.5) == 0.25 and ease("out-quad", 0.5) == 0.75


def test_bounce_lands_on_one() -> None:
    values = ease_array("out-bounce", GRID)
    assert values.max() <= 1.0 + 1e-12 and values.min() >= 0.0
    assert np.count_nonzero(np.diff(np.sign(np.diff(values)))) >= 3  # it bounces


def test_unknown_easing_lists_the_names() -> None:
    with pytest.raises(EasingError, match="unknown easing 'wobble'.*in-out-sine"):
        ease("wobble", 0.5)
    assert issubclass(EasingError, ValueError)

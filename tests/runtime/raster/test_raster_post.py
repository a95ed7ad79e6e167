"""Transitions and grading."""

import numpy as np
import pytest

from scenec.runtime import raster as r

rng = np.random.default_rng(0)
A = rng.random((4, 36, 64), dtype=np.float32)
B = rng.random((4, 36, 64), dtype=np.float32)


@pytest.mark.parametrize("kind", r.TRANSITION_KINDS)
@pytest.mark.parametrize("direction", ["left", "down"])
def test_transition_ends_are_exact_and_middle_mixes(kind, direction):
    params = {"direction": direction}
    np.testing.assert_allclose(r.transition(kind, A, B, 0.0, params), A, atol=1e-6)
    np.testing.assert_allclose(r.transition(kind, A, B, 1.0, params), B, atol=1e-6)
    mid = r.transition(kind, A, B, 0.5, params)
    assert mid.shape == A.shape
    if kind != "cut":
        assert not np.allclose(mid, A) and not np.allclose(mid, B)


def test_fade_passes_through_color():
    mid = r.transition("fade", A, B, 0.5, {"color": (1, 1, 1, 1)})
    np.testing.assert_allclose(mid, 1.0)


def test_wipe_left_reveals_b_from_the_right():
    mid = r.transition("wipe", A, B, 0.5, {"direction": "left"})
    np.testing.assert_allclose(mid[:, :, -3:], B[:, :, -3:], atol=1e-6)
    np.testing.assert_allclose(mid[:, :, :3], A[:, :, :3], atol=1e-6)


def test_slide_left_pushes_b_in_from_the_right():
    mid = r.transition("slide", A, B, 0.5, {"direction": "left"})
    np.testing.assert_array_equal(mid[:, :, :32], A[:, :, 32:])
    np.testing.assert_array_equal(mid[:, :, 32:], B[:, :, :32])


def test_iris_opens_from_centre():
    mid = r.transition("iris", A, B, 0.4)
    np.testing.assert_allclose(mid[:, 18, 32], B[:, 18, 32], atol=1e-6)
    np.testing.assert_allclose(mid[:, 0, 0], A[:, 0, 0], atol=1e-6)


def test_bad_transition_inputs():
    with pytest.raises(r.RasterError):
        r.transition("spin", A, B, 0.5)
    with pytest.raises(r.RasterError):
        r.transition("wipe", A, B, 0.5, {"direction": "sideways"})
    with pytest.raises(r.RasterError):
        r.transition("fade", A, B[:, :10], 0.5)


def test_identity_grade_is_identity():
    rgb = A[:3]
    out = r.apply_grade(rgb, r.Grade.identity())
    np.testing.assert_array_equal(out, rgb)
    assert out is not rgb


def test_curves_and_matrix():
    invert = np.tile(np.linspace(1, 0, 256, dtype=np.float32), (3, 1))
    out = r.apply_grade(A[:3], r.Grade(invert, r.Grade.identity().matrix))
    np.testing.assert_allclose(out, 1 - A[:3], atol=2e-3)
    swap = np.array([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0.5, 0.1]], dtype=np.float32)
    out = r.apply_grade(A[:3], r.Grade(r.Grade.identity().curves, swap))
    np.testing.assert_allclose(out[0], A[1], atol=1e-6)
    np.testing.assert_allclose(out[2], 0.5 * A[2] + 0.1, atol=1e-6)


def test_vignette_grain_bloom():
    grey = np.full((3, 36, 64), 0.5, dtype=np.float32)
    base = r.Grade.identity()
    vig = r.apply_grade(grey, r.Grade(base.curves, base.matrix, vignette=0.8))
    assert vig[0, 18, 32] > vig[0, 0, 0] + 0.2
    g1 = r.apply_grade(grey, r.Grade(base.curves, base.matrix, grain=0.5), seed=1, frame_index=0)
    g2 = r.apply_grade(grey, r.Grade(base.curves, base.matrix, grain=0.5), seed=1, frame_index=0)
    g3 = r.apply_grade(grey, r.Grade(base.curves, base.matrix, grain=0.5), seed=1, frame_index=1)
    np.testing.assert_array_equal(g1, g2)
    assert np.abs(g1 - g3).mean() > 1e-3 and abs(float(g1.mean()) - 0.5) < 0.02
    spot = np.zeros((3, 36, 64), dtype=np.float32)
    spot[:, 16:20, 30:34] = 1.0
    bloomed = r.apply_grade(spot, r.Grade(base.curves, base.matrix, bloom=1.0))
    assert bloomed[0, 18, 40] > 0.01 and spot[0, 18, 40] == 0


def test_lerp_grade():
    a, b = r.Grade.identity(), r.Grade(np.zeros((3, 256)), np.zeros((3, 4)), 1.0, 0.0, 0.5)
    mid = r.lerp_grade(a, b, 0.5)
    assert mid.vignette == 0.5 and mid.bloom == 0.25
    np.testing.assert_allclose(mid.curves[0, 255], 0.5)
    assert r.lerp_grade(a, b, 0.0) == a and r.lerp_grade(a, b, 1.0) == b


def test_grade_validates():
    with pytest.raises(r.RasterError):
        r.Grade(np.zeros((3, 10)), np.zeros((3, 4)))
    with pytest.raises(r.RasterError):
        r.Grade(np.zeros((3, 256)), np.zeros((3, 4)), vignette=2)


def test_curves_take_levels_beyond_range_or_not_a_number_to_an_end_without_a_warning() -> None:
    # Found by fuzzing: a grade pushed to extremes handed the curves infinite and NaN levels, and
    # numpy warned on the user's terminal when it cast them to table indices.
    import warnings

    from scenec.runtime.raster.grade import _apply_curves

    curves = np.tile(np.linspace(0.2, 0.8, 256), (3, 1))
    rgb = np.array([[[np.inf, -np.inf, np.nan, 0.5, 1e30]]] * 3, dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = _apply_curves(rgb, curves)
    assert out[0, 0, 0] == pytest.approx(0.8) and out[0, 0, 1] == pytest.approx(0.2)
    assert out[0, 0, 3] == pytest.approx(0.5, abs=0.01) and out[0, 0, 4] == pytest.approx(0.8)
    assert out[0, 0, 2] == pytest.approx(0.2)  # not a number: the low end


def test_bilinear_sampling_at_coordinates_that_are_not_numbers_reads_the_edge() -> None:
    # Found by fuzzing: a transform pushed to extremes gave NaN sample coordinates, which cast to
    # indices far outside the image (IndexError in the render).
    import warnings

    from scenec.runtime.raster.resample import sample_bilinear

    src = np.ones((3, 4, 5), dtype=np.float32)
    x = np.array([[np.nan, np.inf, -np.inf, 2.5]], dtype=np.float32)
    y = np.array([[np.nan, 1.5, 1.5, 1.5]], dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = sample_bilinear(src, x, y)
    assert out.shape == (3, 1, 4) and np.isfinite(out).all()
    assert out[0, 0, 3] == 1.0 and out[0, 0, 1] == 0.0  # inside reads the image, far outside reads zero

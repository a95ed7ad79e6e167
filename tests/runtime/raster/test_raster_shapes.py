"""Primitives: fill at the centre, empty outside, anti-aliased edges, bbox-limited patches."""

import numpy as np
import pytest

from scenec.runtime import raster as r

SIZE = (64, 36)
RED = (1.0, 0.0, 0.0, 1.0)


def _frame(patch):
    frame = r.new_frame(*SIZE, (0, 0, 0, 0))
    r.composite(frame, patch)
    return frame


def _check_shape(patch, inside, outside):
    assert patch is not None
    frame = _frame(patch)
    x, y = inside
    np.testing.assert_allclose(frame[:, y, x], [1, 0, 0, 1], atol=1e-6)
    x, y = outside
    assert frame[3, y, x] == 0
    alpha = frame[3]
    partial = (alpha > 0.02) & (alpha < 0.98)
    assert partial.any(), "edges must be anti-aliased"
    x0, y0, x1, y1 = patch.bbox
    assert 0 <= x0 and 0 <= y0 and x1 <= SIZE[0] and y1 <= SIZE[1]
    assert (x1 - x0) * (y1 - y0) < SIZE[0] * SIZE[1], "patch must cover only the shape's box"
    assert alpha[:, :x0].sum() == 0 and alpha[:y0].sum() == 0


@pytest.mark.parametrize(
    "make",
    [
        lambda a: r.rect(SIZE, (32, 18), (20, 12), fill=RED, radius=3, affine=a),
        lambda a: r.circle(SIZE, (32, 18), 9, fill=RED, affine=a),
        lambda a: r.ellipse(SIZE, (32, 18), (24, 12), fill=RED, affine=a),
        lambda a: r.polygon(SIZE, [(22, 10), (42, 10), (32, 28)], fill=RED, affine=a),
        lambda a: r.star(SIZE, (32, 18), 12, points=5, inner=0.5, fill=RED, affine=a),
        lambda a: r.line(SIZE, (20, 18), (44, 18), width=5, color=RED, affine=a),
        lambda a: r.path(SIZE, [(20, 20), (32, 16), (44, 20)], width=5, color=RED, smooth=True, affine=a),
    ],
    ids=["rect", "circle", "ellipse", "polygon", "star", "line", "path"],
)
@pytest.mark.parametrize("affine", [r.Affine.identity(), r.Affine.rotate(35, (32, 18))], ids=["plain", "rotated"])
def test_primitive_coverage(make, affine):
    _check_shape(make(affine), inside=(32, 17), outside=(2, 2))


def test_circle_area_is_exact():
    patch = r.circle(SIZE, (32.3, 18.1), 10, fill=RED)
    assert abs(float(patch.data[3].sum()) - np.pi * 100) < 1.0


def test_rotation_moves_ink():
    flat = r.rect(SIZE, (32, 18), (30, 4), fill=RED)
    turned = r.rect(SIZE, (32, 18), (30, 4), fill=RED, affine=r.Affine.rotate(90, (32, 18)))
    f0, f1 = _frame(flat)[3], _frame(turned)[3]
    assert f0[18, 45] == 1 and f1[18, 45] == 0
    assert f1[5, 32] == 1 and f0[5, 32] == 0
    assert abs(float(f0.sum()) - float(f1.sum())) < 1.0


def test_zoom_scales_area():
    zoomed = r.circle(SIZE, (32, 18), 5, fill=RED, affine=r.Affine.scale(2.0, about=(32, 18)))
    assert abs(float(zoomed.data[3].sum()) - np.pi * 100) < 1.5


def test_stroke_painted_over_fill():
    patch = r.rect(SIZE, (32, 18), (30, 20), fill=RED, stroke=(0, 0, 1, 1), stroke_width=2)
    frame = _frame(patch)
    np.testing.assert_allclose(frame[:, 8, 32], [0, 0, 1, 1], atol=1e-6)  # top edge y = 8
    np.testing.assert_allclose(frame[:, 18, 32], [1, 0, 0, 1], atol=1e-6)


def test_evenodd_leaves_hole_nonzero_fills_it():
    outer = [(10, 4), (54, 4), (54, 32), (10, 32)]
    inner = [(24, 12), (40, 12), (40, 24), (24, 24)]
    points = outer + outer[:1] + inner + inner[:1]
    even = _frame(r.polygon(SIZE, points, fill=RED, fill_rule="evenodd"))
    assert even[3, 18, 32] == 0 and even[3, 6, 14] == 1
    # Same winding direction for both loops: nonzero fills the hole.
    nonzero = _frame(r.polygon(SIZE, points, fill=RED, fill_rule="nonzero"))
    assert nonzero[3, 18, 32] == 1


def test_glow_reaches_beyond_edge():
    plain = _frame(r.circle(SIZE, (32, 18), 6, fill=RED))
    glowing = _frame(r.circle(SIZE, (32, 18), 6, fill=RED, glow=0.8))
    assert plain[3, 18, 41] == 0 and 0 < glowing[3, 18, 41] < 1
    np.testing.assert_allclose(glowing[:, 18, 32], [1, 0, 0, 1], atol=1e-6)


def test_offscreen_and_empty_give_none():
    assert r.circle(SIZE, (500, 500), 5) is None
    assert r.rect(SIZE, (32, 18), (10, 10), fill=None) is None


@pytest.mark.parametrize(
    "call",
    [
        lambda: r.star(SIZE, (1, 1), 3, points=2),
        lambda: r.polygon(SIZE, [(0, 0), (1, 1)]),
        lambda: r.polygon(SIZE, [(0, 0), (1, 1), (2, 0)], fill_rule="odd"),
        lambda: r.rect(SIZE, (1, 1), (2, 2), fill=(2, 0, 0, 1)),
        lambda: r.Affine.scale(0).inverse(),
    ],
)
def test_bad_input_raises_plain_value_error(call):
    with pytest.raises(r.RasterError):
        call()


@pytest.mark.parametrize("size", [(1e-300, 4.0), (4.0, 1e-300), (1e-170, 4.0)])
def test_a_vanishingly_thin_ellipse_draws_nothing_rather_than_nan(size):
    # Found by fuzzing: a flower template given `box: (1e-300%, 13%)` drew NaN pixels (r * r underflowed).
    with np.errstate(all="raise"):
        assert r.ellipse((32, 18), (16, 9), size) is None
    patch = r.ellipse((32, 18), (16, 9), (1e-3, 4.0))
    assert patch is None or np.isfinite(patch.data).all()

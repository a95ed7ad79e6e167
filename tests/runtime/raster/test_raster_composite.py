"""Blend modes against hand-computed values, blur, frames, affine algebra."""

import numpy as np
import pytest

from scenec.runtime import raster as r
from scenec.runtime.raster.buffer import Patch


def _one(color_pm):
    return Patch(0, 0, np.array(color_pm, dtype=np.float32).reshape(4, 1, 1))


@pytest.mark.parametrize(
    "blend,expected",
    [
        # dst (0.2, 0.4, 0.6, 1) opaque; src straight (0.5, 0.5, 1.0) at alpha 0.5 -> premul (0.25, 0.25, 0.5, 0.5)
        ("normal", [0.25 + 0.2 * 0.5, 0.25 + 0.4 * 0.5, 0.5 + 0.6 * 0.5, 1.0]),
        ("add", [0.45, 0.65, 1.0, 1.0]),
        ("screen", [0.25 + 0.2 - 0.05, 0.25 + 0.4 - 0.1, 0.5 + 0.6 - 0.3, 1.0]),
        ("multiply", [0.25 * 0.2 + 0.2 * 0.5, 0.25 * 0.4 + 0.4 * 0.5, 0.5 * 0.6 + 0.6 * 0.5, 1.0]),
        # overlay: d=0.2 <= 0.5 -> 2sd; d=0.4 -> 2sd; d=0.6 > 0.5 -> sa*da - 2(da-d)(sa-s)
        ("overlay", [2 * 0.25 * 0.2 + 0.1, 2 * 0.25 * 0.4 + 0.2, 0.5 - 2 * 0.4 * 0.0 + 0.3, 1.0]),
    ],
)
def test_blend_modes(blend, expected):
    frame = r.new_frame(1, 1, (0.2, 0.4, 0.6, 1.0))
    r.composite(frame, _one([0.25, 0.25, 0.5, 0.5]), blend)
    np.testing.assert_allclose(frame[:, 0, 0], expected, atol=1e-6)


def test_opacity_and_partial_overlap():
    frame = r.new_frame(4, 4, (0, 0, 0, 1))
    patch = Patch(-2, -2, np.ones((4, 4, 4), dtype=np.float32))
    r.composite(frame, patch, opacity=0.5)
    np.testing.assert_allclose(frame[:, 1, 1], [0.5, 0.5, 0.5, 1.0])
    assert frame[0, 2, 2] == 0 and frame[0, 3, 3] == 0


def test_unknown_blend_is_error():
    with pytest.raises(r.RasterError, match="blend"):
        r.composite(r.new_frame(2, 2), _one([0, 0, 0, 0]), "dodge")


def test_blur_grows_and_keeps_mass():
    dot = r.circle((64, 36), (32, 18), 4, fill=(1, 1, 1, 1))
    for radius in (1.0, 3.0, 10.0):
        out = r.blur(dot, radius)
        assert out.width >= dot.width + 2 * int(3 * radius)
        assert abs(float(out.data[3].sum()) - float(dot.data[3].sum())) < 0.01 * float(dot.data[3].sum())
        assert out.data[3].max() < dot.data[3].max()


def test_to_rgb24_rounds_and_interleaves():
    frame = np.zeros((4, 1, 2), dtype=np.float32)
    frame[:, 0, 0] = [0.5, 1.0, 0.0, 1.0]
    frame[:, 0, 1] = [0.0, 0.0, 0.0, 0.0]
    out = r.to_rgb24(frame, background=(0.2, 0.2, 0.2))
    assert out.shape == (1, 2, 3) and out.dtype == np.uint8 and out.flags.c_contiguous
    assert out[0, 0].tolist() == [128, 255, 0]
    assert out[0, 1].tolist() == [51, 51, 51]


def test_affine_algebra():
    a = r.Affine.rotate(30, (10, 5)) @ r.Affine.scale(2, 3) @ r.Affine.translate(4, -1)
    x, y = a.apply(np.array([1.0, 7.0]), np.array([2.0, -3.0]))
    bx, by = a.inverse().apply(x, y)
    np.testing.assert_allclose(bx, [1, 7], atol=1e-9)
    np.testing.assert_allclose(by, [2, -3], atol=1e-9)
    assert abs(a.linear_scale() - np.sqrt(6)) < 1e-9
    # Rotation about a point keeps that point and turns +x towards +y (clockwise on screen).
    rot = r.Affine.rotate(90, (10, 5))
    assert np.allclose(rot.apply(10, 5), (10, 5))
    assert np.allclose(rot.apply(11, 5), (10, 6))

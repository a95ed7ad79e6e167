"""Gradients, noise, particles, text and images."""

import numpy as np
import pytest
from PIL import Image

from scenec.runtime import raster as r

SIZE = (64, 36)


def test_gradient_runs_top_to_bottom_at_90():
    g = r.gradient(SIZE, (0, 0, 0, 1), (1, 1, 1, 1), 90).data
    assert g.shape == (4, 36, 64)
    assert g[0, 0].mean() < 0.02 and g[0, -1].mean() > 0.98
    assert np.ptp(g[0, 18]) < 0.01  # rows are uniform
    assert (np.diff(g[0, :, 5]) > -0.01).all()


def test_gradient_interpolates_in_oklab_and_stays_opaque():
    g = r.gradient(SIZE, (0, 0, 1, 1), (1, 1, 0, 1), 0, dither=False).data
    mid = g[:3, 18, 32]
    # An sRGB lerp would give (0.5, 0.5, 0.5) grey; OKLab keeps the middle lighter than that.
    assert mid.mean() > 0.52
    assert (g[3] == 1).all()


def test_radial_centre_and_rim():
    g = r.radial(SIZE, (32, 18), (1, 0, 0, 1), (0, 0, 1, 1), 20, dither=False).data
    assert g[0, 18, 32] > 0.95 and g[2, 0, 0] > 0.95


@pytest.mark.parametrize("kind", r.NOISE_KINDS)
def test_noise_is_seeded_and_animated(kind):
    a = r.noise(SIZE, kind, 20, 3, (), 0.5, 1.0, 1).data
    b = r.noise(SIZE, kind, 20, 3, (), 0.5, 1.0, 1).data
    c = r.noise(SIZE, kind, 20, 3, (), 0.5, 1.0, 2).data
    d = r.noise(SIZE, kind, 20, 3, (), 0.5, 2.0, 1).data
    assert a.shape == (4, 36, 64)
    np.testing.assert_array_equal(a, b)
    assert np.abs(a - c).mean() > 1e-3
    assert np.abs(a - d).mean() > 1e-3
    assert np.ptp(a[:3]) > 0.05


def test_noise_uses_given_ramp():
    out = r.noise(SIZE, "clouds", 20, 3, [(1, 0, 0, 1), (1, 0, 0, 1)], 0.1, 0, 0).data
    assert np.allclose(out[0], 1, atol=0.01) and np.allclose(out[1], 0, atol=0.01)


@pytest.mark.parametrize("kind", r.PARTICLE_KINDS)
def test_particles_deterministic_and_seeded(kind):
    args = dict(count=40, color=(1, 1, 1, 1), size_px=3, speed=1.0, area=(0, 0, 64, 36))
    a = r.particles(SIZE, kind, t_s=0.7, seed=5, **args)
    b = r.particles(SIZE, kind, t_s=0.7, seed=5, **args)
    c = r.particles(SIZE, kind, t_s=0.7, seed=6, **args)
    assert a is not None and c is not None
    assert a.bbox == b.bbox and np.array_equal(a.data, b.data)
    frame_a, frame_c = r.new_frame(*SIZE, (0, 0, 0, 0)), r.new_frame(*SIZE, (0, 0, 0, 0))
    r.composite(frame_a, a)
    r.composite(frame_c, c)
    assert np.abs(frame_a - frame_c).sum() > 0.5
    assert (frame_a[3] <= 1.0 + 1e-6).all() and (frame_a[:3] <= frame_a[3] + 1e-5).all()


def test_particles_move_over_time_except_stars():
    args = dict(count=30, size_px=3, area=(0, 0, 64, 36), seed=1)
    rain0, rain1 = r.particles(SIZE, "rain", t_s=0.0, **args), r.particles(SIZE, "rain", t_s=0.2, **args)
    assert not np.array_equal(rain0.data, rain1.data)


def test_many_particles_cover_the_frame_and_repeat_by_seed():
    """20000 snowflakes (their speed is measured in benchmarks/hot_paths.py) spread over the whole frame."""
    many = r.particles((320, 180), "snow", count=20000, size_px=2, t_s=1.0, seed=3)
    again = r.particles((320, 180), "snow", count=20000, size_px=2, t_s=1.0, seed=3)
    assert many is not None and again is not None
    assert np.array_equal(many.data, again.data)
    frame = r.new_frame(320, 180, (0, 0, 0, 0))
    r.composite(frame, many)
    covered = frame[3] > 0.05
    assert covered.mean() > 0.3
    quarters = [covered[:90, :160], covered[:90, 160:], covered[90:, :160], covered[90:, 160:]]
    assert all(q.mean() > 0.1 for q in quarters)


def test_text_hi_has_ink_of_color_in_plausible_box():
    patch = r.text(SIZE, "Hi", (32, 18), 16, color=(0, 1, 0, 1))
    frame = r.new_frame(*SIZE, (0, 0, 0, 0))
    r.composite(frame, patch)
    ys, xs = np.nonzero(frame[3] > 0.5)
    assert len(xs) > 20
    assert 20 <= xs.min() and xs.max() <= 44 and 8 <= ys.min() and ys.max() <= 28
    assert abs((xs.min() + xs.max()) / 2 - 32) <= 2
    solid = frame[3] > 0.99
    assert np.allclose(frame[1][solid], 1) and np.allclose(frame[0][solid], 0)


def test_text_alignment_and_rotation():
    def ink_columns(patch):
        cols = np.nonzero(patch.data[3].max(axis=0) > 0.5)[0] + patch.x0
        return cols.min(), cols.max()

    left = ink_columns(r.text(SIZE, "Hi", (10, 18), 12, align="left"))
    right = ink_columns(r.text(SIZE, "Hi", (54, 18), 12, align="right"))
    assert 9 <= left[0] <= 12 and 51 <= right[1] <= 54
    turned = r.text(SIZE, "Hello", (32, 18), 10, affine=r.Affine.rotate(90, (32, 18)))
    ys, xs = np.nonzero(turned.data[3] > 0.5)
    assert np.ptp(ys) > 2 * np.ptp(xs)


def test_image_fit_modes(tmp_path):
    png = tmp_path / "wide.png"
    pixels = np.zeros((10, 20, 4), dtype=np.uint8)
    pixels[..., 0] = 255
    pixels[..., 3] = 255
    Image.fromarray(pixels).save(png)
    box = (20, 20)
    areas = {fit: float(r.image(SIZE, str(png), (32, 18), box, fit=fit).data[3].sum()) for fit in r.FITS}
    assert abs(areas["contain"] - 200) < 2  # 20x10 letterboxed
    assert abs(areas["cover"] - 400) < 2  # cropped to the 20x20 box
    assert abs(areas["stretch"] - 400) < 2
    patch = r.image(SIZE, str(png), (32, 18), box, fit="contain")
    np.testing.assert_allclose(patch.data[:, 18 - patch.y0, 32 - patch.x0], [1, 0, 0, 1], atol=1e-6)


def test_missing_image_is_plain_error(tmp_path):
    with pytest.raises(r.RasterError, match="not found"):
        r.image(SIZE, str(tmp_path / "nope.png"), (0, 0), (5, 5))


@pytest.mark.parametrize("box", [(0, 18), (20, 0), (-5, 10), (float("nan"), 10)])
def test_an_image_in_an_empty_box_draws_nothing(tmp_path, box):
    # `size: left` is (0%, 50%): it checks, as an empty rect does, so it must render as one does
    png = tmp_path / "dot.png"
    Image.new("RGBA", (4, 4), (255, 0, 0, 255)).save(png)
    assert r.image(SIZE, str(png), (32, 18), box) is None


def test_checked_edge_values_draw_instead_of_failing():
    # each of these checks clean (the signature tables allow 0), so each must draw, possibly nothing
    assert r.text(SIZE, "Hi", (32, 18), 0) is None
    spokes = r.star(SIZE, (32, 18), 10, inner=0.0)  # a star of spokes: it has no area, but it must not fail
    assert spokes is None or isinstance(spokes, r.Patch)
    huge = r.text(SIZE, "I", (32, 18), 4000)  # taller than the largest glyph raster: magnified, still drawn
    assert huge is not None and huge.data[3].max() > 0.5


def test_negative_sizes_draw_nothing_as_zero_does():
    # found by fuzzing: `rect(size: (-1%, 24%))` checks (a vec may be negative) and failed the render;
    # an easing that overshoots passes through such values too
    assert r.rect(SIZE, (32, 18), (-4, 10)) is None
    assert r.ellipse(SIZE, (32, 18), (10, -4)) is None
    assert r.circle(SIZE, (32, 18), -3) is None
    assert r.star(SIZE, (32, 18), -3) is None
    assert r.circle(SIZE, (32, 18), 5, glow=1.4) is not None  # glow past 1 is clamped, not an error


def test_a_radial_gradient_of_no_radius_is_all_its_outer_color():
    # found by fuzzing: a template's halo scaled through zero gave a negative radius and failed the render
    for radius in (0.0, -8.64):
        patch = r.radial(SIZE, (32, 18), (0.0, 0.0, 1.0, 1.0), (1.0, 0.0, 0.0, 1.0), radius)
        np.testing.assert_allclose(patch.data[:, 5, 5], [1, 0, 0, 1], atol=0.01)


def test_particles_at_the_edges_of_what_checks_draw_instead_of_failing():
    # found by fuzzing: an area given right-to-left failed the render
    flipped = r.particles(SIZE, "snow", 40, size_px=2.0, area=(60.0, 30.0, 4.0, 2.0), t_s=0.5)
    ordered = r.particles(SIZE, "snow", 40, size_px=2.0, area=(4.0, 2.0, 60.0, 30.0), t_s=0.5)
    assert flipped is not None and ordered is not None
    np.testing.assert_array_equal(flipped.data, ordered.data)
    assert r.particles(SIZE, "snow", 40, size_px=0.0) is None
    assert r.particles(SIZE, "snow", 40, size_px=2.0, area=(4.0, 2.0, 4.0, 30.0)) is None
    assert r.particles(SIZE, "rain", 40, size_px=2.0, speed=-0.5) is not None

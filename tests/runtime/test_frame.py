"""The frame renderer: segments, layers, camera, transitions, caching, sizes."""

from __future__ import annotations

import numpy as np
import pytest

from scenec.compiler.plan import (
    Blend, CameraTrack, Direction, Effect, EffectKind, GradePlan, Key, LayerPlan, Plan, PlanError, Primitive,
    Segment, Track, TrackKind, TransitionKind, TransitionPlan,
)
from scenec.runtime.frame import FrameError, FrameRenderer, render_frame

LUMA = (0.2126, 0.7152, 0.0722, 0.0)
MONO = (LUMA, LUMA, LUMA)  # the mono LUT's matrix, as the compiler lowers it into a grade

W, H = 64, 36
RED = (1.0, 0.0, 0.0, 1.0)
BLUE = (0.0, 0.0, 1.0, 1.0)
GREEN = (0.0, 1.0, 0.0, 1.0)
GREY = (0.2, 0.2, 0.2, 1.0)


def circle(id_: str = "c", at=(32.0, 18.0), radius=6.0, fill=RED, **kw) -> LayerPlan:
    return LayerPlan(id_, Primitive.CIRCLE, params=(("at", at), ("radius", radius), ("fill", fill)), **kw)


def film(*segments: Segment, transitions=(), background=GREY, width=W, height=H, fps=10) -> Plan:
    return Plan(width=width, height=height, fps=fps, frames=segments[-1].end_frame, seed=7,
                background=background, segments=segments, transitions=transitions)


def shot(name="a", start=0, end=10, layers=(), camera=None, grade=GradePlan()) -> Segment:
    return Segment(name=name, start_frame=start, end_frame=end, layers=tuple(layers),
                   camera=camera or CameraTrack.still(W, H), grade=grade)


def mask(img: np.ndarray, channel: int = 0) -> np.ndarray:
    """Pixels where `channel` dominates the others clearly."""
    others = np.delete(img.astype(int), channel, axis=2).max(axis=2)
    return img[..., channel].astype(int) - others > 100


def centroid(m: np.ndarray) -> tuple[float, float]:
    ys, xs = np.nonzero(m)
    assert len(xs), "nothing drawn"
    return float(xs.mean()), float(ys.mean())


def test_red_circle_in_the_centre() -> None:
    img = render_frame(film(shot(layers=[circle()])), 0)
    assert img.shape == (H, W, 3) and img.dtype == np.uint8 and img.flags.c_contiguous
    assert tuple(img[18, 32]) == (255, 0, 0)
    grey = round(0.2 * 255)
    for y, x in ((0, 0), (0, W - 1), (H - 1, 0), (H - 1, W - 1)):
        assert tuple(img[y, x]) == (grey, grey, grey)


def test_positive_pan_moves_content_right() -> None:
    camera = CameraTrack(focus=(W / 2, H / 2), pan_x=Track("pan_x", (Key(0, 0.0), Key(9, 0.25))))
    renderer = FrameRenderer(film(shot(layers=[circle()], camera=camera)))
    x0, y0 = centroid(mask(renderer.render(0)))
    x1, y1 = centroid(mask(renderer.render(9)))
    assert x1 - x0 == pytest.approx(0.25 * W, abs=1.0)
    assert y1 == pytest.approx(y0, abs=0.5)


def test_parallax_scales_the_pan() -> None:
    camera = CameraTrack(focus=(W / 2, H / 2), pan_x=Track("pan_x", (Key(0, 0.0), Key(9, 0.2))))
    layers = [circle("far", at=(14.0, 18.0), fill=RED, parallax=0.25), circle("near", at=(30.0, 18.0), fill=BLUE, parallax=1.5)]
    renderer = FrameRenderer(film(shot(layers=layers, camera=camera)))
    start, end = renderer.render(0), renderer.render(9)
    far = centroid(mask(end, 0))[0] - centroid(mask(start, 0))[0]
    near = centroid(mask(end, 2))[0] - centroid(mask(start, 2))[0]
    assert far == pytest.approx(0.25 * 0.2 * W, abs=1.0)
    assert near == pytest.approx(1.5 * 0.2 * W, abs=1.0)


def test_zoom_enlarges_about_the_focus() -> None:
    camera = CameraTrack(focus=(W / 2, H / 2), zoom=Track("zoom", (Key(0, 1.0), Key(9, 2.0))))
    renderer = FrameRenderer(film(shot(layers=[circle()], camera=camera)))
    small, big = mask(renderer.render(0)).sum(), mask(renderer.render(9)).sum()
    assert big == pytest.approx(4 * small, rel=0.15)
    assert centroid(mask(renderer.render(9))) == pytest.approx((31.5, 17.5), abs=0.5)


def test_roll_keeps_a_gradient_backdrop_edge_to_edge() -> None:
    sky = LayerPlan("sky", Primitive.GRADIENT, params=(("from", BLUE), ("to", GREEN), ("angle", 90.0)))
    camera = CameraTrack(focus=(W / 2, H / 2), roll_deg=Track("roll_deg", (Key(0, 0.0), Key(9, 30.0))),
                         zoom=Track("zoom", (Key(0, 1.0), Key(9, 0.5))))
    img = render_frame(film(shot(layers=[sky], camera=camera), background=(0.0, 0.0, 0.0, 1.0)), 9)
    assert (img.astype(int).sum(axis=2) > 100).all(), "the camera exposed the background"


def two_shots(kind: TransitionKind, **kw) -> Plan:
    a = shot("a", 0, 10, [LayerPlan("bg", Primitive.RECT, params=(("at", (32.0, 18.0)), ("size", (64.0, 36.0)), ("fill", RED)))])
    b = shot("b", 10, 20, [LayerPlan("bg", Primitive.RECT, params=(("at", (32.0, 18.0)), ("size", (64.0, 36.0)), ("fill", BLUE)))])
    return film(a, b, transitions=(TransitionPlan(kind, 6, 14, "a", "b", **kw),))


def test_dissolve_mixes_both_shots_mid_window() -> None:
    renderer = FrameRenderer(two_shots(TransitionKind.DISSOLVE))
    r, g, b = (int(v) for v in renderer.render(10)[18, 32])
    assert 90 < r < 165 and 90 < b < 165 and g == 0
    assert tuple(renderer.render(5)[18, 32]) == (255, 0, 0)
    assert tuple(renderer.render(14)[18, 32]) == (0, 0, 255)
    early, late = renderer.render(7)[18, 32], renderer.render(12)[18, 32]
    assert early[0] > early[2] and late[2] > late[0]


def test_fade_via_black_is_dark_at_the_cut() -> None:
    renderer = FrameRenderer(two_shots(TransitionKind.FADE, via=(0.0, 0.0, 0.0, 1.0)))
    assert int(renderer.render(9)[18, 32].max()) < 50 and int(renderer.render(10)[18, 32].max()) < 50
    assert int(renderer.render(6)[18, 32].max()) > 180


def test_wipe_uses_the_direction() -> None:
    img = FrameRenderer(two_shots(TransitionKind.WIPE, direction=Direction.LEFT)).render(10)
    assert img[18, 2, 0] > 200 and img[18, W - 3, 2] > 200  # b appears on the right first


def test_shots_inside_a_window_keep_their_own_time() -> None:
    # Shot b's layer enters with a fade; before b starts (local < 0) it is invisible.
    a = shot("a", 0, 10, [circle(fill=RED)])
    b = shot("b", 10, 20, [circle(fill=BLUE, enter=Effect(EffectKind.FADE, 4))])
    window = (TransitionPlan(TransitionKind.DISSOLVE, 6, 14, "a", "b"),)
    plan = film(a, b, transitions=window)
    empty_b = film(a, shot("b", 10, 20, []), transitions=window)
    assert np.array_equal(FrameRenderer(plan).render(8), FrameRenderer(empty_b).render(8))
    assert not np.array_equal(FrameRenderer(plan).render(12), FrameRenderer(empty_b).render(12))


def test_enter_fade_ramps_opacity() -> None:
    renderer = FrameRenderer(film(shot(layers=[circle(enter=Effect(EffectKind.FADE, 4))])))
    reds = [int(renderer.render(f)[18, 32, 0]) for f in range(6)]
    assert reds[0] == round(0.2 * 255)
    assert reds == sorted(reds) and reds[1] < reds[3] < reds[4] == 255


def test_exit_slide_leaves_the_frame() -> None:
    renderer = FrameRenderer(film(shot(layers=[circle(exit=Effect(EffectKind.SLIDE_RIGHT, 3))])))
    assert mask(renderer.render(9)).sum() == 0
    assert centroid(mask(renderer.render(8)))[0] > 40


def test_draw_effect_reveals_a_line_along_its_length() -> None:
    line = LayerPlan("l", Primitive.LINE, params=(("from", (4.0, 18.0)), ("to", (60.0, 18.0)), ("width", 4.0), ("color", RED)),
                     enter=Effect(EffectKind.DRAW, 8))
    renderer = FrameRenderer(film(shot(layers=[line])))
    lengths = [mask(renderer.render(f)).sum() for f in (2, 4, 8)]
    assert 0 < lengths[0] < lengths[1] < lengths[2]
    assert np.nonzero(mask(renderer.render(4)))[1].min() < 8  # drawn from its start


def test_rotate_scale_opacity_blend_and_blur_modifiers() -> None:
    bar = dict(params=(("at", (32.0, 18.0)), ("size", (40.0, 4.0)), ("fill", RED)))
    flat = render_frame(film(shot(layers=[LayerPlan("r", Primitive.RECT, **bar)])), 0)
    turned = render_frame(film(shot(layers=[LayerPlan("r", Primitive.RECT, rotate_deg=90.0, **bar)])), 0)
    ys, xs = np.nonzero(mask(turned))
    assert np.ptp(ys) > np.ptp(xs) and np.ptp(np.nonzero(mask(flat))[0]) < np.ptp(np.nonzero(mask(flat))[1])
    half = render_frame(film(shot(layers=[LayerPlan("r", Primitive.RECT, scale=0.5, **bar)])), 0)
    assert mask(half).sum() == pytest.approx(mask(flat).sum() / 4, rel=0.3)
    faint = render_frame(film(shot(layers=[LayerPlan("r", Primitive.RECT, opacity=0.5, **bar)])), 0)
    assert 150 <= faint[18, 32, 0] <= 156  # half red over grey
    added = render_frame(film(shot(layers=[LayerPlan("r", Primitive.RECT, blend=Blend.ADD, **bar)])), 0)
    assert tuple(added[18, 32]) == (255, 51, 51)
    blurred = render_frame(film(shot(layers=[LayerPlan("r", Primitive.RECT, blur_px=3.0, **bar)])), 0)
    assert (blurred[8:12, 32, 0] > 60).any() and (flat[8:12, 32, 0] == 51).all()


def test_tracks_override_params_and_modifiers() -> None:
    layer = circle(tracks=(Track("at", (Key(0, (10.0, 18.0)), Key(9, (54.0, 18.0)))),
                           Track("opacity", (Key(0, 1.0), Key(9, 0.0)))))
    renderer = FrameRenderer(film(shot(layers=[layer])))
    assert centroid(mask(renderer.render(0)))[0] < 14
    assert centroid(mask(renderer.render(5)))[0] > 30
    assert mask(renderer.render(9)).sum() == 0


def test_same_frame_twice_and_across_renderers_is_identical() -> None:
    parts = LayerPlan("p", Primitive.PARTICLES, params=(("kind", "snow"), ("count", 40), ("size", 2.0),
                                                        ("area", ((0.0, 0.0), (64.0, 36.0)))))
    plan = film(shot(layers=[circle(), parts]))
    one, two = FrameRenderer(plan), FrameRenderer(plan)
    assert np.array_equal(one.render(3), one.render(3))
    assert np.array_equal(one.render(3), two.render(3))
    assert not np.array_equal(one.render(0), one.render(6))  # the snow falls


def test_caches_do_not_change_results() -> None:
    sky = LayerPlan("sky", Primitive.GRADIENT, params=(("from", BLUE), ("to", GREEN)))
    moving = circle(tracks=(Track("at", (Key(0, (10.0, 18.0)), Key(9, (54.0, 18.0)))),))
    a = shot("a", 0, 10, [sky, circle("still", at=(50.0, 8.0), fill=RED), moving])
    b = shot("b", 10, 20, [sky, circle("still", fill=BLUE)], grade=GradePlan(lut_matrix=MONO))
    plan = film(a, b, transitions=(TransitionPlan(TransitionKind.DISSOLVE, 8, 12, "a", "b"),))
    shared = FrameRenderer(plan)
    order = [15, 3, 9, 10, 19, 3, 15, 11, 0]
    for frame in order:
        assert np.array_equal(shared.render(frame), FrameRenderer(plan).render(frame)), frame
    assert np.array_equal(shared.render_float(4), FrameRenderer(plan).render_float(4))


def test_render_float_is_premultiplied_and_ungraded() -> None:
    plan = film(shot(layers=[circle()], grade=GradePlan(lut_matrix=MONO)))
    rgba = FrameRenderer(plan).render_float(0)
    assert rgba.shape == (4, H, W) and rgba.dtype == np.float32
    assert rgba[:, 18, 32] == pytest.approx([1.0, 0.0, 0.0, 1.0])
    graded = FrameRenderer(plan).render(0)[18, 32]
    assert graded[0] == graded[1] == graded[2]


def test_other_size_keeps_the_composition() -> None:
    layer = circle(at=(16.0, 27.0), radius=5.0)
    text = LayerPlan("t", Primitive.TEXT, params=(("content", "Hi"), ("at", (44.0, 10.0)), ("size", 10.0), ("color", BLUE)))
    sky = LayerPlan("sky", Primitive.GRADIENT, params=(("from", (0.0, 0.0, 0.0, 1.0)), ("to", (0.0, 0.6, 0.0, 1.0))))
    plan = film(shot(layers=[sky, layer, text], camera=CameraTrack(focus=(W / 2, H / 2), pan_x=Track.constant("pan_x", 0.1))))
    small = render_frame(plan, 0)
    big = render_frame(plan, 0, size=(192, 108))
    assert big.shape == (108, 192, 3)
    for channel in (0, 2):
        (sx, sy), (bx, by) = centroid(mask(small, channel)), centroid(mask(big, channel))
        assert (bx + 0.5) / 192 == pytest.approx((sx + 0.5) / W, abs=0.02)
        assert (by + 0.5) / 108 == pytest.approx((sy + 0.5) / H, abs=0.03)
    assert mask(big).sum() == pytest.approx(9 * mask(small).sum(), rel=0.2)
    # The backdrop gradient runs top to bottom at both sizes.
    assert big[1, 96, 1] < 15 and big[-2, 96, 1] > 140 and small[-2, 32, 1] > 140


def test_noise_and_radial_and_star_draw() -> None:
    layers = [
        LayerPlan("n", Primitive.NOISE, params=(("kind", "clouds"), ("size", 12.0), ("speed", 0.0))),
        LayerPlan("r", Primitive.RADIAL, params=(("center", (32.0, 18.0)), ("inner", (1.0, 1.0, 0.0, 1.0)),
                                                 ("outer", (0.0, 0.0, 0.0, 0.0)), ("radius", 12.0))),
        LayerPlan("s", Primitive.STAR, params=(("at", (10.0, 10.0)), ("radius", 6.0), ("points", 5), ("inner", 0.5), ("fill", RED))),
    ]
    img = render_frame(film(shot(layers=layers)), 0)
    assert img[18, 32, 0] > 200 and img[18, 32, 1] > 200 and img[18, 32, 2] < 60
    assert img[10, 10, 0] == 255 and img.std() > 10


def test_bad_input_gives_plain_errors(tmp_path) -> None:
    plan = film(shot(layers=[circle()]))
    with pytest.raises(FrameError, match="outside the film"):
        FrameRenderer(plan).render(10)
    with pytest.raises(FrameError, match="size"):
        FrameRenderer(plan, size=(0, 10))
    picture = LayerPlan("pic", Primitive.IMAGE, params=(("path", "art/missing.png"),))
    with pytest.raises(PlanError, match=r"layer 'pic'.*art/missing.png"):
        render_frame(film(shot(layers=[picture])), 0, assets_root=str(tmp_path))
    bad = LayerPlan("bad", Primitive.CIRCLE, params=(("radius", "big"),))
    with pytest.raises(PlanError, match=r"layer 'bad'.*radius"):
        render_frame(film(shot(layers=[bad])), 0)
    with pytest.raises(PlanError, match="vignette"):
        render_frame(film(shot(layers=[circle()], grade=GradePlan(vignette=2.0))), 0)


def test_image_loads_relative_to_the_assets_root(tmp_path) -> None:
    from PIL import Image

    (tmp_path / "art").mkdir()
    Image.new("RGB", (8, 8), (0, 255, 0)).save(tmp_path / "art" / "g.png")
    picture = LayerPlan("pic", Primitive.IMAGE, params=(("path", "art/g.png"), ("at", (32.0, 18.0)), ("size", (16.0, 16.0))))
    img = render_frame(film(shot(layers=[picture])), 0, assets_root=str(tmp_path))
    assert tuple(img[18, 32]) == (0, 255, 0)


def test_modifier_tracks_must_be_numbers() -> None:
    layer = circle(tracks=(Track("opacity", (Key(0, "half"),), TrackKind.STEP),))
    with pytest.raises(PlanError, match=r"layer 'c' of segment 'a': opacity must be a number"):
        render_frame(film(shot(layers=[layer])), 0)


def test_frame_modules_import_only_the_plan_side_of_the_compiler() -> None:
    import ast
    from pathlib import Path

    allowed = ("scenec.compiler.plan", "scenec.compiler.tracks", "scenec.compiler.easing", "scenec.compiler.plan_io", "scenec.runtime",
               "scenec.lang.limits")  # the one lang module the runtime reads: a plan is untrusted input too
    root = Path(__file__).resolve().parents[2] / "runtime"
    for name in ("frame", "layers", "motion", "camera", "grading"):
        tree = ast.parse((root / f"{name}.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("scenec"):
                assert node.module.startswith(allowed), f"{name}.py imports {node.module}"


def test_static_bottom_layers_are_drawn_once_per_segment(monkeypatch) -> None:
    from scenec.runtime import layers

    calls: list[str] = []
    for primitive in (Primitive.GRADIENT, Primitive.CIRCLE):
        original = layers.DRAWERS[primitive]
        monkeypatch.setitem(layers.DRAWERS, primitive, lambda a, aff, ctx, f=original, p=primitive: calls.append(p.value) or f(a, aff, ctx))
    sky = LayerPlan("sky", Primitive.GRADIENT, params=(("from", BLUE), ("to", GREEN)))
    moving = circle(tracks=(Track("at", (Key(0, (10.0, 18.0)), Key(9, (54.0, 18.0)))),))
    renderer = FrameRenderer(film(shot(layers=[sky, moving])))
    for frame in range(5):
        renderer.render(frame)
    assert calls.count("gradient") == 1 and calls.count("circle") == 5
    calls.clear()
    still = FrameRenderer(film(shot(layers=[sky, circle()])))
    frames = [still.render(f) for f in range(5)]
    assert calls == ["gradient", "circle"] and all(np.array_equal(frames[0], f) for f in frames)
    calls.clear()
    panning = CameraTrack(focus=(W / 2, H / 2), pan_x=Track("pan_x", (Key(0, 0.0), Key(9, 0.2))))
    moving_camera = FrameRenderer(film(shot(layers=[sky, circle()], camera=panning)))
    for frame in range(3):
        moving_camera.render(frame)
    assert calls.count("gradient") == 3

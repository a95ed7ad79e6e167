"""Damage tracking: frames drawn by updating only what moved equal full redraws,
and the boxes `render_update` reports cover every pixel that changed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scenec.compiler.plan import (
    Blend, CameraTrack, GradePlan, Key, LayerPlan, Plan, Primitive, Segment, Track, TransitionKind, TransitionPlan,
)
from scenec.runtime.encode import encode_segment
from scenec.runtime.frame import FrameRenderer
from scenec.runtime.grading import compile_grade
from scenec.runtime.raster import (
    FrameUpdate, Grade, RasterError, apply_grade, clip_rect, merge_rects, to_rgb24,
)

W, H = 96, 54
SKY = LayerPlan("sky", Primitive.GRADIENT, params=(("from", (0.9, 0.5, 0.2, 1.0)), ("to", (0.1, 0.1, 0.4, 1.0))))
GRADE = GradePlan(exposure=0.3, contrast=1.2, saturation=0.8, lift=(0.02, 0.0, 0.03), vignette=0.5,
                  lut_matrix=((0.2126, 0.7152, 0.0722, 0.0),) * 3)  # the mono LUT, as the compiler lowers it


def mover(id_: str, keys: tuple[Key, ...], fill=(1.0, 0.9, 0.3, 1.0), **kw) -> LayerPlan:
    return LayerPlan(id_, Primitive.CIRCLE, params=(("radius", 7.0), ("fill", fill)), tracks=(Track("at", keys),), **kw)


def busy_shot(name: str = "a", start: int = 0, end: int = 12, grade: GradePlan = GRADE,
              camera: CameraTrack | None = None) -> Segment:
    """A backdrop, two moving circles (one screen-blended, one leaving the frame)
    and a still star above them, so static layers also sit over moving ones."""
    layers = (
        SKY,
        mover("ball", (Key(0, (10.0, 20.0)), Key(11, (80.0, 35.0)))),
        mover("glow", (Key(0, (90.0, 5.0)), Key(11, (120.0, 50.0))), fill=(0.2, 0.8, 1.0, 1.0), blend=Blend.SCREEN,
              opacity=0.7),
        LayerPlan("star", Primitive.STAR, params=(("at", (48.0, 27.0)), ("radius", 9.0), ("fill", (1.0, 1.0, 1.0, 0.8)))),
    )
    return Segment(name=name, start_frame=start, end_frame=end, layers=layers,
                   camera=camera or CameraTrack.still(W, H), grade=grade)


def plan_of(*segments: Segment, transitions: tuple[TransitionPlan, ...] = ()) -> Plan:
    return Plan(width=W, height=H, fps=12, frames=segments[-1].end_frame, seed=3, segments=segments,
                transitions=transitions)


def full_redraw(plan: Plan, frame: int) -> np.ndarray:
    """The frame composited whole and graded whole, from the public pieces."""
    rgba = FrameRenderer(plan).render_float(frame)
    grade = plan.segments[plan.segment_index_at(frame)].grade
    rgb = rgba[:3] if grade.is_identity else apply_grade(rgba[:3], compile_grade(grade), seed=plan.seed, frame_index=frame)
    return to_rgb24(rgb)


def assert_close(a: np.ndarray, b: np.ndarray, levels: int = 1) -> None:
    assert a.shape == b.shape and int(np.abs(a.astype(int) - b.astype(int)).max()) <= levels


def test_moving_layers_match_a_full_redraw_and_report_what_changed() -> None:
    plan = plan_of(busy_shot())
    renderer = FrameRenderer(plan)
    previous = None
    for frame in range(plan.frames):
        update = renderer.render_update(frame)
        assert_close(update.rgb, full_redraw(plan, frame))
        if previous is None:
            assert update.changed is None
        else:
            assert update.changed, "moving circles change something every frame"
            outside = np.ones((H, W), bool)
            for x0, y0, x1, y1 in update.changed:
                outside[y0:y1, x0:x1] = False
            assert np.array_equal(update.rgb[outside], previous[outside])
            assert outside.any(), "the boxes should be smaller than the frame"
        previous = update.rgb


def test_frames_out_of_order_and_repeated_are_the_same() -> None:
    plan = plan_of(busy_shot())
    in_order = [FrameRenderer(plan).render(f) for f in range(plan.frames)]
    renderer = FrameRenderer(plan)
    for frame in (7, 2, 2, 11, 0, 5):
        assert np.array_equal(renderer.render(frame), in_order[frame])


def test_camera_moves_transitions_and_grain_redraw_whole_frames() -> None:
    pan = CameraTrack(focus=(W / 2, H / 2), pan_x=Track("pan_x", (Key(0, 0.0), Key(11, 0.3))))
    cases = {
        "camera": plan_of(busy_shot(camera=pan)),
        "grain": plan_of(busy_shot(grade=GradePlan(grain=0.4, contrast=1.1))),
        "bloom": plan_of(busy_shot(grade=GradePlan(bloom=0.5))),
    }
    for name, plan in cases.items():
        renderer = FrameRenderer(plan)
        for frame in range(plan.frames):
            update = renderer.render_update(frame)
            assert update.changed is None, name
            assert_close(update.rgb, full_redraw(plan, frame))


def test_a_transition_between_tracked_shots_matches_full_redraws() -> None:
    a = busy_shot("a", 0, 12)
    b = busy_shot("b", 12, 24, grade=GradePlan(saturation=0.2, vignette=0.3))
    for kind in (TransitionKind.DISSOLVE, TransitionKind.WIPE, TransitionKind.IRIS):
        plan = plan_of(a, b, transitions=(TransitionPlan(kind, 8, 16, "a", "b"),))
        renderer = FrameRenderer(plan)
        reference = FrameRenderer(plan)
        for frame in range(plan.frames):
            update = renderer.render_update(frame)
            window = 8 <= frame < 16
            assert (update.changed is None) == (window or frame in (0, 16)), (kind, frame)
            if window:
                assert np.array_equal(update.rgb, reference.render(frame))
            else:
                assert_close(update.rgb, full_redraw(plan, frame))


def test_dissolves_and_fades_of_ungraded_shots_blend_their_bytes_within_a_level() -> None:
    a = busy_shot("a", 0, 12, grade=GradePlan())
    b = busy_shot("b", 12, 24, grade=GradePlan())
    for kind, via in ((TransitionKind.DISSOLVE, None), (TransitionKind.FADE, (0.3, 0.6, 0.9, 0.5))):
        plan = plan_of(a, b, transitions=(TransitionPlan(kind, 7, 17, "a", "b", via=via),))
        renderer = FrameRenderer(plan)
        for frame in range(plan.frames):
            assert_close(renderer.render(frame), full_redraw(plan, frame))


def test_a_window_of_a_frame_grades_like_the_whole_frame() -> None:
    rgb = np.random.default_rng(1).random((3, 40, 60), dtype=np.float32)
    grade = compile_grade(GRADE)
    whole = apply_grade(rgb, grade)
    part = apply_grade(rgb[:, 10:25, 7:50], grade, window=(7, 10, 60, 40))
    assert np.array_equal(part, whole[:, 10:25, 7:50])
    with pytest.raises(RasterError, match="whole frame"):
        apply_grade(rgb[:, :5, :5], Grade(grade.curves, grade.matrix, grain=0.2), window=(0, 0, 60, 40))
    with pytest.raises(RasterError, match="does not fit"):
        apply_grade(rgb[:, :5, :5], grade, window=(58, 0, 60, 40))


def test_merged_boxes_cover_the_inputs_without_overlapping() -> None:
    rng = np.random.default_rng(4)
    for _ in range(50):
        rects = []
        for _ in range(rng.integers(0, 6)):
            x0, y0 = rng.integers(0, 50, 2)
            rects.append((int(x0), int(y0), int(x0 + rng.integers(1, 20)), int(y0 + rng.integers(1, 20))))
        merged = merge_rects(rects)
        cover = np.zeros((80, 80), int)
        for x0, y0, x1, y1 in merged:
            cover[y0:y1, x0:x1] += 1
        assert cover.max() <= 1
        for x0, y0, x1, y1 in rects:
            assert cover[y0:y1, x0:x1].all()
    assert clip_rect((-5, 3, 10, 200), 8, 8) == (0, 3, 8, 8) and clip_rect((9, 0, 12, 4), 8, 8) is None


@pytest.mark.parametrize("suffix", [".mp4", ".webm"])
def test_updates_encode_to_the_same_video_as_whole_frames(tmp_path: Path, suffix: str) -> None:
    import av

    plan = plan_of(busy_shot("a", 0, 12), busy_shot("b", 12, 24, grade=GradePlan()),
                   transitions=(TransitionPlan(TransitionKind.DISSOLVE, 10, 14, "a", "b"),))
    renderer = FrameRenderer(plan)
    updates = [renderer.render_update(f) for f in range(plan.frames)]
    assert any(u.changed for u in updates)
    encode_segment(tmp_path / f"whole{suffix}", [FrameUpdate(u.rgb) for u in updates], W, H, plan.fps, "preview")
    encode_segment(tmp_path / f"boxes{suffix}", updates, W, H, plan.fps, "preview")

    def decoded(path: Path) -> list[np.ndarray]:
        with av.open(str(path)) as container:
            return [f.to_ndarray(format="yuv420p") for f in container.decode(video=0)]

    whole, boxes = decoded(tmp_path / f"whole{suffix}"), decoded(tmp_path / f"boxes{suffix}")
    assert len(whole) == len(boxes) == plan.frames
    assert all(np.array_equal(a, b) for a, b in zip(whole, boxes))

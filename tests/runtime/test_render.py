"""The render pipeline: formats read back, determinism, cache, ranges, stills, atomic output."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from scenec.compiler.plan import (
    AudioKind, AudioSource, CameraTrack, Harmonics, Key, LayerPlan, Oscillator, Plan, Primitive, Segment,
    ToneRecipe, Track, TransitionKind, TransitionPlan,
)
from scenec.runtime.encode import png_frame_path, probe
from scenec.runtime.executor import Layout, LocalExecutor, SegmentError
from scenec.runtime.frame import FrameRenderer
from scenec.runtime.render import RenderCancelled, RenderError, RenderOptions, render_film, render_still

W, H, FPS = 64, 36, 24


def _shot(name: str, start: int, end: int, color: tuple[float, ...], radius: object = 6.0) -> Segment:
    ball = LayerPlan("ball", Primitive.CIRCLE, params=(("radius", radius), ("fill", (1.0, 0.9, 0.2, 1.0))),
                     tracks=(Track("at", (Key(0, (8.0, 18.0)), Key(end - start - 1, (56.0, 18.0)))),))
    bg = LayerPlan("bg", Primitive.GRADIENT, params=(("from", color), ("to", (0.0, 0.0, 0.2, 1.0))))
    return Segment(name=name, start_frame=start, end_frame=end, camera=CameraTrack.still(W, H), layers=(bg, ball))


def _film(frames: int = 24, second_color: tuple[float, ...] = (0.1, 0.5, 0.9, 1.0), audio: bool = True) -> Plan:
    """Two shots of frames/2 each, a 4-frame dissolve between them, and a tone."""
    cut = frames // 2
    sound = (AudioSource(kind=AudioKind.TONE, start_frame=0, length_frames=frames,
                         tone=ToneRecipe(440.0, Oscillator(Harmonics.NONE))),) if audio else ()
    return Plan(width=W, height=H, fps=FPS, frames=frames, seed=3, audio=sound,
                segments=(_shot("a", 0, cut, (0.9, 0.3, 0.1, 1.0)), _shot("b", cut, frames, second_color)),
                transitions=(TransitionPlan(TransitionKind.DISSOLVE, cut - 2, cut + 2, "a", "b"),))


def _render(plan: Plan, out: Path, workers: int = 1, **options: object):
    with LocalExecutor(workers) as executor:
        return render_film(plan, RenderOptions(output=out, **options), executor=executor)


def _pngs(pattern: Path, count: int) -> list[np.ndarray]:
    return [np.asarray(Image.open(png_frame_path(pattern, i)).convert("RGB")) for i in range(count)]


def _decode(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


@pytest.mark.parametrize("suffix", [".mp4", ".webm", ".gif", ".png"])
def test_every_format_reads_back_with_its_frames_size_fps_and_sound(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"film{suffix}"
    result = _render(_film(), out)
    info = probe(out)
    assert (info["frames"], info["width"], info["height"]) == (24, W, H)
    assert result.frames == 24 and result.chunks == 2 and result.rendered_chunks == 2
    if suffix == ".png":
        assert len(list(tmp_path.iterdir())) == 24
        return
    assert info["fps"] == pytest.approx(FPS, rel=0.01)
    assert info["has_audio"] is result.audio is (suffix in (".mp4", ".webm"))
    if info["has_audio"]:
        assert info["audio_duration"] == pytest.approx(1.0, abs=0.03)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary files left


def test_png_frames_are_the_renderers_frames_and_repeat_exactly(tmp_path: Path) -> None:
    plan = _film()
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
    _render(plan, tmp_path / "one" / "f.png")
    _render(plan, tmp_path / "two" / "f.png", workers=2)
    first, second = _pngs(tmp_path / "one" / "f.png", 24), _pngs(tmp_path / "two" / "f.png", 24)
    renderer = FrameRenderer(plan)
    for index, (a, b) in enumerate(zip(first, second)):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, renderer.render(index))


def test_chunks_split_long_shots_and_join_seamlessly(tmp_path: Path) -> None:
    plan = _film(frames=120, audio=False)  # two 60-frame shots; chunks are 48 frames
    result = _render(plan, tmp_path / "f.gif", workers=2, size=(32, 18))
    assert result.chunks == 4 and probe(tmp_path / "f.gif")["frames"] == 120
    frames = _decode(tmp_path / "f.gif")
    renderer = FrameRenderer(plan, size=(32, 18))
    for index in (0, 47, 48, 59, 60, 119):  # palette quantisation: near, not exact
        assert np.abs(frames[index].astype(int) - renderer.render(index)).mean() < 3


def test_unrelated_edit_takes_the_other_shot_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    far_apart = dataclasses.replace(_film(48), transitions=())  # no dissolve ties the shots together
    first = _render(far_apart, tmp_path / "a.mp4", cache_dir=cache)
    assert (first.cached_chunks, first.rendered_chunks) == (0, 2)
    again = _render(far_apart, tmp_path / "b.mp4", cache_dir=cache)
    assert (again.cached_chunks, again.rendered_chunks) == (2, 0)
    edited = dataclasses.replace(far_apart, segments=(far_apart.segments[0], _shot("b", 24, 48, (0.2, 0.8, 0.2, 1.0))))
    third = _render(edited, tmp_path / "c.mp4", cache_dir=cache)
    assert (third.cached_chunks, third.rendered_chunks) == (1, 1)
    assert _decode(tmp_path / "c.mp4")[5].tobytes() == _decode(tmp_path / "a.mp4")[5].tobytes()
    assert not [p for p in cache.iterdir() if p.name.startswith(".")]  # scratch folders are gone


def test_a_dissolve_ties_both_shots_to_an_edit(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _render(_film(48), tmp_path / "a.gif", cache_dir=cache)
    edited = _render(_film(48, second_color=(0.2, 0.8, 0.2, 1.0)), tmp_path / "b.gif", cache_dir=cache)
    assert edited.cached_chunks == 0  # shot a's last frames show shot b


def test_an_edited_image_file_misses_the_cache(tmp_path: Path) -> None:
    Image.new("RGB", (8, 8), (200, 0, 0)).save(tmp_path / "pic.png")
    picture = LayerPlan("pic", Primitive.IMAGE, params=(("path", "pic.png"),))
    plan = Plan(width=W, height=H, fps=FPS, frames=6, seed=0, segments=(
        Segment(name="s", start_frame=0, end_frame=6, camera=CameraTrack.still(W, H), layers=(picture,)),))
    options = {"cache_dir": tmp_path / "cache", "assets_root": tmp_path}
    assert _render(plan, tmp_path / "a.gif", **options).cached_chunks == 0
    assert _render(plan, tmp_path / "b.gif", **options).cached_chunks == 1
    Image.new("RGB", (8, 8), (0, 0, 200)).save(tmp_path / "pic.png")
    assert _render(plan, tmp_path / "c.gif", **options).cached_chunks == 0


def test_a_frame_range_renders_only_those_frames(tmp_path: Path) -> None:
    plan = _film(48)
    result = _render(plan, tmp_path / "f.png", frames=(20, 30))
    assert (result.frames, result.first_frame, result.chunks) == (10, 20, 2)
    renderer = FrameRenderer(plan)
    for offset, frame in enumerate(_pngs(tmp_path / "f.png", 10)):
        np.testing.assert_array_equal(frame, renderer.render(20 + offset))
    assert not png_frame_path(tmp_path / "f.png", 10).exists()
    clip = _render(plan, tmp_path / "clip.mp4", frames=(20, 30))
    assert clip.audio and probe(tmp_path / "clip.mp4")["audio_duration"] == pytest.approx(10 / FPS, abs=0.03)


def test_no_audio_and_silent_plans_have_no_sound_track(tmp_path: Path) -> None:
    assert not probe(_render(_film(), tmp_path / "a.mp4", audio=False).output)["has_audio"]
    assert not probe(_render(_film(audio=False), tmp_path / "b.mp4").output)["has_audio"]


@pytest.mark.parametrize(("options", "message"), [
    ({"size": (63, 36)}, "even width and height"),
    ({"frames": (10, 99)}, "not a range inside the film"),
    ({"quality": "best"}, "unknown quality"),
])
def test_impossible_requests_fail_before_any_work(tmp_path: Path, options: dict, message: str) -> None:
    with pytest.raises(RenderError, match=message):
        _render(_film(), tmp_path / "f.mp4", **options)
    assert not list(tmp_path.iterdir())


def test_a_missing_folder_or_bad_extension_is_reported(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="does not exist"):
        _render(_film(), tmp_path / "nowhere" / "f.mp4")
    with pytest.raises(ValueError, match="extension must be"):
        _render(_film(), tmp_path / "f.avi")


def test_a_failed_render_leaves_nothing_behind(tmp_path: Path) -> None:
    plan = dataclasses.replace(_film(), segments=(_shot("a", 0, 12, (1.0, 0.0, 0.0, 1.0)),
                                                  _shot("b", 12, 24, (0.0, 0.0, 1.0, 1.0), radius="huge")))
    cache = tmp_path / "cache"
    (tmp_path / "out").mkdir()
    with pytest.raises(SegmentError, match="segment 'b'"):
        _render(plan, tmp_path / "out" / "f.mp4", workers=2, cache_dir=cache)
    assert not list((tmp_path / "out").iterdir())
    assert not [p for p in cache.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("layout", [Layout(1, 1), Layout(2, 1), Layout(1, 2)], ids=str)
def test_raising_from_progress_cancels_cleanly(tmp_path: Path, layout: Layout) -> None:
    seen: list[int] = []

    def stop_halfway(done: int, total: int) -> None:
        seen.append(done)
        if done >= total // 2:
            raise RenderCancelled("stop")  # how a TUI's cancel button stops a render

    cache = tmp_path / "cache"
    (tmp_path / "out").mkdir()
    with LocalExecutor(layout=layout) as executor, pytest.raises(RenderCancelled):
        render_film(_film(480, audio=False), RenderOptions(output=tmp_path / "out" / "f.mp4", cache_dir=cache),
                    executor=executor, progress=stop_halfway)
    assert seen and seen[-1] < 480
    assert not list((tmp_path / "out").iterdir())
    assert not [p for p in cache.iterdir() if p.name.startswith(".")]


def test_a_still_is_the_renderers_frame(tmp_path: Path) -> None:
    plan = _film()
    out = render_still(plan, 11, tmp_path / "still.png", size=(32, 18))
    np.testing.assert_array_equal(np.asarray(Image.open(out).convert("RGB")), FrameRenderer(plan, size=(32, 18)).render(11))
    assert [p.name for p in tmp_path.iterdir()] == ["still.png"]
    with pytest.raises(RenderError, match="outside the film"):
        render_still(plan, 24, tmp_path / "late.png")
    with pytest.raises(RenderError, match=r"\.png"):
        render_still(plan, 0, tmp_path / "still.jpg")

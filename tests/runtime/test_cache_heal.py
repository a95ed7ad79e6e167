"""The cache verifies and heals: an entry whose bytes or seal do not match is discarded with one
note and rendered again, and the film decodes to the same frames as a render without the cache."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import av
import numpy as np
import pytest

from scenec.compiler.plan import CameraTrack, Key, LayerPlan, Plan, Primitive, Segment, Track, TransitionKind, TransitionPlan
from scenec.runtime.cache import SegmentCache
from scenec.runtime.executor import LocalExecutor
from scenec.runtime.plan_part import plan_part
from scenec.runtime.render import RenderOptions, render_film

W, H, FPS = 128, 72, 12  # not tinier: x264 encodes 64x36 and 32x18 frames differently run to run


def _shot(name: str, start: int, end: int, color: tuple[float, ...]) -> Segment:
    ball = LayerPlan(f"ball-{name}", Primitive.CIRCLE, params=(("radius", 12.0), ("fill", (1.0, 0.9, 0.2, 1.0))),
                     tracks=(Track("at", (Key(0, (16.0, 36.0)), Key(end - start - 1, (112.0, 36.0)))),))
    bg = LayerPlan(f"bg-{name}", Primitive.GRADIENT, params=(("from", color), ("to", (0.0, 0.0, 0.2, 1.0))))
    return Segment(name=name, start_frame=start, end_frame=end, camera=CameraTrack.still(W, H), layers=(bg, ball))


def _film(shots: int = 2, frames_each: int = 12) -> Plan:
    colors = [(0.9, 0.3, 0.1, 1.0), (0.1, 0.5, 0.9, 1.0), (0.2, 0.8, 0.3, 1.0), (0.8, 0.8, 0.8, 1.0)]
    segments = tuple(_shot(f"s{i}", i * frames_each, (i + 1) * frames_each, colors[i % len(colors)])
                     for i in range(shots))
    # dissolves after even shots, cuts after odd ones: a part keeps the first, drops the second
    transitions = tuple(TransitionPlan(TransitionKind.DISSOLVE, (i + 1) * frames_each - 2, (i + 1) * frames_each + 2,
                                       f"s{i}", f"s{i + 1}") if i % 2 == 0 else
                        TransitionPlan(TransitionKind.CUT, (i + 1) * frames_each, (i + 1) * frames_each,
                                       f"s{i}", f"s{i + 1}") for i in range(shots - 1))
    return Plan(width=W, height=H, fps=FPS, frames=shots * frames_each, seed=5, segments=segments,
                transitions=transitions)


def _frames(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        return np.stack([frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)])


def _render(plan: Plan, output: Path, cache: Path | None, notes: list[str]):
    options = RenderOptions(output=output, audio=False, cache_dir=cache)
    with LocalExecutor(1) as executor:
        return render_film(plan, options, executor=executor, note=notes.append)


def _entries(cache: Path) -> list[Path]:
    return SegmentCache(cache).entries()


def _flip_a_bit(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x10
    path.write_bytes(bytes(data))


def _swap(a: Path, b: Path, seals: bool) -> None:
    names = [(a, b)] + ([(a.with_name(a.name + ".sum"), b.with_name(b.name + ".sum"))] if seals else [])
    for x, y in names:
        x_bytes, y_bytes = x.read_bytes(), y.read_bytes()
        x.write_bytes(y_bytes)
        y.write_bytes(x_bytes)


FAULTS = {
    "zero-length": lambda entries: entries[0].write_bytes(b""),
    "garbage": lambda entries: entries[0].write_bytes(b"\x00garbage" * 100),
    "bit flip": lambda entries: _flip_a_bit(entries[0]),
    "swapped with another's": lambda entries: _swap(entries[0], entries[1], seals=False),
    "swapped with its seal": lambda entries: _swap(entries[0], entries[1], seals=True),
    "seal missing": lambda entries: entries[0].with_name(entries[0].name + ".sum").unlink(),
    "seal garbage": lambda entries: entries[0].with_name(entries[0].name + ".sum").write_text("{not json"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_damaged_cache_entry_is_discarded_and_rendered_again(tmp_path: Path, fault: str) -> None:
    plan = _film()
    reference = _frames(_render(plan, tmp_path / "plain.mp4", None, []).output)
    cache = tmp_path / "cache"
    notes: list[str] = []
    first = _render(plan, tmp_path / "first.mp4", cache, notes)
    assert first.rendered_chunks == 2 and notes == []
    entries = _entries(cache)
    assert len(entries) == 2
    FAULTS[fault](sorted(entries))
    again = _render(plan, tmp_path / "again.mp4", cache, notes)
    damaged = 2 if fault.startswith("swapped") else 1
    assert again.rendered_chunks == damaged and again.cached_chunks == 2 - damaged
    assert len(notes) == damaged and all("discarded, rendering it again" in n for n in notes), notes
    assert np.array_equal(_frames(again.output), reference)  # decodes, and shows the right frames
    healed = _render(plan, tmp_path / "healed.mp4", cache, notes)
    assert healed.cached_chunks == 2 and len(notes) == damaged  # the cache holds good entries again


def test_each_entry_is_sealed_with_its_bytes_and_plan_part(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _render(_film(), tmp_path / "a.mp4", cache, [])
    for entry in _entries(cache):
        seal = json.loads(entry.with_name(entry.name + ".sum").read_text())
        assert seal["name"] == entry.name and entry.name.startswith(seal["plan"])
        assert seal["bytes"] == entry.stat().st_size and len(seal["sha256"]) == 64


def test_a_job_carries_only_its_part_of_the_plan(tmp_path: Path) -> None:
    plan = _film(shots=200, frames_each=2)
    whole = len(pickle.dumps(plan))
    for index in (0, 1, 100, 199):
        part, at = plan_part(plan, index)
        assert part.segments[at] == plan.segments[index] and part.frames == plan.frames
        assert len(part.segments) <= 4 and len(pickle.dumps(part)) * 20 < whole
    # drawn from its part, every frame of a film is byte-identical to one drawn from the whole plan
    small = _film(shots=4, frames_each=6)
    from scenec.runtime.frame import FrameRenderer
    whole_renderer = FrameRenderer(small)
    for index, segment in enumerate(small.segments):
        part_renderer = FrameRenderer(plan_part(small, index)[0])
        for frame in range(segment.start_frame, segment.end_frame):
            assert np.array_equal(part_renderer.render(frame), whole_renderer.render(frame)), (index, frame)


def test_a_segment_from_another_renderer_is_not_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An upgrade that changes how frames are drawn or encoded must not join old segments with new
    # ones: the key covers the runtime's files and PyAV's versions.
    import scenec.runtime.render as render_module
    from scenec.runtime.cache import renderer_key

    cache = tmp_path / "cache"
    assert _render(_film(), tmp_path / "a.mp4", cache, []).cached_chunks == 0
    assert _render(_film(), tmp_path / "b.mp4", cache, []).cached_chunks == 2
    monkeypatch.setattr(render_module, "renderer_key", lambda: "another " + renderer_key())
    assert _render(_film(), tmp_path / "c.mp4", cache, []).cached_chunks == 0

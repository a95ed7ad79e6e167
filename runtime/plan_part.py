"""The part of a plan one segment's frames are drawn from: what a segment job carries.

A render sends each chunk of frames to a worker process or a Dask worker
as a pickled `SegmentJob`. Sending the whole plan with every job makes the
work grow with the square of the film's length (a 5,000-shot film pickled
for minutes); `plan_part(plan, index)` keeps only segment `index`, the
neighbours its transitions blend it with, and those transitions. Frame
numbers, size, rate, seed and background are unchanged, and layer seeds
come from layer ids, so every frame of the segment draws byte-identically
from the part. The rest of the film becomes at most two empty stand-in
segments, so the part is still a valid `Plan`.
"""

from __future__ import annotations

import dataclasses

from scenec.compiler.plan import CameraTrack, Intent, Plan, Segment

__all__ = ["plan_part"]


def _blended_with(plan: Plan, index: int) -> set[str]:
    """Segment `index`'s name and those of the neighbours its transitions blend it with."""
    name = plan.segments[index].name
    return {name} | {other for t in plan.transitions if t.start_frame != t.end_frame and name in (t.from_segment, t.to_segment)
                     for other in (t.from_segment, t.to_segment)}


def plan_part(plan: Plan, index: int) -> tuple[Plan, int]:
    """The part of `plan` that segment `index`'s frames are drawn from, and the segment's index in it.

    Frame numbers, size, rate, seed and background stay as they are; the
    segment, the neighbours it blends with and its transitions are kept;
    the segments before and after collapse into one empty stand-in each;
    sound, intent and source map (which no frame reads) are dropped. Every
    frame of the segment draws byte-identically from the part.
    """
    keep = _blended_with(plan, index)
    kept = [i for i, segment in enumerate(plan.segments) if segment.name in keep]
    first, last = plan.segments[kept[0]], plan.segments[kept[-1]]
    taken = {segment.name for segment in plan.segments}

    def stand_in(label: str, start: int, end: int) -> Segment:
        name = f"(the rest, {label})"
        while name in taken:
            name += "'"
        return Segment(name=name, start_frame=start, end_frame=end, camera=CameraTrack(focus=first.camera.focus))

    segments = ([stand_in("before", 0, first.start_frame)] if first.start_frame > 0 else []) + \
        [plan.segments[i] for i in range(kept[0], kept[-1] + 1)] + \
        ([stand_in("after", last.end_frame, plan.frames)] if last.end_frame < plan.frames else [])
    name = plan.segments[index].name
    # A cut (no frames) to a neighbour left out is dropped with it: it draws nothing.
    transitions = tuple(t for t in plan.transitions if name in (t.from_segment, t.to_segment)
                        and {t.from_segment, t.to_segment} <= keep)
    part = dataclasses.replace(plan, segments=tuple(segments), transitions=transitions, audio=(), intent=Intent(),
                               source_map=())
    return part, next(i for i, segment in enumerate(segments) if segment.name == name)

"""The film's soundtrack from the plan: `plan.audio` entries become
`runtime.audio.Source`s (frames turned into seconds with `plan.fps`, each
keeping the recipe the compiler lowered its sound to) and are
mixed once for the whole film, not per segment, so sounds run across cuts
without seams.

A source without its own seed takes the plan's seed plus its index, so two
identical ambient beds in one film still differ and a render is repeatable.
"""

from __future__ import annotations

import numpy as np

from scenec.compiler.plan import AudioSource, Plan
from scenec.runtime.audio import Source, mix
from scenec.runtime.audio.errors import AudioError

__all__ = ["SAMPLE_RATE", "soundtrack", "source_for", "sources_for"]

SAMPLE_RATE = 48000


def source_for(entry: AudioSource, fps: int, default_seed: int) -> Source:
    """One plan audio entry as a mixer source."""
    return Source(
        kind=entry.kind.value,
        recipe=entry.recipe,
        start_s=entry.start_frame / fps,
        duration_s=entry.length_frames / fps,
        gain_db=entry.gain_db,
        fade_in_s=entry.fade_in_frames / fps,
        fade_out_s=entry.fade_out_frames / fps,
        seed=entry.seed if entry.seed is not None else default_seed,
    )


def sources_for(plan: Plan) -> tuple[Source, ...]:
    """Every sound of the plan; raises AudioError naming the bad entry."""
    sources = []
    for index, entry in enumerate(plan.audio):
        try:
            sources.append(source_for(entry, plan.fps, plan.seed + index))
        except AudioError as error:
            raise AudioError(f"audio[{index}] ({entry.kind.value}): {error}") from None
    return tuple(sources)


def soundtrack(plan: Plan, start_frame: int = 0, end_frame: int | None = None,
               sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Stereo float32 (2, samples) for film frames [start_frame, end_frame).

    A range is cut from the mix of the whole film, so its sound is exactly
    what the film has at those frames (sounds cut at the film's end fade
    there, and the mix's level is set by the whole film). An empty `plan.audio`
    gives silence of the right length.
    """
    end = plan.frames if end_frame is None else end_frame
    if not 0 <= start_frame < end <= plan.frames:
        raise AudioError(f"audio frames {start_frame}..{end} are outside the film (0..{plan.frames})")
    first = round(start_frame * sample_rate / plan.fps)
    count = round((end - start_frame) * sample_rate / plan.fps)
    mixed = mix(sources_for(plan), plan.frames / plan.fps, sample_rate)[:, first:first + count]
    if mixed.shape[1] < count:  # rounding of the two lengths can differ by a sample
        mixed = np.pad(mixed, ((0, 0), (0, count - mixed.shape[1])))
    return np.ascontiguousarray(mixed)

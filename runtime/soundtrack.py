"""The film's soundtrack from the plan: `plan.audio` entries become
`runtime.audio.Source`s (frames turned into seconds with `plan.fps`, each
keeping the recipe the compiler lowered its sound to) and are
mixed for the film, not per segment, so sounds run across cuts without
seams. Only the frames asked for are synthesised (`soundtrack(plan, A, B)`),
and `soundtrack_blocks` streams a range in blocks, so neither work nor memory
grows with the film's length.

A source without its own seed takes the plan's seed plus its index, so two
identical ambient beds in one film still differ and a render is repeatable.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from scenec.compiler.plan import AudioSource, Plan
from scenec.runtime.audio import Source, dsp, mix
from scenec.runtime.audio.mix import BLOCK_S
from scenec.runtime.audio.errors import AudioError

__all__ = ["SAMPLE_RATE", "soundtrack", "soundtrack_blocks", "source_for", "sources_for"]

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

    Only the sound of those frames is synthesised and mixed, and every sample
    is what the whole film has there (sounds cut at the film's end fade there;
    the mix's limiter works sample by sample), so a range costs what its length
    costs, however long the film. An empty `plan.audio` gives silence of the
    right length.
    """
    end = plan.frames if end_frame is None else end_frame
    if not 0 <= start_frame < end <= plan.frames:
        raise AudioError(f"audio frames {start_frame}..{end} are outside the film (0..{plan.frames})")
    first = round(start_frame * sample_rate / plan.fps)
    return _samples(plan, first, round((end - start_frame) * sample_rate / plan.fps), sample_rate)


def soundtrack_blocks(plan: Plan, start_frame: int = 0, end_frame: int | None = None,
                      sample_rate: int = SAMPLE_RATE, block_frames: int | None = None) -> Iterator[np.ndarray]:
    """The soundtrack of frames [start_frame, end_frame) as consecutive arrays of at most
    `block_frames` frames each (by default BLOCK_S seconds): memory for a block, not the film.
    Joined, they are `soundtrack(plan, start_frame, end_frame)` sample for sample."""
    end = plan.frames if end_frame is None else end_frame
    if not 0 <= start_frame < end <= plan.frames:
        raise AudioError(f"audio frames {start_frame}..{end} are outside the film (0..{plan.frames})")
    step = block_frames or max(1, int(BLOCK_S * plan.fps))
    first_sample = round(start_frame * sample_rate / plan.fps)
    done = 0
    total = round((end - start_frame) * sample_rate / plan.fps)
    for frame in range(start_frame, end, step):
        upto = min(end, frame + step)
        # Sample boundaries from the range's start, so blocks join without a gap or an overlap.
        stop = round((upto - start_frame) * sample_rate / plan.fps) if upto < end else total
        block = _samples(plan, first_sample + done, stop - done, sample_rate)
        done = stop
        yield block


def _samples(plan: Plan, first: int, count: int, sample_rate: int) -> np.ndarray:
    """`count` samples from sample `first`; the range's and the film's rounded sample counts
    can differ by one at the film's end, where silence fills in."""
    total_s = plan.frames / plan.fps
    inside = max(0, min(count, dsp.n_samples(total_s, sample_rate) - first))
    if inside == 0:
        return np.zeros((2, count), np.float32)
    mixed = mix(sources_for(plan), total_s, sample_rate, first, inside)
    if mixed.shape[1] < count:
        mixed = np.pad(mixed, ((0, 0), (0, count - mixed.shape[1])))
    return np.ascontiguousarray(mixed)

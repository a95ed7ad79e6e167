"""A procedural score from its recipe: `music(recipe, 30.0, 48000, seed)`.

The recipe (`plan.MusicRecipe`, lowered by the compiler from a music mood
of the knowledge registry) gives the key, scale, chord progression, tempo,
texture and the lead's and bass's oscillators. The score has four parts: a
pad holding each chord, a bass on the roots, a melody that repeats a
four-bar motif drawn from the scale, and soft drums when the recipe has
percussion. Pad and bass sit below 3 kHz, so they are rendered at a quarter
of the sample rate and resampled once; melody and drums at full rate.

Every note's time is its place in the piece (chord, bar and phrase counted
from the start), so `music(..., first, count)` renders any window of a long
piece as that part of the whole: a long film's score is rendered in blocks
that join with no restart and no seam.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenec.compiler.plan import MusicRecipe
from scenec.runtime.audio import dsp
from scenec.runtime.audio.errors import AudioError

__all__ = ["MIN_TEMPO_BPM", "MAX_TEMPO_BPM", "check_tempo", "midi_to_hz", "music"]

TARGET_RMS_DB = -18.0
PEAK_DB = -3.0
MIN_TEMPO_BPM = 20.0
MAX_TEMPO_BPM = 300.0
_BEATS_PER_BAR = 4
_BASS_TOP_HZ = 1500.0
_LEAD_TOP_HZ = 6000.0
_MARGIN_S = 1.0  # rendered beyond a window each side, then dropped
_LEVEL_S = 12.0  # the level of a piece is set from its first this many seconds
_DRUM_S = 0.3  # the longest drum sound


def midi_to_hz(note: float) -> float:
    return 440.0 * 2.0 ** ((note - 69) / 12)


def check_tempo(tempo_bpm: float) -> None:
    if not MIN_TEMPO_BPM <= tempo_bpm <= MAX_TEMPO_BPM:
        raise AudioError(f"music tempo must be between {MIN_TEMPO_BPM:g} and {MAX_TEMPO_BPM:g} bpm, got {tempo_bpm:g}")


@dataclass(frozen=True, slots=True)
class Note:
    start_s: float
    length_s: float
    midi: float
    gain: float
    position: float = 0.0  # stereo, -1 .. 1


def _chord(scale: tuple[int, ...], degree: int, sevenths: bool) -> list[int]:
    """Semitones above the tonic of a diatonic chord built in thirds."""
    steps = (0, 2, 4, 6) if sevenths else (0, 2, 4)
    return [scale[(degree + s) % 7] + 12 * ((degree + s) // 7) for s in steps]


def _voice(chord: list[int], tonic_midi: int, low: int = 53, high: int = 72) -> list[int]:
    """Fold chord tones into one octave band so chords move smoothly instead of jumping."""
    notes = []
    for interval in chord:
        note = tonic_midi + interval
        while note < low:
            note += 12
        while note > high:
            note -= 12
        notes.append(note)
    return sorted(set(notes))


Score = tuple[list[Note], list[Note], list[Note], list[tuple[float, str, float]]]


def _motif(prof: MusicRecipe, rng: np.random.Generator) -> list[tuple[float, float, int | None]]:
    """One four-bar motif in scale steps, reused so the tune is recognisable:
    (beat offset, length in beats, step or None for a rest)."""
    motif: list[tuple[float, float, int | None]] = []
    step_len = 1.0 / prof.notes_per_beat
    beat, step = 0.0, int(rng.integers(0, 5))
    while beat < 4 * _BEATS_PER_BAR - 1e-9:
        length = step_len * float(rng.choice((1, 1, 1, 2))) if prof.notes_per_beat > 0.6 else step_len
        rest = rng.random() < prof.rest_chance and beat % _BEATS_PER_BAR != 0
        motif.append((beat, min(length, 4 * _BEATS_PER_BAR - beat), None if rest else step))
        step = int(np.clip(step + rng.choice((-2, -1, -1, 1, 1, 2, 0)), -2, 9))
        beat += length
    return motif


def _lift(seed: int, phrase: int) -> int:
    """The melody's variation on phrase `phrase`: drawn from that phrase's own generator, so
    the tune at any bar is the same whichever part of the piece is rendered."""
    return int(dsp.rng_for(seed, "music", "phrase", str(phrase)).choice((0, 0, 2))) if phrase else 0


def _score(prof: MusicRecipe, beat_s: float, duration_s: float, seed: int, t0: float, t1: float) -> Score:
    """The notes of a piece `duration_s` long that sound in [t0, t1) seconds. Every note's
    time is its place in the piece (chord, bar and phrase numbers count from the piece's
    start), so a window of the score is the matching part of the whole one."""
    scale = prof.scale
    tonic = 48 + prof.tonic_pc  # C3 .. B3
    bar_s = beat_s * _BEATS_PER_BAR
    chord_s = bar_s * prof.bars_per_chord
    phrase_s = 4 * bar_s
    pads: list[Note] = []
    bass: list[Note] = []
    melody: list[Note] = []
    drums: list[tuple[float, str, float]] = []
    end_s = min(duration_s, t1)

    # Two chords back: a chord's pad and last bass note ring a little past its end.
    for chord_index in range(max(0, int(t0 // chord_s) - 2), int(np.ceil(end_s / chord_s)) + 1):
        t = chord_index * chord_s
        if t >= end_s:
            break
        degree = prof.progression[chord_index % len(prof.progression)]
        chord = _chord(scale, degree, prof.sevenths)
        length = min(chord_s, duration_s - t)
        for i, note in enumerate(_voice(chord, tonic + 12)):
            pads.append(Note(t, length, note, prof.pad_level, (-0.5, 0.5, -0.2, 0.2)[i % 4]))
        root = tonic - 12 + scale[degree % 7]
        for bar in range(prof.bars_per_chord):
            for onset in prof.bass_pattern:
                at = t + bar * bar_s + onset * beat_s
                if at < duration_s:
                    bass.append(Note(at, min(beat_s * (4 if len(prof.bass_pattern) == 1 else 0.9), duration_s - at), root, 1.0))

    motif = _motif(prof, dsp.rng_for(seed, "music"))
    for phrase in range(max(0, int(t0 // phrase_s) - 1), int(np.ceil(end_s / phrase_s)) + 1):
        start = phrase * phrase_s
        if start >= end_s:
            break
        lift = _lift(seed, phrase)
        for offset, length_beats, scale_step in motif:
            at = start + offset * beat_s
            if scale_step is None or at >= duration_s:
                continue
            s = scale_step + lift
            midi = tonic + 24 + scale[s % 7] + 12 * (s // 7)
            melody.append(Note(at, length_beats * beat_s, midi, 0.8 + 0.2 * (offset % _BEATS_PER_BAR == 0), 0.1))

    if prof.percussion:
        half_s = beat_s / 2
        for b in range(max(0, int((t0 - _DRUM_S) // half_s) - 1), int(np.ceil(end_s / half_s)) + 1):
            at = b * half_s
            if at >= end_s:
                break
            on_beat = b % 2 == 0
            beat_in_bar = (b // 2) % _BEATS_PER_BAR
            if on_beat and beat_in_bar in (0, 2):
                drums.append((at, "kick", 1.0))
            if on_beat and beat_in_bar in (1, 3):
                drums.append((at, "snare", 0.6))
            drums.append((at, "hat", 0.35 if on_beat else 0.2))
    return pads, bass, melody, drums


def _render(notes: list[Note], first: int, count: int, n: int, sr: int, table: np.ndarray, attack_s: float,
            release_s: float, decay_s: float | None = None) -> np.ndarray:
    """Samples [first, first + count) of the notes played in a piece n samples long."""
    out = np.zeros((2, count), np.float32)
    for note in notes:
        start = int(note.start_s * sr)
        tail = release_s if decay_s is None else 0.0
        length = min(n - start, int((note.length_s + tail) * sr))
        lo, hi = max(start, first), min(start + length, first + count)
        if length <= 0 or lo >= hi:
            continue
        freq = midi_to_hz(note.midi)
        wave = dsp.play_table(table, freq, length, sr, phase0=(note.midi * 0.137) % 1.0)
        if decay_s is None:
            env = dsp.adsr(length, sr, attack_s, release_s)
        else:
            env = dsp.decay(length, sr, decay_s, attack_s) * dsp.adsr(length, sr, 0.0, 0.03)
        voice = (wave * env)[lo - start:hi - start] * note.gain
        out[:, lo - first:hi - first] += dsp.pan(voice, note.position)
    return out


def _drums(hits: list[tuple[float, str, float]], first: int, count: int, sr: int, seed: int) -> np.ndarray:
    """Samples [first, first + count) of the drum hits; the hits' sounds are drawn once per seed."""
    rng = dsp.rng_for(seed, "music", "drums")
    kick_n, snare_n, hat_n = int(0.3 * sr), int(0.18 * sr), int(0.05 * sr)
    kick = dsp.sweep_sine(130, 45, kick_n, sr, 0.3) * dsp.decay(kick_n, sr, 0.3)
    snare = (dsp.shaped_noise(rng, snare_n, sr, dsp.bandpass(900, 6000, 1), 1)[0] * 0.6
             + 0.5 * dsp.sweep_sine(200, 160, snare_n, sr)) * dsp.decay(snare_n, sr, 0.16)
    hat = dsp.shaped_noise(rng, hat_n, sr, dsp.highpass(7000, 2), 1)[0] * dsp.decay(hat_n, sr, 0.05, 0.0005)
    # One grain's length of room before the window, so a hit begun there still rings into it.
    room = kick_n
    out = np.zeros(count + room, np.float32)
    for name, grain, level in (("kick", kick, 0.9), ("snare", snare, 0.35), ("hat", hat, 0.12)):
        chosen = [(at, gain) for at, kind, gain in hits if kind == name and first - room <= int(at * sr) < first + count]
        if chosen:
            starts = np.array([int(at * sr) - first + room for at, _ in chosen])
            gains = np.array([g for _, g in chosen], np.float32)[:, None]
            out += level * dsp.scatter(count + room, starts, grain[None, :] * gains)
    return np.stack([out[room:], out[room:]])


def _raw(recipe: MusicRecipe, n: int, sr: int, seed: int, first: int, count: int) -> np.ndarray:
    """Samples [first, first + count) of the score n samples long, before its level is set."""
    beat_s = 60.0 / recipe.tempo_bpm
    # Pad and bass are rendered at a quarter rate over the window and a margin each side, then
    # resampled by FFT: the margin takes the FFT's wrap-around ringing, away from the window.
    factor = 4 if sr % 4 == 0 else 1
    low_sr = sr // factor
    margin = dsp.n_samples(_MARGIN_S, low_sr)
    j0, j1 = first // factor - margin, -(-(first + count) // factor) + margin
    pads, bass, melody, hits = _score(recipe, beat_s, n / sr, seed, j0 / low_sr, j1 / low_sr)

    m = -(-n // factor)
    harmonics = np.array([1.0 / k ** (2.2 - recipe.brightness) for k in range(1, 13)])
    pad_table = dsp.wavetable(harmonics[: max(1, int((low_sr / 2) / midi_to_hz(73)))])
    # Overtones stop near _BASS_TOP_HZ for the highest bass note: it supports, it does not buzz.
    tonic = 48 + recipe.tonic_pc
    highest_bass = midi_to_hz(max(tonic - 12 + recipe.scale[d % 7] for d in recipe.progression))
    bass_table = dsp.band_limited_table(recipe.bass, highest_bass * (low_sr / 2) / _BASS_TOP_HZ, low_sr)
    low = 0.35 * _render(pads, j0, j1 - j0, m, low_sr, pad_table, attack_s=0.4, release_s=0.6)
    low += 0.55 * _render(bass, j0, j1 - j0, m, low_sr, bass_table, attack_s=0.01, release_s=0.15)
    if factor > 1:
        low = dsp.upsample(low, factor * (j1 - j0))
    out = np.ascontiguousarray(low[:, first - factor * j0:first - factor * j0 + count])

    # The highest melody note the piece can play (its motif, lifted), whatever the window.
    steps = [s + 2 for _, _, s in _motif(recipe, dsp.rng_for(seed, "music")) if s is not None]
    top = max((tonic + 24 + recipe.scale[s % 7] + 12 * (s // 7) for s in steps), default=60)
    # The lead's overtones stop near _LEAD_TOP_HZ, so even a saw lead stays soft beside the pad.
    lead = dsp.band_limited_table(recipe.lead, midi_to_hz(top) * (sr / 2) / _LEAD_TOP_HZ, sr)
    out += 0.4 * _render(melody, first, count, n, sr, lead, attack_s=0.005, release_s=0.2, decay_s=1.6)
    if hits:
        out += _drums(hits, first, count, sr, seed)
    return out


def music(recipe: MusicRecipe, duration_s: float = 10.0, sr: int = 48000, seed: int = 0,
          first: int = 0, count: int | None = None) -> np.ndarray:
    """Samples [first, first + count) (by default all) of the score `duration_s` long, as
    (2, count) float32 at about -18 dBFS RMS.

    The score is a function of time in the piece, so windows of one piece join into it:
    each window is scaled by the gain that sets the level of the piece's first _LEVEL_S
    seconds (all of a shorter piece), not by its own loudness.
    """
    check_tempo(recipe.tempo_bpm)
    count = dsp.sample_range("music", duration_s, sr, first, count)
    n = dsp.n_samples(duration_s, sr)
    if count == 0:
        return np.zeros((2, 0), np.float32)
    out = _raw(recipe, n, sr, seed, first, count)
    level_n = min(n, dsp.n_samples(_LEVEL_S, sr))
    reference = out if (first, count) == (0, level_n) else _raw(recipe, n, sr, seed, 0, level_n)
    gain = _gain(reference)
    return (out * np.float32(gain)).astype(np.float32)


def _gain(x: np.ndarray) -> float:
    """The gain `dsp.normalize_rms` would give x: -18 dBFS RMS, peaks at most PEAK_DB."""
    rms = float(np.sqrt(np.mean(x.astype(np.float64) ** 2))) if x.size else 0.0
    if rms < 1e-9:
        return 1.0
    gain = dsp.db_to_gain(TARGET_RMS_DB) / rms
    peak = float(np.max(np.abs(x))) * gain
    return gain * min(1.0, dsp.db_to_gain(PEAK_DB) / peak) if peak > 0 else gain

"""A procedural score from its recipe: `music(recipe, 30.0, 48000, seed)`.

The recipe (`plan.MusicRecipe`, lowered by the compiler from a music mood
of the knowledge registry) gives the key, scale, chord progression, tempo,
texture and the lead's and bass's oscillators. The score has four parts: a
pad holding each chord, a bass on the roots, a melody that repeats a
four-bar motif drawn from the scale, and soft drums when the recipe has
percussion. Pad and bass sit below 3 kHz, so they are rendered at a quarter
of the sample rate and resampled once; melody and drums at full rate.
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


def _score(prof: MusicRecipe, beat_s: float, duration_s: float,
           rng: np.random.Generator) -> tuple[list[Note], list[Note], list[Note], list[tuple[float, str, float]]]:
    scale = prof.scale
    tonic = 48 + prof.tonic_pc  # C3 .. B3
    bar_s = beat_s * _BEATS_PER_BAR
    chord_s = bar_s * prof.bars_per_chord
    pads: list[Note] = []
    bass: list[Note] = []
    melody: list[Note] = []
    drums: list[tuple[float, str, float]] = []

    # One four-bar motif in scale steps, reused so the tune is recognisable.
    motif: list[tuple[float, float, int | None]] = []  # (beat offset, length in beats, step or rest)
    step_len = 1.0 / prof.notes_per_beat
    beat, step = 0.0, int(rng.integers(0, 5))
    while beat < 4 * _BEATS_PER_BAR - 1e-9:
        length = step_len * float(rng.choice((1, 1, 1, 2))) if prof.notes_per_beat > 0.6 else step_len
        rest = rng.random() < prof.rest_chance and beat % _BEATS_PER_BAR != 0
        motif.append((beat, min(length, 4 * _BEATS_PER_BAR - beat), None if rest else step))
        step = int(np.clip(step + rng.choice((-2, -1, -1, 1, 1, 2, 0)), -2, 9))
        beat += length

    chord_index = 0
    t = 0.0
    while t < duration_s:
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
        t += chord_s
        chord_index += 1

    bars = int(np.ceil(duration_s / bar_s))
    for phrase_bar in range(0, bars, 4):
        start = phrase_bar * bar_s
        lift = int(rng.choice((0, 0, 2))) if phrase_bar else 0  # a variation on repeats
        for offset, length_beats, scale_step in motif:
            at = start + offset * beat_s
            if scale_step is None or at >= duration_s:
                continue
            s = scale_step + lift
            midi = tonic + 24 + scale[s % 7] + 12 * (s // 7)
            melody.append(Note(at, length_beats * beat_s, midi, 0.8 + 0.2 * (offset % _BEATS_PER_BAR == 0), 0.1))

    if prof.percussion:
        for b in range(int(np.ceil(duration_s / beat_s)) * 2):
            at = b * beat_s / 2
            if at >= duration_s:
                break
            on_beat = b % 2 == 0
            beat_in_bar = (b // 2) % _BEATS_PER_BAR
            if on_beat and beat_in_bar in (0, 2):
                drums.append((at, "kick", 1.0))
            if on_beat and beat_in_bar in (1, 3):
                drums.append((at, "snare", 0.6))
            drums.append((at, "hat", 0.35 if on_beat else 0.2))
    return pads, bass, melody, drums


def _render(notes: list[Note], n: int, sr: int, table: np.ndarray, attack_s: float,
            release_s: float, decay_s: float | None = None) -> np.ndarray:
    out = np.zeros((2, n), np.float32)
    for note in notes:
        start = int(note.start_s * sr)
        tail = release_s if decay_s is None else 0.0
        length = min(n - start, int((note.length_s + tail) * sr))
        if length <= 0:
            continue
        freq = midi_to_hz(note.midi)
        wave = dsp.play_table(table, freq, length, sr, phase0=(note.midi * 0.137) % 1.0)
        if decay_s is None:
            env = dsp.adsr(length, sr, attack_s, release_s)
        else:
            env = dsp.decay(length, sr, decay_s, attack_s) * dsp.adsr(length, sr, 0.0, 0.03)
        out[:, start:start + length] += dsp.pan(wave * env * note.gain, note.position)
    return out


def _drums(hits: list[tuple[float, str, float]], n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    kick_n, snare_n, hat_n = int(0.3 * sr), int(0.18 * sr), int(0.05 * sr)
    kick = dsp.sweep_sine(130, 45, kick_n, sr, 0.3) * dsp.decay(kick_n, sr, 0.3)
    snare = (dsp.shaped_noise(rng, snare_n, sr, dsp.bandpass(900, 6000, 1), 1)[0] * 0.6
             + 0.5 * dsp.sweep_sine(200, 160, snare_n, sr)) * dsp.decay(snare_n, sr, 0.16)
    hat = dsp.shaped_noise(rng, hat_n, sr, dsp.highpass(7000, 2), 1)[0] * dsp.decay(hat_n, sr, 0.05, 0.0005)
    out = np.zeros(n, np.float32)
    for name, grain, level in (("kick", kick, 0.9), ("snare", snare, 0.35), ("hat", hat, 0.12)):
        chosen = [(at, gain) for at, kind, gain in hits if kind == name]
        if chosen:
            starts = np.array([int(at * sr) for at, _ in chosen])
            gains = np.array([g for _, g in chosen], np.float32)[:, None]
            out += level * dsp.scatter(n, starts, grain[None, :] * gains)
    return np.stack([out, out])


def music(recipe: MusicRecipe, duration_s: float = 10.0, sr: int = 48000, seed: int = 0) -> np.ndarray:
    """Render the score as (2, n) float32 at about -18 dBFS RMS."""
    check_tempo(recipe.tempo_bpm)
    if not duration_s >= 0:
        raise AudioError(f"music duration must be zero or more seconds, got {duration_s}")
    rng = dsp.rng_for(seed, "music")
    n = dsp.n_samples(duration_s, sr)
    if n == 0:
        return np.zeros((2, 0), np.float32)
    pads, bass, melody, hits = _score(recipe, 60.0 / recipe.tempo_bpm, duration_s, rng)

    low_sr = sr // 4
    m = dsp.n_samples(duration_s, low_sr)
    harmonics = np.array([1.0 / k ** (2.2 - recipe.brightness) for k in range(1, 13)])
    pad_table = dsp.wavetable(harmonics[: max(1, int((low_sr / 2) / midi_to_hz(73)))])
    # Overtones stop near _BASS_TOP_HZ for the highest bass note: it supports, it does not buzz.
    highest_bass = midi_to_hz(max((note.midi for note in bass), default=48.0))
    bass_table = dsp.band_limited_table(recipe.bass, highest_bass * (low_sr / 2) / _BASS_TOP_HZ, low_sr)
    low = 0.35 * _render(pads, m, low_sr, pad_table, attack_s=0.4, release_s=0.6)
    low += 0.55 * _render(bass, m, low_sr, bass_table, attack_s=0.01, release_s=0.15)
    out = dsp.upsample(low, n)

    top = max((note.midi for note in melody), default=60.0)
    # The lead's overtones stop near _LEAD_TOP_HZ, so even a saw lead stays soft beside the pad.
    lead = dsp.band_limited_table(recipe.lead, midi_to_hz(top) * (sr / 2) / _LEAD_TOP_HZ, sr)
    out += 0.4 * _render(melody, n, sr, lead, attack_s=0.005, release_s=0.2, decay_s=1.6)
    if hits:
        out += _drums(hits, n, sr, rng)
    return dsp.normalize_rms(out, TARGET_RMS_DB, PEAK_DB)

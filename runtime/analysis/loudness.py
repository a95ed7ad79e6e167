"""Integrated loudness (ITU-R BS.1770-4) and sample peak of decoded audio.

The K-weighting pre-filter is the standard two-biquad cascade, derived for
any sample rate by the bilinear transform of its analogue prototype (the
libebur128 / pyloudnorm formulation, which reproduces the 48 kHz
coefficients printed in the recommendation). A Python loop over samples
would take seconds per minute of audio, so the cascade is applied as its
impulse response (it decays to nothing within a few thousand samples) by
FFT overlap-add, which is exact to float precision and vectorised.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

BLOCK_S = 0.4
OVERLAP = 0.75
ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
# Peaks below this are decoder dust on digital silence, not sound.
SILENCE_DBFS = -120.0
IMPULSE_LENGTH = 16384
CHUNK = 1 << 17


@dataclass(frozen=True, slots=True)
class AudioLevels:
    """`loudness_lufs` and `peak_db` are None when they are minus infinity (silence)."""

    present: bool
    loudness_lufs: float | None
    peak_db: float | None


def k_weighting(rate_hz: float) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """((b, a) of the high-shelf stage, (b, a) of the high-pass stage) at `rate_hz`."""
    gain_db, q, fc = 3.999843853973347, 0.7071752369554196, 1681.974450955533
    k = math.tan(math.pi * fc / rate_hz)
    vh = 10.0 ** (gain_db / 20.0)
    vb = vh**0.4996667741545416
    a0 = 1.0 + k / q + k * k
    shelf_b = np.array([(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0])
    shelf_a = np.array([1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0])
    q, fc = 0.5003270373238773, 38.13547087602444
    k = math.tan(math.pi * fc / rate_hz)
    a0 = 1.0 + k / q + k * k
    pass_b = np.array([1.0, -2.0, 1.0])
    pass_a = np.array([1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0])
    return (shelf_b, shelf_a), (pass_b, pass_a)


def _response(b: np.ndarray, a: np.ndarray, n_fft: int) -> np.ndarray:
    z = np.exp(-1j * np.pi * np.arange(n_fft // 2 + 1) / (n_fft // 2))
    return np.polyval(b[::-1], z) / np.polyval(a[::-1], z)


def k_weighting_gain_db(rate_hz: float, freq_hz: float) -> float:
    """Gain of the K-weighting cascade at one frequency, for checks and reports."""
    z = np.exp(-2j * np.pi * freq_hz / rate_hz)
    total = 1.0 + 0j
    for b, a in k_weighting(rate_hz):
        total *= np.polyval(b[::-1], z) / np.polyval(a[::-1], z)
    return float(20.0 * np.log10(abs(total)))


def _impulse_response(rate_hz: float) -> np.ndarray:
    n_fft = 4 * IMPULSE_LENGTH
    (b1, a1), (b2, a2) = k_weighting(rate_hz)
    spectrum = _response(b1, a1, n_fft) * _response(b2, a2, n_fft)
    return np.fft.irfft(spectrum, n=n_fft)[:IMPULSE_LENGTH]


def k_filter(samples: np.ndarray, rate_hz: float) -> np.ndarray:
    """K-weighted copy of (channels, n) samples, same shape."""
    h = _impulse_response(rate_hz)
    channels, n = samples.shape
    n_fft = 1 << (CHUNK + len(h) - 1).bit_length()
    spectrum_h = np.fft.rfft(h, n=n_fft)
    out = np.zeros((channels, n + len(h) - 1))
    for start in range(0, n, CHUNK):
        piece = samples[:, start : start + CHUNK]
        conv = np.fft.irfft(np.fft.rfft(piece, n=n_fft, axis=1) * spectrum_h, n=n_fft, axis=1)
        length = piece.shape[1] + len(h) - 1
        out[:, start : start + length] += conv[:, :length]
    return out[:, :n]


def channel_weight(name: str) -> float:
    """BS.1770 channel weight: surrounds count 1.41, the LFE not at all, the rest 1."""
    if name == "LFE" or name.startswith("LFE"):
        return 0.0
    if name in {"SL", "SR", "BL", "BR", "BC", "LS", "RS"}:
        return 1.41
    return 1.0


def integrated_loudness(samples: np.ndarray, rate_hz: float, channel_names: tuple[str, ...] = ()) -> float:
    """Gated integrated loudness in LUFS; minus infinity when every block is gated out."""
    if samples.ndim != 2 or samples.shape[1] == 0:
        return -math.inf
    weighted = k_filter(samples, rate_hz)
    names = channel_names if len(channel_names) == samples.shape[0] else ("FL",) * samples.shape[0]
    gains = np.array([channel_weight(n) for n in names])
    block = int(round(BLOCK_S * rate_hz))
    step = max(1, int(round(block * (1.0 - OVERLAP))))
    n = weighted.shape[1]
    # Audio shorter than one block is measured as a single (short) block.
    block = min(block, n)
    starts = np.arange(0, n - block + 1, step)
    sums = np.concatenate([np.zeros((weighted.shape[0], 1)), np.cumsum(weighted**2, axis=1)], axis=1)
    power = (sums[:, starts + block] - sums[:, starts]) / block
    total = gains @ power
    with np.errstate(divide="ignore"):
        block_lufs = -0.691 + 10.0 * np.log10(total)
    above = total[block_lufs > ABSOLUTE_GATE_LUFS]
    if len(above) == 0:
        return -math.inf
    relative_gate = -0.691 + 10.0 * math.log10(above.mean()) + RELATIVE_GATE_LU
    gated = total[(block_lufs > ABSOLUTE_GATE_LUFS) & (block_lufs > relative_gate)]
    if len(gated) == 0:
        return -math.inf
    return -0.691 + 10.0 * math.log10(gated.mean())


def audio_levels(samples: np.ndarray | None, rate_hz: float = 48000, channel_names: tuple[str, ...] = ()) -> AudioLevels:
    """Presence, loudness and sample peak; absent audio and digital silence are `present=False`."""
    if samples is None or samples.size == 0:
        return AudioLevels(present=False, loudness_lufs=None, peak_db=None)
    peak = float(np.abs(samples).max())
    peak_db = 20.0 * math.log10(peak) if peak > 0 else -math.inf
    if peak_db < SILENCE_DBFS:
        return AudioLevels(present=False, loudness_lufs=None, peak_db=None)
    loudness = integrated_loudness(samples, rate_hz, channel_names)
    return AudioLevels(
        present=True,
        loudness_lufs=loudness if math.isfinite(loudness) else None,
        peak_db=peak_db,
    )

"""Cut detection: hard cuts found, dissolves, flashes and motion ignored."""

from __future__ import annotations

import numpy as np
from analysis_films import texture, view

from scenec.runtime.analysis import analyze

A_BIG = texture(3, 400, 600)
B_BIG = texture(4, 400, 600)
A = view(A_BIG, 300, 200)
B = view(B_BIG, 300, 200)


def test_hard_cut_is_found_at_its_frame(film):
    assert analyze(film([A] * 17 + [B] * 13)).cuts == (17,)


def test_cut_between_same_coloured_pictures_is_found_while_panning(film):
    # Both shots share one colour distribution, so only the layout betrays the cut.
    frames = [view(A_BIG, 300 - 3 * t, 200) for t in range(14)] + [view(B_BIG, 300 - 3 * t, 200) for t in range(14)]
    assert analyze(film(frames)).cuts == (14,)


def test_dissolve_is_not_a_string_of_cuts(film):
    mix = [(A * (1 - k / 11) + B * (k / 11)).astype(np.uint8) for k in range(1, 11)]
    cuts = analyze(film([A] * 12 + mix + [B] * 12)).cuts
    assert len(cuts) <= 1
    assert all(12 <= c <= 23 for c in cuts)


def test_white_flash_is_not_a_cut(film):
    frames = [A] * 12 + [np.full_like(A, 255)] * 2 + [A] * 12
    assert analyze(film(frames)).cuts == ()


def test_jolt_of_motion_is_not_a_cut(film):
    frames = [view(A_BIG, 300, 200)] * 12 + [view(A_BIG, 330, 215)] + [view(A_BIG, 300, 200)] * 12
    assert analyze(film(frames)).cuts == ()


def test_fast_steady_pan_has_no_cuts(film):
    frames = [view(A_BIG, 200 + 9 * t, 200) for t in range(25)]
    assert analyze(film(frames)).cuts == ()


def test_cut_between_solid_colours(film):
    red = np.zeros_like(A)
    red[...] = (200, 30, 30)
    blue = np.zeros_like(A)
    blue[...] = (20, 40, 190)
    assert analyze(film([red] * 8 + [blue] * 8 + [red] * 8)).cuts == (8, 16)


def test_fade_through_black_is_not_a_cut(film):
    out = [(A * (1 - k / 4)).astype(np.uint8) for k in range(4)]
    into = [(B * (k / 4)).astype(np.uint8) for k in range(1, 5)]
    frames = [A] * 10 + out + [np.zeros_like(A)] * 3 + into + [B] * 10
    assert analyze(film(frames)).cuts == ()


def test_cut_blended_over_one_frame_counts_once(film):
    blend = ((A.astype(np.int32) + B) // 2).astype(np.uint8)
    cuts = analyze(film([A] * 10 + [blend] + [B] * 10)).cuts
    assert len(cuts) == 1 and cuts[0] in (10, 11)

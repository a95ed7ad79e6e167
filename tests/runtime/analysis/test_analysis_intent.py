"""match_intent on a synthetic two-shot film with known colours, cut and entities."""

from __future__ import annotations

import json

import numpy as np
import pytest
from analysis_films import H, W, texture, view

from scenec.runtime.analysis import analyze, intent_frames, intent_from_plan, match_intent

ORANGE, TEAL = (230, 120, 30), (20, 110, 130)
NAVY, YELLOW = (26, 32, 80), (240, 208, 32)


def _shot(background, square, cx: float, cy: float) -> np.ndarray:
    frame = np.zeros((H, W, 3), dtype=np.uint8)
    frame[...] = background
    x, y = int(cx * W), int(cy * H)
    frame[y - 10 : y + 10, x - 10 : x + 10] = square
    return frame


def _intent(**changes) -> dict:
    intent = {
        "entities": [
            {"name": "box", "class": "box", "color": "#146e82", "track": [[0, 0.25, 0.5], [7, 0.25, 0.5], [14, 0.25, 0.5]]},
            {"name": "sun", "class": "sun", "color": "#f0d020", "track": [[15, 0.7, 0.4], [22, 0.7, 0.4], [29, 0.7, 0.4]]},
        ],
        "camera": [{"segment": "a", "moves": ["static"]}, {"segment": "b", "moves": ["static"]}],
        "cuts": [15],
        "palette": ["#e6781e", "#1a2050"],
        "brightness": 0.3,
        "segments": [{"name": "a", "start_frame": 0, "end_frame": 15}, {"name": "b", "start_frame": 15, "end_frame": 30}],
    }
    intent.update(changes)
    return intent


@pytest.fixture
def two_shots(film):
    frames = [_shot(ORANGE, TEAL, 0.25, 0.5)] * 15 + [_shot(NAVY, YELLOW, 0.7, 0.4)] * 15
    return analyze(film(frames), keep_frames=intent_frames(_intent()))


def _by_kind(match: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for check in match["checks"]:
        out.setdefault(check["kind"], []).append(check)
    return out


def test_matching_intent_passes_every_check(two_shots):
    match = match_intent(two_shots, _intent())
    failed = [c for c in match["checks"] if not c["passed"]]
    assert failed == []
    assert match["score"] == 1.0
    kinds = _by_kind(match)
    assert len(kinds["palette"]) == 2 and len(kinds["entity-color"]) == 2 and len(kinds["camera"]) == 2
    assert kinds["cut"][0]["measured"] == 15
    json.dumps(match, allow_nan=False)
    for check in match["checks"]:
        assert set(check) == {"kind", "target", "measured", "passed", "detail"}


def test_disagreeing_intent_fails_the_right_checks(two_shots):
    wrong = _intent(
        palette=["#00ff00"],
        cuts=[8],
        brightness=0.9,
        camera=[{"segment": "a", "moves": ["pan-left"]}, {"segment": "b", "moves": ["static"]}],
        entities=[{"name": "box", "class": "box", "color": "#ff0000", "track": [[3, 0.25, 0.5], [10, 0.25, 0.5]]}],
    )
    match = match_intent(two_shots, wrong)
    failed = {c["kind"] for c in match["checks"] if not c["passed"]}
    assert failed == {"palette", "cut", "brightness", "camera", "entity-color"}
    # The measured cut at 15 is a segment boundary, so it is not unexpected; segment b is static.
    assert match["score"] == pytest.approx(2 / 7)
    without_segments = match_intent(two_shots, {"cuts": [8]})
    assert [c["passed"] for c in without_segments["checks"]] == [False, False]


def test_entity_frames_come_from_the_sampler_or_fail_plainly(two_shots, film):
    bare = analyze(film([_shot(ORANGE, TEAL, 0.25, 0.5)] * 10, name="bare.mp4"))
    intent = {"entities": [_intent()["entities"][0]]}
    missing = match_intent(bare, intent)["checks"][0]
    assert not missing["passed"] and "keep_frames" in missing["detail"]
    frame = two_shots.kept_frames[0]
    supplied = match_intent(bare, intent, frames_rgb_sampler=lambda n: frame)
    assert supplied["checks"][0]["passed"]


def test_plan_moves_map_onto_measured_moves(film):
    big = texture(3, 400, 600)
    analysis = analyze(film([view(big, 300 - 2 * t, 200) for t in range(20)]))
    for moves, expected in [(["truck-left"], True), (["pan-left"], True), (["orbit-right"], True), (["dolly-in"], False)]:
        # Without `segments`, the shots between intended cuts stand in for segments.
        intent = {"camera": [{"segment": "only", "moves": moves}], "cuts": []}
        checks = [c for c in match_intent(analysis, intent)["checks"] if c["kind"] == "camera"]
        assert checks[0]["passed"] is expected, moves


def test_nothing_to_check_scores_none(two_shots):
    assert match_intent(two_shots, {}) == {"score": None, "checks": []}


def test_intent_frames_lists_track_frames():
    assert intent_frames(_intent()) == {0, 7, 14, 15, 22, 29}


def test_intent_from_plan_adds_segment_frames(two_shots):
    plan = {
        "version": 1,
        "segments": [
            {"name": "a", "start_frame": 0, "end_frame": 15, "layers": [], "camera": {}, "grade": {}},
            {"name": "b", "start_frame": 15, "end_frame": 30, "layers": [], "camera": {}, "grade": {}},
        ],
        "intent": {k: v for k, v in _intent().items() if k != "segments"},
    }
    intent = intent_from_plan(plan)
    assert intent["segments"] == _intent()["segments"]
    assert match_intent(two_shots, intent)["score"] == 1.0

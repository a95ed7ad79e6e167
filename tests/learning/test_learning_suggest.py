"""Aggregation and the suggestion rules on synthetic runs; apply and revert of registry overlays."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenec.knowledge.learning.aggregate import aggregate, fallback_of
from scenec.knowledge.learning.overlay import OverlayError, apply_suggestion, revert_suggestion
from scenec.knowledge.learning.store import NewRun, NewSuggestion, open_store
from scenec.knowledge.learning.suggest import refresh
from scenec.knowledge.colors import darken, parse_color, srgb_to_oklab, to_hex
from scenec.knowledge.lookup import palette, time_of_day
from scenec.knowledge.objects import load_objects
from scenec.knowledge.registry import load_registry
from scenec.knowledge.specs import Kind


def dark_run(measured: float = 0.18, target: float = 0.35, palette_name: str = "sunset") -> NewRun:
    check = {"kind": "brightness", "target": target, "measured": measured, "passed": abs(measured - target) <= 0.1,
             "detail": ""}
    return NewRun("automate", prompt="p", intent_match={"score": 0.0, "checks": [check]},
                  entries=(("palette", palette_name), ("time", "dusk")))


def color_run(measured: str, target: str = "#ff0000", cls: str = "car", passed: bool = False) -> NewRun:
    check = {"kind": "entity-color", "target": {"name": "car-1", "color": target, "class": cls},
             "measured": measured, "passed": passed, "detail": ""}
    return NewRun("automate", prompt="a red car", intent_match={"score": 0.0, "checks": [check]},
                  settings={"entities": {"car-1": cls}}, entries=(("object", cls),))


def palettes(suggestions) -> list:
    return [s for s in suggestions if s.kind == "palette"]


def test_aggregate_counts_checks_brightness_and_ratings_per_entry(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    for measured in (0.18, 0.2, 0.4):
        store.add_run(dark_run(measured))
    store.rate(1, 2)
    agg = aggregate(store.runs())
    sunset = agg.entry("palette", "sunset")
    assert sunset.checks == {"brightness": (2, 3)}
    assert sunset.mean_brightness == pytest.approx(0.26) and sunset.mean_target == pytest.approx(0.35)
    assert sunset.ratings == (2,) and agg.entry("time", "dusk").run_ids == (1, 2, 3)


def test_a_palette_that_renders_too_dark_gets_a_lighter_overlay(tmp_path: Path, monkeypatch) -> None:
    store = open_store(tmp_path)
    for _ in range(2):
        store.add_run(dark_run())
    assert refresh(store, tmp_path) == ()  # two runs are not enough evidence
    for _ in range(2):
        store.add_run(dark_run())
    (found,) = palettes(refresh(store, tmp_path))
    assert found.title.startswith("palette `sunset` renders 0.18 mean luma against a 0.35 target over 4 runs: raise")
    assert found.run_ids == (1, 2, 3, 4) and any("failed in 4 of 4" in line for line in found.evidence)
    assert palettes(refresh(store, tmp_path))[0].id == found.id  # refreshing does not duplicate

    before = palette(load_registry(tmp_path), "sunset")
    overlay = tmp_path / "knowledge" / "palettes.yaml"
    applied = apply_suggestion(store, found.id, tmp_path, by="tester", reason="looks right")
    assert (applied.status, applied.by, applied.reason) == ("applied", "tester", "looks right")
    text = overlay.read_text()
    assert text.startswith(f"# scenec learn: suggestion {found.id} applied by tester at ")
    after = palette(load_registry(tmp_path), "sunset")
    assert after.keys() == before.keys()
    assert sum(sum(c[:3]) for _, c in after.colors) > sum(sum(c[:3]) for _, c in before.colors)
    # Runs made before the change no longer count against the new palette.
    assert palettes(refresh(store, tmp_path)) == []

    reverted = revert_suggestion(store, found.id, tmp_path, by="tester")
    assert reverted.status == "reverted" and not overlay.exists()
    assert palette(load_registry(tmp_path), "sunset").colors == before.colors
    # A reverted suggestion is not offered again, from the same runs or from new ones.
    assert palettes(refresh(store, tmp_path)) == []
    monkeypatch.setattr("scenec.knowledge.learning.store.now_iso", lambda: "2999-01-01T00:00:00+00:00")
    for _ in range(4):  # recorded after the revert
        store.add_run(dark_run())
    assert palettes(refresh(store, tmp_path)) == []
    assert [s.status for s in palettes(store.suggestions())] == ["reverted"]


def test_revert_restores_an_overlay_byte_for_byte_and_refuses_out_of_order(tmp_path: Path) -> None:
    overlay = tmp_path / "knowledge" / "palettes.yaml"
    overlay.parent.mkdir(parents=True)
    original = "# my own palettes\nmine:\n  description: Mine.\n  colors: {a: '#102030'}\n"
    overlay.write_text(original)
    store = open_store(tmp_path)
    ids = []
    for name in ("first", "second"):
        change = {"file": "palettes.yaml", "entries": {name: {"description": name, "colors": {"x": "#aabbcc"}}}}
        ids.append(store.upsert_suggestion(NewSuggestion("palette", name, f"add {name}", change, (), (), {},
                                                         f"test:{name}"))[0])
        apply_suggestion(store, ids[-1], tmp_path, by="t")
    registry = load_registry(tmp_path)
    assert {"mine", "first", "second"} <= set(registry.entries[Kind.PALETTE])
    with pytest.raises(OverlayError, match=f"revert suggestion {ids[1]} first"):
        revert_suggestion(store, ids[0], tmp_path, by="t")
    revert_suggestion(store, ids[1], tmp_path, by="t")
    revert_suggestion(store, ids[0], tmp_path, by="t")
    assert overlay.read_text() == original


def test_a_change_that_breaks_the_knowledge_is_undone(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    change = {"file": "palettes.yaml", "entries": {"broken": {"colors": {"x": "not a color"}}}}
    sid, _ = store.upsert_suggestion(NewSuggestion("palette", "broken", "bad", change, (), (), {}, "bad"))
    with pytest.raises(OverlayError, match="does not make valid knowledge, nothing changed"):
        apply_suggestion(store, sid, tmp_path, by="t")
    assert not (tmp_path / "knowledge" / "palettes.yaml").exists()
    assert store.suggestion(sid).status == "open"
    load_registry(tmp_path)  # still loads


def test_an_object_whose_colour_keeps_failing_gets_a_compensated_default(tmp_path: Path) -> None:
    objects = load_objects(tmp_path)
    car = objects.lookup("car")
    store = open_store(tmp_path)
    target = to_hex(parse_color(car.default_color))
    dimmed = to_hex(darken(parse_color(car.default_color), 0.2))  # the grade took light away, kept the hue
    for _ in range(3):
        store.add_run(color_run("#2a9d8f", target="#2a9d8f"))  # a prompt's own colour: not the default's fault
    assert [s for s in refresh(store, tmp_path) if s.kind == "object"] == []
    for _ in range(3):
        store.add_run(color_run(dimmed, target=target))
    (found,) = [s for s in refresh(store, tmp_path) if s.kind == "object"]
    assert found.title.startswith("object `car` colour check failed in 3 of 3 checks over 3 runs")
    record = found.change["entries"]["car"]
    assert record["template"] == car.template and record["default_color"] != car.default_color
    assert srgb_to_oklab(parse_color(record["default_color"]))[0] > srgb_to_oklab(parse_color(target))[0]
    apply_suggestion(store, found.id, tmp_path, by="t")
    assert load_objects(tmp_path).lookup("car").default_color == record["default_color"]
    assert load_objects(tmp_path).by_word("car").name == "car"


def test_an_object_showing_another_hue_gets_no_colour_change(tmp_path: Path) -> None:
    car = load_objects(tmp_path).lookup("car")
    target = to_hex(parse_color(car.default_color))
    store = open_store(tmp_path)
    for _ in range(4):
        store.add_run(color_run("#22aa22" if target != "#22aa22" else "#2222aa", target=target))
    assert [s for s in refresh(store, tmp_path) if s.kind == "object"] == []


def test_a_time_of_day_whose_films_are_too_bright_gets_less_exposure(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    for _ in range(3):
        store.add_run(dark_run(measured=0.6, target=0.23))
    (found,) = [s for s in refresh(store, tmp_path) if s.kind == "time"]
    assert found.title.startswith("time `dusk` renders 0.60 mean luma against a 0.23 target over 3 runs: lower")
    before = time_of_day(load_registry(tmp_path), "dusk")
    apply_suggestion(store, found.id, tmp_path, by="t")
    after = time_of_day(load_registry(tmp_path), "dusk")
    exposure = {g.op: g.value for g in after.grade}["exposure"]
    assert exposure < {g.op: g.value for g in before.grade}.get("exposure", 0.0)
    assert (after.sky_top, after.ambient_light) == (before.sky_top, before.ambient_light)


def test_fallback_decisions_are_read_from_the_translators_notes() -> None:
    decision = {"field": "subject", "value": "truck", "because": ["Lorries"],
                "note": "'lorries' is unknown; drawn as truck (spelled like 'lorry')"}
    assert fallback_of(decision) == ("lorries", "truck")
    assert fallback_of({**decision, "value": "figure:lorries"}) is None
    assert fallback_of({"field": "subject", "value": "dog", "because": ["dog"], "note": ""}) is None
    assert fallback_of({"field": "place", "value": "beach", "note": "unknown"}) is None


def test_an_object_seen_only_in_the_dark_keeps_its_colour(tmp_path: Path) -> None:
    """A giraffe filmed at night reads nearly black; that is the night, not a wrong default colour."""
    car = load_objects(tmp_path).lookup("car")
    target = to_hex(parse_color(car.default_color))
    night = to_hex(darken(parse_color(car.default_color), 0.45))
    store = open_store(tmp_path)
    for _ in range(4):
        store.add_run(color_run(night, target=target))
    assert [s for s in refresh(store, tmp_path) if s.kind == "object"] == []

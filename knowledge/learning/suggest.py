"""Turn aggregated runs into concrete, reviewable knowledge changes.

Four rules, each needing enough runs to be more than noise:

- a palette whose films are measured darker (or brighter) than the brightness
  target, in most of at least `MIN_RUNS` runs: shift every colour's OKLab
  lightness by the gap;
- a time of day whose films miss the brightness target the same way: move
  its grade's exposure half the gap, in stops;
- an object whose default colour fails its check in most of at least
  `MIN_RUNS` runs while keeping its hue: pre-compensate the lightness and
  chroma the films lost (a grade or the lighting dimming it); a different
  hue at its centre is a drawing problem no colour can fix, so no suggestion;
- a word the translator did not know and mapped to the nearest object in at
  least `MIN_KEYWORD_RUNS` runs: learn the mapping, so the next translation
  uses it directly (and says so in `--explain`).

Every suggestion carries its evidence (run ids, the numbers, plain sentences)
and an overlay change `overlay.apply_suggestion` can write. The fingerprint
names the rule, the entry and the entry's current content, so refreshing
updates an open suggestion instead of duplicating it, a rejected one is not
proposed again, and once applied the entry can be judged afresh by the runs
made after the change.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from statistics import fmean
from typing import Any

from scenec.knowledge.colors import oklab_to_srgb_in_gamut, parse_color, parse_hex, srgb_to_oklab, to_hex
from scenec.knowledge.learning.aggregate import Aggregate, EntryStats, aggregate
from scenec.knowledge.learning.store import NewSuggestion, RunRecord, RunStore, Suggestion

MIN_RUNS = 3
MIN_KEYWORD_RUNS = 2
BRIGHTNESS_GAP = 0.08  # mean luma; the intent check's own tolerance is 0.1
MAX_LIGHTNESS_SHIFT = 0.4  # fraction of the way to white or black
MIN_COLOR_SHIFT = 0.03  # OKLab distance below which a colour change is not worth proposing
CHROMA_FLOOR = 0.04  # below this an intended colour is grey and has no hue to keep
MAX_HUE_GAP = 35.0  # degrees; past it the film shows another colour, not a dimmed one
MAX_CHROMA_GAIN = 1.5
# An object read this much darker (or lighter) than its colour was lit by its scene (night, fog), not
# mis-coloured: changing its default would turn it white by day. Smaller gaps are compensated, capped.
MAX_OBJECT_LIGHTNESS_GAP = 0.3
MAX_OBJECT_LIGHTNESS_STEP = 0.15
MAX_EXPOSURE_STEP = 1.0  # stops


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:12]


def _ids(run_ids: Sequence[int]) -> str:
    shown = ", ".join(str(i) for i in run_ids[:8])
    return shown + (f" and {len(run_ids) - 8} more" if len(run_ids) > 8 else "")


def _palette_brightness(stats: EntryStats, registry: Any) -> NewSuggestion | None:
    from scenec.knowledge.lookup import palette

    if stats.name not in registry.entries.get(_kind("palette"), {}) or len(stats.brightness) < MIN_RUNS:
        return None
    failed, total = stats.checks.get("brightness", (0, 0))
    gap = fmean(s.measured - s.target for s in stats.brightness)
    if abs(gap) < BRIGHTNESS_GAP or failed * 2 <= total:
        return None
    entry = palette(registry, stats.name)
    # Move every colour the same fraction of the way to white (or black): dark colours gain
    # most, light ones stay distinct instead of clipping, and the film's mean moves by ~gap.
    mean = stats.mean_brightness or 0.0
    room = (1.0 - mean) if gap < 0 else mean
    shift = round(min(MAX_LIGHTNESS_SHIFT, abs(gap) / max(room, 1e-6)) * (1 if gap < 0 else -1), 2)
    colors = {key: to_hex(_shift(rgba, shift)) for key, rgba in entry.colors}
    verb = "raise" if shift > 0 else "lower"
    sample = ", ".join(f"{key} {to_hex(rgba)} → {colors[key]}" for key, rgba in entry.colors[:3])
    runs = tuple(s.run_id for s in stats.brightness)
    title = (f"palette `{stats.name}` renders {stats.mean_brightness:.2f} mean luma against a "
             f"{stats.mean_target:.2f} target over {len(runs)} runs: {verb} its colours' lightness "
             f"{abs(shift):.0%}")
    evidence = (f"brightness check failed in {failed} of {total} runs (runs {_ids(runs)})",
                f"mean measured luma {stats.mean_brightness:.3f}, mean target {stats.mean_target:.3f}, "
                f"gap {gap:+.3f}",
                f"change: every colour's OKLab lightness moved {abs(shift):.0%} of the way to "
                f"{'white' if shift > 0 else 'black'} ({sample}, …)")
    change = {"file": "palettes.yaml",
              "entries": {stats.name: {"description": entry.description, "colors": colors}}}
    return NewSuggestion("palette", stats.name, title, change, evidence, runs,
                         {"mean_brightness": stats.mean_brightness, "mean_target": stats.mean_target,
                          "gap": gap, "failed": failed, "total": total, "lightness_shift": shift},
                         f"palette-brightness:{stats.name}:{_digest(entry.colors)}")


def _shift(rgba: Sequence[float], fraction: float) -> tuple[float, float, float]:
    """Lightness moved `fraction` of the way to white (positive) or black (negative)."""
    lightness, a, b = srgb_to_oklab(tuple(rgba[:3]))
    lightness = lightness + (1.0 - lightness) * fraction if fraction > 0 else lightness * (1.0 + fraction)
    return oklab_to_srgb_in_gamut((min(1.0, max(0.0, lightness)), a, b))


def _kind(name: str) -> Any:
    from scenec.knowledge.specs import Kind
    return Kind(name)


def object_record(entry: Any) -> dict[str, Any]:
    """An object entry as the complete record an objects.yaml overlay needs."""
    return {"template": entry.template, "category": entry.category, "words": list(entry.words),
            "box": [entry.box[0], entry.box[1]], "color_param": entry.color_param,
            "default_color": entry.default_color, "placement": entry.placement, "size_class": entry.size_class}


def _lch(hex_color: str) -> tuple[float, float, float]:
    """OKLCh of a #rrggbb colour: lightness, chroma, hue in degrees."""
    lightness, a, b = srgb_to_oklab(parse_hex(hex_color)[:3])
    return lightness, math.hypot(a, b), math.degrees(math.atan2(b, a))


def _object_color(stats: EntryStats, objects: Any) -> NewSuggestion | None:
    # Entity classes are the prompt's words ("puppy"); the registry entry drawing them may be named otherwise.
    entry = objects.entries.get(stats.name) or objects.by_word(stats.name)
    if entry is None or entry.default_color is None or entry.color_param is None:
        return None
    # Only samples of the default colour say what the films do to it (a prompt's "red" is not its fault).
    default = to_hex(parse_color(entry.default_color))
    samples = [c for c in stats.colors if c.target == default]
    runs = tuple(dict.fromkeys(c.run_id for c in samples))
    failed = [c for c in samples if not c.passed]
    if len(runs) < MIN_RUNS or len(failed) * 2 <= len(samples):
        return None
    want_l, want_c, want_h = _lch(default)
    seen = [_lch(c.measured) for c in samples]
    got_l, got_c = fmean(m[0] for m in seen), fmean(m[1] for m in seen)
    hued = [m for m in seen if m[1] > CHROMA_FLOOR] if want_c > CHROMA_FLOOR else []
    hue_gap = max((abs((m[2] - want_h + 180) % 360 - 180) for m in hued), default=0.0)
    if hue_gap > MAX_HUE_GAP:
        return None  # another hue at its centre: the drawing or its placement, not the colour, is off
    if abs(want_l - got_l) > MAX_OBJECT_LIGHTNESS_GAP:
        return None
    # Pre-compensate the lightness and chroma the grade and lighting take away, keeping the hue.
    step = max(-MAX_OBJECT_LIGHTNESS_STEP, min(MAX_OBJECT_LIGHTNESS_STEP, want_l - got_l))
    new_l = min(1.0, max(0.0, want_l + step))
    new_c = want_c * min(MAX_CHROMA_GAIN, want_c / got_c) if got_c > 1e-4 else want_c
    radians = math.radians(want_h)
    new_color = to_hex(oklab_to_srgb_in_gamut((new_l, new_c * math.cos(radians), new_c * math.sin(radians))))
    if new_color == default or math.hypot(new_l - want_l, new_c - want_c) < MIN_COLOR_SHIFT:
        return None
    mean_measured = to_hex(oklab_to_srgb_in_gamut((got_l, 0.0, 0.0))) if got_c < 1e-4 else to_hex(
        oklab_to_srgb_in_gamut((got_l, got_c * math.cos(radians), got_c * math.sin(radians))))
    title = (f"object `{entry.name}` colour check failed in {len(failed)} of {len(samples)} checks over "
             f"{len(runs)} runs: it reads {mean_measured} against {default} intended; set its default colour "
             f"to {new_color}")
    evidence = (f"runs {_ids(runs)}",
                f"measured at its tracked centre: {', '.join(sorted({c.measured for c in failed})[:6])}",
                f"lightness {got_l:.2f} against {want_l:.2f}, chroma {got_c:.3f} against {want_c:.3f} (OKLCh)",
                f"change: default_color {entry.default_color} → {new_color}, pre-compensating what the grade "
                "and lighting take away")
    record = object_record(entry) | {"default_color": new_color}
    return NewSuggestion("object", entry.name, title, {"file": "objects.yaml", "entries": {entry.name: record}},
                         evidence, runs, {"failed": len(failed), "total": len(samples),
                                          "measured": mean_measured, "target": default, "word": stats.name},
                         f"object-color:{entry.name}:{stats.name}:{_digest(object_record(entry))}")


def time_record(entry: Any) -> dict[str, Any]:
    """A time-of-day entry as the complete record a times.yaml overlay needs."""
    def value(v: Any) -> Any:
        return to_hex(v) if isinstance(v, tuple) else v
    return {"description": entry.description, "sky_top": to_hex(entry.sky_top), "sky_bottom": to_hex(entry.sky_bottom),
            "light_angle_deg": entry.light_angle_deg, "color_temperature_k": entry.color_temperature_k,
            "ambient_light": entry.ambient_light, "grade": [{"op": g.op, "value": value(g.value)} for g in entry.grade]}


def _time_brightness(stats: EntryStats, registry: Any) -> NewSuggestion | None:
    from scenec.knowledge.lookup import time_of_day

    if stats.name not in registry.entries.get(_kind("time"), {}) or len(stats.brightness) < MIN_RUNS:
        return None
    failed, total = stats.checks.get("brightness", (0, 0))
    measured, target = stats.mean_brightness or 0.0, stats.mean_target or 0.0
    if abs(measured - target) < BRIGHTNESS_GAP or failed * 2 <= total or measured <= 0 or target <= 0:
        return None
    entry = time_of_day(registry, stats.name)
    # Exposure is in stops of linear light; the measured luma is gamma-encoded (about 1/2.2). Move
    # half the way, capped, since the scenes' own colours share the blame.
    stops = max(-MAX_EXPOSURE_STEP, min(MAX_EXPOSURE_STEP, 0.5 * 2.2 * math.log2(target / measured)))
    stops = round(stops, 2)
    record = time_record(entry)
    grade = record["grade"]
    current = next((g for g in grade if g["op"] == "exposure"), None)
    before = float(current["value"]) if current else 0.0
    if current is None:
        grade.insert(0, {"op": "exposure", "value": round(stops, 2)})
    else:
        current["value"] = round(before + stops, 2)
    runs = tuple(s.run_id for s in stats.brightness)
    verb = "raise" if stops > 0 else "lower"
    title = (f"time `{stats.name}` renders {measured:.2f} mean luma against a {target:.2f} target over "
             f"{len(runs)} runs: {verb} its exposure by {abs(stops):.2f} stops")
    evidence = (f"brightness check failed in {failed} of {total} runs (runs {_ids(runs)})",
                f"mean measured luma {measured:.3f}, mean target {target:.3f}",
                f"change: grade exposure {before:+.2f} → {before + stops:+.2f}")
    return NewSuggestion("time", stats.name, title, {"file": "times.yaml", "entries": {stats.name: record}},
                         evidence, runs, {"mean_brightness": measured, "mean_target": target, "stops": stops,
                                          "failed": failed, "total": total},
                         f"time-brightness:{stats.name}:{_digest(time_record(entry))}")


def _keywords(agg: Aggregate, objects: Any, vocabulary: Any) -> list[NewSuggestion]:
    out = []
    for stats in agg.keywords:
        if len(stats.run_ids) < MIN_KEYWORD_RUNS or stats.word in vocabulary.learned:
            continue
        target, times = stats.fallbacks[0]
        entry = objects.entries.get(target) or objects.by_word(target)
        if entry is None or objects.by_word(stats.word) is not None:
            continue
        word = entry.name if entry.name in entry.words else entry.words[0]
        others = ", ".join(f"{name} ×{n}" for name, n in stats.fallbacks[1:]) or "nothing else"
        title = f"keyword `{stats.word}` unmapped in {len(stats.run_ids)} prompts: map to `{entry.name}`"
        evidence = (f"runs {_ids(stats.run_ids)} fell back to `{target}` {times} times (also: {others})",
                    *(f"prompt: {p!r}" for p in stats.prompts[:3]),
                    f"change: learn `{stats.word}` as the object word `{word}`")
        change = {"file": "learned_words.yaml",
                  "entries": {stats.word: {"kind": "object", "value": word,
                                           "prompt": stats.prompts[0] if stats.prompts else ""}}}
        out.append(NewSuggestion("keyword", stats.word, title, change, evidence, stats.run_ids,
                                 {"fallbacks": dict(stats.fallbacks), "runs": len(stats.run_ids)},
                                 f"keyword:{stats.word}:{word}"))
    return out


def propose(runs: Sequence[RunRecord], registry: Any, objects: Any, vocabulary: Any,
            changed_at: Mapping[tuple[str, str], str] | None = None) -> list[NewSuggestion]:
    """Suggestions from `runs`; an entry changed at time T (`changed_at[(kind, name)]`) is judged only
    by runs recorded after T, since older films show the knowledge as it was."""
    changed_at = changed_at or {}
    agg = aggregate(runs)
    out: list[NewSuggestion] = []
    for stats in agg.entries:
        since = changed_at.get((stats.kind, stats.name))
        if since is None and stats.kind == "object" and (entry := objects.by_word(stats.name)) is not None:
            since = changed_at.get(("object", entry.name))
        if since is not None:
            fresh = aggregate(r for r in runs if r.created_at > since).entry(stats.kind, stats.name)
            if fresh is None:
                continue
            stats = fresh
        if stats.kind == "palette":
            found = _palette_brightness(stats, registry)
        elif stats.kind == "object":
            found = _object_color(stats, objects)
        elif stats.kind == "time":
            found = _time_brightness(stats, registry)
        else:
            found = None
        if found is not None:
            out.append(found)
    out += _keywords(agg, objects, vocabulary)
    return out


def refresh(store: RunStore, data_dir: Path, project_overlays: Sequence[Path] = ()) -> tuple[Suggestion, ...]:
    """Recompute suggestions from every recorded run against the current knowledge; the open ones.
    Open suggestions the runs no longer support are dropped (applied, rejected and reverted ones stay).

    The current knowledge is what the runs' project sees: built-ins < `project_overlays` (its
    `knowledge-overlays` folders) < the learned overlays in `data_dir`, so nothing a project's
    overlay already says is suggested again."""
    from scenec.knowledge.objects import load_objects
    from scenec.knowledge.registry import load_registry
    from scenec.knowledge.vocabulary import load_vocabulary

    changed_at: dict[tuple[str, str], str] = {}
    for suggestion in store.suggestions(("applied", "reverted")):
        stamp = max(filter(None, (suggestion.applied_at, suggestion.reverted_at)), default=None)
        key = (suggestion.kind, suggestion.target)
        if stamp and stamp > changed_at.get(key, ""):
            changed_at[key] = stamp
    home = Path(data_dir)
    projects = tuple(Path(folder) for folder in project_overlays)
    proposals = propose(store.runs(), load_registry(home, projects), load_objects(home, projects),
                        load_vocabulary(home, projects), changed_at)
    for new in proposals:
        store.upsert_suggestion(new)
    store.drop_stale([new.fingerprint for new in proposals])
    return store.suggestions("open")

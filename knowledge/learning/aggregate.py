"""Aggregate recorded runs per knowledge entry and per unmapped keyword.

For each (kind, name) a run used (palette `dusk`, object `giraffe`, genre
`calm`, …): the runs, how often each kind of intent check failed, the
measured brightness against its target, the entity colours measured for an
object, user ratings and intent scores. For keywords: the words the
translator did not know and mapped to the nearest object, with what it
chose each time. Pure functions over `RunRecord`s; nothing here reads files.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from scenec.knowledge.learning.store import RunRecord

_UNKNOWN_WORD = re.compile(r"'([^']+)' is unknown")


@dataclass(frozen=True, slots=True)
class BrightnessSample:
    run_id: int
    measured: float
    target: float


@dataclass(frozen=True, slots=True)
class ColorSample:
    run_id: int
    target: str  # #rrggbb intended
    measured: str  # #rrggbb median sampled at the tracked centre
    passed: bool


@dataclass(frozen=True, slots=True)
class EntryStats:
    kind: str
    name: str
    run_ids: tuple[int, ...]
    checks: Mapping[str, tuple[int, int]]  # check kind -> (failed, total)
    brightness: tuple[BrightnessSample, ...]
    colors: tuple[ColorSample, ...]
    ratings: tuple[int, ...]
    scores: tuple[float, ...]

    @property
    def failed(self) -> int:
        return sum(f for f, _ in self.checks.values())

    @property
    def total_checks(self) -> int:
        return sum(t for _, t in self.checks.values())

    @property
    def failure_rate(self) -> float | None:
        return self.failed / self.total_checks if self.total_checks else None

    @property
    def mean_brightness(self) -> float | None:
        return fmean(s.measured for s in self.brightness) if self.brightness else None

    @property
    def mean_target(self) -> float | None:
        return fmean(s.target for s in self.brightness) if self.brightness else None

    @property
    def mean_rating(self) -> float | None:
        return fmean(self.ratings) if self.ratings else None

    @property
    def mean_score(self) -> float | None:
        return fmean(self.scores) if self.scores else None


@dataclass(frozen=True, slots=True)
class KeywordStats:
    """A word the translator did not know, and the objects it fell back to."""

    word: str
    fallbacks: tuple[tuple[str, int], ...]  # (object, times), most frequent first
    run_ids: tuple[int, ...]
    prompts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Aggregate:
    runs: int
    entries: tuple[EntryStats, ...]
    keywords: tuple[KeywordStats, ...]

    def entry(self, kind: str, name: str) -> EntryStats | None:
        return next((e for e in self.entries if e.kind == kind and e.name == name), None)


def fallback_of(decision: Mapping[str, Any]) -> tuple[str, str] | None:
    """(unknown word, object chosen) when a translation decision mapped an unknown noun
    to the nearest known object; None for every other decision.

    Recorded decisions carry `field`, `value`, `because` (the prompt's words)
    and `note`; a fallback is an object decision whose note says the word was
    not known (`nearest`, `fallback`, `unknown`, `hypernym`) and whose value
    is an object other than the word itself.
    """
    field = str(decision.get("field", ""))
    if field not in ("object", "subject", "noun"):
        return None
    note = " ".join(str(decision.get(k, "")) for k in ("note", "reason", "how", "source"))
    if not any(marker in note.lower() for marker in ("nearest", "fallback", "unknown", "hypernym", "similar")):
        return None
    # The translator's note names the word as it read it: "'lorries' is unknown; drawn as truck (...)".
    named = _UNKNOWN_WORD.search(note)
    because = decision.get("because") or ()
    word = (named.group(1) if named else str(decision.get("word") or (because[-1] if because else ""))).lower().strip()
    value = decision.get("value")
    target = str(value.get("object") or value.get("name") or "") if isinstance(value, Mapping) else str(value or "")
    if not word or not target or target == word or target.startswith(("figure", "generic", "label")):
        return None
    return word, target


def _entity_classes(run: RunRecord) -> dict[str, str]:
    return {str(k): str(v) for k, v in (run.settings.get("entities") or {}).items()}


def _check_belongs(check: Mapping[str, Any], kind: str, name: str, classes: Mapping[str, str]) -> bool:
    """Whether an intent check speaks about entry (kind, name): an object owns its entity-colour checks;
    the other entries (palette, genre, style, time, weather) answer for the whole film."""
    target = check.get("target")
    is_entity = check.get("kind") == "entity-color"
    if kind != "object":
        return not is_entity
    if not is_entity or not isinstance(target, Mapping):
        return False
    entity_class = target.get("class") or classes.get(str(target.get("name")))
    return entity_class == name


def aggregate(runs: Iterable[RunRecord]) -> Aggregate:
    runs = list(runs)
    grouped: dict[tuple[str, str], list[RunRecord]] = {}
    for run in runs:
        for kind, name in run.entries:
            if kind != "keyword":
                grouped.setdefault((kind, name), []).append(run)
    entries = tuple(_entry_stats(kind, name, members) for (kind, name), members in sorted(grouped.items()))
    return Aggregate(len(runs), entries, _keyword_stats(runs))


def _entry_stats(kind: str, name: str, runs: Sequence[RunRecord]) -> EntryStats:
    checks: dict[str, list[int]] = {}
    brightness: list[BrightnessSample] = []
    colors: list[ColorSample] = []
    for run in runs:
        classes = _entity_classes(run)
        for check in (run.intent_match or {}).get("checks") or ():
            if not isinstance(check, Mapping) or not _check_belongs(check, kind, name, classes):
                continue
            tally = checks.setdefault(str(check.get("kind")), [0, 0])
            tally[0] += not check.get("passed")
            tally[1] += 1
            if check.get("kind") == "brightness" and _number(check.get("measured")) is not None:
                brightness.append(BrightnessSample(run.id, float(check["measured"]), float(check["target"])))
            if check.get("kind") == "entity-color" and isinstance(check.get("measured"), str):
                colors.append(ColorSample(run.id, str(check["target"].get("color")), str(check["measured"]),
                                          bool(check.get("passed"))))
    return EntryStats(
        kind=kind, name=name, run_ids=tuple(r.id for r in runs),
        checks={k: (v[0], v[1]) for k, v in sorted(checks.items())},
        brightness=tuple(brightness), colors=tuple(colors),
        ratings=tuple(r.rating for r in runs if r.rating is not None),
        scores=tuple(float(r.score) for r in runs if r.score is not None))


def _keyword_stats(runs: Sequence[RunRecord]) -> tuple[KeywordStats, ...]:
    chosen: dict[str, Counter[str]] = {}
    where: dict[str, dict[int, str]] = {}
    for run in runs:
        for decision in run.decisions:
            found = fallback_of(decision) if isinstance(decision, Mapping) else None
            if found is None:
                continue
            word, target = found
            chosen.setdefault(word, Counter())[target] += 1
            where.setdefault(word, {})[run.id] = run.prompt or ""
    return tuple(
        KeywordStats(word, tuple(chosen[word].most_common()), tuple(where[word]), tuple(where[word].values()))
        for word in sorted(chosen))


def _number(value: Any) -> float | None:
    try:
        return None if value is None or isinstance(value, bool) else float(value)
    except (TypeError, ValueError):
        return None

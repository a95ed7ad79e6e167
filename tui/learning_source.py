"""What the learning view shows, behind a small interface.

`LearningSource` is what the dashboard needs from a learning store: the
recorded runs, metric series over them, and suggestions with the evidence
behind each, which a person accepts or rejects. `open_learning_source(home)`
adapts `scenec.knowledge.learning.store` when that module exists, and
otherwise returns an empty source whose `status` says no runs are recorded.
The store is imported by name at runtime, so the TUI works before and after
the store lands.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class RunRow:
    run_id: str
    started: str  # a display time, e.g. 2025-05-01 14:03
    scene: str
    frames: int
    seconds: float
    score: float | None = None


@dataclass(frozen=True, slots=True)
class MetricSeries:
    name: str
    values: tuple[float, ...]  # oldest run first


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    suggestion_id: str
    title: str
    evidence: tuple[str, ...]
    status: str = "open"  # open | accepted | rejected


class LearningSource(Protocol):
    status: str  # one line for the view's header: where runs come from, or why there are none

    def runs(self) -> tuple[RunRow, ...]: ...

    def metrics(self) -> tuple[MetricSeries, ...]: ...

    def suggestions(self) -> tuple[SuggestionRow, ...]: ...

    def decide(self, suggestion_id: str, accept: bool) -> None: ...


class LearningSourceError(ValueError):
    """The store could not be read or written; the message says why."""


@dataclass(slots=True)
class EmptySource:
    status: str = "no runs recorded yet"

    def runs(self) -> tuple[RunRow, ...]:
        return ()

    def metrics(self) -> tuple[MetricSeries, ...]:
        return ()

    def suggestions(self) -> tuple[SuggestionRow, ...]:
        return ()

    def decide(self, suggestion_id: str, accept: bool) -> None:
        raise LearningSourceError("there are no suggestions to decide on")


@dataclass(slots=True)
class MemorySource:
    """A source held in memory: tests, and a store's data once read."""

    run_rows: tuple[RunRow, ...] = ()
    series: tuple[MetricSeries, ...] = ()
    suggestion_rows: tuple[SuggestionRow, ...] = ()
    status: str = ""

    def runs(self) -> tuple[RunRow, ...]:
        return self.run_rows

    def metrics(self) -> tuple[MetricSeries, ...]:
        return self.series

    def suggestions(self) -> tuple[SuggestionRow, ...]:
        return self.suggestion_rows

    def decide(self, suggestion_id: str, accept: bool) -> None:
        from dataclasses import replace
        rows = list(self.suggestion_rows)
        for index, row in enumerate(rows):
            if row.suggestion_id == suggestion_id:
                rows[index] = replace(row, status="accepted" if accept else "rejected")
                self.suggestion_rows = tuple(rows)
                return
        raise LearningSourceError(f"no suggestion {suggestion_id!r}")


@dataclass(slots=True)
class StoreSource:
    """Reads a `scenec.knowledge.learning.store` store through duck-typed
    calls (`runs()`, `metrics()`, `suggestions()`, `accept(id)`, `reject(id)`),
    mapping each record's fields by name so small changes there do not break
    the view."""

    store: Any
    status: str = ""

    def runs(self) -> tuple[RunRow, ...]:
        rows = []
        for record in _call(self.store, "runs"):
            rows.append(RunRow(
                run_id=str(_field(record, "run_id", "id", default="?")),
                started=str(_field(record, "started", "time", "created", default="")),
                scene=str(_field(record, "scene", "source", "path", default="")),
                frames=int(_field(record, "frames", default=0) or 0),
                seconds=float(_field(record, "seconds", "wall_s", "duration_s", default=0.0) or 0.0),
                score=_optional_float(_field(record, "score", default=None)),
            ))
        return tuple(rows)

    def metrics(self) -> tuple[MetricSeries, ...]:
        found = _call(self.store, "metrics")
        if isinstance(found, dict):
            return tuple(MetricSeries(str(name), tuple(float(v) for v in values)) for name, values in found.items())
        return tuple(MetricSeries(str(_field(m, "name", default="?")),
                                  tuple(float(v) for v in _field(m, "values", default=()))) for m in found)

    def suggestions(self) -> tuple[SuggestionRow, ...]:
        rows = []
        for record in _call(self.store, "suggestions"):
            evidence = _field(record, "evidence", default=())
            rows.append(SuggestionRow(
                suggestion_id=str(_field(record, "suggestion_id", "id", default="?")),
                title=str(_field(record, "title", "summary", "text", default="")),
                evidence=tuple(str(e) for e in (evidence if isinstance(evidence, (list, tuple)) else [evidence])),
                status=str(_field(record, "status", default="open")),
            ))
        return tuple(rows)

    def decide(self, suggestion_id: str, accept: bool) -> None:
        _call(self.store, "accept" if accept else "reject", suggestion_id)


def _call(store: Any, name: str, *args: Any) -> Any:
    method = getattr(store, name, None)
    if method is None:
        raise LearningSourceError(f"the learning store cannot {name} (no {name}() method)")
    try:
        return method(*args)
    except (OSError, ValueError, KeyError) as error:
        raise LearningSourceError(f"the learning store failed to {name}: {error}") from error


def _field(record: Any, *names: str, default: Any) -> Any:
    for name in names:
        if isinstance(record, dict) and name in record:
            return record[name]
        if hasattr(record, name):
            return getattr(record, name)
    return default


def _optional_float(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


NO_RUNS = "no runs recorded yet"


def open_learning_source(home: Path) -> LearningSource:
    """The learning store under data directory `home`, or an empty source."""
    try:
        module = importlib.import_module("scenec.knowledge.learning.store")
    except ImportError:
        return EmptySource()
    opener = getattr(module, "open_store", None) or getattr(module, "LearningStore", None)
    if opener is None:
        return EmptySource("the learning store has no open_store(); nothing to show")
    try:
        store = opener(home)
    except (OSError, ValueError) as error:
        return EmptySource(f"cannot open the learning store: {error}")
    source = StoreSource(store, status=f"runs from {home}")
    try:
        if not source.runs():
            source.status = NO_RUNS
    except LearningSourceError as error:
        return EmptySource(str(error))
    return source

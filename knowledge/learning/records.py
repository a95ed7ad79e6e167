"""The run store's records: a run to add and a run as stored, a suggestion to add and as stored.

JSON columns come back as Python data; `to_json()` gives the forms
`scenec learn runs --json` and `scenec learn suggest --json` print.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

RUN_KINDS = ("render", "generate", "automate")
ENTRY_KINDS = ("palette", "object", "genre", "style", "keyword", "time", "weather")


class StoreError(ValueError):
    """The run store cannot be used; the message says why in plain words."""


def loads(text: str | None, default: Any) -> Any:
    if text is None or text == "":
        return default
    try:
        return json.loads(text)
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class NewRun:
    """What a caller knows about a finished run; `entries` are (kind, name) of the knowledge it used."""

    kind: str
    prompt: str | None = None
    source_path: str | None = None
    source_hash: str | None = None
    source_text: str | None = None
    plan_hash: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    output: str | None = None
    analysis: dict[str, Any] | None = None
    intent_match: dict[str, Any] | None = None
    decisions: tuple[dict[str, Any], ...] = ()
    entries: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in RUN_KINDS:
            raise StoreError(f"a run's kind is one of {', '.join(RUN_KINDS)}, not {self.kind!r}")
        for kind, _name in self.entries:
            if kind not in ENTRY_KINDS:
                raise StoreError(f"a run entry's kind is one of {', '.join(ENTRY_KINDS)}, not {kind!r}")


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: int
    created_at: str
    kind: str
    prompt: str | None
    source_path: str | None
    source_hash: str | None
    source_text: str | None
    plan_hash: str | None
    settings: dict[str, Any]
    timings: dict[str, float]
    output: str | None
    analysis: dict[str, Any] | None
    intent_match: dict[str, Any] | None
    score: float | None
    rating: int | None
    note: str | None
    rating_note: str | None
    decisions: tuple[dict[str, Any], ...]
    entries: tuple[tuple[str, str], ...]

    # Names the dashboard's learning view reads.
    @property
    def started(self) -> str:
        return self.created_at.replace("T", " ")[:16]

    @property
    def scene(self) -> str:
        return self.source_path or (self.prompt or "")

    @property
    def frames(self) -> int:
        return int((self.analysis or {}).get("frames") or self.settings.get("frames") or 0)

    @property
    def seconds(self) -> float:
        return float(self.timings.get("total_s") or sum(self.timings.values()) or 0.0)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "created_at": self.created_at, "kind": self.kind, "prompt": self.prompt,
            "source_path": self.source_path, "source_hash": self.source_hash, "plan_hash": self.plan_hash,
            "settings": self.settings, "timings": self.timings, "output": self.output,
            "analysis": self.analysis, "intent_match": self.intent_match, "score": self.score,
            "rating": self.rating, "note": self.note, "rating_note": self.rating_note,
            "decisions": list(self.decisions), "entries": [{"kind": k, "name": n} for k, n in self.entries],
        }


@dataclass(frozen=True, slots=True)
class NewSuggestion:
    """A proposed knowledge change. `change` is what `overlay.apply` writes:
    `{"file": "palettes.yaml", "entries": {name: record}}`; `fingerprint`
    identifies the same proposal across refreshes."""

    kind: str
    target: str
    title: str
    change: dict[str, Any]
    evidence: tuple[str, ...]
    run_ids: tuple[int, ...]
    figures: dict[str, Any]
    fingerprint: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: int
    created_at: str
    kind: str
    target: str
    title: str
    change: dict[str, Any]
    evidence: tuple[str, ...]  # plain sentences, for people
    run_ids: tuple[int, ...]
    figures: dict[str, Any]
    status: str
    applied_at: str | None
    reverted_at: str | None
    by: str | None
    reason: str | None
    previous: dict[str, str | None] | None  # overlay file -> its text before the apply (None: absent)
    written: dict[str, str | None] | None  # overlay file -> its text right after the apply
    fingerprint: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "created_at": self.created_at, "kind": self.kind, "target": self.target,
            "title": self.title, "change": self.change,
            "evidence": {"lines": list(self.evidence), "runs": list(self.run_ids), "figures": self.figures},
            "status": self.status, "applied_at": self.applied_at, "reverted_at": self.reverted_at,
            "by": self.by, "reason": self.reason,
        }


def run_record(row: dict[str, Any], entries: Sequence[tuple[str, str]]) -> RunRecord:
    return RunRecord(
        id=int(row["id"]), created_at=row["created_at"], kind=row["kind"], prompt=row["prompt"],
        source_path=row["source_path"], source_hash=row["source_hash"], source_text=row["source_text"],
        plan_hash=row["plan_hash"], settings=loads(row["settings"], {}), timings=loads(row["timings"], {}),
        output=row["output"], analysis=loads(row["analysis"], None), intent_match=loads(row["intent_match"], None),
        score=row["score"], rating=row["rating"], note=row["note"], rating_note=row.get("rating_note"),
        decisions=tuple(loads(row.get("decisions"), [])), entries=tuple((str(k), str(n)) for k, n in entries))


def suggestion_record(row: dict[str, Any]) -> Suggestion:
    evidence = loads(row["evidence"], {})
    if not isinstance(evidence, dict):
        evidence = {"lines": [str(evidence)]}
    return Suggestion(
        id=int(row["id"]), created_at=row["created_at"], kind=row["kind"], target=row["target"],
        title=row.get("title") or "", change=loads(row["change"], {}),
        evidence=tuple(str(line) for line in evidence.get("lines", ())),
        run_ids=tuple(int(r) for r in evidence.get("runs", ())), figures=dict(evidence.get("figures", {})),
        status=row["status"], applied_at=row["applied_at"], reverted_at=row["reverted_at"], by=row["by"],
        reason=row.get("reason"), previous=loads(row.get("previous"), None), written=loads(row.get("written"), None),
        fingerprint=row.get("fingerprint"))

"""Measure a video against a plan's intent: the shared core of `scenec analyze` and automation.

`load_intent(path)` reads the intent of a plan file (`.plan.json`, `.yaml`,
`.toml`) or compiles a `.scene` file for it; `measure(video, intent,
plan_fps)` analyses the video, keeping the frames the entity colour checks
need, and matches it. A film rendered at another frame rate than its plan
(a preview, say) has its intent's frame numbers rescaled first, so cuts and
tracks land where the film shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenec.runtime.analysis import Analysis, AnalysisError, analyze, intent_frames, intent_from_plan, match_intent

PLAN_SUFFIXES = (".json", ".yaml", ".yml", ".toml")


class PlanInputError(ValueError):
    """The --plan file cannot give an intent; `diagnostics` holds a failed compile's check result."""

    def __init__(self, message: str, check: Any = None) -> None:
        super().__init__(message)
        self.check = check


@dataclass(frozen=True, slots=True)
class Intent:
    data: dict[str, Any]  # the plan's intent with its segments, as match_intent takes it
    fps: float
    plan: Any = None  # the Plan, when one was loaded


def intent_of_plan(plan: Any) -> Intent:
    from scenec.compiler.plan_io import to_dict

    return Intent(intent_from_plan(to_dict(plan)), float(plan.fps), plan)


def load_intent(path: Path) -> Intent:
    """The intent of a plan file, or of a `.scene` file compiled with its own settings."""
    from scenec.compiler.plan import PlanError

    if not path.is_file():
        raise PlanInputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in PLAN_SUFFIXES:
        from scenec.compiler.plan_io import read_plan
        try:
            return intent_of_plan(read_plan(path))
        except PlanError as error:
            raise PlanInputError(f"{path}: {error}") from None
    if suffix != ".scene":
        raise PlanInputError(f"{path}: --plan takes a plan file (.plan.json, .yaml, .toml) or a .scene file")
    from scenec.api import compile_file

    plan, check = compile_file(path)
    if plan is None:
        raise PlanInputError(f"{path}: the scene has errors; no intent to compare with", check)
    return intent_of_plan(plan)


def rescale(intent: Mapping[str, Any], factor: float) -> dict[str, Any]:
    """The intent with every frame number multiplied by `factor` (film fps / plan fps)."""
    if abs(factor - 1.0) < 1e-9:
        return dict(intent)

    def frame(value: Any) -> int:
        return int(round(float(value) * factor))

    out = dict(intent)
    out["cuts"] = [frame(c) for c in intent.get("cuts") or ()]
    out["segments"] = [{**s, "start_frame": frame(s["start_frame"]), "end_frame": frame(s["end_frame"])}
                       for s in intent.get("segments") or ()]
    out["entities"] = [{**e, "track": [[frame(p[0]), *p[1:]] for p in e.get("track") or ()]}
                       for e in intent.get("entities") or ()]
    return out


def video_fps(video: Path) -> float:
    from scenec.runtime.analysis.decode import VideoReader

    with VideoReader(video, max_frames=1) as reader:
        return float(reader.info.fps)


def measure(video: Path, intent: Intent | None = None) -> tuple[Analysis, dict[str, Any] | None]:
    """Analyse `video`; with an intent, also `{score, checks}`. Raises AnalysisError for a bad video."""
    if intent is None:
        return analyze(video), None
    wanted = rescale(intent.data, video_fps(video) / intent.fps) if intent.fps > 0 else dict(intent.data)
    analysis = analyze(video, keep_frames=intent_frames(wanted))
    return analysis, match_intent(analysis, wanted)


__all__ = ["AnalysisError", "Intent", "PlanInputError", "intent_of_plan", "load_intent", "measure", "rescale"]

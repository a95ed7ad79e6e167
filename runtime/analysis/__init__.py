"""Video analysis: measure any video file and compare it with a plan's intent.

Standalone (imports no other scenec package); decoding goes through PyAV.

    intent = intent_from_plan(plan_json)
    analysis = analyze("film.mp4", keep_frames=intent_frames(intent))
    analysis.to_json()                  # the Analysis JSON contract
    match_intent(analysis, intent)      # {"score": ..., "checks": [...]}
    rich.print(render_report(analysis, match))
"""

from .analyze import analyze
from .errors import AnalysisError
from .intent import intent_frames, intent_from_plan, match_intent
from .model import Analysis
from .report import render_report

__all__ = [
    "Analysis",
    "AnalysisError",
    "analyze",
    "intent_frames",
    "intent_from_plan",
    "match_intent",
    "render_report",
]

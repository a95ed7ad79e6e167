"""Video analysis: measure any video file and compare it with a plan's intent.

Standalone (imports no other scenec package); decoding goes through PyAV.

    intent = intent_from_plan(plan_json)
    analysis = analyze("film.mp4", keep_frames=intent_frames(intent))
    analysis.to_json()                  # the Analysis JSON contract
    match_intent(analysis, intent)      # {"score": ..., "checks": [...]}
    rich.print(render_report(analysis, match))
"""

import importlib

# Each name and the module that defines it, imported on first use (PEP 562): importing
# `AnalysisError`, as every render command does, loads neither the analysis nor rich.
_EXPORTS = {"analyze": "analyze", "AnalysisError": "errors", "intent_frames": "intent",
            "intent_from_plan": "intent", "match_intent": "intent", "Analysis": "model",
            "render_report": "report"}


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "Analysis",
    "AnalysisError",
    "analyze",
    "intent_frames",
    "intent_from_plan",
    "match_intent",
    "render_report",
]

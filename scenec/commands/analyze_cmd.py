"""`scenec analyze VIDEO [--plan PLAN] [--json]`: measure any video, and how well it matches a plan's intent.

Human output is the Rich report (figures, palette strip, a timeline of cuts
and camera moves, and the intent checks); `--json` prints the Analysis JSON
contract, with `intent_match` when a plan is given. Exit status: 0 measured,
1 the video or plan cannot be used, 2 bad command line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scenec.files import missing_input
from scenec.measure import PlanInputError, load_intent, measure
from scenec.report import print_diagnostics
from scenec.runtime.analysis import AnalysisError, render_report


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "analyze", help="measure a video (brightness, palette, motion, cuts, audio) and match a plan",
        description="Decode any video and measure brightness, contrast, saturation, colorfulness, the dominant "
                    "palette, motion energy, camera moves, cuts and audio loudness. With --plan (a plan file or "
                    "a .scene file, compiled first) compare them with the plan's intent. "
                    "Exit status: 0 measured, 1 unusable video or plan, 2 bad command line.")
    p.add_argument("video", metavar="VIDEO", help="a video file (.mp4, .webm, .gif, .mov, ...)")
    p.add_argument("--plan", metavar="PLAN", help="a plan (.plan.json, .yaml, .toml) or .scene file to match")
    p.add_argument("--json", action="store_true", help="print the Analysis JSON")
    p.set_defaults(func=run)


def _fail(message: str, as_json: bool) -> int:
    print(f"scenec: error: {message}", file=sys.stderr)
    if as_json:
        print(json.dumps({"ok": False, "error": message}))
    return 1


def run(args: argparse.Namespace) -> int:
    video = Path(args.video)
    problem = missing_input(video, "a video file", pattern=None)
    if problem:
        return _fail(problem, args.json)
    try:
        intent = load_intent(Path(args.plan)) if args.plan else None
        analysis, match = measure(video, intent)
    except PlanInputError as error:
        if error.check is not None:
            print_diagnostics(list(error.check.diagnostics), error.check.graph.sources, "human", sys.stderr)
        return _fail(str(error), args.json)
    except AnalysisError as error:
        return _fail(str(error), args.json)
    if args.json:
        data = analysis.to_json()
        if match is not None:
            data["intent_match"] = match
        print(json.dumps(data, indent=2))
        return 0
    from rich.console import Console

    Console().print(render_report(analysis, match))
    return 0

"""The Rich report shows the figures, palette, cuts, camera moves and intent checks."""

from __future__ import annotations

import numpy as np
from analysis_films import H, W
from rich.console import Console

from scenec.runtime.analysis import analyze, match_intent, render_report


def test_report_mentions_every_part(film):
    red = np.zeros((H, W, 3), dtype=np.uint8)
    red[...] = (200, 30, 30)
    blue = np.zeros((H, W, 3), dtype=np.uint8)
    blue[...] = (20, 40, 190)
    analysis = analyze(film([red] * 10 + [blue] * 10))
    match = match_intent(analysis, {"cuts": [10], "palette": ["#c81e1e"]})
    console = Console(record=True, width=100, color_system="truecolor")
    console.print(render_report(analysis, match))
    text = console.export_text()
    for needle in ("brightness", "colorfulness", "160×90", "20 frames", "cuts", "static 0–10", "intent match: 100%"):
        assert needle in text, needle
    lines = text.splitlines()
    cut_line = next(line for line in lines if line.startswith("cuts  ") and "|" in line)
    assert cut_line.index("|") - len("cuts  ") == 10 * 60 // 20
    move_line = next(line for line in lines if line.startswith("moves "))
    assert move_line[len("moves ") :] == "·" * 60
    for entry in analysis.palette:
        assert entry.color in text

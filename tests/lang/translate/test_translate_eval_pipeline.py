"""The evaluation pipeline (benchmarks/translate_eval.py) on a few prompts of each corpus, at tiny size."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CORPORA = ROOT.parent / "shared" / "corpora"


@pytest.fixture(scope="module")
def evaluation():
    spec = importlib.util.spec_from_file_location("translate_eval", ROOT / "benchmarks" / "translate_eval.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["translate_eval"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    module.SIZE = (96, 54)
    module.FPS = 6
    return module


@pytest.mark.skipif(not CORPORA.is_dir(), reason="the shared corpora are not here")
def test_eval_pipeline_on_ten_prompts_each(evaluation):
    results = evaluation.evaluate(CORPORA, limit=10)
    assert len(results) == 20
    assert all(r.film for r in results), [r.error for r in results if not r.film]
    rows = evaluation.table(results)
    assert {row["corpus"] for row in rows} == {"geneval", "vbench"}
    honoured = sum(row["honoured"] for row in rows) / sum(row["labels"] for row in rows)
    assert honoured > 0.8


def test_color_names(evaluation):
    import numpy as np
    named = {"#d62828": "red", "#f57c00": "orange", "#f7d100": "yellow", "#2e9e44": "green", "#1f5fd6": "blue",
             "#7b2cbf": "purple", "#ff6fae": "pink", "#7b4a26": "brown", "#161616": "black", "#f7f7f5": "white"}
    for hex_, name in named.items():
        rgb = np.array([int(hex_[i:i + 2], 16) for i in (1, 3, 5)])
        assert evaluation.color_name(rgb) == name

"""Generated prompts, workflows, and unattended batches at the smallest size."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from scenec.automation import AutomateOptions, automate
from scenec.knowledge.errors import KnowledgeError
from scenec.knowledge.learning.prompts import generate_prompts
from scenec.knowledge.learning.store import open_store
from scenec.knowledge.learning.workflows import load_workflows, workflow
from scenec.knowledge.lookup import names
from scenec.knowledge.objects import load_objects
from scenec.knowledge.places import load_places
from scenec.knowledge.registry import load_registry
from scenec.knowledge.vocabulary import load_vocabulary


def prompts(count: int, seed: int):
    registry = load_registry()
    return generate_prompts(count, seed=seed, objects=load_objects(), places=load_places(),
                            vocabulary=load_vocabulary(), time_names=names(registry, "time"),
                            mood_names=names(registry, "mood"))


def test_prompts_are_varied_and_repeatable() -> None:
    batch = prompts(30, seed=3)
    assert batch == prompts(30, seed=3) and batch != prompts(30, seed=4)
    assert len({p.subject for p in batch}) >= 25  # a cycle, not favourites
    assert len({p.time for p in batch}) == len(names(load_registry(), "time"))
    assert {p.camera for p in batch} >= {"pan-left", "pan-right", "zoom-in", None}
    assert all(p.text and p.subject in load_objects().entries for p in batch)


def test_workflows_ship_and_a_user_file_overrides_them(tmp_path: Path) -> None:
    assert load_workflows()["default"].steps == ("translate", "render", "analyze", "record", "suggest")
    (tmp_path / "workflows.yaml").write_text("default: [translate, record]\nmine:\n  steps: [translate, render]\n"
                                             "  size: 32x18\n")
    flows = load_workflows(tmp_path)
    assert flows["default"].steps == ("translate", "record") and flows["mine"].size == (32, 18)
    assert flows["quick"].size == (64, 36)


@pytest.mark.parametrize("text, message", [
    ("x: [translate, analyse]", "unknown step 'analyse' (did you mean 'analyze'?)"),
    ("x: [render, translate]", "step 'render' needs 'translate' before it"),
    ("x: {steps: [translate], size: 10x10}", "size must be WIDTHxHEIGHT"),
    ("x: {steps: [translate], colour: red}", "unknown key 'colour'"),
])
def test_a_bad_workflow_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "workflows.yaml").write_text(text)
    with pytest.raises(KnowledgeError, match=re.escape(message)):
        load_workflows(tmp_path)
    with pytest.raises(KnowledgeError, match="no workflow 'nope'"):
        workflow("nope")


def test_a_batch_renders_measures_and_records_every_run(tmp_path: Path) -> None:
    flow = replace(workflow("quick"), fps=6)
    seen = []
    result = automate(AutomateOptions(home=tmp_path, count=2, workflow=flow, seed=5),
                      on_done=lambda outcome, run_id: seen.append(run_id))
    assert not result.stopped and seen == [1, 2] and result.run_ids == (1, 2)
    runs = open_store(tmp_path).runs()
    assert [r.kind for r in runs] == ["automate", "automate"]
    for run, outcome in zip(runs, result.outcomes):
        assert outcome.error is None, outcome.error
        assert Path(run.output).is_file() and run.prompt == outcome.prompt
        assert run.analysis["width"] == 64 and run.intent_match["checks"]
        assert run.source_text and run.plan_hash and run.decisions
        assert {"translate_s", "compile_s", "render_s", "analyze_s", "total_s"} <= set(run.timings)
        assert any(kind == "object" for kind, _ in run.entries)


def test_ctrl_c_stops_after_the_run_in_progress(tmp_path: Path) -> None:
    from scenec.automation import _StopFlag

    flag = _StopFlag()
    result = automate(AutomateOptions(home=tmp_path, count=5, workflow=workflow("translate-only"), seed=1),
                      on_done=lambda outcome, run_id: flag(2, None), stop=flag)
    assert result.stopped and result.run_ids == (1,)
    assert len(open_store(tmp_path).runs()) == 1


def test_parallel_workers_record_every_run(tmp_path: Path) -> None:
    result = automate(AutomateOptions(home=tmp_path, count=2, workflow=workflow("translate-only"), seed=2,
                                      workers=2))
    assert sorted(result.run_ids) == [1, 2] and all(o.error is None for o in result.outcomes)
    assert {r.prompt for r in open_store(tmp_path).runs()} == {o.prompt for o in result.outcomes}


def test_sigint_in_a_real_batch_finishes_the_run_in_progress(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    env = {**os.environ, "SCENEC_HOME": str(tmp_path), "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-m", "scenec.cli", "automate", "--count", "6", "--workflow", "quick",
                             "--seed", "4"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    try:
        first = proc.stderr.readline()  # "1/6 ✓ run 1 ...": the first run is recorded
        assert first.startswith("1/6"), first
        proc.send_signal(signal.SIGINT)
        rest = proc.stderr.read()
        assert proc.wait(timeout=60) == 130, rest
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    assert "stopped by Ctrl-C after recording the runs in progress" in rest and "Traceback" not in rest
    runs = open_store(tmp_path).runs()
    assert 1 <= len(runs) < 6
    assert all(Path(r.output).is_file() and r.analysis for r in runs)  # nothing half-recorded

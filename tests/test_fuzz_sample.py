"""A seeded sample of `benchmarks/fuzz.py`'s campaign, in the suite: mutants
of every example through check, and some of those that check clean through
compile and a tiny render with the sound of their first frames. No mutant may
raise or print a numpy warning: every problem is a located diagnostic.
Deterministic (each mutant is a function of a fixed seed and its index); the
campaign at volume, with its memory and time guards, is the benchmark's.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from fuzz import EXAMPLES, mutant, mutant_at, seeds  # noqa: E402

from scenec.api import check_file, compile_file  # noqa: E402
from scenec.knowledge.world import build_world  # noqa: E402
from scenec.runtime.frame import FrameRenderer  # noqa: E402
from scenec.runtime.soundtrack import soundtrack  # noqa: E402

CHECKED = 200
RENDERED = 24


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("fuzz")
    for item in ("assets", "lib"):
        if (EXAMPLES / item).is_dir():
            shutil.copytree(EXAMPLES / item, root / item)
    return root, build_world(tmp_path_factory.mktemp("home"))


def test_the_mutators_change_their_seeds_and_repeat_under_a_seed() -> None:
    texts = seeds()
    assert len(texts) >= 8
    first = [mutant(texts, random.Random(5)) for _ in range(20)]
    again = [mutant(texts, random.Random(5)) for _ in range(20)]
    assert first == again
    assert sum(m not in texts for m in first) >= 15


def test_mutants_check_with_diagnostics_and_never_raise(project) -> None:
    root, world = project
    texts = seeds()
    path = root / "mutant.scene"
    errors = 0
    for index in range(CHECKED):
        text = mutant_at(texts, 17, "check", index)
        path.write_text(text, encoding="utf-8")
        result = check_file(path, world=world)
        assert all(d.span is not None for d in result.diagnostics if d.is_error), text
        errors += not result.ok
    assert 0 < errors < CHECKED  # the sample has both broken and clean mutants


@pytest.mark.filterwarnings("error::RuntimeWarning")  # numpy's float warnings would reach a user's terminal
def test_mutants_that_check_clean_compile_draw_and_sound(project) -> None:
    root, world = project
    texts = seeds()
    path = root / "mutant.scene"
    rendered = 0
    for index in range(RENDERED * 10):
        if rendered == RENDERED:
            break
        text = mutant_at(texts, 23, "render", index)
        path.write_text(text, encoding="utf-8")
        plan, check = compile_file(path, world=world)
        if plan is None:
            assert not check.ok or not check.file.scenes, text
            continue
        renderer = FrameRenderer(plan, assets_root=str(root), size=(32, 18))
        for frame in range(min(plan.frames, 2)):
            renderer.render(frame)
        sound = soundtrack(plan, 0, min(plan.frames, 2), sample_rate=22050)
        assert sound.shape[0] == 2
        rendered += 1
    assert rendered == RENDERED

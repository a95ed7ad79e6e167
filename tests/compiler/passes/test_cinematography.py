"""Golden fixtures of the `cinematography` pass: `fixtures/cinematography/*.scene` and the IR after the pass beside each
(`<case>.after.txt`, see golden.py). Regenerate with
`.venv/bin/python -m pytest tests/compiler/passes/test_cinematography.py --snapshot-update`."""

from __future__ import annotations

from pathlib import Path

import pytest

from .golden import cases, check_golden

PASS = "cinematography"


@pytest.mark.parametrize("case", cases(PASS), ids=lambda p: p.stem)
def test_ir_after_the_pass(case: Path, request: pytest.FixtureRequest) -> None:
    check_golden(PASS, case, request)

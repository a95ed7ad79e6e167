"""Seeded mutation fuzzing of the parser: broken input gives located
diagnostics, never an exception; mutants that still parse still format."""

from __future__ import annotations

import random
from pathlib import Path

from scenec.lang.diagnostics import Diagnostic
from scenec.lang import ast
from scenec.lang.formatter import format_file, has_error_nodes
from scenec.lang.parser import ParseResult, decode, parse, parse_source
from strategies import mutate, mutate_bytes

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
SEED_DIRS = [HERE / "fixtures" / name for name in ("parse", "format", "canonical")]
SEEDS = sorted([*(p for d in SEED_DIRS for p in d.glob("*.scene")), *(ROOT / "examples").rglob("*.scene")])
MUTATIONS = 300


def check_result(text: str, result: ParseResult) -> None:
    """A tree always; every diagnostic is located inside the text; error nodes only beside an
    error; a clean parse formats to the same tree."""
    assert isinstance(result.file, ast.File), text
    assert not has_error_nodes(result.file) or not result.ok, text
    for d in result.diagnostics:
        assert d.span is not None, (d, text)
        assert 0 <= d.span.start <= d.span.end <= len(text), (d, text)
    if result.ok:
        again = parse(format_file(result))
        assert again.ok, text
    else:
        assert any(d.is_error for d in result.diagnostics), text


def test_seeds_exist() -> None:
    assert len(SEEDS) >= 15


def test_mutated_text_never_raises() -> None:
    rng = random.Random(20240611)
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    broken = 0
    for i in range(MUTATIONS):
        text = mutate(texts[i % len(texts)], rng)
        if rng.random() < 0.3:  # stack a second edit now and then
            text = mutate(text, rng)
        result = parse(text, "mutant.scene")
        check_result(text, result)
        broken += not result.ok
    assert broken > MUTATIONS // 3  # the mutations do break most inputs


def test_mutated_bytes_never_raise() -> None:
    rng = random.Random(7)
    for i, path in enumerate(SEEDS * 3):
        data = mutate_bytes(path.read_bytes(), rng)
        decoded = decode("mutant.scene", data)
        if isinstance(decoded, Diagnostic):
            assert decoded.code == "E1008" and decoded.span is not None
            continue
        check_result(decoded.text, parse_source(decoded))

"""Formatter tests: golden layouts, comment placement, idempotence and the AST
round trip on every fixture and example, and a hypothesis property over
generated scenes."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from scenec.lang.formatter import FormatError, format_file, format_source
from scenec.lang.parser import parse
from strategies import scene_files

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
FORMAT_FIXTURES = sorted((HERE / "fixtures" / "format").glob("*.scene"))
CANONICAL = sorted((HERE / "fixtures" / "canonical").glob("*.scene"))
# Only this module's fixture folders: other tests keep deliberately broken files under fixtures/.
OWN_FIXTURES = [HERE / "fixtures" / name for name in ("parse", "format", "canonical")]
EVERY_SCENE = sorted([*(p for d in OWN_FIXTURES for p in d.glob("*.scene")), *(ROOT / "examples").rglob("*.scene")])


def strip_spans(node: object) -> object:
    """An AST as nested tuples with every `span` left out, for equality up to position."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return (type(node).__name__,
                *((f.name, strip_spans(getattr(node, f.name))) for f in dataclasses.fields(node) if f.name != "span"))
    if isinstance(node, tuple | list):
        return tuple(strip_spans(x) for x in node)
    return node


def comment_texts(text: str) -> Counter[str]:
    return Counter(c.text for c in parse(text).comments)


def assert_round_trip(text: str) -> str:
    """Format `text`; check the tree, the comments and idempotence; return the formatted text."""
    before = parse(text)
    assert before.ok, [d.message for d in before.diagnostics]
    formatted = format_file(before)
    after = parse(formatted)
    assert after.ok, (formatted, [d.message for d in after.diagnostics])
    assert strip_spans(after.file) == strip_spans(before.file), formatted
    assert comment_texts(formatted) == comment_texts(text), formatted
    assert format_source(formatted) == formatted
    return formatted


def test_strip_spans_ignores_positions_only() -> None:
    a, b, c = (parse(t).file for t in ("let x = 5%", "\n\nlet   x =\n 5%", "let x = 6%"))
    assert a != b and strip_spans(a) == strip_spans(b)
    assert strip_spans(a) != strip_spans(c)


def test_every_fixture_is_collected() -> None:
    assert len(EVERY_SCENE) >= len(FORMAT_FIXTURES) + len(CANONICAL) + 15


@pytest.mark.parametrize("path", FORMAT_FIXTURES, ids=lambda p: p.stem)
def test_golden_layout(path: Path, snapshot) -> None:
    assert format_source(path.read_text(encoding="utf-8"), path.name) == snapshot


@pytest.mark.parametrize("path", CANONICAL, ids=lambda p: p.stem)
def test_canonical_file_is_unchanged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert format_source(text) == text


@pytest.mark.parametrize("path", EVERY_SCENE, ids=lambda p: str(p.relative_to(ROOT)))
def test_round_trip_and_idempotence(path: Path) -> None:
    assert_round_trip(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- comment placement


def test_trailing_comment_stays_on_the_statement_line() -> None:
    text = "scene {\n  fps 30    // thirty\n  seed 2\n}\n"
    assert format_source(text) == "scene {\n  fps 30 // thirty\n  seed 2\n}\n"


def test_comment_inside_a_statement_moves_above_it() -> None:
    text = "scene {\n  shot {\n    layer a: circle(at: center, // why\n      radius: 5%)\n  }\n}\n"
    assert format_source(text) == (
        "scene {\n  shot {\n    // why\n    layer a: circle(at: center, radius: 5%)\n  }\n}\n")


def test_comment_after_last_statement_stays_in_its_block() -> None:
    text = "scene { shot { layer a: rect()\n // the end of the shot\n } }"
    assert format_source(text) == (
        "scene {\n  shot {\n    layer a: rect()\n    // the end of the shot\n  }\n}\n")


def test_comment_on_the_opening_brace_line_stays_there() -> None:
    assert format_source("scene { // opener\n}") == "scene { // opener\n}\n"


def test_block_comment_keeps_its_text() -> None:
    block = "/* two\n      lines */"
    formatted = format_source(f"{block}\nlet x = 1")
    assert formatted == f"{block}\nlet x = 1\n"


def test_comment_only_file() -> None:
    assert format_source("  // a\n\n\n/* b */  ") == "// a\n/* b */\n"
    assert format_source("") == ""


def test_semicolon_joined_statements_split_one_a_line() -> None:
    assert format_source("scene { fps 30; seed 1 }") == "scene {\n  fps 30\n  seed 1\n}\n"


# ---------------------------------------------------------------- values


def test_strings_are_re_escaped() -> None:
    assert format_source(r'let s = "a\"b\\c\u00e9\t"') == 'let s = "a\\"b\\\\cé\\t"\n'


def test_literals_and_colors_keep_their_text() -> None:
    text = "let xs = [1.50s, 1e3, .5, 2., #ABC, -0.5turn]\n"
    assert format_source(text) == text


def test_args_stay_positional_or_named() -> None:
    text = "scene {\n  shot {\n    layer a: circle((1%, 2%), 5%, fill: red,)\n  }\n}\n"
    assert format_source(text) == "scene {\n  shot {\n    layer a: circle((1%, 2%), 5%, fill: red)\n  }\n}\n"


def test_unparsable_text_raises_format_error_with_diagnostics() -> None:
    with pytest.raises(FormatError) as caught:
        format_source("scene {\n  shot {\n    layer sun circle()\n  }\n}\n", "bad.scene")
    assert isinstance(caught.value, ValueError)
    assert [d.code for d in caught.value.diagnostics] == ["E1001"]
    assert "bad.scene:3:15" in str(caught.value)


def test_value_errors_also_refuse_to_format() -> None:
    with pytest.raises(FormatError):
        format_source("scene { duration 2sec }")


# ---------------------------------------------------------------- property


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scene_files())
def test_generated_scenes_round_trip(text: str) -> None:
    assert_round_trip(text)

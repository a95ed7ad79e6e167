"""Parser tests: one snapshot of the span-free AST per language construct, and a
table of broken inputs with the diagnostic code and position each must give."""

from __future__ import annotations

import dataclasses
from enum import Enum
from pathlib import Path

import pytest

from scenec.lang import ast
from scenec.lang.diagnostics import Diagnostic
from scenec.lang.parser import decode, parse, parse_source
from scenec.lang.span import Source

FIXTURES = Path(__file__).parent / "fixtures" / "parse"
FIXTURE_FILES = sorted(FIXTURES.glob("*.scene"))


def to_plain(node: object) -> object:
    """An AST as plain data for snapshots: class names kept, spans dropped, names inlined."""
    if isinstance(node, ast.Ident):
        return node.name
    if isinstance(node, ast.Quantity):
        return {"Quantity": node.text, "value": node.value, "unit": node.unit.value, "is_int": node.is_int}
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        fields = {f.name: to_plain(getattr(node, f.name)) for f in dataclasses.fields(node) if f.name != "span"}
        return {"_": type(node).__name__, **fields}
    if isinstance(node, tuple | list):
        return [to_plain(x) for x in node]
    if isinstance(node, Enum):
        return node.value
    return node


def test_fixtures_exist() -> None:
    assert len(FIXTURE_FILES) >= 15


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_fixture_parses_to_snapshot(path: Path, snapshot) -> None:
    result = parse(path.read_text(encoding="utf-8"), path.name)
    assert result.diagnostics == (), [d.message for d in result.diagnostics]
    assert result.ok and result.file is not None
    plain = {
        "ast": to_plain(result.file),
        "comments": [(c.line, c.text) for c in result.comments],
    }
    assert plain == snapshot


def test_spans_point_at_source_text() -> None:
    text = 'scene {\n  shot a 2s {\n    layer sun: circle(at: center)\n  }\n}\n'
    result = parse(text)
    assert result.ok and result.file is not None
    shot = result.file.scenes[0].body[0]
    assert isinstance(shot, ast.Shot)
    layer = shot.body[0]
    assert isinstance(layer, ast.Layer)
    assert text[layer.span.start:layer.span.end] == "layer sun: circle(at: center)"
    assert (layer.span.line, layer.span.column) == (3, 5)
    assert (layer.primitive.span.line, layer.primitive.span.column) == (3, 16)


def test_literal_values_and_units() -> None:
    result = parse("let xs = [250ms, -0.5turn, 1e3, 90f, #ff000080]")
    assert result.ok and result.file is not None
    let = result.file.items[0]
    assert isinstance(let, ast.Let) and isinstance(let.value, ast.ListValue)
    ms, turn, plain, frames, color = let.value.items
    assert isinstance(ms, ast.Quantity) and ms.seconds == pytest.approx(0.25)
    assert isinstance(turn, ast.Quantity) and turn.degrees == pytest.approx(-180.0)
    assert isinstance(plain, ast.Quantity) and plain.value == 1000.0 and not plain.is_int
    assert isinstance(frames, ast.Quantity) and frames.to_seconds(30) == pytest.approx(3.0)
    assert isinstance(color, ast.Color) and color.rgba[0] == 1.0 and color.rgba[3] == pytest.approx(128 / 255)


# ---------------------------------------------------------------- syntax errors

SHOT = "scene {{\n  shot {{\n    {}\n  }}\n}}\n"

# (id, text, [(code, line, column), ...]): compared by code and position, not wording.
BROKEN = [
    ("missing-colon-after-layer-name", SHOT.format("layer sun circle()"), [("E1001", 3, 15)]),
    ("unclosed-paren", SHOT.format("layer sun: circle(at: center"), [("E1004", 3, 22)]),
    ("unclosed-bracket", "let xs = [1, 2\n", [("E1004", 1, 10)]),
    # The `}` stands where the scene starts, so it closes the scene: the shot is unclosed.
    ("unclosed-brace", "scene {\n  shot {\n}\n", [("E1004", 2, 8)]),
    ("unclosed-brace-at-end", "scene {\n  shot {\n  }\n", [("E1004", 1, 7)]),
    ("unclosed-string", 'let title = "Ocean\nscene {}\n', [("E1005", 1, 13)]),
    ("stray-paren", "scene {\n  fps 30)\n}\n", [("E1010", 2, 9)]),
    ("stray-brace", "scene {}\n}\n", [("E1010", 2, 1)]),
    ("unknown-unit", "scene {\n  duration 2sec\n}\n", [("E1006", 2, 12)]),
    ("not-finite", "scene {\n  shot 1e999s {}\n}\n", [("E2002", 2, 8)]),
    ("unclosed-block-comment", "let x = 1 /* never\nclosed\n", [("E1007", 1, 11)]),
    ("deep-nesting", "let x = " + "(" * 10_000 + "1" + ")" * 10_000, [("E1009", 1, 73)]),
    ("two-independent-errors",
     "scene {\n  shot {\n    layer a circle()\n    layer b: circle(at center)\n  }\n}\n",
     [("E1001", 3, 13), ("E1001", 4, 24)]),
]


def _located(diagnostics: tuple[Diagnostic, ...]) -> list[tuple[str, int, int]]:
    out = []
    for d in diagnostics:
        assert d.span is not None, d
        out.append((d.code, d.span.line, d.span.column))
    return out


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in BROKEN], ids=[i for i, _, _ in BROKEN])
def test_syntax_error_is_located(text: str, expected: list[tuple[str, int, int]]) -> None:
    result = parse(text)
    assert not result.ok
    assert _located(result.diagnostics) == expected


def test_missing_colon_message_names_the_layer() -> None:
    result = parse(SHOT.format("layer sun circle()"))
    assert "`:`" in result.diagnostics[0].message and "sun" in result.diagnostics[0].message


@pytest.mark.parametrize(("data", "position"), [
    (b"scene {\x00}", (1, 8)),
    (b"let x = 5\nscene { \xff }", (2, 9)),
    (b"let s = \"caf\xc3\" ", (1, 13)),
], ids=["nul-byte", "invalid-utf8", "truncated-utf8"])
def test_non_text_input_is_e1008(data: bytes, position: tuple[int, int]) -> None:
    decoded = decode("f.scene", data)
    assert isinstance(decoded, Diagnostic)
    assert decoded.code == "E1008" and decoded.span is not None
    assert (decoded.span.line, decoded.span.column) == position


def test_decode_accepts_utf8_and_drops_bom() -> None:
    decoded = decode("f.scene", "\ufefflet s = \"café\"".encode())
    assert isinstance(decoded, Source)
    result = parse_source(decoded)
    assert result.ok and result.file is not None
    let = result.file.items[0]
    assert isinstance(let, ast.Let) and isinstance(let.value, ast.Str) and let.value.value == "café"


def test_empty_and_comment_only_files_parse() -> None:
    for text in ("", "\n\n", "// only a comment\n", "/* block */"):
        result = parse(text)
        assert result.ok and result.file is not None and result.file.items == ()


@pytest.mark.parametrize(("text", "word", "keyword", "position"), [
    ("scene { shot 1s {\n    layerbg: circle()\n} }", "layerbg", "layer", (2, 5)),
    ("scene { shotb 1s { layer a: circle() } }", "shotb", "shot", (1, 9)),
    ("palettep { a: #fff }\nscene { shot 1s { layer a: rect() } }", "palettep", "palette", (1, 1)),
    ("scene { shot 1s { layer a: circle() blendmultiply } }", "blendmultiply", "blend", (1, 37)),
    ("scene { fps30 shot 1s { layer a: circle() } }", "fps30", "fps", (1, 9)),
    ("scene { shot 1s { beatdrop } }", "beatdrop", "beat", (1, 19)),
])
def test_keyword_glued_to_a_name_is_e1011(text: str, word: str, keyword: str, position: tuple[int, int]) -> None:
    result = parse(text)
    (diagnostic,) = result.diagnostics
    assert (diagnostic.code, diagnostic.span.line, diagnostic.span.column) == ("E1011", *position)
    assert text[diagnostic.span.start:diagnostic.span.end] == word
    assert f"`{keyword}` needs a space" in diagnostic.hints[0]
    assert not result.recovered  # read as if spaced: the statement is in the tree


def test_glued_layer_keeps_its_layer_and_name() -> None:
    result = parse("scene { shot 1s {\n    layerbg: circle()\n} }")
    (layer,) = result.file.scenes[0].body[0].body
    assert isinstance(layer, ast.Layer) and layer.name.name == "bg"
    assert "`layer` needs a space before the layer's name: `layer bg`" in result.diagnostics[0].hints


def test_glued_keyword_is_reported_inside_error_recovery() -> None:
    """With another slip in the file the tree is rebuilt statement by statement; the glued
    keyword is read the same way there."""
    result = parse("scene { shot 1s {\n    layerbg: circle()\n    layer x circle()\n} }")
    assert result.recovered
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("E1011", 2), ("E1001", 3)]
    layers = [s for s in result.file.scenes[0].body[0].body if isinstance(s, ast.Layer)]
    assert [layer.name.name for layer in layers] == ["bg", "x"]


@pytest.mark.parametrize("text", [
    "scene { size 64x36 fps 30 shot medium-close 1s { layer a: circle() opacity 50% rotate -10deg } }",
    "scene { shot layered 1s { layer shotty: circle() } }",
    "let layers = 3\nscene { shot 1s { layer a: circle() } }",
])
def test_keywords_followed_by_a_space_or_within_names_are_fine(text: str) -> None:
    assert parse(text).diagnostics == ()


def _parse_both(text: str):
    """The file's tree from the one-pass driver and from Lark's own parse loop, or that each
    stopped (where Lark's lexer retries with every terminal to say "unexpected token" rather
    than "unexpected character", the driver need not: either way recovery takes over)."""
    from lark.exceptions import UnexpectedInput

    from scenec.lang import onepass
    from scenec.lang.parser import _front

    front = _front()
    out = []
    for run in (lambda: onepass.parse(front.lark, text), lambda: front.lark.parse(text, start="start")):
        front.begin(Source("<input>", text))
        try:
            out.append((run(), tuple(front.comments), tuple(front.build.diagnostics)))
        except UnexpectedInput:
            out.append("stopped")
    return out


EXAMPLES = sorted((Path(__file__).parents[2] / "examples").rglob("*.scene"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_one_pass_driver_builds_what_lark_builds(path: Path) -> None:
    ours, lark = _parse_both(path.read_text(encoding="utf-8"))
    assert ours == lark


@pytest.mark.parametrize("text", [
    "", "// only a comment\n", "scene {\n  shot 1s {\n    layer a: circle(\n  }\n}\n", "scene { § }",
    "scene {\n /* a\nblock */ shot 1s { layer a: circle() } }  \n\n", "palette p { a: #fff ",
])
def test_one_pass_driver_agrees_on_odd_input(text: str) -> None:
    ours, lark = _parse_both(text)
    assert ours == lark

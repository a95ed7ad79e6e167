"""Parsing never fails: a tree for any text, one diagnostic per slip, kept inside its statement.

The full sweep of one-slip edits is `benchmarks/cascade.py`; here a seeded
sample of a few hundred of them runs as the editor would run it.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from scenec.api import check_file, check_text
from scenec.lang import ast
from scenec.lang.formatter import FormatError, format_file
from scenec.lang.modules import MemoryLoader, ParseCache
from scenec.lang.parser import _Front, parse
from slips import edited_range, is_local, sample, statements

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.scene"))
SUNSET = ROOT / "examples" / "sunset.scene"


def test_grammar_passes_the_strict_regex_collision_check() -> None:
    # strict=True runs interegular over every pair of terminals; the parser itself loads without it.
    front = _Front(strict=True, cache=False)
    assert front.lark.parse("scene { shot { layer a: circle() } }", start="start").scenes


@pytest.mark.parametrize("bad_cache", ["under-a-file", "garbage"])
def test_grammar_cache_that_cannot_be_used_is_ignored(tmp_path: Path, bad_cache: str, capfd) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    if bad_cache == "under-a-file":
        cache = blocker / "grammar.cache"  # cannot be created: its parent is a file
    else:
        cache = tmp_path / "grammar.cache"
        cache.write_bytes(b"\x00not a pickle\n")
    front = _Front(cache=str(cache))
    assert front.lark.parse("let x = 1", start="start").items
    assert capfd.readouterr().err == ""


def test_keyword_typo_gives_one_diagnostic() -> None:
    text = SUNSET.read_text(encoding="utf-8").replace("layer sea:", "layr sea:")
    result = check_file(SUNSET, text=text)
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("E1001", 21)]
    assert "`layr`" in result.diagnostics[0].message


def test_type_error_stays_live_beside_an_unfinished_statement() -> None:
    text = "scene {\n  shot {\n    layer sun: circle(radius: red)\n    animate \n  }\n}\n"
    result = check_text(text)
    located = {(d.code, d.span.line) for d in result.diagnostics}
    assert ("E2001", 3) in located  # the type error on the untouched line
    assert any(d.code.startswith("E1") and d.span.line == 4 for d in result.diagnostics)
    assert len(result.diagnostics) == 2


def test_unclosed_paren_keeps_the_rest_of_the_file() -> None:
    text = ("scene {\n  shot {\n    layer sun: circle(radius: 5%\n    layer sky: gradient(from: navy, to: black)\n"
            "    animate sun.opacity to 50%\n  }\n}\n")
    result = parse(text)
    assert [(d.code, d.span.line, d.span.column) for d in result.diagnostics] == [("E1004", 3, 22)]
    shot = result.file.scenes[0].body[0]
    assert [type(s).__name__ for s in shot.body] == ["Layer", "Layer", "Animate"]
    assert [(d.code, d.span.line) for d in check_text(text).diagnostics] == [("E1004", 3)]



PALETTE = "palette p {\n  sky: #1d2b53\n  horizon: #ff7e5f\n  sun: #ffd36b\n}\n"


@pytest.mark.parametrize("slip, code", [
    ("  horizon: mix(#ff7e5f\n", "E1004"),  # an unclosed bracket
    ("  (horizon: #ff7e5f\n", "E1004"),  # a stray bracket before the entry
    ("  horizon #ff7e5f\n", "E1001"),  # the `:` deleted
])
def test_a_broken_palette_entry_keeps_the_entries_around_it(slip: str, code: str) -> None:
    result = parse(PALETTE.replace("  horizon: #ff7e5f\n", slip))
    assert [(d.code, d.span.line) for d in result.diagnostics] == [(code, 3)]
    entries = result.file.items[0].entries
    assert len(entries) == 3  # the broken one an entry or an error node of its own
    assert (entries[0].name.name, entries[2].name.name) == ("sky", "sun")


def test_a_palette_value_may_go_on_over_lines() -> None:
    text = "palette p {\n  sky:\n    #1d2b53\n  sun: #ffd36b\n}\n"
    result = parse(text)
    assert not result.diagnostics
    assert [e.name.name for e in result.file.items[0].entries] == ["sky", "sun"]


def test_a_statement_that_lost_its_keyword_leaves_the_one_above_it() -> None:
    text = SUNSET.read_text(encoding="utf-8").replace("    camera pan right 6%", "    pan right 6%")
    result = parse(text)
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("E1001", 24)]
    shot = result.file.scenes[0].body[-3]
    assert [type(s).__name__ for s in shot.body][-2:] == ["Animate", "ErrorStatement"]

def test_unparsed_statement_is_an_error_node_with_its_text() -> None:
    text = "let a = 1\nlet = 2\nscene {\n  fps 30\n  shot { layer x: circle() }\n  size\n}\n"
    result = parse(text)
    let, broken, scene = result.file.items
    assert isinstance(let, ast.Let) and isinstance(broken, ast.ErrorItem) and broken.text == "let = 2"
    assert isinstance(scene.body[-1], ast.ErrorStatement) and scene.body[-1].text == "size"
    assert [d.span.line for d in result.diagnostics] == [2, 6]


def test_formatter_refuses_a_file_with_error_nodes() -> None:
    result = parse("scene {\n  shot {\n    animate\n  }\n}\n")
    with pytest.raises(FormatError, match="syntax errors"):
        format_file(result)


def test_syntax_labels_do_not_repeat_their_message() -> None:
    rng = random.Random(5)
    for path in EXAMPLES[:4]:
        text = path.read_text(encoding="utf-8")
        for slip in sample(text, 40, rng):
            for d in parse(slip.apply(text)).diagnostics:
                assert not d.label or d.label not in d.message, d


def test_seeded_slips_give_a_tree_and_stay_local() -> None:
    rng = random.Random(20261202)
    total = local = 0
    for path in EXAMPLES:
        text = path.read_text(encoding="utf-8")
        for slip in sample(text, 30, rng):
            edited = slip.apply(text)
            result = check_file(path, text=edited)
            assert result.file is not None and result.file.items, (slip, edited)
            total += 1
            local += is_local(result.diagnostics, edited_range(text, slip))
    assert total >= 250
    assert local / total >= 0.95, f"{local}/{total} one-slip edits kept their diagnostics local"


def test_statements_walks_every_block() -> None:
    result = parse(SUNSET.read_text(encoding="utf-8"))
    kinds = {type(node).__name__ for node in statements(result.file)}
    assert {"Palette", "PaletteEntry", "Scene", "Shot", "Layer", "Setting"} <= kinds


def test_parse_cache_reparses_only_the_edited_file() -> None:
    files = {
        "/p/main.scene": 'import "a.scene"\nimport "b.scene"\nscene { shot { layer x: circle(fill: @c) } palette p }\n',
        "/p/a.scene": "palette p { c: #ff0000 }\n",
        "/p/b.scene": "let size_ = 3\n",
    }
    loader = MemoryLoader(files, root="/p")
    cache = ParseCache()
    from scenec.api import knowledge_names
    from scenec.knowledge.world import build_world
    from scenec.lang.checker import check_path
    names = knowledge_names(build_world())
    first = check_path("/p/main.scene", loader, names, cache=cache)
    assert first.ok, first.diagnostics
    assert cache.parses == 3
    check_path("/p/main.scene", loader, names, cache=cache)
    assert cache.parses == 3  # nothing changed, nothing parsed
    files["/p/a.scene"] = "palette p { c: #00ff00 }\n"
    again = check_path("/p/main.scene", loader, names, cache=cache)
    assert again.ok and cache.parses == 4  # only the edited file


@pytest.mark.parametrize("path", [*EXAMPLES, *sorted((Path(__file__).parent / "fixtures" / "parse").glob("*.scene"))],
                         ids=lambda p: p.stem)
def test_recovery_builds_the_same_tree_as_the_one_pass_parse(path: Path) -> None:
    # Error recovery feeds Lark's basic-lexer tokens to the parser, retyped as the contextual
    # lexer would; on a valid file it must agree with the one-pass parse exactly.
    from scenec.lang.parser import _front, _recover
    from scenec.lang.span import Source
    source = Source(path.name, path.read_text(encoding="utf-8"))
    clean = parse(source.text, path.name)
    with _front().lock:
        rebuilt = _recover(_front(), source, source.span(0, len(source.text)))
    assert rebuilt.diagnostics == clean.diagnostics == ()
    assert rebuilt.file == clean.file
    assert rebuilt.comments == clean.comments

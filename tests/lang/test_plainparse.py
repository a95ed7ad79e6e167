"""The parse of a clean file on plain tables (`lang/plainparse.py`) gives exactly Lark's result, and
leaves every file that is not clean to Lark."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenec.lang import parser, plainparse, tables
from scenec.lang.span import Source
from strategies import mutate, scene_files

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").rglob("*.scene"))
LIBRARIES = sorted((ROOT / "knowledge" / "data" / "objects").glob("*.scene"))
DOC_BLOCKS = [block for doc in sorted((ROOT / "docs").glob("*.md"))
              for block in re.findall(r"```scene\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)]


def _lark(source: Source, monkeypatch: pytest.MonkeyPatch) -> parser.ParseResult:
    """What `parse_source` gives with the plain parse turned off: Lark's loop, and its recovery."""
    with monkeypatch.context() as patch:
        patch.setattr(plainparse, "parse", lambda source: None)
        return parser.parse_source(source)


def _agree(text: str, monkeypatch: pytest.MonkeyPatch) -> plainparse.Token | None:
    source = Source("f.scene", text)
    plain = plainparse.parse(source)
    lark = _lark(source, monkeypatch)
    if plain is not None:
        assert plain == lark and not lark.recovered
        assert type(plain.file) is type(lark.file)
    else:  # only what Lark stops on, or reports while parsing on
        assert lark.recovered or any(d.code == "E1011" for d in lark.diagnostics), text
    return plain


def test_the_tables_load_for_this_grammar() -> None:
    assert plainparse.available()


@pytest.mark.parametrize("path", EXAMPLES + LIBRARIES, ids=lambda p: p.name)
def test_every_example_and_library_parses_as_lark_parses_it(path: Path, monkeypatch) -> None:
    assert _agree(path.read_text(encoding="utf-8"), monkeypatch) is not None


def test_every_scene_in_the_docs_parses_as_lark_parses_it(monkeypatch) -> None:
    assert len(DOC_BLOCKS) >= 10
    clean = [block for block in DOC_BLOCKS if _agree(block, monkeypatch) is not None]
    assert len(clean) >= len(DOC_BLOCKS) // 2


@pytest.mark.parametrize("text", [
    "", "   \n\t", "// only a comment\n", "/* a\nblock */", "scene {\n  shot 1s {\n    layer a: circle(\n  }\n}\n",
    "scene { § }", "scene {\n /* a\nblock */ shot 1s { layer a: circle() } }  \n\n", "palette p { a: #fff ",
    "scene { shot 1s { layerbg: circle() } }", "scene { size 64x36 fps 30 shot medium-close 1s { layer a: circle() } }",
    "let x = " + "(" * 70 + "1" + ")" * 70, "let x = " + "(" * 60 + "1" + ")" * 60, "let s = \"a\\qb\"\n",
    "scene\v{ }", "let x = 1e999\n", "scene { shot 1s { layer a: circle(at: (50%, 50%)) } }\n\u00a0",
])
def test_odd_input_parses_as_lark_parses_it_or_goes_to_lark(text: str, monkeypatch) -> None:
    _agree(text, monkeypatch)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=scene_files())
def test_generated_scenes_parse_as_lark_parses_them(text: str, monkeypatch) -> None:
    _agree(text, monkeypatch)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(EXAMPLES), seed=st.integers(0, 2**32 - 1))
def test_mutated_examples_parse_as_lark_parses_them_or_go_to_lark(path: Path, seed: int, monkeypatch) -> None:
    _agree(mutate(path.read_text(encoding="utf-8"), random.Random(seed)), monkeypatch)


def test_the_depth_limit_is_the_scanners() -> None:
    from scenec.lang.scan import MAX_DEPTH

    assert plainparse._MAX_DEPTH == MAX_DEPTH  # noqa: SLF001


def test_a_broken_tables_file_is_generated_again(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(tables, "folders", lambda: (tmp_path,))
    first = tables.load()
    assert first is not None
    (entry,) = tmp_path.glob("lalr-tables-*")
    entry.write_bytes(entry.read_bytes()[:-10])
    again = tables.load()
    assert again == first
    assert tables.load() == first and len(list(tmp_path.glob("lalr-tables-*"))) == 1


def test_unkeepable_tables_leave_parsing_to_lark(tmp_path: Path, monkeypatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(tables, "folders", lambda: (blocked / "a",))
    monkeypatch.setattr(tables, "generate", lambda: pytest.fail("made without a place to keep them"))
    assert tables.load() is None


def test_kept_scanner_patterns_are_what_re_compiles() -> None:
    import re

    kept = tables.load()
    assert kept is not None
    for patterns, _, blob in kept.scanners:
        for (text, flags), made in zip(patterns, tables.compiled_args(blob), strict=True):
            assert made is not None
            assert tables.compile_pattern(text, flags, made, kept.sre_magic) == re.compile(text, flags)
    # made for another engine, or unusable: compiled by `re`
    (text, flags), made = kept.scanners[0][0][0], tables.compiled_args(kept.scanners[0][2])[0]
    assert tables.compile_pattern(text, flags, made, -1) == re.compile(text, flags)
    assert tables.compile_pattern(text, flags, (text, flags, [1, 2], 0, {}, ()), kept.sre_magic) is not None


def test_tables_are_kept_in_the_next_folder_when_the_first_cannot_be_written(tmp_path: Path, monkeypatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(tables, "folders", lambda: (blocked / "a", tmp_path / "tmp"))
    made = tables.load()
    assert made is not None and len(list((tmp_path / "tmp").glob("lalr-tables-*"))) == 1
    monkeypatch.setattr(tables, "generate", lambda: pytest.fail("generated again"))
    assert tables.load() == made


def test_no_tables_are_written_beside_the_bytecode_when_python_is_told_not_to(tmp_path: Path, monkeypatch) -> None:
    import sys

    first, second = tmp_path / "bytecode", tmp_path / "temporary"
    monkeypatch.setattr(tables, "folders", lambda: (first, second))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert tables.load() is not None
    assert not any(first.rglob("*")) and any(second.rglob("*"))


def test_the_temporary_folder_is_per_user() -> None:
    import os

    assert tables.folders()[-1].name.endswith(str(os.getuid()))

"""Error recovery around blocks and items: a broken header, entry or import keeps what is beside it."""

from __future__ import annotations

import pytest

from scenec.lang import ast
from scenec.lang.parser import parse

PALETTES = """\
let spray = #dfe8ee

palette gale extends ocean {
  storm-sky: #1f2a36
  billow: #1d3b4f
  crest: spray
}
"""


@pytest.mark.parametrize("header", ["palette extends ocean {", "palette gale ocean {", "palette (gale extends ocean {",
                                    "palette {gale extends ocean {"])
def test_a_broken_palette_header_leaves_the_let_above_it(header: str) -> None:
    result = parse(PALETTES.replace("palette gale extends ocean {", header))
    assert isinstance(result.file.items[0], ast.Let) and result.file.items[0].name.name == "spray"
    assert {d.span.line for d in result.diagnostics} == {3}


def test_an_entry_whose_name_was_deleted_leaves_the_entry_above_it() -> None:
    result = parse(PALETTES.replace("  billow: #1d3b4f", "  : #1d3b4f"))
    palette = result.file.items[1]
    assert isinstance(palette.entries[0], ast.PaletteEntry) and palette.entries[0].name.name == "storm-sky"
    assert isinstance(palette.entries[2], ast.PaletteEntry) and palette.entries[2].name.name == "crest"
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("E1001", 5)]


def test_a_keyframe_whose_time_was_deleted_leaves_the_keyframe_above_it() -> None:
    text = ("scene {\n  shot 2s {\n    layer a: circle()\n    keyframes a.opacity {\n      0s: 0%\n"
            "      0.8s: 0%\n      1s: 80%\n    }\n  }\n}\n")
    result = parse(text.replace("0.8s: 0%", ": 0%"))
    frames = result.file.scenes[0].body[0].body[1].frames
    assert isinstance(frames[0], ast.Keyframe) and frames[0].time.text == "0s"
    assert isinstance(frames[2], ast.Keyframe)
    assert [d.span.line for d in result.diagnostics] == [6]


SHOTS = """\
scene {
  shot first 2s {
    layer a: circle()
  }
  shot launch dutch 3s {
    layer b: rect()
    animate b.opacity to 50% over 1s
  }
  shot third 2s {
    layer c: circle()
  }
}
"""


@pytest.mark.parametrize("header", ["launch dutch 3s {", "sht launch dutch 3s {"])
def test_a_shot_that_lost_its_keyword_is_still_a_shot(header: str) -> None:
    result = parse(SHOTS.replace("shot launch dutch 3s {", header))
    shots = [s for s in result.file.scenes[0].body if isinstance(s, ast.Shot)]
    assert [s.name.name for s in shots] == ["first", "launch", "third"]
    assert [type(s).__name__ for s in shots[1].body] == ["Layer", "Animate"]
    assert shots[1].type.name == "dutch"
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("E1001", 5)]


def test_a_shot_that_lost_its_brace_keeps_its_layers() -> None:
    result = parse(SHOTS.replace("shot launch dutch 3s {", "shot launch dutch 3s"))
    shots = [s for s in result.file.scenes[0].body if isinstance(s, ast.Shot)]
    assert [s.name.name for s in shots] == ["first", "launch", "third"]
    assert [type(s).__name__ for s in shots[1].body] == ["Layer", "Animate"]
    assert {d.span.line for d in result.diagnostics} <= {5, 6, 8}


@pytest.mark.parametrize("line", ['"lib/a.scene"', 'imprt "lib/a.scene"', '(import "lib/a.scene"',
                                  'import ("lib/a.scene"', 'import ""lib/a.scene"'])
def test_an_import_that_did_not_parse_still_imports_the_file_it_names(line: str) -> None:
    from scenec.api import knowledge_names
    from scenec.knowledge.world import build_world
    from scenec.lang.checker import check_path
    from scenec.lang.modules import MemoryLoader

    files = {"/p/lib/a.scene": "palette dusk { sky: #1d2b53 }\n",
             "/p/main.scene": f"{line}\nscene {{ palette dusk\n shot 1s {{ layer a: circle(fill: @sky) }} }}\n"}
    result = check_path("/p/main.scene", MemoryLoader(files, root="/p"), knowledge_names(build_world()))
    (item, _scene) = result.file.items
    assert isinstance(item, ast.Import) and item.path.value == "lib/a.scene"
    assert "/p/lib/a.scene" in result.graph.sources
    assert {d.span.line for d in result.diagnostics} == {1}


@pytest.mark.parametrize("header", ["(shot launch dutch 3s {", "shot launch (dutch 3s {", "shot launch dutch 3s ({"])
def test_a_bracket_left_open_in_a_shot_header_keeps_the_shot(header: str) -> None:
    result = parse(SHOTS.replace("shot launch dutch 3s {", header))
    shots = [s for s in result.file.scenes[0].body if isinstance(s, ast.Shot)]
    assert [s.name.name for s in shots] == ["first", "launch", "third"]
    assert [type(s).__name__ for s in shots[1].body] == ["Layer", "Animate"]
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("E1004", 5)]


def test_a_doubled_bracket_in_a_layer_keeps_the_layer() -> None:
    result = parse(SHOTS.replace("layer b: rect()", "layer b: rect(()"))
    shot = result.file.scenes[0].body[1]
    assert [type(s).__name__ for s in shot.body] == ["Layer", "Animate"]
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("E1004", 6)]


@pytest.mark.parametrize("header", ['shot launch "dutch 3s {', 'shot launch dutch 3s "{'])
def test_a_stray_quote_that_swallows_a_shot_brace_keeps_the_shot(header: str) -> None:
    result = parse(SHOTS.replace("shot launch dutch 3s {", header))
    shots = [s for s in result.file.scenes[0].body if isinstance(s, ast.Shot)]
    assert [s.name.name for s in shots] == ["first", "launch", "third"]
    assert [type(s).__name__ for s in shots[1].body] == ["Layer", "Animate"]
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("E1005", 5)]


def test_a_stray_quote_in_a_palette_header_keeps_its_entries() -> None:
    result = parse(PALETTES.replace("palette gale extends ocean {", 'palette gale "extends ocean {'))
    assert [type(i).__name__ for i in result.file.items] == ["Let", "Palette"]
    assert [e.name.name for e in result.file.items[1].entries] == ["storm-sky", "billow", "crest"]
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("E1005", 3)]


def test_a_bare_shot_that_lost_its_keyword_leaves_the_statement_above_and_stays_a_shot() -> None:
    text = SHOTS.replace("  shot launch dutch 3s {", "  audio sfx \"chime\" at 0.4s\n  {")
    result = parse(text)
    body = result.file.scenes[0].body
    assert [type(s).__name__ for s in body] == ["Shot", "Audio", "Shot", "Shot"]
    assert [type(s).__name__ for s in body[2].body] == ["Layer", "Animate"]
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("E1001", 6)]

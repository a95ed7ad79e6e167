"""Checker fixtures: each `.scene` file states its expected diagnostics inline.

`// error E2001 12:31` (or `warning W0001 3:5`) on any line; compared by code
and position, never by wording, so messages can improve freely.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from scenec.api import check_file, check_text

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "check").glob("*.scene"))
EXPECT = re.compile(r"//\s*(error|warning)\s+([EW]\d{4})\s+(\d+):(\d+)")


def expected(path: Path) -> set[tuple[str, str, int, int]]:
    return {(m[1], m[2], int(m[3]), int(m[4])) for m in EXPECT.finditer(path.read_text())}


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_diagnostics(path: Path) -> None:
    result = check_file(path)
    found = {(d.severity.value, d.code, d.span.line, d.span.column) for d in result.diagnostics if d.span}
    assert found == expected(path)


def test_fixtures_exist() -> None:
    assert len(FIXTURES) >= 4


def test_every_independent_problem_is_reported() -> None:
    result = check_text("scene { shot 1s { layer a: circle(radius: 5s) layer b: rect(size: red) } }")
    assert [d.code for d in result.diagnostics] == ["E2001", "E2001"]


def test_wrong_named_argument_suggests_the_right_parameter() -> None:
    result = check_text("scene { shot 1s { layer sun: circle(radius: red) } }")
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "E2001"
    assert any("fill: red" in hint for hint in diagnostic.hints)


def test_imports_resolve_cycles_and_escapes(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "lamps.scene").write_text(
        "template lamp(at: vec) { layer g: circle(at: at) }\n")
    (tmp_path / "a.scene").write_text('import "b.scene"\n')
    (tmp_path / "b.scene").write_text('import "a.scene"\n')
    main = tmp_path / "main.scene"
    main.write_text('import "lib/lamps.scene"\nimport "a.scene"\nimport "gone.scene"\nimport "../x.scene"\n'
                    "scene { shot 1s { layer l: lamp(at: center)\n animate l.g.radius to 5% } }\n")
    codes = [(d.code, d.span.line) for d in check_file(main).diagnostics]
    assert codes == [("E5003", 2), ("E5001", 3), ("E5002", 4)]


def test_project_root_is_the_folder_with_scenec_toml(tmp_path: Path) -> None:
    (tmp_path / "scenec.toml").write_text("")
    (tmp_path / "shared.scene").write_text("let size-ok = 5%\n")
    (tmp_path / "films").mkdir()
    film = tmp_path / "films" / "f.scene"
    film.write_text('import "../shared.scene"\nscene { shot 1s { layer a: circle(radius: size-ok) } }\n')
    assert check_file(film).diagnostics == []


def test_non_text_input_is_a_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "junk.scene"
    path.write_bytes(b"scene {\x00\xff}")
    (diagnostic,) = check_file(path).diagnostics
    assert diagnostic.code == "E1008"


def test_images_must_exist_inside_the_project(tmp_path: Path) -> None:
    (tmp_path / "art").mkdir()
    Image.new("RGB", (4, 4)).save(tmp_path / "art" / "logo.png")
    film = tmp_path / "f.scene"
    film.write_text('scene { shot 1s { layer a: image("art/logo.png")\n layer b: image(path: "gone.png")\n'
                    ' layer c: image("../up.png")\n layer d: image("art/notes.txt") } }\n')
    assert [(d.code, d.span.line) for d in check_file(film).diagnostics] == [
        ("E5005", 2), ("E5002", 3), ("E5005", 4)]

"""Every diagnostic code in `lang/codes.py` is produced by a fixture of its own.

Reads `tests/lang/fixtures/diagnostics/`: one `CODE.scene` file, or one
`CODE/` folder when the code needs more than one file (imports, a project
file `scenec.toml`); a folder's film is `main.scene`. The expected
diagnostics are written inline, in any file of the fixture, as comments:

    // error E2001 4:31        (in .scene files)
    # error E5006 3:8          (in scenec.toml)

meaning a diagnostic of that severity and code whose span starts at that
line and column of the file the comment is in. A fixture must produce
exactly those, compared by code and position, never by wording.

A fixture is run as `scenec render` runs a file: the project settings are
loaded (`scenec.config.load_settings`, which reports E5006; `scenec check`
and `compile` read no settings but the data directory), then
`scenec.api.compile_file` checks the module graph and compiles it (which
reports E4010 for a library). Folders are copied to a tmp dir first so the
project root (the folder) and the paths do not depend on the checkout.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from scenec.api import compile_file
from scenec.knowledge.world import build_world
from scenec.config import ConfigError, load_settings
from scenec.lang.codes import CODES
from scenec.lang.diagnostics import Diagnostic

FIXTURES = Path(__file__).parent / "fixtures" / "diagnostics"
CASES = sorted(FIXTURES.iterdir(), key=lambda p: p.name)
EXPECT = re.compile(r"(?://|#)\s*(error|warning)\s+([EW]\d{4})\s+(\d+):(\d+)")

Found = tuple[str, str, str, int, int]  # file name, severity, code, line, column


def _code(case: Path) -> str:
    return case.name.removesuffix(".scene")


def expected(root: Path) -> set[Found]:
    files = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
    found: set[Found] = set()
    for path in files:
        # errors="replace": the E1008 fixture is deliberately not UTF-8, yet its comments are ASCII
        for m in EXPECT.finditer(path.read_text(encoding="utf-8", errors="replace")):
            found.add((path.name, m[1], m[2], int(m[3]), int(m[4])))
    return found


def produced(root: Path) -> set[Found]:
    entry = root if root.is_file() else root / "main.scene"
    diagnostics: list[Diagnostic] = []
    world = None
    try:
        load_settings(entry.parent)
    except ConfigError as problem:  # reported as the CLI does; the scene is still checked, with no project
        diagnostics.append(problem.diagnostic)
        world = build_world()
    _, check = compile_file(entry, world=world)
    diagnostics.extend(check.diagnostics)
    unlocated = [f"{d.code} {d.message}" for d in diagnostics if d.span is None]
    assert not unlocated, f"diagnostics without a position: {unlocated}"
    return {(Path(d.span.file).name, d.severity.value, d.code, d.span.line, d.span.column) for d in diagnostics}


@pytest.mark.parametrize("case", CASES, ids=_code)
def test_fixture_produces_exactly_its_diagnostics(case: Path, tmp_path: Path) -> None:
    if case.is_dir():
        root = tmp_path / case.name
        shutil.copytree(case, root)
    else:
        root = tmp_path / case.name
        shutil.copyfile(case, root)
    want = expected(root)
    assert _code(case) in {code for _, _, code, _, _ in want}, "a fixture must expect its own code"
    assert produced(root) == want


def test_every_code_in_the_catalog_has_a_fixture() -> None:
    fixtures = {_code(case) for case in CASES}
    assert set(CODES) - fixtures == set()
    assert fixtures - set(CODES) == set(), "a fixture for a code the catalog does not have"

"""`AnalysisCache`: parses by module text, checks by the texts of the modules a graph holds."""

from __future__ import annotations

from scenec.knowledge.world import build_world
from scenec.lsp.analysis import AnalysisCache

LIB = "let size = 7%\n"
MAIN = 'import "lib.scene"\nscene { shot 2s { layer a: circle(radius: size) } }\n'


def test_only_what_an_edit_can_affect_is_parsed_and_checked_again(tmp_path):
    lib, main, other = (str(tmp_path / name) for name in ("lib.scene", "main.scene", "other.scene"))
    cache, world = AnalysisCache(), build_world(None)  # the built-ins only
    first = cache.analyze(main, MAIN, {lib: LIB, other: "let x = 1\n"}, world)
    assert first.check.diagnostics == [] and (cache.parses.parses, cache.checks) == (2, 1)
    # An open file main does not import changes: nothing to parse or check again.
    again = cache.analyze(main, MAIN, {lib: LIB, other: "let x = 2\n"}, world)
    assert again.check is first.check and (cache.parses.parses, cache.checks) == (2, 1)
    # The import changes: it alone is parsed again, and main is checked again against it.
    changed = cache.analyze(main, MAIN, {lib: "let size = red\n"}, world)
    assert (cache.parses.parses, cache.checks) == (3, 2)
    assert [d.code for d in changed.check.diagnostics] == ["E2001"]
    # The edited file changes: it alone is parsed again.
    cache.analyze(main, MAIN.replace("radius: size", "radius: 5%"), {lib: "let size = red\n"}, world)
    assert (cache.parses.parses, cache.checks) == (4, 3)
    # A new knowledge world (an overlay changed): checked again, nothing parsed again.
    cache.analyze(main, MAIN.replace("radius: size", "radius: 5%"), {lib: "let size = red\n"}, build_world(None))
    assert (cache.parses.parses, cache.checks) == (4, 4)

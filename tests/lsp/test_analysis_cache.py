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


def test_an_edit_inside_one_shot_reparses_and_rechecks_that_shot_alone(tmp_path):
    """Typing in one shot of a long scene: the shot is parsed and checked again, the rest is kept,
    and what the editor is shown equals a check from scratch."""
    from scenec.lsp.analysis import analyze
    shots = "".join(f"  shot s{i} 1s {{\n    layer a{i}: circle(radius: {i + 1}%)\n  }}\n" for i in range(30))
    text = f"scene {{\n  fps 30\n{shots}}}\n"
    path = str(tmp_path / "long.scene")
    cache, world = AnalysisCache(), build_world(None)
    cache.analyze(path, text, None, world)
    checked = cache.shots.shot_checks
    at = text.index("    layer a3:")
    for typed in ("    layer b: circle(radius: red)\n", "    layer b: circle(radius: 9%)\n"):
        edited = text[:at] + typed + text[at:]
        result = cache.analyze(path, edited, None, world)
        assert result.check.diagnostics == analyze(path, edited, None, world).check.diagnostics
        assert result.file == analyze(path, edited, None, world).file
    assert cache.parses.spliced == 2
    assert cache.shots.shot_checks == checked + 2  # the edited shot, once per edit
    assert [d.code for d in cache.analyze(path, text[:at] + "    layer b: circle(radius: red)\n" + text[at:],
                                          None, world).check.diagnostics] == ["E2001"]

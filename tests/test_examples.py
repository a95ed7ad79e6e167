"""The shipped examples: each checks clean, and together they use every construct
of the language (so a feature without an example fails here), and the signature
tables in docs/language.md are exactly what docs/gen_tables.py prints."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from scenec.api import check_file
from scenec.lang import ast
from scenec.lang.formatter import format_source
from scenec.lang.parser import parse
from scenec.lang.signatures import (AUDIO_CLAUSES, BLEND_MODES, CAMERA_MOVES, EFFECTS, GRADE_OPS, MOTIONS,
                                    PRIMITIVES, SHOT_TYPES, TRANSITIONS, VALUE_MODIFIERS)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FILMS = sorted(EXAMPLES.glob("*.scene"))
LIBRARIES = sorted((EXAMPLES / "lib").glob("*.scene"))
ALL_FILES = FILMS + LIBRARIES
SETTINGS = ("size", "fps", "duration", "seed", "background", "palette", "genre", "mood", "arc", "time",
            "weather", "style")
SHOT_OVERRIDES = ("time", "weather", "mood")


def _name(path: Path) -> str:
    return path.relative_to(EXAMPLES).as_posix()


# ------------------------------------------------------------------ checks clean


def test_there_are_enough_films() -> None:
    names = {p.name for p in FILMS}
    for required in ("sunset.scene", "title-card.scene", "rain-night.scene", "lantern-festival.scene",
                     "city-dawn.scene", "forest-walk.scene", "space.scene", "ocean-storm.scene", "garden.scene"):
        assert required in names
    assert len(FILMS) >= 8


@pytest.mark.parametrize("path", ALL_FILES, ids=_name)
def test_example_checks_clean(path: Path) -> None:
    result = check_file(path)
    problems = [f"{d.code} {d.span.line if d.span else '?'}: {d.message}" for d in result.diagnostics]
    assert result.ok and not problems, problems


@pytest.mark.parametrize("path", FILMS, ids=_name)
def test_film_has_one_scene(path: Path) -> None:
    assert len(_tree(path).scenes) == 1


@pytest.mark.parametrize("path", LIBRARIES, ids=_name)
def test_library_has_no_scene(path: Path) -> None:
    assert not _tree(path).scenes


def test_sunset_is_the_language_reference_quickstart_verbatim() -> None:
    spec = ROOT.parent / "shared" / "spec" / "LANGUAGE.md"
    if not spec.exists():
        pytest.skip("the language reference is not beside this checkout")
    quick = re.search(r"```scene\n(// sunset\.scene\n.*?)```", spec.read_text(encoding="utf-8"), re.S)
    assert quick is not None
    assert (EXAMPLES / "sunset.scene").read_text(encoding="utf-8") == quick.group(1)


# ------------------------------------------------------------------ coverage


def _tree(path: Path) -> ast.File:
    result = parse(path.read_text(encoding="utf-8"), str(path))
    assert result.ok, [d.message for d in result.diagnostics]
    return result.file


def _walk(node: object) -> Iterator[object]:
    """Every AST node below `node`, depth first."""
    yield node
    if isinstance(node, tuple):
        for item in node:
            yield from _walk(item)
    elif hasattr(node, "__dataclass_fields__"):
        for field in node.__dataclass_fields__:
            if field != "span":
                yield from _walk(getattr(node, field))


@pytest.fixture(scope="module")
def nodes() -> list[object]:
    return [n for path in ALL_FILES for n in _walk(_tree(path))]


def _of(nodes: list[object], kind: type) -> list:
    return [n for n in nodes if isinstance(n, kind)]


def test_every_primitive_is_used(nodes) -> None:
    used = {layer.primitive.name for layer in _of(nodes, ast.Layer)}
    assert set(PRIMITIVES) - used == set()


def test_every_motion_is_used(nodes) -> None:
    used = {m.kind.name for m in _of(nodes, ast.MotionModifier)}
    assert set(MOTIONS) - used == set()


def test_every_modifier_blend_mode_and_effect_is_used(nodes) -> None:
    values = {m.kind.name for m in _of(nodes, ast.ValueModifier)}
    assert set(VALUE_MODIFIERS) - values == set()
    assert set(BLEND_MODES) - {m.mode.name for m in _of(nodes, ast.BlendModifier)} == set()
    effects = _of(nodes, ast.EffectModifier)
    assert {"enter", "exit"} <= {e.which for e in effects}
    assert set(EFFECTS) - {e.kind.name for e in effects} == set()
    assert _of(nodes, ast.MotionModifier)


def test_every_camera_move_is_used_with_its_clauses(nodes) -> None:
    cameras = _of(nodes, ast.Camera)
    assert set(CAMERA_MOVES) - {c.kind.name for c in cameras} == set()
    assert {"at", "over", "ease"} <= {clause.keyword for c in cameras for clause in c.clauses}
    assert any(c.kind.name == "shake" and c.frequency is not None for c in cameras)
    for move, (_amount, directions) in CAMERA_MOVES.items():
        used = {c.direction.name for c in cameras if c.kind.name == move and c.direction}
        assert used <= set(directions)
        if directions:
            assert used, f"`camera {move}` is never used with a direction"


def test_every_transition_is_used(nodes) -> None:
    transitions = _of(nodes, ast.Transition)
    assert set(TRANSITIONS) - {t.kind.name for t in transitions} == set()
    assert any(t.kind.name == "fade" and t.via is not None for t in transitions)
    assert any(t.kind.name == "fade" and t.via is None for t in transitions)


def test_every_grade_op_is_used_at_scene_and_shot_level(nodes) -> None:
    assert set(GRADE_OPS) - {op.name.name for op in _of(nodes, ast.GradeOp)} == set()
    shots = _of(nodes, ast.Shot)
    assert any(isinstance(s, ast.Grade) for shot in shots for s in shot.body)
    scenes = _of(nodes, ast.Scene)
    assert any(isinstance(s, ast.Grade) for scene in scenes for s in scene.body)


def test_every_audio_kind_and_option_is_used(nodes) -> None:
    audio = _of(nodes, ast.Audio)
    assert set(AUDIO_CLAUSES) | {"off"} <= {a.kind for a in audio}
    for kind, clauses in AUDIO_CLAUSES.items():
        used = {c.keyword for a in audio if a.kind == kind for c in a.clauses}
        assert set(clauses) - used == set(), kind
    shots = _of(nodes, ast.Shot)
    assert any(isinstance(s, ast.Audio) for shot in shots for s in shot.body)


def test_animation_uses_every_clause_and_keyframes_ease(nodes) -> None:
    clauses = {c.keyword for a in _of(nodes, ast.Animate) for c in a.clauses}
    assert {"from", "to", "at", "over", "ease"} <= clauses
    frames = [f for k in _of(nodes, ast.Keyframes) for f in k.frames]
    assert frames and any(f.ease is not None for f in frames)


def test_every_scene_setting_and_shot_override_is_used(nodes) -> None:
    scenes = _of(nodes, ast.Scene)
    settings = {s.key.name for scene in scenes for s in scene.body if isinstance(s, ast.Setting)}
    assert set(SETTINGS) - settings == set()
    overrides = {s.key.name for shot in _of(nodes, ast.Shot) for s in shot.body if isinstance(s, ast.Setting)}
    assert set(SHOT_OVERRIDES) - overrides == set()


def test_shots_use_many_types_and_every_header_form(nodes) -> None:
    shots = _of(nodes, ast.Shot)
    types = {s.type.name for s in shots if s.type is not None}
    assert types <= set(SHOT_TYPES)
    assert len(types) >= 6
    forms = {(s.name is not None, s.type is not None, s.duration is not None, s.title is not None) for s in shots}
    for form in ((False, False, False, False), (True, False, False, False), (False, True, False, False),
                 (False, False, True, False), (False, False, False, True), (True, True, True, True)):
        assert form in forms, form


def test_narrative_statements_are_used(nodes) -> None:
    assert _of(nodes, ast.Beat) and _of(nodes, ast.Focus)
    settings = {s.key.name for s in _of(nodes, ast.Setting)}
    assert {"genre", "mood", "arc"} <= settings


def test_file_level_constructs_are_used(nodes) -> None:
    assert _of(nodes, ast.Import) and _of(nodes, ast.Let)
    palettes = _of(nodes, ast.Palette)
    assert any(p.extends is not None for p in palettes)
    params = [p for t in _of(nodes, ast.Template) for p in t.params]
    assert any(isinstance(p.type, ast.ListType) for p in params)
    assert any(isinstance(p.type, ast.EnumType) for p in params)
    assert any(p.default is None for p in params) or all(p.default is not None for p in params)
    typed = {p.type.name.name for p in params if isinstance(p.type, ast.TypeName)}
    assert {"vec", "color", "string", "int", "number"} <= typed


def test_values_of_every_form_are_used(nodes) -> None:
    assert _of(nodes, ast.PaletteRef) and _of(nodes, ast.ListValue) and _of(nodes, ast.Vec)
    assert {c.name.name for c in _of(nodes, ast.Call)} >= {"mix", "lighten", "darken", "alpha", "rgb", "hsl"}
    units = {q.unit for q in _of(nodes, ast.Quantity)}
    assert {ast.Unit.S, ast.Unit.MS, ast.Unit.F, ast.Unit.PERCENT, ast.Unit.PX, ast.Unit.DEG, ast.Unit.TURN, ast.Unit.X,
            ast.Unit.DB, ast.Unit.HZ, ast.Unit.BPM} <= units


@pytest.mark.parametrize("path", ALL_FILES, ids=_name)
def test_example_is_in_fmt_form(path: Path) -> None:
    """What a new user copies should already pass `scenec fmt --check`."""
    text = path.read_text(encoding="utf-8")
    assert format_source(text) == text


def test_block_comment_is_used() -> None:
    # No `;` check: the examples are in `scenec fmt` form, which puts each statement on its own line.
    texts = [p.read_text(encoding="utf-8") for p in FILMS]
    assert any("/*" in t for t in texts)


def test_template_instances_name_their_parts(nodes) -> None:
    """`animate l1.halo.radius` reaches into an instance: the dotted form is exercised."""
    assert any(len(a.target.parts) == 3 for a in _of(nodes, ast.Animate))


# ------------------------------------------------------------------ docs


def _generator():
    spec = importlib.util.spec_from_file_location("gen_tables", ROOT / "docs" / "gen_tables.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_language_guide_tables_match_the_signatures() -> None:
    doc = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- tables:start -->\n(.*?)<!-- tables:end -->", doc, re.S)
    assert match is not None, "docs/language.md lacks the table markers"
    assert match.group(1) == _generator().render(), "run `python docs/gen_tables.py --write`"


def test_language_guide_examples_check_clean(tmp_path: Path) -> None:
    """Every complete film (```scene blocks holding a `scene {`) in the guide checks clean."""
    doc = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```scene\n(.*?)```", doc, re.S) if re.search(r"^scene\b", b, re.M)]
    assert len(blocks) >= 3
    for i, block in enumerate(blocks):
        path = tmp_path / f"block{i}.scene"
        path.write_text(block, encoding="utf-8")
        result = check_file(path)
        assert result.ok, (block, [d.message for d in result.diagnostics])


def test_every_builtin_object_is_listed_in_the_guide() -> None:
    from scenec.knowledge.world import build_world
    from scenec.lang.builtins import builtin_templates
    guide = (Path(__file__).resolve().parents[1] / "docs" / "language.md").read_text(encoding="utf-8")
    missing = [name for name in builtin_templates(build_world()) if f"`{name}`" not in guide]
    assert missing == []

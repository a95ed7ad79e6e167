"""The knowledge world: built from folders in a fixed order, holding no process-global state,
and rebuilt (never cleared) when a learned suggestion is applied or reverted."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenec.api import check_text, compile_text
from scenec.compiler.options import CompileOptions
from scenec.knowledge.errors import KnowledgeError
from scenec.knowledge.learning.overlay import apply_suggestion, revert_suggestion
from scenec.knowledge.learning.store import NewSuggestion, open_store
from scenec.knowledge.lookup import names, palette
from scenec.knowledge.specs import Kind
from scenec.knowledge.world import build_world
from scenec.lang.builtins import builtin_templates
from scenec.lang.translate import translate

SCENE = "scene { palette mine\n shot 1s { layer bg: rect(size: (100%, 100%), fill: @sky) } }\n"


def palette_file(folder: Path, sky: str, name: str = "mine") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "palettes.yaml"
    path.write_text(f"{name}:\n  description: test\n  colors: {{sky: '{sky}'}}\n", encoding="utf-8")
    return path


def sky(world) -> tuple[float, ...]:
    return tuple(round(c, 3) for c in palette(world.registry, "mine").color("sky"))


def test_two_worlds_for_two_data_dirs_in_one_process_give_different_answers(tmp_path: Path) -> None:
    palette_file(tmp_path / "a" / "knowledge", "#ff0000")
    palette_file(tmp_path / "b" / "knowledge", "#0000ff")
    first, second = build_world(tmp_path / "a"), build_world(tmp_path / "b")
    assert sky(first) == (1.0, 0.0, 0.0, 1.0) and sky(second) == (0.0, 0.0, 1.0, 1.0)
    assert sky(build_world(tmp_path / "a")) == sky(first)  # building b in between changed nothing for a
    assert "mine" not in names(build_world(None).registry, Kind.PALETTE)
    plans = [compile_text(SCENE, world=w, options=CompileOptions(size=(32, 18)))[0] for w in (first, second)]
    assert plans[0] is not None and plans[1] is not None and plans[0] != plans[1]


def test_overlays_apply_built_ins_then_project_folders_in_order_then_learned(tmp_path: Path) -> None:
    one, two, home = tmp_path / "one", tmp_path / "two", tmp_path / "home"
    palette_file(one, "#ff0000")
    palette_file(two, "#00ff00")
    assert sky(build_world(None, (one,))) == (1.0, 0.0, 0.0, 1.0)
    assert sky(build_world(None, (one, two))) == (0.0, 1.0, 0.0, 1.0)  # the later folder wins
    assert sky(build_world(None, (two, one))) == (1.0, 0.0, 0.0, 1.0)
    learned = palette_file(home / "knowledge", "#0000ff")
    world = build_world(home, (one, two))
    assert sky(world) == (0.0, 0.0, 1.0, 1.0)  # the learned overlay wins over the project's
    assert world.registry.origins[(Kind.PALETTE, "mine")] == str(learned)
    assert world.overlay_dirs == (one, two, home / "knowledge")


def test_a_project_folder_extends_objects_words_and_names(tmp_path: Path) -> None:
    folder = tmp_path / "project-knowledge"
    folder.mkdir()
    (folder / "objects.yaml").write_text(
        "jackalope:\n  template: dog\n  category: animal\n  words: [jackalope, jackalopes]\n  box: [16, 22]\n"
        "  color_param: color\n  default_color: '#7d7f86'\n", encoding="utf-8")
    (folder / "words.yaml").write_text("colors:\n  blurple: '#5b4cf0'\n", encoding="utf-8")
    world = build_world(None, (folder,))
    assert world.objects.by_word("jackalopes").name == "jackalope"
    assert "blurple" in world.vocabulary.colors
    assert build_world(None).objects.by_word("jackalopes") is None
    assert "jackalope" in translate("a jackalope in a forest", knowledge=world).text


def test_a_broken_project_overlay_names_its_file(tmp_path: Path) -> None:
    (tmp_path / "palettes.yaml").write_text("mine: [not, a, palette]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="palettes.yaml"):
        build_world(None, (tmp_path,))


def test_derived_parts_are_memoised_on_the_world_not_shared_between_worlds() -> None:
    first, second = build_world(None), build_world(None)
    assert builtin_templates(first) is builtin_templates(first)
    assert builtin_templates(first) is not builtin_templates(second)
    assert set(builtin_templates(first)) == set(builtin_templates(second))
    calls = []
    assert first.memo("test.part", lambda: calls.append(1) or "part") == "part"
    assert first.memo("test.part", lambda: calls.append(1) or "other") == "part"
    assert calls == [1]


def test_apply_and_revert_change_what_the_next_compile_sees_in_the_same_process(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    change = {"file": "palettes.yaml", "entries": {"mine": {"description": "learned", "colors": {"sky": "#123456"}}}}
    sid, _ = store.upsert_suggestion(NewSuggestion("palette", "mine", "add palette mine", change,
                                                   ("by hand",), (), {}, "palette:mine"))
    before = build_world(tmp_path)
    assert not check_text(SCENE, world=before).ok  # no palette `mine` yet

    apply_suggestion(store, sid, tmp_path, by="tester")
    applied = before.rebuilt()
    plan, check = compile_text(SCENE, world=applied, options=CompileOptions(size=(32, 18)))
    assert check.ok and plan is not None
    assert not check_text(SCENE, world=before).ok  # a world never changes under its holder

    revert_suggestion(store, sid, tmp_path, by="tester")
    assert not check_text(SCENE, world=applied.rebuilt()).ok


def test_translator_parts_are_read_on_first_use_and_loaded_reads_them_all(tmp_path: Path) -> None:
    (tmp_path / "knowledge").mkdir()
    (tmp_path / "knowledge" / "objects.yaml").write_text("wolf: {template: dog}\n", encoding="utf-8")
    world = build_world(tmp_path)  # the registry alone: checking and compiling need no more
    assert check_text("scene { shot 1s { layer a: dog(at: (50%, 50%)) } }", world=world).ok
    with pytest.raises(KnowledgeError, match="objects.yaml"):
        world.objects
    with pytest.raises(KnowledgeError, match="objects.yaml"):
        build_world(tmp_path).loaded()

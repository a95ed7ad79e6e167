"""The built-in scene objects in knowledge/data/objects: each parses, follows the
box convention (`at` then `box` first), and checks clean when used in a scene,
both with its defaults and with every color parameter set from a palette."""

from __future__ import annotations

import pytest

from scenec.api import check_text
from scenec.lang import ast
from scenec.knowledge.world import build_world
from scenec.lang.builtins import builtin_sources, builtin_templates

REQUIRED = ("tree", "house", "skyline", "mountains", "cloud", "moon", "sun", "boat", "person", "car", "bird",
            "flower", "lantern", "balloon", "fish", "dog", "cat", "rock", "building", "bridge", "candle", "fire",
            "bicycle", "umbrella", "tent", "lighthouse")
PRIMITIVE_NAMES = ("rect", "circle", "ellipse", "polygon", "star", "line", "path", "text", "gradient", "radial",
                   "noise", "particles", "image")
WORLD = build_world()
TEMPLATES = sorted(builtin_templates(WORLD))


def _type_name(param: ast.Param) -> str | None:
    return param.type.name.name if isinstance(param.type, ast.TypeName) else None


def test_object_files_are_grouped_by_theme() -> None:
    assert {"nature.scene", "city.scene", "people.scene", "animals.scene", "things.scene"} <= set(builtin_sources(WORLD))


def test_every_required_object_is_shipped() -> None:
    assert set(REQUIRED) - set(TEMPLATES) == set()


def test_no_object_reuses_a_primitive_name() -> None:
    assert set(TEMPLATES) & set(PRIMITIVE_NAMES) == set()


@pytest.mark.parametrize("name", sorted(builtin_sources(WORLD)))
def test_object_file_is_a_clean_library(name: str) -> None:
    result = check_text(builtin_sources(WORLD)[name], path=f"/objects/{name}", world=WORLD)
    assert result.ok, [d.message for d in result.diagnostics]
    assert not result.file.scenes


@pytest.mark.parametrize("name", TEMPLATES)
def test_object_declares_at_and_box_first_with_defaults(name: str) -> None:
    params = builtin_templates(WORLD)[name].params
    assert [p.name.name for p in params[:2]] == ["at", "box"]
    assert [_type_name(p) for p in params[:2]] == ["vec", "vec"]
    assert all(p.default is not None for p in params), "built-in objects need no arguments"


@pytest.mark.parametrize("name", TEMPLATES)
def test_object_is_drawn_with_several_parts(name: str) -> None:
    layers = builtin_templates(WORLD)[name].layers
    assert len(layers) >= 4
    assert len({layer.name.name for layer in layers}) == len(layers)


@pytest.mark.parametrize("name", TEMPLATES)
def test_object_checks_clean_with_defaults(name: str) -> None:
    text = f'scene {{ size 64x36\n shot 1s {{ layer it: {name}() ; layer there: {name}(at: (30%, 60%)) }} }}'
    result = check_text(text, world=WORLD)
    assert result.ok, [d.message for d in result.diagnostics]


@pytest.mark.parametrize("name", TEMPLATES)
def test_object_checks_clean_with_every_argument(name: str) -> None:
    params = builtin_templates(WORLD)[name].params
    args = ["at: (25%, 75%)", "box: (10%, 20%)"]
    args += [f"{p.name.name}: @accent" for p in params[2:] if _type_name(p) == "color"]
    text = ("palette p { accent: #336699 }\n"
            f"scene {{ size 64x36 palette p\n shot 1s {{ layer it: {name}({', '.join(args)}) opacity 80% depth 0.5\n"
            f"  animate it.opacity from 0% to 100% over 1s\n  focus it }} }}")
    result = check_text(text, world=WORLD)
    assert result.ok, [d.message for d in result.diagnostics]


def test_a_wrong_argument_to_an_object_is_reported() -> None:
    """The check is real: a color where the box belongs is a type error, not silence."""
    result = check_text("scene { shot 1s { layer t: tree(box: red) } }", world=WORLD)
    assert not result.ok
    assert any(d.code.startswith("E2") for d in result.diagnostics)


def test_the_lazy_template_index_names_what_each_library_declares() -> None:
    """Built-in libraries are parsed on first use; the index that finds a template's library
    must agree with parsing, for every shipped library."""
    from scenec.knowledge.world import build_world
    from scenec.lang.builtins import LazyTemplates, _parse_library, builtin_templates

    world = build_world()
    lazy = LazyTemplates(world.template_sources)
    assert lazy._parsed == {}  # nothing parsed to learn the names
    for library, text in world.template_sources.items():
        declared = [t.name.name for t in _parse_library(library, text)]
        assert [name for name, lib in lazy._index.items() if lib == library] == declared, library
    dog = builtin_templates(world)["dog"]
    assert dog.name.name == "dog" and "dog" in builtin_templates(world)


def test_every_idle_motion_checks_as_a_motion_of_its_object() -> None:
    objects = WORLD.objects
    idles = sorted({(e.template, e.idle) for e in objects.entries.values() if e.idle is not None})
    assert idles, "some things move when a sentence gives them no motion"
    shots = "\n".join(f" layer l{i}: {template}() motion {idle}" for i, (template, idle) in enumerate(idles))
    result = check_text(f"scene {{ size 64x36\n shot 1s {{\n{shots}\n }} }}", world=WORLD)
    assert result.ok, [d.message for d in result.diagnostics]

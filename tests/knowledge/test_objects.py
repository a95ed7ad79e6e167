"""The built-in scene objects in knowledge/data/objects: each parses, follows the
box convention (`at` then `box` first), and checks clean when used in a scene,
both with its defaults and with every color parameter set from a palette."""

from __future__ import annotations

import numpy as np
import pytest

from scenec.api import check_text, compile_text
from scenec.compiler.options import CompileOptions
from scenec.lang import ast
from scenec.knowledge.world import build_world
from scenec.lang.builtins import builtin_sources, builtin_templates
from scenec.runtime.frame import FrameRenderer

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


def test_every_object_declares_at_and_box_first_with_defaults() -> None:
    wrong = []
    for name in TEMPLATES:
        params = builtin_templates(WORLD)[name].params
        if ([p.name.name for p in params[:2]] != ["at", "box"] or [_type_name(p) for p in params[:2]] != ["vec", "vec"]
                or any(p.default is None for p in params)):  # built-in objects need no arguments
            wrong.append(name)
    assert wrong == []


def _parts(name: str, seen: tuple[str, ...] = ()) -> list[str]:
    """The primitives an object draws, counting those of the templates it uses."""
    templates = builtin_templates(WORLD)
    parts = []
    for layer in templates[name].layers:
        inner = layer.primitive.name
        parts += _parts(inner, (*seen, name)) if inner in templates and inner not in seen else [inner]
    return parts


def test_every_object_is_drawn_with_several_parts() -> None:
    few = {name: len(_parts(name)) for name in TEMPLATES if len(_parts(name)) < 4}
    assert few == {}
    repeated = [name for name in TEMPLATES
                if len({layer.name.name for layer in builtin_templates(WORLD)[name].layers})
                != len(builtin_templates(WORLD)[name].layers)]
    assert repeated == []


PER_SHOT = 6  # units per shot: a shot of every object would pass the cap on layers per shot


def _check_all(layers: list[str], prelude: str = "") -> list[str]:
    """Check one scene holding every object (one check, not hundreds), a few per shot; its problems, by line."""
    shots = [f" shot s{k} 1s {{\n" + "\n".join(layers[i:i + PER_SHOT]) + "\n }"
             for k, i in enumerate(range(0, len(layers), PER_SHOT))]
    text = f"{prelude}scene {{ size 64x36 palette p\n" + "\n".join(shots) + "\n}"
    text = ("palette p { accent: #336699 }\n" if not prelude else "") + text
    result = check_text(text, world=WORLD)
    lines = text.splitlines()
    return [f"{lines[d.span.line - 1].strip()[:90]}: {d.message}" if d.span else d.message
            for d in result.diagnostics]


def test_every_object_checks_clean_with_defaults() -> None:
    layers = [f" layer a{i}: {name}()\n layer b{i}: {name}(at: (30%, 60%))" for i, name in enumerate(TEMPLATES)]
    assert _check_all(layers) == []


def test_every_object_checks_clean_with_every_argument() -> None:
    """Every color parameter set from a palette, every other parameter given its default's
    value explicitly, with modifiers, an animation and focus on the instance."""
    layers = []
    for i, name in enumerate(TEMPLATES):
        params = builtin_templates(WORLD)[name].params
        args = ["at: (25%, 75%)", "box: (10%, 20%)"]
        args += [f"{p.name.name}: @accent" for p in params[2:] if _type_name(p) == "color"]
        layers.append(f" layer it{i}: {name}({', '.join(args)}) opacity 80% depth 0.5\n"
                      f" animate it{i}.opacity from 0% to 100% over 1s\n focus it{i}")
    assert _check_all(layers) == []


def test_every_word_of_every_enum_parameter_checks_clean() -> None:
    """A figure's pose, hat, outfit…: each word of each enum parameter draws something that checks."""
    layers = []
    for name in TEMPLATES:
        for param in builtin_templates(WORLD)[name].params:
            if isinstance(param.type, ast.EnumType):
                for word in param.type.words:
                    layers.append(f" layer l{len(layers)}: {name}({param.name.name}: {word.name})")
    assert len(layers) > 40
    assert _check_all(layers) == []


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
    assert _check_all([f" layer l{i}: {template}() motion {idle}" for i, (template, idle) in enumerate(idles)]) == []


POSES = ("stand", "walk", "run", "sit", "hold", "point", "wave", "sleep")


def _figure_frame(call: str) -> np.ndarray:
    return _figure_frames(call)[1]


def _figure_pixels(call: str) -> np.ndarray:
    """Where a figure alone in a 160x90 frame differs from the empty frame."""
    frames = _figure_frames(call)
    return np.any(np.abs(frames[0] - frames[1]) > 8, axis=2)


def _figure_frames(call: str) -> list[np.ndarray]:
    frames = []
    for layer in ("", f"layer it: {call}"):
        text = f"scene {{ size 160x90 background #d8dde3\n shot 1s {{ layer bg: rect(size: (1%, 1%)) {layer} }} }}"
        plan, check = compile_text(text, world=WORLD, options=CompileOptions(size=(160, 90)))
        assert plan is not None, [d.message for d in check.diagnostics]
        frames.append(FrameRenderer(plan).render(0).astype(int))
    return frames


def test_every_pose_of_the_figure_family_draws_a_different_figure() -> None:
    shapes = {pose: _figure_pixels(f"person(at: (50%, 50%), box: (10%, 60%), pose: {pose})") for pose in POSES}
    for a in POSES:
        for b in POSES:
            if a < b:
                assert np.mean(shapes[a] != shapes[b]) > 0.002, (a, b)
    ys, xs = np.nonzero(shapes["sleep"])
    assert xs.max() - xs.min() > ys.max() - ys.min(), "asleep, a figure lies down"
    ys, xs = np.nonzero(shapes["stand"])
    assert ys.max() - ys.min() > 2 * (xs.max() - xs.min()), "standing, it is upright"


def test_roles_of_the_figure_family_look_different() -> None:
    roles = ("person", "man", "woman", "boy", "astronaut", "knight", "chef", "wizard", "pirate", "firefighter")
    frames = {role: _figure_frame(f"{role}(at: (50%, 50%), box: (10%, 60%))") for role in roles}
    differ = {(a, b): np.mean(np.any(np.abs(frames[a] - frames[b]) > 24, axis=2)) for a in roles for b in roles if a < b}
    same = [pair for pair, share in differ.items() if share < 0.01]
    assert same == []


@pytest.mark.parametrize(("body", "code", "words"), [
    ("rotate pick(pose, a: 0deg)", "E2004", "no choice for `b`"),
    ("rotate pick(pose, a: 0deg, c: 1deg, else: 2deg)", "E2003", "`c`"),
    ("rotate pick(tint, a: 0deg, else: 1deg)", "E2001", "enum parameter"),
    ("rotate pick(pose, a: red, else: 1deg)", "E2001", "expected an angle"),
    ("rotate pick(a: 0deg)", "E2004", "needs an enum parameter first"),
])
def test_pick_reports_a_bad_choice(body: str, code: str, words: str) -> None:
    text = (f"template t(at: vec = center, tint: color = red, pose: enum(a, b) = a) {{\n"
            f"  layer x: rect(fill: tint) {body}\n}}\nscene {{ shot 1s {{ layer it: t() }} }}")
    result = check_text(text, world=WORLD)
    assert [d.code for d in result.diagnostics] == [code], [d.message for d in result.diagnostics]
    assert words in result.diagnostics[0].message


def test_pick_takes_the_choice_its_argument_names() -> None:
    template = ("template t(at: vec = center, pose: enum(a, b, c) = a) {\n"
                "  layer x: rect(at: pick(pose, b: (20%, 50%), else: (80%, 50%)), size: (20%, 40%), fill: red)\n}\n")
    frames = {}
    for pose in ("a", "b", "c"):
        plan, _ = compile_text(template + f"scene {{ size 64x36 background black\n shot 1s {{ layer it: t(pose: {pose}) }} }}",
                               world=WORLD, options=CompileOptions(size=(64, 36)))
        frames[pose] = FrameRenderer(plan).render(0)[18, :, 0]
    assert frames["b"][12] > 200 and frames["b"][51] < 50
    assert frames["a"][51] > 200 and frames["a"][12] < 50
    assert (frames["c"] == frames["a"]).all()

"""The object registry (knowledge/data/objects.yaml, knowledge/objects.py): every
entry names a real built-in template that takes `at`, `box` and its color
parameter; every COCO class and everyday noun is reachable by word; the
figures fill their boxes and show their main color; overlays and bad files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scenec.api import check_text, compile_text
from scenec.compiler.options import CompileOptions
from scenec.knowledge.colors import parse_color
from scenec.knowledge.errors import KnowledgeError, UnknownEntry
from scenec.knowledge.objects import CATEGORIES, load_objects
from scenec.knowledge.paths import data_dir
from scenec.knowledge.world import build_world
from scenec.lang import ast
from scenec.lang.builtins import builtin_templates
from scenec.lang.format_values import value_text
from scenec.runtime.frame import FrameRenderer

COCO = ("person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
        "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow",
        "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee",
        "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard",
        "tennis racket", "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple",
        "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch",
        "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard", "cell phone",
        "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors", "teddy bear",
        "hair drier", "toothbrush")
EVERYDAY = ("sun", "moon", "star", "cloud", "tree", "flower", "mountain", "river", "sea", "wave", "house",
            "building", "bridge", "road", "boat", "balloon", "lantern", "candle", "fire", "rock", "grass", "bush",
            "snowman", "tent", "fence", "window", "door", "kite")
# Figures whose main color is by design not most of their pixels: a sailboat's
# `hull` under a big sail, a white lighthouse with red stripes, a lamp post
# whose glow outshines its pole, open frames, a farmer's shirt half hidden by overalls, a neon sign's
# tubes on a dark board, a microphone's head on its stand.
COLOR_EXEMPT = {"boat", "lighthouse", "bicycle", "cyclist", "bridge", "streetlamp", "farmer", "neon-sign", "microphone"}
# Figures drawn mostly of lines, which cover little of their box.
OPEN_FRAMES = {"bicycle", "cyclist", "bridge", "streetlamp", "floor-lamp", "microphone"}
# Figures that flicker, so how much of them is the same over both backgrounds depends on the seed.
FLICKERING = {"fire"}

WORLD = build_world()
OBJECTS = WORLD.objects
NAMES = sorted(OBJECTS.entries)


def _type_name(param: ast.Param) -> str | None:
    return param.type.name.name if isinstance(param.type, ast.TypeName) else None


def test_there_are_80_coco_classes_to_cover() -> None:
    assert len(COCO) == len(set(COCO)) == 80


@pytest.mark.parametrize("word", COCO + EVERYDAY)
def test_every_coco_class_and_everyday_noun_is_reachable_by_its_word(word: str) -> None:
    entry = OBJECTS.by_word(word)
    assert entry is not None, f"no object means {word!r}"
    assert entry.template in builtin_templates(WORLD)


@pytest.mark.parametrize("name", NAMES)
def test_entry_names_a_template_with_at_box_and_its_color_param(name: str) -> None:
    entry = OBJECTS.lookup(name)
    template = builtin_templates(WORLD).get(entry.template)
    assert template is not None, f"{name}: no built-in template {entry.template!r}"
    params = {p.name.name: p for p in template.params}
    assert [p.name.name for p in template.params[:2]] == ["at", "box"]
    if entry.color_param is not None:
        assert _type_name(params[entry.color_param]) == "color"
        # The registry's default color is the one the template draws without arguments.
        assert parse_color(value_text(params[entry.color_param].default)) == parse_color(entry.default_color)


@pytest.mark.parametrize("name", NAMES)
def test_a_translator_style_call_checks_clean(name: str) -> None:
    entry = OBJECTS.lookup(name)
    color = f", {entry.color_param}: #8b4513" if entry.color_param else ""
    text = (f"scene {{ size 64x36\n shot 1s {{ layer it: {entry.template}(at: (40%, 60%), "
            f"box: ({entry.box[0]:g}%, {entry.box[1]:g}%){color}) }} }}")
    result = check_text(text, world=WORLD)
    assert result.ok, [d.message for d in result.diagnostics]


def test_no_word_means_two_objects() -> None:
    owners: dict[str, list[str]] = {}
    for entry in OBJECTS.entries.values():
        for word in entry.words:
            owners.setdefault(word, []).append(entry.name)
    assert {w: o for w, o in owners.items() if len(o) > 1} == {}
    assert OBJECTS.words() == {w: o[0] for w, o in owners.items()}


def test_entries_are_well_formed() -> None:
    for entry in OBJECTS.entries.values():
        assert entry.category in CATEGORIES
        assert 0 < entry.box[0] <= 100 and 0 < entry.box[1] <= 100
        assert entry.words and all(w == w.lower().strip() for w in entry.words)


def test_word_lookup_normalises_case_and_spaces() -> None:
    assert OBJECTS.by_word("Teddy  Bear").name == "teddy-bear"
    assert OBJECTS.by_word("puppies").name == "dog"
    assert OBJECTS.by_word("zeppelin-shaped cloudberry") is None


def test_lookup_of_an_unknown_name_suggests_one() -> None:
    with pytest.raises(UnknownEntry, match="did you mean 'giraffe'"):
        OBJECTS.lookup("girafe")


def test_in_category() -> None:
    animals = OBJECTS.in_category("animal")
    assert {"dog", "cat", "horse", "giraffe"} <= {e.name for e in animals}
    assert all(e.category == "animal" for e in animals)
    with pytest.raises(ValueError, match="unknown object category 'beasts'"):
        OBJECTS.in_category("beasts")


def test_registry_is_read_afresh_for_each_world(tmp_path: Path) -> None:
    # Nothing is cached behind the caller's back: each load reads the files again.
    assert load_objects() is not load_objects()
    assert load_objects().names() == load_objects(tmp_path).names()


# ---------------------------------------------------------------- overlays and errors

def _overlay(home: Path, text: str):
    (home / "knowledge").mkdir(exist_ok=True)
    (home / "knowledge" / "objects.yaml").write_text(text, encoding="utf-8")
    return load_objects(home)


def test_an_overlay_adds_entries_and_takes_over_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path))
    objects = _overlay(data_dir(), """
wolf:
  template: dog
  category: animal
  words: [wolf, wolves, hound]
  box: [16, 22]
  color_param: color
  default_color: "#7d7f86"
""")
    assert objects.by_word("wolves").name == "wolf"
    assert objects.by_word("hound").name == "wolf"  # the learned meaning wins
    assert objects.by_word("puppy").name == "dog"
    assert objects.lookup("wolf").origin.endswith("objects.yaml")
    assert objects.lookup("wolf").placement == "ground"  # defaults fill optional keys
    assert load_objects(None).by_word("hound").name == "dog"


def test_an_overlay_replaces_an_entry_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path))
    objects = _overlay(data_dir(), """
dog:
  template: dog
  category: animal
  words: [doggo]
  box: [10, 16]
  color_param: color
  default_color: black
""")
    assert objects.by_word("doggo").name == "dog"
    assert objects.by_word("puppy") is None
    assert objects.lookup("dog").box == (10.0, 16.0)


@pytest.mark.parametrize(("text", "message"), [
    ("dog:\n  template: dog\n  category: beast\n  words: [dog]\n  box: [1, 2]\n",
     "objects.yaml: object 'dog': category: 'beast' is not one of person, animal"),
    ("a:\n  template: dog\n  category: animal\n  words: [x]\n  box: [1, 2]\n"
     "b:\n  template: cat\n  category: animal\n  words: [x]\n  box: [1, 2]\n",
     "object 'b': word 'x' already means object 'a'"),
    ("a:\n  template: dog\n  category: animal\n  words: [x]\n  box: [1, 2]\n  color_param: color\n",
     "object 'a': an object with a color_param needs a default_color"),
    ("a:\n  template: dog\n  category: animal\n  words: [x]\n  box: [1, 2]\n  color_param: color\n"
     "  default_color: '#12345'\n", "object 'a': default_color:"),
    ("a:\n  template: dog\n  category: animal\n  words: [Big Dog]\n  box: [1, 2]\n",
     "object 'a': word 1: 'Big Dog' is not a lower-case word or term"),
    ("a:\n  template: dog\n  category: animal\n  words: [x]\n  box: [0, 2]\n", "object 'a': box: 0 is outside"),
    ("a:\n  template: dog\n  category: animal\n  words: [x]\n  box: [1, 2]\n  colour: red\n",
     "object 'a': unknown key 'colour'"),
    ("a: [unclosed\n", "objects.yaml: not valid YAML: line"),
])
def test_bad_overlay_files_name_file_entry_and_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(KnowledgeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _overlay(tmp_path, text)


# ---------------------------------------------------------------- the figures

def _box(name: str, tile: int) -> tuple[float, float]:
    """The box size in pixels: the default box's aspect on a 16:9 frame, fitted to 90% of a tile."""
    entry = OBJECTS.lookup(name)
    aspect = entry.box[0] * 16 / (entry.box[1] * 9)
    return (0.9 * tile, 0.9 * tile / aspect) if aspect >= 1 else (0.9 * tile * aspect, 0.9 * tile)


def _sheet(background: str, names: list[str], tile: int, color: str | None = None) -> np.ndarray:
    cols = 12
    rows = -(-len(names) // cols)
    width, height = cols * tile, rows * tile
    layers = []
    for i, name in enumerate(names):
        entry = OBJECTS.lookup(name)
        bw, bh = _box(name, tile)
        cx, cy = (i % cols + 0.5) * tile, (i // cols + 0.5) * tile
        paint = f", {entry.color_param}: {color}" if color and entry.color_param else ""
        layers.append(f"layer o{i}: {entry.template}(at: ({100 * cx / width:.4f}%, {100 * cy / height:.4f}%), "
                      f"box: ({100 * bw / width:.4f}%, {100 * bh / height:.4f}%){paint})")
    text = f"scene {{ size {width}x{height} background {background}\n shot 1s {{\n" + "\n".join(layers) + "\n} }"
    plan, check = compile_text(text, world=WORLD, options=CompileOptions(size=(width, height)))
    assert plan is not None, [d.message for d in check.diagnostics]
    return FrameRenderer(plan).render(0)


def test_figures_fill_their_box_and_show_their_main_color() -> None:
    """Rendered over two backgrounds, the unchanged pixels are the figure's own."""
    names, tile = NAMES, 64
    a, b = _sheet("#d8dde3", names, tile), _sheet("#3a2f4a", names, tile)
    still = np.all(np.abs(a.astype(int) - b.astype(int)) <= 2, axis=2)
    thin, off = [], []
    for i, name in enumerate(names):
        entry = OBJECTS.lookup(name)
        bw, bh = _box(name, tile)
        cx, cy = (i % 12 + 0.5) * tile, (i // 12 + 0.5) * tile
        ys = slice(int(cy - bh / 2), int(np.ceil(cy + bh / 2)))
        xs = slice(int(cx - bw / 2), int(np.ceil(cx + bw / 2)))
        mask = still[ys, xs]
        if mask.mean() < 0.12 and name not in OPEN_FRAMES | FLICKERING:
            thin.append(name)
            continue
        if entry.default_color is not None and name not in COLOR_EXEMPT | FLICKERING:
            median = np.median(a[ys, xs][mask], axis=0)
            want = np.array(parse_color(entry.default_color)[:3]) * 255
            if np.linalg.norm(median - want) > 90:
                off.append((name, [int(v) for v in median], entry.default_color))
    assert thin == [], f"figures that hardly fill their tile: {thin}"
    assert off == [], f"figures whose median color is far from their main color: {off}"


@pytest.mark.parametrize("color", ["#161616", "#d62828", "#f7d100", "#7b2cbf"])
def test_a_figure_painted_a_color_reads_as_that_color(color: str) -> None:
    """The main color parameter paints most of the figure: asked for black, red, yellow or purple, the
    median of the figure's own pixels is close to that color (what 'a black vase' must look like)."""
    # A fire glows and flickers, so little of it is the same over both backgrounds; a skyline's far
    # towers are hazed toward the sky by design.
    names = [n for n in NAMES if OBJECTS.lookup(n).color_param and n not in COLOR_EXEMPT | {"fire", "skyline"}]
    tile = 64
    a, b = _sheet("#d8dde3", names, tile, color), _sheet("#3a2f4a", names, tile, color)
    still = np.all(np.abs(a.astype(int) - b.astype(int)) <= 2, axis=2)
    want = np.array(parse_color(color)[:3]) * 255
    off = []
    for i, name in enumerate(names):
        bw, bh = _box(name, tile)
        cx, cy = (i % 12 + 0.5) * tile, (i // 12 + 0.5) * tile
        ys = slice(int(cy - bh / 2), int(np.ceil(cy + bh / 2)))
        xs = slice(int(cx - bw / 2), int(np.ceil(cx + bw / 2)))
        mask = still[ys, xs]
        if mask.sum() < 4:
            continue
        median = np.median(a[ys, xs][mask], axis=0)
        if np.linalg.norm(median - want) > 90:
            off.append((name, [int(v) for v in median]))
    assert off == [], f"figures painted {color} whose median color is far from it: {off}"

"""The place registry (knowledge/data/places.yaml, knowledge/places.py): every
backdrop checks clean, compiles and renders inside a scene; its lines, palette
and ambient sound are real; words, overlays and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenec.api import check_text, compile_text
from scenec.compiler.options import CompileOptions
from scenec.knowledge import lookup
from scenec.knowledge.errors import KnowledgeError, UnknownEntry
from scenec.knowledge.paths import data_dir
from scenec.knowledge.places import load_places
from scenec.knowledge.registry import load_registry
from scenec.runtime.frame import FrameRenderer

REQUIRED = ("beach", "forest", "city-street", "mountain-lake", "desert", "kitchen", "bedroom", "office", "park",
            "space", "underwater", "snowfield", "meadow", "farm", "river-bank", "living-room", "classroom",
            "stadium", "garden", "ocean", "harbor", "countryside-road", "cafe")
PLACES = load_places()
NAMES = sorted(PLACES.entries)
REGISTRY = load_registry(None)


def _scene(name: str) -> str:
    return f"scene {{ size 320x180\n shot 2s {{ {PLACES.lookup(name).layers} }} }}"


def test_every_required_place_is_shipped() -> None:
    assert set(REQUIRED) - set(NAMES) == set()


@pytest.mark.parametrize("name", NAMES)
def test_place_layers_check_clean_and_compile(name: str) -> None:
    result = check_text(_scene(name), registry=REGISTRY)
    assert result.ok, [d.message for d in result.diagnostics]
    assert not result.diagnostics, [d.message for d in result.diagnostics]  # no warnings either
    plan, _ = compile_text(_scene(name), registry=REGISTRY, options=CompileOptions(size=(64, 36)))
    assert plan is not None
    frame = FrameRenderer(plan).render(0)
    assert frame.shape == (36, 64, 3)
    assert frame.reshape(-1, 3).std(axis=0).max() > 5, "a backdrop should not be one flat color"


@pytest.mark.parametrize("name", NAMES)
def test_place_is_well_formed(name: str) -> None:
    place = PLACES.lookup(name)
    assert 3 <= len(place.layer_names()) <= 10
    assert set(place.sky_layers) <= set(place.layer_names())
    assert 40 <= place.ground <= 96
    if place.table is not None:
        assert not place.outdoor and place.table < place.ground
    if place.palette is not None:
        assert place.palette in lookup.names(REGISTRY, "palette")
    if place.ambient is not None:
        assert place.ambient in lookup.names(REGISTRY, "ambient")
    if place.outdoor and place.water_line != 0 and name != "space":  # under water there is no sky
        assert place.sky_layers, "an outdoor place names the sky a time of day recolors"


def test_words_are_unique_and_normalised() -> None:
    owners: dict[str, list[str]] = {}
    for place in PLACES.entries.values():
        for word in place.words:
            owners.setdefault(word, []).append(place.name)
    assert {w: o for w, o in owners.items() if len(o) > 1} == {}
    assert PLACES.by_word("Sea Side") is None
    assert PLACES.by_word("Seaside").name == "beach"
    assert PLACES.by_word("city street").name == "city-street"
    assert PLACES.words()["coffee shop"] == "cafe"


def test_lookup_of_an_unknown_place_suggests_one() -> None:
    with pytest.raises(UnknownEntry, match="did you mean 'beach'"):
        PLACES.lookup("beech")


def _overlay(home: Path, text: str):
    (home / "knowledge").mkdir(exist_ok=True)
    (home / "knowledge" / "places.yaml").write_text(text, encoding="utf-8")
    return load_places(home)


def test_an_overlay_adds_a_place_and_takes_a_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path))
    places = _overlay(data_dir(), """
moon-base:
  words: [moon base, lunar base, space]
  outdoor: true
  ground: 80
  layers: |
    layer sky: gradient(from: black, to: #1b1b2f)
    layer dust: rect(at: (50%, 90%), size: (100%, 20%), fill: #9a9aa2)
    layer earth: circle(at: (80%, 20%), radius: 6%, fill: #3a86ff)
  sky_layers: [sky]
""")
    assert places.by_word("lunar base").name == "moon-base"
    assert places.by_word("space").name == "moon-base"
    assert places.lookup("moon-base").water_line is None
    assert load_places(None).by_word("space").name == "space"


@pytest.mark.parametrize(("text", "message"), [
    ("a:\n  words: [x]\n  outdoor: true\n  ground: 80\n  layers: 'layer sky: gradient(from: red, to: blue)'\n"
     "  sky_layers: [heaven]\n", "place 'a': sky_layers: 'heaven' is not one of its layers"),
    ("a:\n  words: [x]\n  outdoor: true\n  ground: 120\n  layers: 'layer s: rect()'\n",
     "place 'a': ground: 120 is outside 0..100"),
    ("a:\n  words: [x]\n  outdoor: false\n  ground: 80\n  table: 90\n  layers: 'layer s: rect()'\n",
     "place 'a': table: the table top"),
    ("a:\n  words: [x]\n  outdoor: true\n  ground: 80\n  layers: 'rect()'\n", "place 'a': layers: declares no"),
    ("a:\n  words: [x]\n  outdoor: yes please\n  ground: 80\n  layers: 'layer s: rect()'\n",
     "place 'a': outdoor: expected true or false"),
    ("a:\n  words: [x]\n  outdoor: true\n  ground: 80\n  layers: 'layer s: rect()'\n"
     "b:\n  words: [x]\n  outdoor: true\n  ground: 80\n  layers: 'layer s: rect()'\n",
     "place 'b': word 'x' already means place 'a'"),
])
def test_bad_overlay_files_name_file_entry_and_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(KnowledgeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _overlay(tmp_path, text)


def _ground_mean(name: str, settings: str) -> float:
    place = PLACES.lookup(name)
    text = f"scene {{ size 64x36\n {settings}\n shot 2s {{ {place.layers} }} }}"
    plan, _ = compile_text(text, registry=REGISTRY, options=CompileOptions(size=(64, 36)))
    assert plan is not None
    row = min(int(36 * place.ground / 100), 33)
    return float(FrameRenderer(plan).render(0)[row:].mean())


# Already night (space), already snow (snowfield, glacier), or no ground a snowfall can reach.
NO_SNOW_ON_THE_GROUND = {"space", "nebula", "snowfield", "glacier", "above-the-clouds", "ocean", "underwater",
                         "coral-reef"}


@pytest.mark.parametrize("name", [n for n in NAMES if n not in ("space", "nebula")])
def test_night_darkens_the_ground_of_every_place(name: str) -> None:
    assert _ground_mean(name, "time night") < 0.7 * _ground_mean(name, "")


@pytest.mark.parametrize("name", [n for n in NAMES if PLACES.lookup(n).outdoor and n not in NO_SNOW_ON_THE_GROUND])
def test_snow_whitens_the_ground_of_every_outdoor_place(name: str) -> None:
    assert _ground_mean(name, "weather snow") > _ground_mean(name, "") + 15


def test_the_settings_that_fell_back_to_a_meadow_have_places() -> None:
    for words, place in (("warehouse", "warehouse"), ("gym", "gym"), ("porch", "porch"), ("kitchen", "kitchen"),
                         ("classroom", "classroom"), ("cave", "cave"), ("coral reef", "coral-reef"),
                         ("on the moon", "moon"), ("japanese garden", "japanese-garden"), ("harbor", "harbor"),
                         ("pond", "pond"), ("jungle", "jungle"), ("desert highway", "desert-highway"),
                         ("cyberpunk street", "cyberpunk-street"), ("haunted house", "haunted-house")):
        assert PLACES.by_word(words).name == place
    assert len(NAMES) >= 80

"""Loading, validating and overlaying the knowledge files."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenec.knowledge.errors import KnowledgeError
from scenec.knowledge.lookup import genre, names, origin, palette, style
from scenec.knowledge.registry import BUILTIN, load_registry
from scenec.knowledge.specs import FILES, Kind


@pytest.fixture
def overlay(tmp_path: Path):
    """Write `text` as `name` in an overlay data dir and load the registry from it."""
    (tmp_path / "knowledge").mkdir()

    def write(name: str, text: str):
        (tmp_path / "knowledge" / name).write_text(text, encoding="utf-8")
        return load_registry(tmp_path)

    return write


def test_every_builtin_file_loads_and_fills_its_kinds():
    reg = load_registry(None)
    for spec in FILES:
        for section in spec.sections:
            assert names(reg, section.kind), f"{spec.filename}: {section.kind} is empty"
    assert all(o == BUILTIN for o in reg.origins.values())


def test_registry_is_read_afresh_on_every_load(tmp_path):
    # No cache: a second load after an overlay appears sees it, with no clearing.
    assert "mine" not in names(load_registry(tmp_path), Kind.PALETTE)
    (tmp_path / "knowledge").mkdir()
    (tmp_path / "knowledge" / "palettes.yaml").write_text("mine:\n  colors: {a: '#010203'}\n")
    assert "mine" in names(load_registry(tmp_path), Kind.PALETTE)


def test_missing_overlay_dir_is_just_the_builtins(tmp_path):
    assert names(load_registry(tmp_path), Kind.PALETTE) == names(load_registry(None), Kind.PALETTE)


def test_the_default_world_reads_scenec_home_at_the_api_edge(tmp_path, monkeypatch):
    from scenec.api import default_world

    (tmp_path / "knowledge").mkdir()
    (tmp_path / "knowledge" / "palettes.yaml").write_text("mine:\n  colors: {a: '#010203'}\n")
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path))
    assert "mine" in names(default_world().registry, Kind.PALETTE)


def test_overlay_extends_and_overrides(overlay):
    reg = overlay(
        "palettes.yaml",
        """
mine:
  description: my own
  colors: {sky: "#000080", sea: teal}
sunset:
  colors: {sky: "#ff0000"}
""",
    )
    assert palette(reg, "mine").color("sea") == pytest.approx((0.0, 128 / 255, 128 / 255, 1.0))
    # An overlay entry replaces the built-in one whole.
    assert palette(reg, "sunset").keys() == ("sky",)
    assert palette(reg, "sunset").color("sky") == (1.0, 0.0, 0.0, 1.0)
    builtin = names(load_registry(None), Kind.PALETTE)
    assert names(reg, Kind.PALETTE) == (*builtin, "mine")
    assert origin(reg, Kind.PALETTE, "mine").endswith("palettes.yaml")
    assert origin(reg, Kind.PALETTE, "ocean") == BUILTIN


def test_overlay_sections_of_sounds_merge_per_section(overlay):
    reg = overlay("sounds.yaml", "ambient:\n  hum2:\n    noise: white\n    band_hz: [100, 200]\n")
    assert "hum2" in names(reg, Kind.AMBIENT)
    assert names(reg, Kind.SFX) == names(load_registry(None), Kind.SFX)


def test_overlay_may_refer_to_entries_of_another_overlay(overlay):
    overlay("luts.yaml", "faded:\n  curves: {all: [[0, 0.1], [1, 0.9]]}\n")
    reg = overlay("styles.yaml", "washed:\n  grade: [{op: lut, value: faded}]\n  lut: faded\n")
    assert style(reg, "washed").lut == "faded"


@pytest.mark.parametrize(
    ("filename", "text", "fragments"),
    [
        (
            "palettes.yaml",
            "dusk:\n  colors:\n    sky: '#12345'\n",
            ["palettes.yaml", "palette 'dusk'", "color 'sky'", "'#12345' is not a color"],
        ),
        (
            "palettes.yaml",
            "dusk:\n  colors:\n    sky: #123456\n",
            ["palette 'dusk'", "color 'sky'", "quote hex colors"],
        ),
        ("palettes.yaml", "dusk:\n  colours: {a: red}\n", ["palette 'dusk'", "unknown key 'colours'", "'colors'"]),
        ("palettes.yaml", "dusk:\n  description: x\n", ["palette 'dusk'", "missing required key 'colors'"]),
        ("genres.yaml", "calm2:\n  shot_length_s: 1\n", ["genre 'calm2'", "missing required key"]),
        (
            "styles.yaml",
            "x:\n  grade: [{op: contrast, value: 9}]\n",
            ["style 'x'", "grade op 1", "value", "9 is outside 0..4"],
        ),
        (
            "styles.yaml",
            "x:\n  grade: [{op: contrst, value: 1}]\n",
            ["style 'x'", "grade op 1", "op", "did you mean 'contrast'"],
        ),
        ("styles.yaml", "x:\n  lut: sepai\n", ["style 'x'", "lut", "unknown lut 'sepai'", "did you mean 'sepia'"]),
        ("arcs.yaml", "bad:\n  points: [[0, 0], [0.7, 1], [0.5, 0.2], [1, 0]]\n", ["arc 'bad'", "increasing"]),
        ("arcs.yaml", "bad:\n  points: [[0, 0], [1, 1.5]]\n", ["arc 'bad'", "point 2", "outside 0..1"]),
        ("luts.yaml", "bad:\n  matrix: [[1, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]\n", ["lut 'bad'", "matrix", "matrix row", "found a list of 3"]),
        ("luts.yaml", "bad:\n  curves: {red: [[0, 0], [1, 1]]}\n", ["lut 'bad'", "curve 'red'"]),
        ("weather.yaml", "hail:\n  particles: {kind: hail, count: 10}\n", ["weather 'hail'", "particles", "kind"]),
        ("weather.yaml", "hail:\n  particles: {kind: rain, count: 0}\n", ["weather 'hail'", "count", "outside"]),
        ("moods.yaml", "m:\n  tempo_bpm: [120, 60]\n  key: major\n  energy: 1\n", ["mood 'm'", "tempo_bpm", "above"]),
        ("moods.yaml", "m:\n  tempo_bpm: [60, 90]\n  key: lydian\n  energy: true\n", ["mood 'm'", "key"]),
        ("sounds.yaml", "sfxx: {}\n", ["sounds.yaml", "unknown section 'sfxx'", "did you mean 'sfx'"]),
        (
            "sounds.yaml",
            "music:\n  m: {tempo_bpm: 90, key: H major, progression: [I], lead_wave: sine, bass_wave: sine, density: 1}\n",
            ["music 'm'", "key", "'H major'"],
        ),
        ("times.yaml", "- a\n- b\n", ["times.yaml", "top level"]),
        ("genres.yaml", "calm: [unclosed\n", ["genres.yaml", "not valid YAML", "line"]),
    ],
)
def test_broken_overlay_names_file_entry_and_key(overlay, filename, text, fragments):
    with pytest.raises(KnowledgeError) as info:
        overlay(filename, text)
    message = str(info.value)
    assert str(Path("knowledge") / filename) in message
    for fragment in fragments:
        assert fragment in message, message


def test_genre_rules_are_checked(overlay):
    base = """
g:
  shot_length_s: {length}
  min_shot_s: 1
  max_shot_s: 5
  pacing: {{setup: 1, inciting: 1, rising: 1, climax: 1, falling: 1, {last}: 1}}
  transition: {transition}
  camera_energy: 0.5
  shake: 0
  mood: calm
  music: {{mood: calm, tempo_bpm: 80}}
  palette: ocean
"""
    good = base.format(length=2, last="resolution", transition="{kind: cut}")
    assert genre(overlay("genres.yaml", good), "g").transition.kind == "cut"
    cases = [
        (base.format(length=9, last="resolution", transition="{kind: cut}"), "between min_shot_s and max_shot_s"),
        (base.format(length=2, last="resolutoin", transition="{kind: cut}"), "did you mean 'resolution'"),
        (base.format(length=2, last="resolution", transition="{kind: cut, duration_s: 1}"), "a cut has no duration"),
        (base.format(length=2, last="resolution", transition="{kind: dissolve}"), "needs a duration"),
        (base.format(length=2, last="resolution", transition="{kind: wipe, duration_s: 1}"), "needs a direction"),
        (base.format(length=2, last="resolution", transition="{kind: dissolve, duration_s: 1, via: red}"), "only a fade"),
    ]
    for text, fragment in cases:
        with pytest.raises(KnowledgeError, match=fragment):
            overlay("genres.yaml", text)

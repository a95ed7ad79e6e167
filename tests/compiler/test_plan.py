"""The render plan model, its three serialisations, hashes and JSON Schema."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenec.compiler.plan import (
    AmbientGenerator, AmbientRecipe, AudioKind, AudioSource, Blend, CameraIntent, CameraMove,
    CameraTrack, Direction, Effect, EffectKind, Entity, GradePlan, Harmonics, Intent, Key, LayerPlan,
    MotionKind, MotionPlan, MusicRecipe, NoiseColor, Oscillator, Plan, PlanError, Primitive, Segment,
    SfxGenerator, SfxRecipe, ShakePlan, SoundEvent, SourceMapEntry, ToneRecipe, Track, TrackKind,
    TransitionKind, TransitionPlan,
)
from scenec.compiler.plan_io import (
    FORMATS, dumps, from_dict, loads, plan_hash, read_plan, schema, segment_hash, to_dict, write_plan,
)

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "docs" / "plan.schema.json"


MUSIC = MusicRecipe(tempo_bpm=90.0, tonic_pc=6, scale=(0, 2, 3, 5, 7, 8, 10), progression=(0, 5, 2, 6),
                    bars_per_chord=2, sevenths=True, bass_pattern=(0.0, 2.5), lead=Oscillator(Harmonics.ALL, 1.0, True))
POP = SfxRecipe(SfxGenerator.TONE, 0.08, 900.0, 350.0, 0.0, 0.08, -8.0)


def sample_plan() -> Plan:
    """Two shots joined by a dissolve, with tracks, motion, shake, audio and intent."""
    sky = LayerPlan(
        id="sky",
        primitive=Primitive.GRADIENT,
        params=(("from", (0.1, 0.2, 0.5, 1.0)), ("to", (0.9, 0.5, 0.2, 1.0)), ("angle", 90.0)),
        depth=0.0,
        parallax=0.1,
    )
    sun = LayerPlan(
        id="sun",
        primitive=Primitive.CIRCLE,
        params=(("radius", 3.6), ("stroke", (0.0, 0.0, 0.0, 0.0)), ("glow", 0.4)),
        tracks=(
            Track("at", (Key(0, (32.0, 25.92), "out-cubic"), Key(24, (32.0, 28.8)))),
            Track("fill", (Key(0, (1.0, 0.0, 0.0, 1.0), "in-out-sine"), Key(12, (0.0, 1.0, 0.0, 1.0))), TrackKind.COLOR),
        ),
        depth=0.3,
        parallax=0.4,
        blend=Blend.ADD,
        blur_px=0.5,
        enter=Effect(EffectKind.FADE, 6),
        motions=(MotionPlan(MotionKind.FLOAT, (("amount", 0.72), ("period", 3.0)), seed=7),),
    )
    glow = LayerPlan(
        id="l1.glow",
        primitive=Primitive.POLYGON,
        params=(("points", ((1.0, 2.0), (30.5, 2.0), (15.0, 30.0))), ("fill", (1.0, 0.8, 0.4, 0.5))),
        tracks=(Track("opacity", (Key(0, 0.2), Key(10, 1.0, "spring"), Key(20, 0.5))),),
        rotate_deg=10.0,
        scale=1.5,
        pivot=(20.0, 20.0),
        exit=Effect(EffectKind.SLIDE_LEFT, 4),
        group="l1",
    )
    title = LayerPlan(
        id="title",
        primitive=Primitive.TEXT,
        params=(("content", 'Dawn "one"\nänd'), ("size", 2.16), ("font", "serif"), ("bold", True), ("count", 3)),
        tracks=(Track("align", (Key(0, "left"), Key(5, "center")), TrackKind.STEP),),
        opacity=0.75,
    )
    first = Segment(
        name="opening",
        start_frame=0,
        end_frame=24,
        layers=(sky, sun, glow),
        camera=CameraTrack(
            focus=(32.0, 18.0),
            zoom=Track("zoom", (Key(0, 1.0, "in-out-sine"), Key(23, 1.25))),
            shake=(ShakePlan(0.01, 8.0, 4, 20, seed=42),),
        ),
        grade=GradePlan(exposure=0.25, temperature=0.3, lift=(0.02, 0.0, 0.01), vignette=0.2,
                        lut_matrix=((0.9, 0.02, 0.0, 0.0), (0.0, 1.0, 0.02, 0.0), (0.0, 0.03, 1.08, 0.02)),
                        curve_r=((0.0, 0.0), (0.25, 0.19), (1.0, 1.0)), curve_all=((0.0, 0.04), (1.0, 0.96))),
        intensity=0.3,
    )
    second = Segment(
        name="shot2",
        start_frame=24,
        end_frame=48,
        layers=(title,),
        camera=CameraTrack(focus=(32.0, 18.0), pan_x=Track("pan_x", (Key(0, 0.0), Key(23, -0.1, "out-quad")))),
        intensity=0.9,
    )
    return Plan(
        width=64, height=36, fps=12, frames=48, seed=1234,
        source_hash="ab" * 32,
        background=(0.0, 0.0, 0.05, 1.0),
        segments=(first, second),
        transitions=(TransitionPlan(TransitionKind.DISSOLVE, 18, 30, "opening", "shot2"),),
        audio=(
            AudioSource(kind=AudioKind.AMBIENT, start_frame=0, length_frames=48, gain_db=-12.0, fade_in_frames=6, fade_out_frames=6,
                        ambient=AmbientRecipe(AmbientGenerator.NOISE, NoiseColor.PINK, (400.0, 9000.0), 0.05, 0.1,
                                              SoundEvent.DRIP, 6.0, -18.0)),
            AudioSource(kind=AudioKind.MUSIC, start_frame=0, length_frames=48, seed=3, music=MUSIC),
            AudioSource(kind=AudioKind.TONE, start_frame=30, length_frames=6, gain_db=-6.5,
                        tone=ToneRecipe(440.0, Oscillator(Harmonics.ODD, 2.0, alternate=True))),
        ),
        intent=Intent(
            entities=(Entity("sun", "sun", "#ff0000", ((0, 0.5, 0.72, 0.1, 0.2), (12, 0.5, 0.76, 0.1, 0.2),
                                                 (23, 0.5, 0.8, 0.1, 0.2)), z=1, depth=0.2, motions=("float",)),),
            place="beach", time="dusk", weather="rain",
            camera=(CameraIntent("opening", (CameraMove.ZOOM_IN, CameraMove.SHAKE)), CameraIntent("shot2", (CameraMove.PAN_RIGHT,))),
            cuts=(24,),
            palette=("#1a3380", "#e6804d"),
            brightness=0.4,
        ),
        source_map=(SourceMapEntry("sun", "film.scene", 12, 5, 12, 48), SourceMapEntry("opening", "film.scene", 10, 3, 20, 4)),
    )


# ------------------------------------------------------------ round trips


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reads_back_equal(fmt: str) -> None:
    plan = sample_plan()
    assert loads(dumps(plan, fmt), fmt) == plan


def test_dict_round_trip_keeps_tuples_and_types() -> None:
    plan = sample_plan()
    back = from_dict(json.loads(json.dumps(to_dict(plan))))
    assert back == plan
    title = back.segments[1].layers[0]
    assert title.param("bold") is True and type(title.param("count")) is int
    assert isinstance(back.segments[0].layers[2].param("points"), tuple)
    assert back.segments[0].layers[1].blend is Blend.ADD


def test_contract_keys() -> None:
    data = to_dict(sample_plan())
    assert list(data)[:6] == ["version", "width", "height", "fps", "frames", "seed"]
    assert {"segments", "transitions", "audio", "intent", "source_map"} <= set(data)
    assert {"name", "start_frame", "end_frame", "layers", "camera", "grade"} <= set(data["segments"][0])
    assert {"kind", "start_frame", "end_frame", "from", "to"} <= set(data["transitions"][0])
    entity = data["intent"]["entities"][0]
    assert entity == {"name": "sun", "class": "sun", "color": "#ff0000",
                      "track": [[0, 0.5, 0.72, 0.1, 0.2], [12, 0.5, 0.76, 0.1, 0.2], [23, 0.5, 0.8, 0.1, 0.2]],
                      "placeholder": False, "z": 1, "depth": 0.2, "motions": ["float"]}
    assert (data["intent"]["place"], data["intent"]["time"], data["intent"]["weather"]) == ("beach", "dusk", "rain")


def test_json_is_byte_identical_across_runs(tmp_path: Path) -> None:
    assert dumps(sample_plan(), "json") == dumps(sample_plan(), "json")
    a, b = tmp_path / "a.plan.json", tmp_path / "b.plan.json"
    write_plan(sample_plan(), a)
    write_plan(sample_plan(), b)
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("name", ["p.json", "p.yaml", "p.yml", "p.toml"])
def test_write_and_read_by_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_plan(sample_plan(), path)
    write_plan(sample_plan(), path)  # replacing an existing file
    assert read_plan(path) == sample_plan()
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temp file left behind


def test_toml_leaves_out_none_and_reads_defaults() -> None:
    text = dumps(sample_plan(), "toml")
    assert "null" not in text and "lut_matrix = [" in text
    assert loads(text, "toml").segments[1].grade.lut_matrix is None


finite = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(value=finite, gain=finite, ints=st.integers(-(2**63), 2**63 - 1))
def test_floats_and_ints_round_trip_exactly(value: float, gain: float, ints: int) -> None:
    plan = sample_plan()
    layer = replace(plan.segments[0].layers[0], params=(("x", value), ("v", (value, ints, "s", False))), opacity=value)
    segment = replace(plan.segments[0], layers=(layer,))
    audio = AudioSource(kind=AudioKind.SFX, start_frame=1, length_frames=2, gain_db=gain, seed=ints, sfx=POP)
    plan = replace(plan, segments=(segment, plan.segments[1]), audio=(audio,), seed=ints)
    for fmt in FORMATS:
        back = loads(dumps(plan, fmt), fmt)
        assert back == plan
        assert repr(back.segments[0].layers[0].opacity) == repr(value)


# ------------------------------------------------------------ errors


def _broken(edit: Any) -> dict[str, Any]:
    data = to_dict(sample_plan())
    edit(data)
    return data


@pytest.mark.parametrize(
    ("edit", "path", "words"),
    [
        (lambda d: d.pop("width"), "", "missing key 'width'"),
        (lambda d: d["segments"][1].pop("name"), "segments[1]", "missing key 'name'"),
        (lambda d: d.update(version=99), "version", "unsupported plan version 99"),
        (lambda d: d.update(fps="30"), "fps", "expected an integer, found a string '30'"),
        (lambda d: d.update(fps=True), "fps", "expected an integer"),
        (lambda d: d["segments"][0]["layers"][1]["tracks"][0]["keys"][1].update(ease="wobbly"), "segments[0].layers[1].tracks[0].keys[1].ease", "unknown easing"),
        (lambda d: d["segments"][0]["layers"][1]["tracks"][0]["keys"][1].update(frame=0), "segments[0].layers[1].tracks[0].keys", "strictly increase"),
        (lambda d: d["segments"][0]["layers"][0].update(blend="glow"), "segments[0].layers[0].blend", "expected one of normal, add"),
        (lambda d: d["segments"][0]["layers"][0]["params"].update(bad=None), "segments[0].layers[0].params.bad", "expected a number"),
        (lambda d: d["segments"][0]["grade"].update(lift=[0, 0]), "segments[0].grade.lift", "expected a list of 3 items"),
        (lambda d: d["segments"][0].update(colour=1), "segments[0]", "unknown key 'colour'"),
        (lambda d: d["transitions"][0].update(to="nowhere"), "transitions[0].to", "unknown segment 'nowhere'"),
        (lambda d: d["segments"][1].update(start_frame=25), "segments[1].start_frame", "partition"),
        (lambda d: d["intent"]["entities"][0].update(color="red"), "intent.entities[0].color", "#rrggbb"),
        (lambda d: d["background"].append(1.0), "background", "expected a list of 4 items"),
        (lambda d: d["segments"][0]["camera"]["zoom"].update(keys=[{"frame": 0, "value": [1.0, 2.0]}]), "segments[0].camera.zoom", "number track"),
        (lambda d: d["segments"][0]["layers"][0]["params"].update({1: 2.0}), "segments[0].layers[0].params", "names must be strings"),
        (lambda d: d["audio"][0].update(length_frames=0), "audio[0].length_frames", "must be > 0"),
        (lambda d: d.update(version=1), "version", "unsupported plan version 1"),
        (lambda d: d["segments"][0]["grade"].update(lut="teal-orange"), "segments[0].grade", "unknown key 'lut'"),
        (lambda d: d["segments"][0]["grade"].update(curve_g=[[0, 0], [0.5, 1]]), "segments[0].grade.curve_g", "run from x = 0 to x = 1"),
        (lambda d: d["segments"][0]["grade"].update(curve_b=[[0, 0], [0.6, 0.5], [0.4, 0.6], [1, 1]]), "segments[0].grade.curve_b", "strictly increase"),
        (lambda d: d["segments"][0]["grade"]["lut_matrix"].pop(), "segments[0].grade.lut_matrix", "expected a list of 3 items"),
        (lambda d: d["audio"][0].update(name="waves"), "audio[0]", "unknown key 'name'"),
        (lambda d: d["audio"][0].update(ambient=None), "audio[0].ambient", "needs its ambient recipe"),
        (lambda d: d["audio"][2].update(music=d["audio"][1]["music"]), "audio[2].music", "takes no music recipe"),
        (lambda d: d["audio"][0]["ambient"].update(generator="rain-ish"), "audio[0].ambient.generator", "expected one of noise, surf"),
        (lambda d: d["audio"][0]["ambient"].update(band_hz=[900.0, 100.0]), "audio[0].ambient.band_hz", "low <= high"),
        (lambda d: d["audio"][1]["music"].update(scale=[0, 2, 4]), "audio[1].music.scale", "seven rising"),
        (lambda d: d["audio"][1]["music"].update(progression=[0, 7]), "audio[1].music.progression", "degrees 0..6"),
        (lambda d: d["audio"][2]["tone"]["wave"].update(harmonics="even"), "audio[2].tone.wave.harmonics", "expected one of none, odd, all"),
    ],
)
def test_bad_input_names_the_path(edit: Any, path: str, words: str) -> None:
    with pytest.raises(PlanError) as caught:
        from_dict(_broken(edit))
    assert caught.value.path == path
    assert words in str(caught.value)
    if path:
        assert str(caught.value).startswith(f"{path}: ")


def test_bad_text_and_extension(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="not valid json"):
        loads("{", "json")
    with pytest.raises(PlanError, match="not valid toml"):
        loads("a = ", "toml")
    with pytest.raises(PlanError, match="a plan must be an object"):
        loads("- 1", "yaml")
    with pytest.raises(PlanError, match="unknown plan format"):
        dumps(sample_plan(), "xml")
    with pytest.raises(PlanError, match="use .json, .yaml or .toml"):
        write_plan(sample_plan(), tmp_path / "plan.txt")
    with pytest.raises(PlanError, match="cannot read plan"):
        read_plan(tmp_path / "missing.json")


def test_constructor_invariants() -> None:
    plan = sample_plan()
    with pytest.raises(PlanError, match="segments end at frame 48 but the film has 50"):
        replace(plan, frames=50)
    with pytest.raises(PlanError, match="must contain the cut at 24"):
        replace(plan, transitions=(TransitionPlan(TransitionKind.FADE, 10, 20, "opening", "shot2"),))
    with pytest.raises(PlanError, match="a cut has no frames"):
        TransitionPlan(TransitionKind.CUT, 23, 25, "opening", "shot2")
    with pytest.raises(PlanError, match="given twice"):
        LayerPlan("x", Primitive.RECT, params=(("fill", 1.0), ("fill", 2.0)))
    with pytest.raises(PlanError, match="not a number, string, bool"):
        LayerPlan("x", Primitive.RECT, params=(("fill", [1.0]),))  # type: ignore[arg-type]
    with pytest.raises(PlanError, match="not a number, string, bool"):
        Key(0, float("nan"))
    assert plan.segment_index_at(24) == 1 and plan.transitions_at(18) == plan.transitions
    assert plan.transitions_at(30) == ()


# ------------------------------------------------------------ hashes


def test_plan_hash_is_stable_and_sensitive() -> None:
    plan = sample_plan()
    assert plan_hash(plan) == plan_hash(loads(dumps(plan, "toml"), "toml"))
    assert len(plan_hash(plan)) == 64
    assert plan_hash(plan) != plan_hash(replace(plan, seed=1235))


def test_segment_hash_follows_what_the_pixels_depend_on() -> None:
    plan = sample_plan()
    before = [segment_hash(plan, i) for i in range(2)]
    louder = replace(plan, audio=(), intent=Intent(), source_map=(), source_hash="")
    assert [segment_hash(louder, i) for i in range(2)] == before
    regraded = replace(plan.segments[1], grade=GradePlan(contrast=1.2))
    # The dissolve shows both shots, so a change to either invalidates both.
    changed = replace(plan, segments=(plan.segments[0], regraded))
    assert all(segment_hash(changed, i) != before[i] for i in range(2))
    cut = replace(plan, transitions=(TransitionPlan(TransitionKind.CUT, 24, 24, "opening", "shot2"),))
    cut_changed = replace(cut, segments=(plan.segments[0], regraded))
    assert segment_hash(cut, 0) == segment_hash(cut_changed, 0)
    assert segment_hash(cut, 1) != segment_hash(cut_changed, 1)
    assert segment_hash(replace(plan, width=128, height=72, segments=plan.segments), 0) != before[0]
    with pytest.raises(PlanError, match="out of range"):
        segment_hash(plan, 2)


# ------------------------------------------------------------ schema


def _validate(instance: Any, node: dict[str, Any], root: dict[str, Any], path: str = "$") -> None:
    """A minimal JSON Schema validator for the subset `schema()` generates."""
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        _validate(instance, root["$defs"][name], root, path)
        return
    if "anyOf" in node:
        errors = []
        for option in node["anyOf"]:
            try:
                _validate(instance, option, root, path)
                return
            except AssertionError as error:
                errors.append(str(error))
        raise AssertionError(f"{path}: matches no option: {errors}")
    checks = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
    }
    if "type" in node:
        assert checks[node["type"]](instance), f"{path}: {instance!r} is not {node['type']}"
    if "enum" in node:
        assert instance in node["enum"], f"{path}: {instance!r} not in {node['enum']}"
    if isinstance(instance, dict):
        for key in node.get("required", []):
            assert key in instance, f"{path}: missing {key}"
        properties = node.get("properties", {})
        extra = node.get("additionalProperties", True)
        for key, value in instance.items():
            if key in properties:
                _validate(value, properties[key], root, f"{path}.{key}")
            else:
                assert extra is not False, f"{path}: unexpected {key}"
                if isinstance(extra, dict):
                    _validate(value, extra, root, f"{path}.{key}")
    if isinstance(instance, list):
        assert len(instance) >= node.get("minItems", 0), f"{path}: too short"
        assert len(instance) <= node.get("maxItems", len(instance)), f"{path}: too long"
        prefix = node.get("prefixItems", [])
        for index, value in enumerate(instance):
            item = prefix[index] if index < len(prefix) else node.get("items", True)
            assert item is not False, f"{path}: unexpected item {index}"
            if isinstance(item, dict):
                _validate(value, item, root, f"{path}[{index}]")


def test_shipped_schema_is_up_to_date() -> None:
    shipped = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert shipped == schema(), "regenerate: python -m scenec.compiler.plan_io --schema > docs/plan.schema.json"


def test_schema_script_prints_the_schema() -> None:
    out = subprocess.run([sys.executable, "-m", "scenec.compiler.plan_io", "--schema"], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == schema()


def test_sample_plan_matches_schema() -> None:
    root = schema()
    assert root["$schema"].endswith("2020-12/schema")
    _validate(to_dict(sample_plan()), root, root)
    _validate(json.loads(dumps(replace(sample_plan(), transitions=(
        TransitionPlan(TransitionKind.WIPE, 20, 28, "opening", "shot2", Direction.LEFT, (1.0, 1.0, 1.0, 1.0)),
    )), "json")), root, root)


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.update(width="64"),
        lambda d: d.update(version=1),
        lambda d: d["segments"][0].pop("camera"),
        lambda d: d["segments"][0]["layers"][0].update(primitive="blob"),
        lambda d: d["segments"][0]["layers"][0]["params"].update(x={"a": 1}),
        lambda d: d["background"].append(0.5),
        lambda d: d.update(extra=1),
    ],
)
def test_schema_rejects_bad_plans(edit: Any) -> None:
    root = schema()
    with pytest.raises(AssertionError):
        _validate(_broken(edit), root, root)


def test_plan_modules_import_nothing_from_lang_or_runtime() -> None:
    code = (
        "import sys, scenec.compiler.plan_io, scenec.compiler.tracks;"
        "bad = sorted(m for m in sys.modules if m.startswith(('scenec.lang', 'scenec.runtime')));"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_missing_optional_fields_take_their_defaults() -> None:
    data = to_dict(sample_plan())
    for key in ("transitions", "audio", "intent", "source_map", "source_hash", "background"):
        data.pop(key)
    segment = data["segments"][1]
    segment.pop("grade")
    segment["camera"] = {"focus": [32.0, 18.0]}
    plan = from_dict(data)
    assert plan.transitions == () and plan.intent == Intent() and plan.background == (0.0, 0.0, 0.0, 1.0)
    assert plan.segments[1].grade.is_identity
    assert plan.segments[1].camera == CameraTrack.still(64, 36)

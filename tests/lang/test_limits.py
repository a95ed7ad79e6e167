"""Hard limits and hostile values: every one is a located diagnostic, found
before the work it guards, and what checks clean compiles to finite numbers.

Each case here was an internal error, a silent drop or a runaway on the
checker or compiler before `lang/limits.py` (issues 17 and 18).
"""

from __future__ import annotations

import math

import pytest

from scenec.api import check_text, compile_text
from scenec.compiler.plan_io import dumps
from scenec.lang import limits

LAYER = "layer bg: rect(at: center, size: (10%, 10%), fill: red)"


def codes(text: str) -> list[str]:
    return [d.code for d in check_text(text).diagnostics]


def located(text: str, code: str) -> None:
    result = check_text(text)
    found = [d for d in result.diagnostics if d.code == code]
    assert found, [f"{d.code} {d.message}" for d in result.diagnostics]
    assert all(d.span is not None for d in found)


def test_a_template_that_uses_itself_is_an_error_naming_the_cycle() -> None:
    result = check_text("template t() {\n  layer a: t()\n}\nscene { shot 2s { layer bg: t() } }\n")
    (d,) = [d for d in result.diagnostics if d.code == "E3013"]
    assert (d.span.line, d.span.column) == (2, 12)
    assert "t → t" in d.message


def test_an_indirect_template_cycle_is_reported_at_each_closing_use() -> None:
    text = ("template a() {\n  layer x: b()\n}\ntemplate b() {\n  layer y: c()\n}\n"
            "template c() {\n  layer z: a()\n  layer w: circle()\n}\nscene { shot 2s { layer bg: a() } }\n")
    found = {d.span.line: d.message for d in check_text(text).diagnostics if d.code == "E3013"}
    assert set(found) == {2, 5, 8}
    assert "a → b → c → a" in found[2] and "c → a → b → c" in found[8]


def test_a_cycle_through_a_template_nobody_uses_is_still_reported() -> None:
    assert "E3013" in codes("template a() { layer x: a() }\nscene { shot 1s { " + LAYER + " } }\n")


def test_fps_zero_is_a_range_error_and_frames_are_still_checked() -> None:
    text = "scene {\n  fps 0\n  shot 30f {\n    " + LAYER + "\n  }\n}\n"
    assert codes(text) == ["E2002"]
    assert "E2002" in codes("scene {\n  fps -3\n  shot 30f { " + LAYER + " }\n  duration 2s\n}\n")


def test_a_huge_percent_is_a_located_error_not_an_infinite_plan() -> None:
    text = "scene {\n  shot 2s {\n    " + LAYER + "\n    camera pan right 1e308%\n  }\n}\n"
    result = check_text(text)
    (d,) = result.diagnostics
    assert d.code == "E2002" and (d.span.line, d.span.column) == (4, 22)


@pytest.mark.parametrize("value", ["1e12px", "-1e7%", "1e9deg", "1e6x", "1e9dB", "41dB", "-1000dB", "1e8Hz"])
def test_each_kind_of_quantity_has_a_sane_range(value: str) -> None:
    uses = {"px": "layer a: circle(radius: {})", "%": "layer a: circle(radius: {})",
            "deg": "layer a: gradient(from: red, to: blue, angle: {})", "x": "layer a: circle() scale {}",
            "dB": 'audio ambient "rain" volume {}', "Hz": "audio tone {}"}
    unit = next(u for u in ("deg", "dB", "Hz", "px", "%", "x") if value.endswith(u))
    text = "scene {\n  shot 2s {\n    " + uses[unit].format(value) + "\n  }\n}\n"
    assert "E2002" in codes(text), codes(text)


def test_what_checks_clean_at_the_edge_of_each_range_compiles_to_finite_numbers() -> None:
    big = f"{limits.MAX_LENGTH:g}"
    text = ("scene {\n  shot 2s {\n"
            f"    layer a: circle(at: ({big}%, -{big}%), radius: {big}px) blur {big}px scale {limits.MAX_FACTOR:g}x\n"
            f"    layer b: rect(at: center, size: ({big}%, {big}%)) rotate {limits.MAX_ANGLE:g}deg\n"
            f"    camera pan right {big}%\n"
            f'    audio ambient "rain" volume {limits.MAX_DECIBEL:g}dB\n'
            "  }\n}\n")
    plan, check = compile_text(text)
    assert check.ok, [d.message for d in check.diagnostics]
    dumps(plan, "json")  # refuses NaN and infinities


def test_a_long_let_chain_resolves_without_recursion() -> None:
    lets = "let v0 = 3%\n" + "".join(f"let v{i} = v{i - 1}\n" for i in range(1, 10_000))
    result = check_text(lets + "scene { shot 1s { layer a: circle(radius: v9999) } }\n")
    assert result.ok, [d.message for d in result.diagnostics][:3]


def test_a_long_let_chain_used_many_times_with_the_wrong_type_is_one_error() -> None:
    # Found by fuzzing: each use (and each probe for a better parameter) walked the chain checking
    # membership in a list, so 50 uses of a 10,000-let chain took 80 s of CPU; now linear a use.
    lets = "let v0 = 40%\n" + "".join(f"let v{i} = v{i - 1}\n" for i in range(1, 10_000))
    shots = "".join(f"shot s{k} 1s {{ layer a: rect(size: (20%, 20%), fill: v9999) }}\n" for k in range(50))
    result = check_text(lets + "scene {\n" + shots + "}\n")
    assert [d.code for d in result.diagnostics] == ["E2001"]  # said once, at the let's first use


def test_lets_that_double_each_other_stay_linear_and_deep_nesting_is_capped() -> None:
    lets = "let v0 = red\n" + "".join(f"let v{i} = mix(v{i - 1}, v{i - 1}, 50%)\n" for i in range(1, 40))
    assert check_text(lets + "scene { shot 1s { layer a: circle(fill: v39) } }\n").ok
    deep = "let v0 = red\n" + "".join(f"let v{i} = mix(v{i - 1}, red, 50%)\n"
                                       for i in range(1, limits.MAX_LET_NESTING + 10))
    located(deep + f"scene {{ shot 1s {{ layer a: circle(fill: v{limits.MAX_LET_NESTING + 9}) }} }}\n", "E2002")


def test_a_let_cycle_is_an_error() -> None:
    assert "E3001" in codes("let a = b\nlet b = a\nscene { shot 1s { layer x: circle(radius: a) } }\n")


def _tower(levels: int, fan: int) -> str:
    text = "template t0() { layer a: circle(radius: 1%) }\n"
    for i in range(1, levels + 1):
        text += f"template t{i}() {{ " + " ".join(f"layer l{j}: t{i - 1}()" for j in range(fan)) + " }\n"
    return text


def test_template_expansion_is_counted_before_it_is_done() -> None:
    text = _tower(8, 10) + "scene { shot 1s { layer bg: t8() } }\n"  # 10^8 layers
    plan, check = compile_text(text)
    assert plan is None and "E2018" in [d.code for d in check.diagnostics]


def test_layers_of_the_whole_film_are_capped() -> None:
    shots = " ".join("shot 1s { layer bg: t3() }" for _ in range(limits.MAX_FILM_LAYERS // 1000 + 1))
    assert "E2018" in codes(_tower(3, 10) + "scene { " + shots + " }\n")


def test_template_nesting_depth_is_capped() -> None:
    text = _tower(limits.MAX_TEMPLATE_DEPTH + 1, 1) + "scene { shot 1s { " + LAYER + " } }\n"
    assert "E2018" in codes(text)
    deepest = limits.MAX_TEMPLATE_DEPTH - 1  # t0 is a template too: this tower is MAX_TEMPLATE_DEPTH deep
    plan, check = compile_text(_tower(deepest, 1) + f"scene {{ shot 1s {{ layer a: t{deepest}() }} }}\n")
    assert check.ok, [d.message for d in check.diagnostics]
    (layer,) = plan.segments[0].layers  # the innermost circle is drawn, not silently dropped
    assert layer.id.count(".") == limits.MAX_TEMPLATE_DEPTH


def test_a_transition_among_the_shots_past_the_cap_is_checked_without_a_crash() -> None:
    # Found by fuzzing: a timed transition between two shots past MAX_SHOTS looked up their
    # durations, which are only known for the shots within the cap (a KeyError, an internal error).
    shots = "\n".join(f"  shot 0.1s {{ {LAYER} }}" for _ in range(limits.MAX_SHOTS + 2))
    shots += "\n  transition fade 1s\n" + f"  shot 0.1s {{ {LAYER} }}"
    assert "E2018" in codes("scene {\n" + shots + "\n}\n")


def test_shots_per_film_and_film_length_are_capped() -> None:
    shots = "\n".join(f"  shot 0.1s {{ {LAYER} }}" for _ in range(limits.MAX_SHOTS + 1))
    assert "E2018" in codes("scene {\n" + shots + "\n}\n")
    assert "E2018" in codes(f"scene {{ shot {limits.MAX_FILM_S + 1}s {{ {LAYER} }} }}\n")
    assert "E2018" not in codes(f"scene {{ shot {limits.MAX_FILM_S}s {{ {LAYER} }} }}\n")


def test_sounds_in_a_scene_and_in_a_shot_are_capped() -> None:
    sounds = "\n".join(f"  audio tone {200 + i}Hz volume -30dB" for i in range(limits.MAX_AUDIO_PER_BLOCK + 1))
    located("scene {\n" + sounds + f"\n  shot 1s {{ {LAYER} }}\n}}\n", "E2018")
    assert "E2018" in codes(f"scene {{\n  shot 1s {{\n    {LAYER}\n" + sounds + "\n  }\n}\n")
    fewer = "\n".join(sounds.splitlines()[:limits.MAX_AUDIO_PER_BLOCK])
    assert "E2018" not in codes(f"scene {{\n{fewer}\n  shot 1s {{\n    {LAYER}\n{fewer}\n  }}\n}}\n")


@pytest.mark.parametrize("size", ["20000x20000", "7682x100", "8x8", "7680x7680"])
def test_frame_sizes_past_what_encoders_take_are_refused(size: str) -> None:
    assert "E2002" in codes(f"scene {{\n  size {size}\n  shot 1s {{ {LAYER} }}\n}}\n")


def test_frame_size_problem_names_the_side_and_the_pixel_cap() -> None:
    assert limits.frame_size_problem(1280, 720) is None
    assert "width" in limits.frame_size_problem(20000, 720)
    assert "pixels" in limits.frame_size_problem(7680, 7680)
    assert "height" in limits.frame_size_problem(640, 361)


def test_counts_in_a_layer_are_capped() -> None:
    points = ", ".join(f"({i % 100}%, {i // 100}%)" for i in range(limits.MAX_POLYGON_POINTS + 1))
    located(f"scene {{ shot 1s {{ layer p: polygon(points: [{points}]) }} }}\n", "E2002")
    located(f"scene {{ shot 1s {{ layer p: particles(kind: rain, count: {limits.MAX_PARTICLES + 1}) }} }}\n", "E2002")
    words = "x" * (limits.MAX_TEXT_CHARS + 1)
    located(f'scene {{ shot 1s {{ layer t: text(content: "{words}") }} }}\n', "E2002")


def test_particles_of_a_whole_shot_are_capped_templates_included() -> None:
    full = limits.MAX_PARTICLES_PER_SHOT // limits.MAX_PARTICLES
    layers = "\n".join(f"    layer p{i}: particles(kind: snow, count: {limits.MAX_PARTICLES})" for i in range(full))
    assert "E2018" not in codes("scene {\n  shot 1s {\n" + layers + "\n  }\n}\n")
    located("scene {\n  shot 1s {\n" + layers + "\n    layer one-more: particles(kind: snow, count: 1)\n  }\n}\n",
            "E2018")
    storm = "template storm(n: int = 100) {\n  layer p: particles(kind: rain, count: n)\n}\n"
    uses = "\n".join(f"    layer s{i}: storm(n: 5)" for i in range(full + 1))
    assert "E2018" in codes(storm + "scene {\n  shot 1s {\n" + uses + "\n  }\n}\n")
    few = "\n".join(f"    layer s{i}: storm()" for i in range(full))
    assert "E2018" not in codes(storm + "scene {\n  shot 1s {\n" + few + "\n  }\n}\n")


def test_a_long_string_literal_is_refused_where_it_is_read() -> None:
    text = 'scene { shot 1s { layer t: text(content: "' + "a" * (limits.MAX_STRING_CHARS + 1) + '") } }\n'
    result = check_text(text)
    assert [d.code for d in result.diagnostics] == ["E2002"]
    assert result.diagnostics[0].span.column == 42


def test_diagnostics_are_capped_per_file_with_a_count_of_the_rest() -> None:
    layers = "\n".join(f"    layer l{i}: circle(radius: red)" for i in range(limits.MAX_DIAGNOSTICS_PER_FILE + 50))
    result = check_text("scene {\n  shot 1s {\n" + layers + "\n  }\n}\n")
    assert len(result.diagnostics) == limits.MAX_DIAGNOSTICS_PER_FILE + 1
    last = result.diagnostics[-1]
    assert last.code == "E2018" and "50 more" in last.message and last.is_error


def test_every_limit_is_documented() -> None:
    from pathlib import Path
    doc = (Path(__file__).parents[2] / "docs" / "language.md").read_text(encoding="utf-8")
    names = [n for n in vars(limits) if n.isupper()]
    assert names
    missing = [n for n in names if f"`{n}`" not in doc]
    assert not missing, missing


def test_limits_are_finite_positive_numbers() -> None:
    for name, value in vars(limits).items():
        if name.isupper() and not name.startswith("MIN_"):
            assert isinstance(value, int | float) and math.isfinite(value) and value > 0, name


def test_a_blur_wider_than_the_frame_is_capped_in_the_plan() -> None:
    text = "scene {\n  size 320x180\n  shot 1s {\n    layer a: circle() blur 3000px\n  }\n}\n"
    plan, check = compile_text(text)
    assert check.ok, [d.message for d in check.diagnostics]
    layers = {layer.id: layer for layer in plan.segments[0].layers}
    most = limits.MAX_BLUR_SHARE * 320
    assert layers["a"].blur_px == most


def test_the_size_and_fps_flags_are_refused_before_anything_is_allocated() -> None:
    import argparse

    from scenec.commands.render_cmd import parse_fps, parse_size
    with pytest.raises(argparse.ArgumentTypeError, match="width"):
        parse_size("20000x20000")
    with pytest.raises(argparse.ArgumentTypeError, match="pixels"):
        parse_size("7680x7680")
    assert parse_size("641x361") == (641, 361)  # a still may be odd; the video path rounds
    with pytest.raises(argparse.ArgumentTypeError, match="at most"):
        parse_fps(str(limits.MAX_FPS + 1))
    assert parse_fps("24") == 24


def test_a_palette_chain_is_walked_without_recursion_and_capped() -> None:
    def chain(n: int, step: int = 1) -> str:
        order = range(1, n) if step == 1 else range(n - 1, 0, -1)  # bases first, or last
        return ("palette p0 { a: red }\n" + "".join(f"palette p{i} extends p{i - 1} {{ b{i}: blue }}\n"
                                                      for i in order)
                + f"scene {{ palette p{n - 1}\n shot 1s {{ layer x: circle(fill: @a) }} }}\n")
    assert check_text(chain(limits.MAX_PALETTE_CHAIN)).ok
    assert check_text(chain(limits.MAX_PALETTE_CHAIN, -1)).ok
    for step in (1, -1):
        result = check_text(chain(3000, step))
        assert "E2018" in {d.code for d in result.diagnostics}, step
    assert "E3011" in codes("palette a extends b { x: red }\npalette b extends a { y: blue }\n"
                            "scene { shot 1s { layer l: circle() } }\n")


# Lines at the far ends of what the language takes, each once an internal error, a refusal by
# the renderer of a film that checked clean, or an allocation of terabytes.
EDGES = ("camera zoom in 0x", "camera zoom out 0x", "camera zoom in 10000x", "camera pan right 1000000%",
         "layer d: particles(kind: rain, count: 20000, speed: 1000000, size: 1000000px)",
         "layer d: particles(kind: snow, count: 50, speed: 20, size: 10%)",
         "layer d: star(radius: 1000000%, points: 32, inner: 0%)", 'layer d: text(content: "hi", size: 1000000px)',
         "layer d: noise(size: 0px, speed: 1000000)", "layer d: radial(inner: red, outer: blue, radius: 0px)",
         "layer d: path(points: [(0%, 0%), (1000000%, -1000000%)], width: 1000000px, smooth: true)",
         "layer d: circle() motion orbit(radius: 1000000px, period: 0.001s)", "layer d: circle() scale 0x",
         "layer d: circle() scale 10000x blur 1000000px", "animate c.radius to 1000000% over 2s",
         "animate c.at to (1000000%, 1000000%) over 0.001s ease out-elastic")


@pytest.mark.parametrize("line", EDGES)
def test_an_edge_value_is_a_diagnostic_or_a_picture(line: str) -> None:
    from scenec.runtime.frame import FrameRenderer

    text = ("scene {\n  size 64x36\n  fps 4\n  shot a 2s {\n    layer bg: rect(at: center, size: (50%, 50%), fill: red)\n"
            f"    layer c: circle(at: (20%, 20%), radius: 5%)\n    {line}\n  }}\n}}\n")
    plan, check = compile_text(text)
    if plan is None:
        assert any(d.code == "E2002" and d.span.line == 7 for d in check.diagnostics), check.diagnostics
        return
    renderer = FrameRenderer(plan, size=(64, 36))
    for frame in (0, plan.frames // 2):
        assert renderer.render(frame).shape == (36, 64, 3)


def test_a_seed_past_a_billion_still_checks() -> None:
    assert check_text(f"scene {{ seed {2**32 - 1}\n shot 1s {{ {LAYER} }} }}\n").ok


def test_a_huge_string_literal_is_refused_without_copying_it_per_character() -> None:
    # The string terminal was `"(a|b)*"`: Python's regex engine kept a frame per character, so
    # lexing a 4 MB literal peaked at 1.4 GB before the length cap could refuse it.
    import tracemalloc

    text = 'scene {\n  shot 1s { layer t: text(content: "' + "a" * 4_000_000 + '") }\n}\n'
    tracemalloc.start()
    try:
        result = check_text(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d.code for d in result.diagnostics] == ["E2002"]
    assert peak < 100 * 2**20, f"peak {peak / 2**20:.0f} MiB"


@pytest.mark.parametrize("move", ["zoom in 1e-300x", "dolly in 1e-300x", "dolly out 0x"])
def test_a_camera_factor_near_zero_is_refused_at_check(move: str) -> None:
    # found by fuzzing: `camera dolly in 1e-300x` checked clean and divided by zero in the depth pass
    result = check_text(f"scene {{ shot 1s {{ layer a: circle()\n camera {move} }} }}")
    assert not result.ok
    assert {d.code for d in result.diagnostics} <= {"E2002", "E2009"}


def test_a_camera_shake_at_0hz_compiles_to_a_still_camera() -> None:
    # Found by fuzzing: `camera shake 1.5% 0Hz` checked clean and failed the plan (a shake frequency must be > 0).
    text = f"scene {{ shot 2s {{ {LAYER}\n camera shake 1.5% 0Hz at 0.5s over 1s }} }}\n"
    plan, check = compile_text(text)
    assert check.ok and plan is not None


def test_a_template_argument_is_checked_against_the_range_of_the_primitive_it_reaches() -> None:
    # Found by fuzzing: `count: int` handed on to `particles(count: …)` checked clean at 2^31 and
    # failed the render.
    lib = ("template swarm(count: int = 10, box: vec = (20%, 20%)) {\n"
           "  layer dots: particles(kind: fireflies, count: count)\n}\n")
    result = check_text(lib + "scene { shot 1s { layer a: swarm(count: 2147483648) } }\n")
    assert [d.code for d in result.diagnostics] == ["E2002"]
    assert "particles(count: …)" in result.diagnostics[0].message
    assert check_text(lib + "scene { shot 1s {\n layer a: swarm(count: 50)\n layer b: swarm(7)\n } }\n").ok


def test_a_template_argument_is_followed_through_nested_templates() -> None:
    lib = ("template swarm(count: int = 10, box: vec = (20%, 20%)) {\n"
           "  layer dots: particles(kind: fireflies, count: count)\n}\n"
           "template cloud(n: int = 5, box: vec = (20%, 20%)) {\n  layer s: swarm(count: n)\n}\n"
           "template sky(many: int = 5, box: vec = (20%, 20%)) {\n  layer c: cloud(many)\n}\n")
    for use in ("cloud(n: 2147483648)", "sky(many: 2147483648)", "sky(2147483648)"):
        result = check_text(lib + f"scene {{ shot 1s {{ layer a: {use} }} }}\n")
        assert [d.code for d in result.diagnostics] == ["E2002"], use
        message = result.diagnostics[0].message
        assert "particles(count: …)" in message and "`swarm`" in message, message
        prefix = lib + "scene { shot 1s { layer a: "
        assert result.diagnostics[0].span.start == len(prefix) + use.index("2147483648")
    plan, check = compile_text(lib + "scene { shot 1s {\n layer a: sky(many: 40)\n layer b: cloud(3)\n } }\n")
    assert check.ok and plan is not None


def test_a_template_cycle_does_not_hang_the_range_check() -> None:
    lib = ("template a(n: int = 1, box: vec = (20%, 20%)) {\n  layer x: b(m: n)\n}\n"
           "template b(m: int = 1, box: vec = (20%, 20%)) {\n  layer y: a(n: m)\n"
           "  layer z: particles(kind: fireflies, count: m)\n}\n")
    result = check_text(lib + "scene { shot 1s { layer q: a(n: 2147483648) } }\n")
    codes = {d.code for d in result.diagnostics}
    assert "E3013" in codes and "E2002" in codes

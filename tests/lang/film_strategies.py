"""Hypothesis strategies for whole films that mean something, over the whole language.

`strategies.scene_files()` writes texts that parse; most of them name
nothing real, so they stop at the checker. `films(names)` writes films
built to check clean: every primitive with arguments of the right types
and ranges, the built-in objects and a user template, modifiers, motions,
animations and keyframes inside their shot, every camera move and
transition, grades, and sound at scene and shot level. Every knowledge name
comes from `FilmNames.from_world(world)`, the knowledge world the test
compiles with (user overlays included), never from a list written here;
the closed sets (primitives, motions, easings, camera moves, transitions,
particle kinds, shot types, beats) come from the language's own tables in
`lang/signatures.py` and `lang/types.py`.

Not every film checks clean (a transition may be longer than a shot
beside it, a camera may follow a layer the shot drew twice); the property
test skips those, and `test_most_generated_films_check_clean` keeps that
share small.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from scenec.knowledge import lookup
from scenec.knowledge.world import Knowledge
from scenec.lang import limits
from scenec.lang.builtins import builtin_templates
from scenec.lang.signatures import (AUDIO_CLAUSES, BEATS, BLEND_MODES, CAMERA_MOVES, EFFECTS, GRADE_OPS, MOTIONS, PRIMITIVES,
                                    SHOT_TYPES, TRANSITIONS, ParamSpec)
from scenec.lang.types import ANCHORS, EASINGS, Kind, Type

IMAGE = "art.png"  # the property test writes this file beside every film
USER_TEMPLATE = ("template badge(at: vec = center, tone: color = #ffcc66, shape: enum(round, square) = round,\n"
                 "               marks: list of vec = [(1%, 1%), (2%, 2%)]) {\n"
                 "  layer disc: circle(at: at, radius: 8%, fill: tone)\n"
                 "  layer ring: circle(at: at, radius: 10%, fill: none, stroke: tone, stroke-width: 1px)\n"
                 "}\n")
KEYS = ('"C major"', '"A minor"', '"F# minor"', '"Eb major"')
CSS_COLORS = ("red", "navy", "gold", "black", "white", "teal", "goldenrod")
MAX_PARTICLES = 300  # enough to draw; the full range (to 20000) is the rasteriser tests' business


@dataclass(frozen=True, slots=True)
class FilmNames:
    """The knowledge names a film may use, as one registry knows them."""
    palettes: dict[str, tuple[str, ...]]  # palette -> its entry names
    genres: tuple[str, ...]
    moods: tuple[str, ...]
    arcs: tuple[str, ...]
    times: tuple[str, ...]
    weathers: tuple[str, ...]
    styles: tuple[str, ...]
    luts: tuple[str, ...]
    ambients: tuple[str, ...]
    sfx: tuple[str, ...]
    music: tuple[str, ...]
    templates: tuple[str, ...]

    @classmethod
    def from_world(cls, world: Knowledge) -> FilmNames:
        registry = world.registry
        palettes = {name: tuple(dict(lookup.palette(registry, name).colors)) for name in lookup.names(registry, "palette")}
        n = lambda kind: tuple(lookup.names(registry, kind))  # noqa: E731
        return cls(palettes, n("genre"), n("mood"), n("arc"), n("time"), n("weather"), n("style"), n("lut"),
                   n("ambient"), n("sfx"), n("music"), tuple(builtin_templates(world)))


def _num(low: float, high: float, places: int = 2) -> st.SearchStrategy[str]:
    return st.floats(low, high, allow_nan=False).map(lambda v: f"{round(v, places):g}")


@st.composite
def colors(draw, palette_entries: tuple[str, ...] = ()) -> str:
    hex6 = st.integers(0, 0xFFFFFF).map(lambda v: f"#{v:06x}")
    kinds = [hex6, st.sampled_from(CSS_COLORS)]
    if palette_entries:
        kinds.append(st.sampled_from(palette_entries).map(lambda e: f"@{e}"))
    base = draw(st.one_of(*kinds))
    form = draw(st.integers(0, 5))
    pct = draw(st.integers(0, 100))
    if form == 0:
        return f"mix({base}, {draw(hex6)}, {pct}%)"
    if form == 1:
        return f"{draw(st.sampled_from(['lighten', 'darken', 'alpha']))}({base}, {pct}%)"
    if form == 2:
        r, g, b = (draw(st.integers(0, 255)) for _ in range(3))
        return f"rgb({r}, {g}, {b})"
    if form == 3:
        return f"hsl({draw(st.integers(0, 359))}deg, {pct}%, {draw(st.integers(10, 90))}%)"
    return base


def _pct(draw, low: float = 0, high: float = 100) -> str:
    return f"{draw(st.integers(int(low), int(high)))}%"


@st.composite
def vecs(draw) -> str:
    if draw(st.integers(0, 4)) == 0:
        return draw(st.sampled_from(ANCHORS))
    return f"({_pct(draw)}, {_pct(draw)})"


# Values at the edges of what checks clean: a range's ends, zero, and the largest any quantity
# of a kind may be (lang/limits.py), drawn now and then so "checks clean, then crashes" shows.
_HUGE = {Kind.LENGTH: ("px", limits.MAX_LENGTH), Kind.PERCENT: ("%", limits.MAX_LENGTH),
         Kind.ANGLE: ("deg", limits.MAX_ANGLE), Kind.FACTOR: ("x", limits.MAX_FACTOR), Kind.NUMBER: ("", 1e6)}


def _edge(draw, spec: ParamSpec) -> str | None:
    """An edge value of `spec`'s kind and range, about one time in eight; else None."""
    kind, low, high = spec.type.kind, spec.low, spec.high
    if kind not in _HUGE or draw(st.integers(0, 7)) != 0:
        return None
    unit, huge = _HUGE[kind]
    if kind is Kind.PERCENT and high is None and low is None:
        unit = "%"
    candidates = [v for v in (low, high, 0.0, huge, -huge)
                  if v is not None and (low is None or v >= low) and (high is None or v <= high)]
    return f"{draw(st.sampled_from(candidates)):g}{unit}" if candidates else None


@st.composite
def value_for(draw, spec: ParamSpec, palette_entries: tuple[str, ...]) -> str:
    """Source text of a value that `spec` accepts, inside its range (now and then at its edges)."""
    kind, low, high = spec.type.kind, spec.low, spec.high
    if kind is Kind.VEC:
        return draw(vecs())
    edge = _edge(draw, spec)
    if edge is not None:
        return edge
    if kind is Kind.LENGTH:
        if draw(st.booleans()):
            return _pct(draw, max(low or 0, 1), 30)
        return f"{draw(st.integers(max(int(low or 0), 1), 12))}px"
    if kind is Kind.COLOR:
        return draw(colors(palette_entries))
    if kind is Kind.INT:
        top = min(high if high is not None else 50, MAX_PARTICLES if spec.name == "count" else 50)
        return str(draw(st.integers(int(low if low is not None else 0), int(top))))
    if kind is Kind.NUMBER:
        return draw(_num(low if low is not None else 0, high if high is not None else 3))
    if kind is Kind.PERCENT:
        return _pct(draw, low or 0, high if high is not None else 100)
    if kind is Kind.ANGLE:
        return f"{draw(st.integers(-180, 360))}deg"
    if kind is Kind.FACTOR:
        return f"{draw(_num(0.5, 2))}x"
    if kind is Kind.DURATION:
        return f"{draw(_num(0.2, 4, 1))}s"
    if kind is Kind.BOOL:
        return draw(st.sampled_from(["true", "false"]))
    if kind is Kind.STRING:
        return f'"{IMAGE}"' if spec.name == "path" else draw(st.sampled_from(['"Hi"', '"a b ✓"']))
    if kind is Kind.ENUM:
        return draw(st.sampled_from(spec.type.words))
    if kind is Kind.LIST:
        count = int(low) if low is not None else 1
        count = draw(st.integers(count, int(high) if high is not None else count + 2))
        item = ParamSpec(spec.name, spec.type.of or Type(Kind.VEC), "x")
        return "[" + ", ".join(draw(value_for(item, palette_entries)) for _ in range(count)) + "]"
    raise AssertionError(f"no generator for parameter type {spec.type}")


@st.composite
def arguments(draw, specs: tuple[ParamSpec, ...], palette_entries: tuple[str, ...]) -> str:
    chosen = [s for s in specs if s.required or draw(st.integers(0, 2)) == 0]
    return ", ".join(f"{s.name}: {draw(value_for(s, palette_entries))}" for s in chosen)


@st.composite
def layers(draw, name: str, names: FilmNames, palette_entries: tuple[str, ...], with_template: bool) -> str:
    kinds = ["primitive", "primitive", "object"] + (["template"] if with_template else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "primitive":
        primitive = draw(st.sampled_from(sorted(PRIMITIVES)))
        head = f"{primitive}({draw(arguments(PRIMITIVES[primitive], palette_entries))})"
    elif kind == "object":
        head = f"{draw(st.sampled_from(names.templates))}(at: {draw(vecs())})"
    else:
        head = f"badge(at: {draw(vecs())}, tone: {draw(colors(palette_entries))}, shape: square)"
    mods = []
    for mod in draw(st.lists(st.sampled_from(["depth", "opacity", "blur", "rotate", "scale", "blend", "enter",
                                              "exit", "motion"]), max_size=3, unique=True)):
        if mod == "depth":
            mods.append(f"depth {draw(_num(0, 1))}")
        elif mod == "opacity":
            mods.append(f"opacity {_pct(draw, 20)}")
        elif mod == "blur":
            mods.append(f"blur {draw(st.sampled_from([0, 1, 4, 4, 4, int(limits.MAX_LENGTH)]))}px")
        elif mod == "rotate":
            mods.append(f"rotate {draw(st.sampled_from([-90, 0, 45, 90, int(limits.MAX_ANGLE)]))}deg")
        elif mod == "scale":
            mods.append(f"scale {draw(st.sampled_from(['0.5', '1', '2', '0', f'{limits.MAX_FACTOR:g}']))}x")
        elif mod == "blend":
            mods.append(f"blend {draw(st.sampled_from(BLEND_MODES))}")
        elif mod in ("enter", "exit"):
            mods.append(f"{mod} {draw(st.sampled_from(EFFECTS))} {draw(_num(0.1, 0.4, 1))}s")
        else:
            motion = draw(st.sampled_from(sorted(MOTIONS)))
            mods.append(f"motion {motion}({draw(arguments(MOTIONS[motion], palette_entries))})")
    return " ".join([f"layer {name}: {head}", *mods])


@st.composite
def timing(draw, duration_s: float) -> str:
    """`at … over … ease …` inside a shot of `duration_s`."""
    at = draw(st.floats(0, duration_s / 2)).__round__(2)
    over = draw(st.floats(0.05, duration_s - at)).__round__(2) if duration_s - at > 0.1 else None
    parts = []
    if draw(st.booleans()):
        parts.append(f"at {at:g}s")
    else:
        at = 0.0
    if over is not None and over + at <= duration_s and draw(st.booleans()):
        parts.append(f"over {over:g}s")
    if draw(st.booleans()):
        parts.append(f"ease {draw(st.sampled_from(EASINGS))}")
    return " ".join(parts)


@st.composite
def cameras(draw, duration_s: float, layer_names: list[str]) -> str:
    move = draw(st.sampled_from(sorted(CAMERA_MOVES)))
    amount, directions = CAMERA_MOVES[move]
    words = ["camera", move]
    if move == "follow":
        words.append(draw(st.sampled_from(layer_names)))
    if directions:
        words.append(draw(st.sampled_from(directions)))
    # The grammar wants shake's amount (`camera shake PERCENT [FREQUENCY]`) though its table has a default.
    if amount is not None and (amount.required or move == "shake" or draw(st.booleans())):
        words.append(draw(value_for(amount, ())))
    if move == "shake" and draw(st.booleans()):
        words.append(f"{draw(st.integers(1, 12))}Hz")
    if move != "static":
        words.append(draw(timing(duration_s)))
    return " ".join(w for w in words if w)


@st.composite
def grades(draw, names: FilmNames) -> str:
    ops = []
    for op in draw(st.lists(st.sampled_from(sorted(GRADE_OPS)), min_size=1, max_size=3, unique=True)):
        if op == "lut":
            ops.append(f"lut({draw(st.sampled_from(names.luts))})")
        else:
            ops.append(f"{op}({draw(value_for(GRADE_OPS[op][0], ()))})")
    return "grade " + " ".join(ops)


@st.composite
def audio(draw, names: FilmNames, duration_s: float) -> str:
    kind = draw(st.sampled_from(["ambient", "music", "sfx", "tone", "off"]))
    if kind == "ambient":
        text = f'audio ambient "{draw(st.sampled_from(names.ambients))}"'
        if draw(st.booleans()):
            text += f" volume -{draw(st.integers(0, 30))}dB fade in {draw(_num(0.1, 1, 1))}s"
        return text + (f" fade out {draw(_num(0.1, 1, 1))}s" if draw(st.booleans()) else "")
    if kind == "music":
        text = f"audio music {draw(st.sampled_from(names.music))}"
        if draw(st.booleans()):
            text += f" tempo {draw(st.integers(20, 300))}bpm"
        if draw(st.booleans()):
            text += f" key {draw(st.sampled_from(KEYS))}"
        return text + (f" volume -{draw(st.integers(0, 30))}dB" if draw(st.booleans()) else "")
    at = f"{draw(st.floats(0, duration_s * 0.9)):.2f}s"
    if kind == "sfx":
        return f'audio sfx "{draw(st.sampled_from(names.sfx))}" at {at} volume -{draw(st.integers(0, 20))}dB'
    if kind == "tone":
        wave = draw(st.sampled_from(AUDIO_CLAUSES["tone"]["wave"].type.words))
        return f"audio tone {draw(st.integers(30, 4000))}Hz wave {wave} at {at} for 0.2s volume -20dB"
    return "audio off"


@st.composite
def shots(draw, names: FilmNames, palette_entries: tuple[str, ...], index: int, with_template: bool) -> tuple[str, float]:
    """A shot's text and its duration in seconds."""
    duration_s = round(draw(st.floats(0.5, 2.0)), 2)
    header = ["shot"]
    if draw(st.booleans()):
        header.append(f"s{index}")
    if draw(st.booleans()):
        header.append(draw(st.sampled_from(SHOT_TYPES)))
    header.append(f"{duration_s:g}s")
    if draw(st.booleans()):
        header.append('"A title"')
    count = draw(st.integers(1, 4))
    layer_names = [f"l{i}" for i in range(count)]
    body = [draw(layers(n, names, palette_entries, with_template)) for n in layer_names]
    animated = set()
    for _ in range(draw(st.integers(0, 2))):
        target = draw(st.sampled_from(layer_names))
        prop = draw(st.sampled_from(["opacity", "rotate", "scale"]))
        if (target, prop) in animated:
            continue
        animated.add((target, prop))
        spec = {"opacity": ParamSpec("opacity", Type(Kind.PERCENT), "x", 0, 100),
                "rotate": ParamSpec("rotate", Type(Kind.ANGLE), "x"),
                "scale": ParamSpec("scale", Type(Kind.FACTOR), "x", 0)}[prop]
        if draw(st.booleans()):
            frm = f" from {draw(value_for(spec, ()))}" if draw(st.booleans()) else ""
            body.append(f"animate {target}.{prop}{frm} to {draw(value_for(spec, ()))} {draw(timing(duration_s))}")
        else:
            first, second = round(duration_s / 3, 2), round(2 * duration_s / 3, 2)
            ease = f" ease {draw(st.sampled_from(EASINGS))}" if draw(st.booleans()) else ""
            body.append(f"keyframes {target}.{prop} {{ {first:g}s: {draw(value_for(spec, ()))}{ease} "
                        f"{second:g}s: {draw(value_for(spec, ()))} }}")
    for _ in range(draw(st.integers(0, 2))):
        body.append(draw(cameras(duration_s, layer_names)))
    if draw(st.booleans()):
        body.append(f"focus {draw(st.sampled_from(layer_names))}")
    if draw(st.booleans()):
        body.append(f"beat {draw(st.sampled_from(BEATS))}")
    if draw(st.integers(0, 2)) == 0:
        body.append(draw(grades(names)))
    for key, pool in (("time", names.times), ("weather", names.weathers), ("mood", names.moods)):
        if draw(st.integers(0, 3)) == 0:
            body.append(f"{key} {draw(st.sampled_from(pool))}")
    if draw(st.integers(0, 2)) == 0:
        body.append(draw(audio(names, duration_s)))
    return " ".join(header) + " {\n    " + "\n    ".join(body) + "\n  }", duration_s


@st.composite
def transitions(draw, shortest_s: float) -> str:
    kind = draw(st.sampled_from(sorted(TRANSITIONS)))
    if kind == "cut":
        return "transition cut"
    words = ["transition", kind]
    if TRANSITIONS[kind]:
        words.append(draw(st.sampled_from(TRANSITIONS[kind])))
    words.append(f"{round(draw(st.floats(0.1, shortest_s)), 2):g}s")
    if kind == "fade" and draw(st.booleans()):
        words += ["via", draw(colors())]
    return " ".join(words)


@st.composite
def films(draw, names: FilmNames) -> str:
    """A whole film: maybe a palette of its own and a user template, then one scene."""
    items = []
    palette = draw(st.one_of(st.none(), st.sampled_from(sorted(names.palettes))))
    entries = names.palettes[palette] if palette else ()
    if draw(st.integers(0, 3)) == 0:
        base = draw(st.sampled_from(sorted(names.palettes)))
        items.append(f"palette mine extends {base} {{ glow: {draw(colors())} }}")
        palette, entries = "mine", (*names.palettes[base], "glow")
    with_template = draw(st.booleans())
    if with_template:
        items.append(USER_TEMPLATE)
    settings = ["size 64x36", f"fps {draw(st.integers(2, 8))}"]
    if palette:
        settings.append(f"palette {palette}")
    for key, pool in (("genre", names.genres), ("mood", names.moods), ("arc", names.arcs), ("time", names.times),
                      ("weather", names.weathers), ("style", names.styles)):
        if draw(st.booleans()):
            settings.append(f"{key} {draw(st.sampled_from(pool))}")
    if draw(st.booleans()):
        settings.append(f"seed {draw(st.integers(0, 2**31 - 1))}")
    if draw(st.booleans()):
        settings.append(f"background {draw(colors(entries))}")
    if draw(st.integers(0, 2)) == 0:
        settings.append(draw(grades(names)))
    shot_texts = [draw(shots(names, entries, i, with_template)) for i in range(draw(st.integers(1, 3)))]
    for _ in range(draw(st.integers(0, 2))):
        settings.append(draw(audio(names, sum(d for _, d in shot_texts))))
    body = list(settings)
    for i, (text, duration_s) in enumerate(shot_texts):
        if i and draw(st.booleans()):
            body.append(draw(transitions(min(duration_s, shot_texts[i - 1][1]))))
        body.append(text)
    items.append('scene "Generated" {\n  ' + "\n  ".join(body) + "\n}")
    return "\n".join(items) + "\n"

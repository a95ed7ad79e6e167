"""Input generators for the language tests.

`scene_files()` is a hypothesis strategy for syntactically valid `.scene`
texts written messily: random whitespace, `;` separators and comments
between statements and between the tokens inside them. `mutate()` breaks a
valid text in one of a few seeded ways for the parser fuzz tests (it is
shared with `benchmarks/fuzz_parse.py`).
"""

from __future__ import annotations

import random

from hypothesis import strategies as st

# Names that never clash with a keyword in the positions they are drawn for.
VALUE_NAMES = ["center", "red", "navy", "wood", "x1", "top-left", "my_var", "goldenrod", "in-out-sine"]
# Layer and parameter names may be words that are keywords elsewhere.
LAYER_NAMES = ["sun", "sky", "l1", "glow_x", "hill-top", "time", "size", "color", "at", "layer", "from"]
ARG_NAMES = ["at", "size", "color", "fill", "radius", "from", "to", "time", "kind", "points", "over"]
LITERALS = ["0", "1", "3", "-0.5", "1e3", ".5", "2.", "4s", "1.5s", "250ms", "90f", "50%", "12px", "45deg",
            "-0.5turn", "1.5x", "-12dB", "440Hz", "120bpm", "1E-2s"]
DURATIONS = ["1s", "2s", "500ms", "30f", "1.5s"]
COMMENTS = ["// note", "//", "// with */ and /* inside", "/* block */", "/**/", "/* multi\n   line */",
            "/* a // b */", "// ünïcode ✓"]

names = st.sampled_from(VALUE_NAMES)
layer_names = st.sampled_from(LAYER_NAMES)
refs = st.lists(layer_names, min_size=1, max_size=3).map(".".join)
durations = st.sampled_from(DURATIONS)

_STRING_CHARS = st.sampled_from(list('abc XYZ09,.:;{}()[]#@/*é✓"\\\t'))


@st.composite
def strings(draw) -> str:
    """A string literal, each character written raw or as one of its escapes."""
    out = ['"']
    for c in draw(st.lists(_STRING_CHARS, max_size=8)):
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\t":
            out.append(draw(st.sampled_from(["\\t", "\t"])))
        elif c == "é":
            out.append(draw(st.sampled_from(["\\u00e9", "\\u00E9", "é"])))
        else:
            out.append(c)
    if draw(st.booleans()):
        out.append("\\n")
    out.append('"')
    return "".join(out)


hex_colors = st.builds(lambda n, digits: "#" + "".join(digits[:n]),
                       st.sampled_from([3, 4, 6, 8]), st.lists(st.sampled_from("0123456789abcdefABCDEF"),
                                                               min_size=8, max_size=8))


def _atom() -> st.SearchStrategy[list[str]]:
    return st.one_of(
        st.sampled_from(LITERALS).map(lambda t: [t]),
        strings().map(lambda t: [t]),
        hex_colors.map(lambda t: [t]),
        names.map(lambda t: [t]),
        names.map(lambda t: ["@", t]),
        st.sampled_from(["true", "false"]).map(lambda t: [t]),
    )


def _compound(inner: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    vec = st.tuples(inner, inner).map(lambda xy: ["(", *xy[0], ",", *xy[1], ")"])
    lst = st.lists(inner, max_size=3).map(lambda items: ["[", *_comma_join(items), "]"])
    call = st.tuples(names, _args_from(inner)).map(lambda c: [c[0], "(", *c[1], ")"])
    return st.one_of(vec, lst, call)


def _comma_join(parts: list[list[str]]) -> list[str]:
    out: list[str] = []
    for i, part in enumerate(parts):
        if i:
            out.append(",")
        out.extend(part)
    return out


def _args_from(value_strategy: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    named = st.tuples(st.sampled_from(ARG_NAMES), value_strategy).map(lambda nv: [nv[0], ":", *nv[1]])

    @st.composite
    def build(draw) -> list[str]:
        positional = draw(st.lists(value_strategy, max_size=2))
        named_args = draw(st.lists(named, max_size=3))
        tokens = _comma_join(positional + named_args)
        if tokens and draw(st.booleans()):
            tokens.append(",")  # a trailing comma is allowed
        return tokens

    return build()


values = st.recursive(_atom(), _compound, max_leaves=6)
args = _args_from(values)


def _call(head: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.tuples(head, args).map(lambda c: [c[0], "(", *c[1], ")"])


# ---------------------------------------------------------------- statements

modifiers = st.one_of(
    st.tuples(st.sampled_from(["depth", "opacity", "blur", "rotate", "scale"]), values)
    .map(lambda m: [m[0], *m[1]]),
    names.map(lambda n: ["blend", n]),
    st.tuples(st.sampled_from(["enter", "exit"]), names, values).map(lambda m: [m[0], m[1], *m[2]]),
    _call(st.sampled_from(["float", "drift", "orbit", "pulse", "spin", "sway", "bounce", "flicker", "wander"]))
    .map(lambda c: ["motion", *c]),
)

layers = st.tuples(layer_names, _call(st.sampled_from(["rect", "circle", "text", "particles", "lantern"])),
                   st.lists(modifiers, max_size=3)) \
    .map(lambda p: ["layer", p[0], ":", *p[1], *[t for m in p[2] for t in m]])

timing = st.one_of(
    st.tuples(st.sampled_from(["at", "over"]), values).map(lambda c: [c[0], *c[1]]),
    names.map(lambda n: ["ease", n]),
)
animate_clauses = st.one_of(
    st.tuples(st.sampled_from(["from", "to"]), values).map(lambda c: [c[0], *c[1]]),
    timing,
)
animates = st.tuples(refs, st.lists(animate_clauses, min_size=1, max_size=4)) \
    .map(lambda a: ["animate", a[0], *[t for c in a[1] for t in c]])

keyframe = st.tuples(st.sampled_from(LITERALS), values, st.one_of(st.none(), names)) \
    .map(lambda k: [k[0], ":", *k[1], *(["ease", k[2]] if k[2] else [])])
keyframes = st.tuples(refs, st.lists(keyframe, max_size=3)) \
    .map(lambda k: ["keyframes", k[0], "{", *[t for f in k[1] for t in f], "}"])

_directions = {"pan": ["left", "right"], "tilt": ["up", "down"], "zoom": ["in", "out"], "dolly": ["in", "out"],
               "truck": ["left", "right"], "orbit": ["left", "right"]}


@st.composite
def camera_moves(draw) -> list[str]:
    kind = draw(st.sampled_from(["static", "roll", "shake", "follow", *_directions]))
    if kind == "static":
        move = ["static"]
    elif kind == "roll":
        move = ["roll", *draw(values)]
    elif kind == "shake":
        move = ["shake", *draw(values)]
        if draw(st.booleans()):
            move.append(draw(st.sampled_from(["8Hz", "12Hz", "2"])))
    elif kind == "follow":
        move = ["follow", draw(refs)]
    else:
        move = [kind, draw(st.sampled_from(_directions[kind]))]
        if draw(st.booleans()):
            move.extend(draw(values))
    clauses = draw(st.lists(timing, max_size=3))
    return ["camera", *move, *[t for c in clauses for t in c]]


grades = st.lists(_call(st.sampled_from(["warm", "contrast", "vignette", "lut", "lift", "exposure"])),
                  min_size=1, max_size=3).map(lambda ops: ["grade", *[t for op in ops for t in op]])


@st.composite
def audios(draw) -> list[str]:
    kind = draw(st.sampled_from(["ambient", "music", "tone", "sfx", "off"]))
    opts = {
        "ambient": [st.tuples(st.just("volume"), values), st.tuples(st.sampled_from(["fade in", "fade out"]), values)],
        "music": [st.tuples(st.sampled_from(["tempo", "volume"]), values), st.tuples(st.just("key"), strings().map(lambda s: [s]))],
        "tone": [st.tuples(st.sampled_from(["at", "for", "volume"]), values), st.tuples(st.just("wave"), names.map(lambda n: [n]))],
        "sfx": [st.tuples(st.sampled_from(["at", "volume"]), values)],
        "off": [],
    }[kind]
    subject = {"ambient": [draw(strings())], "music": [draw(names)], "tone": draw(values),
               "sfx": [draw(strings())], "off": []}[kind]
    tokens = ["audio", kind, *subject]
    if opts:
        for keyword, value in draw(st.lists(st.one_of(*opts), max_size=3)):
            tokens.extend([*keyword.split(), *value])
    return tokens


@st.composite
def transitions(draw) -> list[str]:
    kind = draw(st.sampled_from(["cut", "fade", "dissolve", "zoom", "iris", "blur", "wipe", "slide"]))
    if kind == "cut":
        return ["transition", "cut"]
    if kind == "fade":
        tokens = ["transition", "fade", *draw(values)]
        return tokens + (["via", *draw(values)] if draw(st.booleans()) else [])
    if kind in ("wipe", "slide"):
        return ["transition", kind, draw(st.sampled_from(["left", "right", "up", "down"])), *draw(values)]
    return ["transition", kind, *draw(values)]


overrides = st.tuples(st.sampled_from(["time", "weather", "mood"]), names).map(list)
shot_statements = st.one_of(
    layers, animates, keyframes, camera_moves(), grades, audios(), overrides,
    refs.map(lambda r: ["focus", r]), names.map(lambda n: ["beat", n]),
)
SHOT_TYPES = ["establishing", "wide", "medium-close", "close", "pov", "low-angle", "dutch"]


@st.composite
def shots(draw) -> list[list[str]]:
    """A shot as a header token list, its statements, and the closing token."""
    header = ["shot"]
    if draw(st.booleans()):
        header.append(draw(st.sampled_from(["opening", "a", "close-up", "s2"])))
    if draw(st.booleans()):
        header.append(draw(st.sampled_from(SHOT_TYPES)))
    if draw(st.booleans()):
        header.append(draw(durations))
    if draw(st.booleans()):
        header.append(draw(strings()))
    return [header + ["{"], *draw(st.lists(shot_statements, max_size=4)), ["}"]]


settings = st.one_of(
    st.sampled_from(["64x36", "1280x720"]).map(lambda s: ["size", s]),
    st.tuples(st.sampled_from(["fps", "duration", "seed", "background"]), values).map(lambda s: [s[0], *s[1]]),
    st.tuples(st.sampled_from(["palette", "genre", "mood", "arc", "time", "weather", "style"]), names).map(list),
    grades, audios(),
)


@st.composite
def scene_bodies(draw) -> list[list[str]]:
    body: list[list[str]] = []
    for _ in range(draw(st.integers(0, 3))):
        body.append(draw(settings))
    for i in range(draw(st.integers(0, 3))):
        if i and draw(st.booleans()):
            body.append(draw(transitions()))
        body.extend(draw(shots()))
    return body


param_types = st.recursive(
    st.sampled_from(["vec", "color", "number", "length"]).map(lambda t: [t])
    | st.lists(names, min_size=1, max_size=3).map(lambda ws: ["enum", "(", *_comma_join([[w] for w in ws]), ")"]),
    lambda inner: inner.map(lambda t: ["list", "of", *t]), max_leaves=3)
params = st.tuples(st.sampled_from(ARG_NAMES), param_types, st.one_of(st.none(), values)) \
    .map(lambda p: [p[0], ":", *p[1], *(["=", *p[2]] if p[2] else [])])

items = st.one_of(
    strings().map(lambda s: [["import", s]]),
    st.tuples(names, values).map(lambda lv: [["let", lv[0], "=", *lv[1]]]),
    st.tuples(names, st.one_of(st.none(), names), st.lists(st.tuples(names, values), max_size=3)).map(
        lambda p: [["palette", p[0], *(["extends", p[1]] if p[1] else []), "{"],
                   *[[n, ":", *v] for n, v in p[2]], ["}"]]),
    st.tuples(names, st.lists(params, max_size=3), st.lists(layers, max_size=2)).map(
        lambda t: [["template", t[0], "(", *_comma_join(t[1]), ")", "{"], *t[2], ["}"]]),
)


# ---------------------------------------------------------------- layout

TOKEN_GAPS = [" ", " ", " ", "\n", "  ", "\t", " /* c */ ", " // c\n", "\n\n"]
STATEMENT_GAPS = ["\n", "\n", " ", "; ", ";", "\n\n", " ;\n", "\n  "]


@st.composite
def scene_files(draw) -> str:
    """A valid `.scene` text: some file items and at most one scene, laid out messily."""
    statements: list[list[str]] = []
    for item in draw(st.lists(items, max_size=3)):
        statements.extend(item)
    if draw(st.booleans()):
        title = [draw(strings())] if draw(st.booleans()) else []
        statements += [["scene", *title, "{"], *draw(scene_bodies()), ["}"]]
    out: list[str] = []
    for i, tokens in enumerate(statements):
        if i:
            out.append(draw(st.sampled_from(STATEMENT_GAPS)))
        if draw(st.integers(0, 4)) == 0:
            out.append(draw(st.sampled_from(COMMENTS)) + "\n")
        for j, token in enumerate(tokens):
            if j:
                out.append(draw(st.sampled_from(TOKEN_GAPS)) if draw(st.integers(0, 5)) == 0 else " ")
            out.append(token)
        if draw(st.integers(0, 5)) == 0:
            out.append(" " + draw(st.sampled_from(COMMENTS)) + "\n")
    return "".join(out)


# ---------------------------------------------------------------- mutation

PUNCTUATION = '(){}[]:,"@#;./*-%'


def mutate(text: str, rng: random.Random) -> str:
    """One random edit of `text`: a deletion, an insertion, a line swap, a cut or random bytes."""
    kind = rng.randrange(6)
    n = len(text)
    at = rng.randrange(n + 1)
    if kind == 0 and n:  # delete a short run
        return text[:at] + text[at + rng.randint(1, 8):]
    if kind == 1:  # insert punctuation
        return text[:at] + "".join(rng.choice(PUNCTUATION) for _ in range(rng.randint(1, 3))) + text[at:]
    if kind == 2:  # swap two lines
        lines = text.split("\n")
        if len(lines) > 1:
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)
    if kind == 3:  # truncate
        return text[:at]
    if kind == 4:  # random characters, control and non-ASCII ones included
        noise = "".join(chr(rng.choice([rng.randrange(0, 128), rng.randrange(128, 0x3000)]))
                        for _ in range(rng.randint(1, 4)))
        return text[:at] + noise + text[at:]
    # duplicate a random slice somewhere else
    start = rng.randrange(n + 1)
    piece = text[start:start + rng.randint(1, 40)]
    return text[:at] + piece + text[at:]


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """Random bytes spliced in, so the decoder sees invalid UTF-8 and NULs."""
    at = rng.randrange(len(data) + 1)
    return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 4))) + data[at:]

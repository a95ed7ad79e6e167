"""Write the `.scene` file for an instruction: backdrop, subjects laid out by `layout.py`, settings
(genre, mood, time, weather, style, grade, palette), one or two shots with an honest camera, and
audio. The text is formatted with the language's formatter, so it reads as if a person wrote it.

Each subject instance is a layer named after the prompt's word (`dog`, `car-1`, `car-2`) drawing
its object template with the subject's color in the template's color parameter; a word with no
drawing gets a template of its own, a rounded figure labelled with the word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from scenec.knowledge import colors, lookup
from scenec.lang.formatter import format_source

from . import actions, life, spatial, standins
from . import backdrop as bd
from .context import Knowledge
from .layout import Ground
from .model import Decision, Instruction, Placed
from .staging import one_of_each_scenery, outdoor_forms, scenery_as_place, shape_of, worn_clothes

FPS = 24
SIZE = "1280x720"
SHORT_S = 4.0
LONG_S = 6.0
LONG_PROMPT_WORDS = 12
# Pans and tilts move this share of the frame per second (at least MIN_TRAVEL, at most MAX_TRAVEL in all),
# so that the motion reads clearly however long the shot is.
TRAVEL_PER_S = 0.05
MIN_TRAVEL, MAX_TRAVEL = 0.18, 0.35
CAMERA = {
    "dolly-in": "camera dolly in 1.35x ease in-out-sine",
    "dolly-out": "camera dolly out 1.35x ease in-out-sine",
    "truck-left": "camera truck left {travel} ease linear",
    "truck-right": "camera truck right {travel} ease linear",
    "follow": "camera follow {target}",
    "aerial": "camera zoom out 1.3x ease linear",
    "pan-left": "camera pan left {travel} ease linear",
    "pan-right": "camera pan right {travel} ease linear",
    "tilt-up": "camera tilt up {travel} ease linear",
    "tilt-down": "camera tilt down {travel} ease linear",
    "zoom-in": "camera zoom in 1.4x ease linear",
    "zoom-out": "camera zoom out 1.4x ease linear",
    "static": "camera static",
    "shake": "camera shake 2.5% 6Hz",
    "orbit": "camera orbit left 20deg",
    "slow-motion": "camera static",
}
# Pans and tilts that can follow a traveller, by the axis they follow (0: x, 1: y), and how much of
# its path they keep up with.
FOLLOWING = {"pan-left": 0, "pan-right": 0, "tilt-up": 1, "tilt-down": 1, "truck-left": 0, "truck-right": 0}
FOLLOW_SHARE = 0.7
# Camera words that choose the framing rather than a move.
SHOT_TYPES = {"close-up": "close", "wide": "wide", "aerial": "high-angle"}
SLOW = 3.0  # slow motion: every motion this many times slower
# A bob of a few percent of the frame is a small motion for a small subject but moves half the picture
# when the subject is tall: a subject taller than this bobs proportionally less, so that it reads as
# the subject moving, not the camera.
BOB_REF_H = 0.2
RACK_BLUR = "4%"  # how far out of focus the backdrop ends a rack focus


def slug(word: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", word.lower()).strip("-") or "thing"
    return name if re.match(r"[a-z_]", name) else f"n-{name}"


def _pct(v: float) -> str:
    return f"{round(v * 100, 2):g}%"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _hex(rgba) -> str:
    return colors.to_hex(rgba).lower()


def _names(ins: Instruction, taken: set[str]) -> list[list[str]]:
    """Layer names per subject: the word, numbered when a word has more than one instance."""
    totals: dict[str, int] = {}
    for s in ins.subjects:
        totals[slug(s.word)] = totals.get(slug(s.word), 0) + s.count
    used: dict[str, int] = {}
    out = []
    for s in ins.subjects:
        base = slug(s.word)
        names = []
        for _ in range(s.count):
            used[base] = used.get(base, 0) + 1
            name = f"{base}-{used[base]}" if totals[base] > 1 or base in taken else base
            while name in taken:
                used[base] += 1
                name = f"{base}-{used[base]}"
            taken.add(name)
            names.append(name)
        out.append(names)
    return out


def _slowed(motion: str) -> str:
    """The same motion SLOW times slower: periods longer, speeds lower."""
    def period(m: re.Match) -> str:
        return f"{m.group(1)}: {float(m.group(2)) * SLOW:g}s"

    def speed(m: re.Match) -> str:
        return f"speed: {float(m.group(1)) / SLOW:g}{m.group(2)}"
    motion = re.sub(r"(period): ([\d.]+)s", period, motion)
    return re.sub(r"speed: ([\d.]+)(deg)?", speed, motion)


def _damped(motion: str, factor: float) -> str:
    """The same motion with its travel (float amount, bounce height, wander radius) scaled by factor."""
    if factor >= 1:
        return motion

    def call(m: re.Match) -> str:
        args = re.sub(r"\b(amount|height|radius): ([\d.]+)%",
                      lambda a: f"{a.group(1)}: {round(float(a.group(2)) * factor, 2):g}%", m.group(2))
        return f"{m.group(1)}({args})"
    return re.sub(r"\b(float|bounce|wander)\(([^)]*)\)", call, motion)


def _subject_lines(kb: Knowledge, ins: Instruction, placed: tuple[Placed, ...], slow: bool,
                   travels: list, looks: dict[str, life.Look]) -> list[str]:
    lines = []
    for p in placed:
        s = ins.subjects[p.subject]
        b = p.box
        look = looks.get(p.layer, life.Look())
        args = [f"at: ({_pct(b.x)}, {_pct(b.y)})", f"box: ({_pct(b.w)}, {_pct(b.h)})"]
        color = look.color or (_hex(s.color.rgba) if s.color is not None else None)
        if s.object is None:
            template = standins.NAME_PREFIX + slug(s.word)
            if color is not None:
                args.append(f"color: {color}")
        else:
            entry = kb.objects.lookup(s.object)
            template = entry.template
            if color is not None and entry.color_param:
                args.append(f"{entry.color_param}: {color}")
        line = f"layer {p.layer}: {template}({', '.join(args)})"
        motion = kb.vocabulary.motions.get(s.motion) if s.motion else None
        if motion is not None and motion.motion:
            moved = _damped(motion.motion, BOB_REF_H / b.h) if b.h > 0 else motion.motion
            line += f" motion {_slowed(moved) if slow else moved}"
        elif look.idle:  # no motion in the sentence: the thing's own idle life
            line += f" motion {_slowed(look.idle) if slow else look.idle}"
        travel = travels[p.subject] if p.subject < len(travels) else None
        if travel is not None:
            dx, dy = (round(d * 100 / SLOW if slow else d * 100, 2) for d in travel)
            line += f" motion drift(by: ({dx:g}%, {dy:g}%))"
        lines.append(line)
    return lines


def _soft_copies(lines: tuple[str, ...], start_s: float, over_s: float) -> list[str]:
    """Rack focus: a blurred copy of each backdrop layer fades in, pulling focus off the background."""
    out = []
    for line in lines:
        m = re.match(r"layer\s+([A-Za-z_][\w-]*)\s*:(.*)$", line)
        if m is None:
            continue
        name = f"{m.group(1)}-soft"
        out.append(f"layer {name}:{m.group(2)} blur {RACK_BLUR}")
        out.append(f"keyframes {name}.opacity {{ 0s: 0% {start_s:g}s: 0% {start_s + over_s:g}s: 100% ease in-out-sine }}")
    return out


@dataclass(slots=True)
class _Shot:
    """What one instruction contributes: templates to declare, scene settings, the shot's text."""

    head: list[str]
    settings: dict[str, str]
    body: list[str]
    text: str
    decisions: list[Decision]
    placed: tuple[Placed, ...]


def create(ins: Instruction, kb: Knowledge, seed: int = 0) -> tuple[str, tuple[Decision, ...], tuple[Placed, ...]]:
    """The formatted `.scene` text for an instruction, the decisions made writing it, and the boxes."""
    return create_story((ins,), kb, seed)


def create_story(shots: tuple[Instruction, ...], kb: Knowledge,
                 seed: int = 0) -> tuple[str, tuple[Decision, ...], tuple[Placed, ...]]:
    """The `.scene` text for a story: one shot per instruction, in order; the narrative pass chooses
    the transitions. Scene settings come from the first shot; a later shot whose time or weather
    differs overrides it in the shot."""
    built = [_build(ins, kb, seed, k, len(shots)) for k, ins in enumerate(shots)]
    first = built[0]
    head: list[str] = []
    for b in built:
        head += [h for h in b.head if h not in head]
    body = [f"size {SIZE}", f"fps {FPS}", f"seed {seed}"]
    body += [f"{key} {value}" for key, value in first.settings.items()]
    body += first.body
    texts = []
    for b in built:
        overrides = [f"{key} {b.settings[key]}" for key in ("time", "weather")
                     if b.settings.get(key) and b.settings.get(key) != first.settings.get(key)]
        texts.append(b.text.replace(" {\n", " {\n" + "".join(o + "\n" for o in overrides), 1) if overrides
                     else b.text)
    decisions = [d for b in built for d in b.decisions]
    if len(shots) > 1:
        decisions.append(Decision("shots", f"{len(shots)} shots, one a sentence", (),
                                  "a story: the narrative pass chooses the transitions"))
    title = _title(" ".join(ins.prompt for ins in shots))
    text = "\n".join(head) + "scene " + _quote(title) + " {\n" + "\n".join(body) + "\n" + "\n".join(texts) + "\n}\n"
    return format_source(text), tuple(decisions), first.placed


def _build(ins: Instruction, kb: Knowledge, seed: int, index: int, count: int) -> _Shot:
    """One shot of the film for one instruction."""
    decisions: list[Decision] = []
    sky = None
    if ins.time:
        t = lookup.time_of_day(kb.registry, ins.time)
        sky = (t.sky_top, t.sky_bottom)
    season = kb.vocabulary.seasons.get(ins.season) if ins.season else None
    shapes = [shape_of(kb, ins, i) for i in range(len(ins.subjects))]
    ins = one_of_each_scenery(ins, shapes, decisions)
    ins, shapes = scenery_as_place(ins, shapes, kb, decisions)
    ins, shapes = worn_clothes(ins, shapes, kb, decisions)
    if not ins.place and any(s.placement == "water" for s in shapes) and kb.places.by_word("sea") is not None:
        sea = kb.places.by_word("sea").name
        ins = replace(ins, place=sea)
        decisions.append(Decision("place", sea, tuple(s.word for s, sh in zip(ins.subjects, shapes)
                                                      if sh.placement == "water"), "it swims or floats on water"))
    if ins.place:
        back = bd.from_place(kb.places.lookup(ins.place), sky)
    elif shapes and sum(s.placement in bd.INDOOR_PLACEMENTS for s in shapes) * 2 > len(shapes):
        back = bd.indoor(season)
        decisions.append(Decision("place", "indoors", tuple(s.word for s in ins.subjects),
                                  "most things named belong on a table or in a room"))
    else:
        back = bd.outdoor(sky, season)
        decisions.append(Decision("place", "outdoors", (), "no place named"))
    if back.outdoor:
        ins, shapes = outdoor_forms(ins, shapes, kb, decisions)
    ground = back.ground
    if ground.table is None and any(s.placement == "table" for s in shapes):
        ground = Ground(ground.ground, ground.water, ground.ground)
    names = _names(ins, set(back.layer_names) | set(bd.RACK_LAYERS))
    camera_named = any(m not in ("follow", "close-up", "wide", "aerial") for m in ins.camera)
    travels = [actions.travel(kb.vocabulary, s, camera_named) for s in ins.subjects]
    first_travel = next((t for t in travels if t is not None), None)
    third = 0 if first_travel is None or first_travel[0] >= 0 else 1
    for att in spatial.attachments(ins, shapes):
        if att.kind in ("holding", "on"):  # the held thing, or the thing riding on another, goes along
            travels[att.mover] = travels[att.anchor]
    placed, layout_decisions = spatial.arrange(ins, shapes, names, ground,
                                               seed + third if first_travel is None else third, kb)
    placed = actions.start_positions(placed, travels)
    decisions += layout_decisions
    still = life.is_still(tuple(w for w, _ in ins.tags))
    words = tuple(w for w, _ in ins.tags)
    colorful = any(w in life.COLORFUL_WORDS for w in words)
    looks = life.looks(ins, placed, kb, seed, still, travels, colorful)
    placed = life.scaled(placed, looks)
    if still:
        decisions.append(Decision("motion", "none", tuple(w for w, _ in ins.tags if w in life.STILL_WORDS),
                                  "the sentence says it is still"))
    elif any(look.idle for look in looks.values()):
        decisions.append(Decision("motion", "idle", tuple(layer for layer, look in looks.items() if look.idle),
                                  "no motion named: each thing has its own idle life"))

    camera = [m for m in ins.camera if m in CAMERA]
    if "static" in camera and len(camera) > 1:
        camera.remove("static")
    slow = "slow-motion" in ins.camera
    rack = "rack-focus" in ins.camera
    duration = ins.duration_s or (SHORT_S if count > 1 else (LONG_S if len(ins.prompt.split()) >= LONG_PROMPT_WORDS
                                                             else SHORT_S))
    main = _main_layer(ins, placed, travels)

    head: list[str] = []
    for s in ins.subjects:
        if s.object is None:
            head.append(standins.template(s.word, _hex(s.color.rgba) if s.color else None, kb))
            decisions.append(Decision("placeholder", f"{standins.NAME_PREFIX}{slug(s.word)}", s.words,
                                      "no object in the registry draws it: " + standins.describe(s.word, kb)))
    settings: dict[str, str] = {}
    for key, value in (("genre", ins.genre), ("mood", ins.mood), ("time", ins.time), ("weather", ins.weather)):
        if value:
            settings[key] = value
    body: list[str] = []
    palette = (season.palette if season and season.palette else None) or back.palette
    if palette:
        body.append(f"palette {palette}")
        decisions.append(Decision("palette", palette, (ins.season,) if season else (ins.place or "",)))
    if ins.style:
        look = kb.vocabulary.styles[ins.style]
        if look.style:
            body.append(f"style {look.style}")
        ops = list(look.grade) + ([f"lut({look.lut})"] if look.lut else [])
        if ops:
            body.append("grade " + " ".join(ops))
        decisions.append(Decision("style", look.style or look.lut or ins.style, (ins.style,)))
    body += _audio(ins, kb, back, decisions)

    subject_lines = _subject_lines(kb, ins, placed, slow, travels, looks)
    extra: list[str] = []
    if season and season.particles and not (ins.weather and ins.weather in ("rain", "snow", "storm")):
        extra.append(f"layer falling-{season.particles}: particles(kind: {season.particles}, count: 40, "
                     f"color: {_hex(season.foliage)}, size: 0.8%, speed: {0.3 if slow else 0.8})")
    title = _title(ins.prompt)
    travel = _pct(min(MAX_TRAVEL, max(MIN_TRAVEL, TRAVEL_PER_S * duration)))
    main_travel = next((travels[p.subject] for p in placed if p.layer == main), None)
    if main_travel is not None and any(m in FOLLOWING for m in camera) and "follow" in camera:
        camera.remove("follow")  # "tilts up to follow it": the tilt is the follow
    moves = []
    for m in camera:
        if "{target}" in CAMERA[m] and not main:
            continue
        amount = travel
        axis = FOLLOWING.get(m)
        if axis is not None and main_travel is not None and abs(main_travel[axis]) >= actions.MIN_TRAVEL \
                and (main_travel[axis] > 0) == (m in ("pan-right", "tilt-down", "truck-right")):
            # Following a traveller: the camera keeps up with most of its path, so it stays in view
            # and still reads as moving.
            amount = _pct(abs(main_travel[axis]) * FOLLOW_SHARE)
            decisions.append(Decision("camera", f"{m} {amount} with {main}", (m,), "the camera follows the traveller"))
        moves.append(CAMERA[m].format(travel=amount, target=main or ""))
    backdrop = back.lines + ((bd.RACK_DETAIL,) if rack else ())
    weather = lookup.weather(kb.registry, ins.weather) if rack and ins.weather else None
    if weather is not None and weather.particles is not None:
        p = weather.particles
        backdrop += (bd.far_weather(p.kind, int(p.count), float(p.speed)),)
    soft = _soft_copies(backdrop, round(duration * 0.25, 2), round(duration * 0.5, 2)) if rack else []
    kind = next((SHOT_TYPES[m] for m in ins.camera if m in SHOT_TYPES), "wide")
    focus = main if any(m.startswith(("zoom", "dolly")) for m in camera) or rack or kind != "wide" else None
    name = "main" if count == 1 else f"shot{index + 1}"
    text = _shot(name, kind, duration, title, backdrop + tuple(soft), subject_lines + extra, moves, focus)
    for move, statement in zip([m for m in camera if main or "{target}" not in CAMERA[m]], moves):
        decisions.append(Decision("camera-statement", statement, (move,)))
    if kind != "wide":
        decisions.append(Decision("framing", f"{kind} shot" + (f" on {focus}" if focus else ""),
                                  tuple(m for m in ins.camera if m in SHOT_TYPES)))
    if rack:
        decisions.append(Decision("camera-statement", "rack focus: the backdrop blurs as focus pulls to "
                                  + (main or "the foreground"), ("rack-focus",)))
    if slow:
        decisions.append(Decision("motion", f"every motion {SLOW:g}x slower", ("slow-motion",)))
    return _Shot(head, settings, body, text, decisions, placed)


def _main_layer(ins: Instruction, placed: tuple[Placed, ...], travels: list) -> str | None:
    """The layer a shot is about: the first that travels, else the first subject the sentence names
    (not one carried from before), else the first drawn."""
    for wanted in (lambda i: travels[i] is not None, lambda i: not ins.subjects[i].carried, lambda i: True):
        found = next((p.layer for p in placed if wanted(p.subject)), None)
        if found:
            return found
    return None


def _title(prompt: str, limit: int = 72) -> str:
    text = " ".join(prompt.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _shot(name: str, kind: str, duration_s: float, title: str, back: tuple[str, ...], subjects: list[str],
          camera: list[str], focus: str | None) -> str:
    head = f"shot {name} {kind} {duration_s:g}s" + (f" {_quote(title)}" if title else "") + " {"
    lines = list(back) + subjects + ([f"focus {focus}"] if focus else []) + camera
    return head + "\n" + "\n".join(lines) + "\n}"


def _audio(ins: Instruction, kb: Knowledge, back: bd.Backdrop, decisions: list[Decision]) -> list[str]:
    out = []
    ambient = back.ambient
    if ins.weather:
        ambient = lookup.weather(kb.registry, ins.weather).ambient or ambient
    if ambient and ambient in lookup.names(kb.registry, "ambient"):
        out.append(f'audio ambient "{ambient}" volume -20dB fade in 1s fade out 1s')
        decisions.append(Decision("audio", f"ambient {ambient}", (ins.weather or ins.place or "",)))
    if ins.mood and ins.mood in lookup.names(kb.registry, "music"):
        out.append(f"audio music {ins.mood} volume -22dB")
        decisions.append(Decision("audio", f"music {ins.mood}", (ins.mood,)))
    return out

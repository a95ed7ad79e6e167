"""Scene-level checks: settings, the order of shots and transitions, durations."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from scenec.knowledge.suggest import suggest
from scenec.lang import ast
from scenec.lang.check_audio import check_audio, check_audio_count
from scenec.lang.check_shot import check_grade
from scenec.lang.evaluate import Scope
from scenec.lang.limits import (MAX_FILM_S, MAX_FPS, MAX_FRAME_SIDE_PX, MAX_SHOTS, MIN_FPS,
                                MIN_FRAME_SIDE_PX, frame_size_problem)
from scenec.lang.signatures import ARCS, MOODS, STYLES, TIMES, WEATHERS
from scenec.lang.types import Kind, Type
from scenec.lang.values import Duration, Point

if TYPE_CHECKING:
    from scenec.lang.checker import FileChecker

NAME_SETTINGS = {"genre": ("genre", ()), "mood": ("mood", MOODS), "arc": ("arc", ARCS),
                 "time": ("time", TIMES), "weather": ("weather", WEATHERS), "style": ("style", STYLES)}
DEFAULT_FPS = 30


def known_words(fc: FileChecker, setting: str) -> tuple[str, ...]:
    kind, fallback = NAME_SETTINGS[setting]
    return fc.knowledge.names(kind) or fallback


def check_name_setting(fc: FileChecker, key: str, word: ast.Ident) -> bool:
    words = known_words(fc, key)
    if word.name in words:
        return True
    guess = suggest(word.name, words)
    fc.fail("E2003" if key != "genre" else "E3012", f"unknown {key} `{word.name}`", word.span,
            f"did you mean `{guess}`?" if guess else "", f"{key}s: {', '.join(words)}",
            label=f"not a known {key}")
    return False


def check_scene(fc: FileChecker, scene: ast.Scene) -> None:
    settings: dict[str, ast.Setting] = {}
    values: dict[str, object] = {}
    for stmt in scene.body:
        if not isinstance(stmt, ast.Setting):
            continue
        key = stmt.key.name
        if key in settings:
            fc.fail("E2009", f"`{key}` is set twice", stmt.key.span,
                    f"the first `{key}` is on line {settings[key].span.line}", label="set again here")
            continue
        settings[key] = stmt
        values[key] = _setting_value(fc, key, stmt)

    # An fps out of range is reported; the rest of the scene is checked at the default rate, so
    # no frame count is ever divided by zero (or by a negative rate).
    fps = values.get("fps")
    fps = fps if isinstance(fps, int) and MIN_FPS <= fps <= MAX_FPS else DEFAULT_FPS
    palette = None
    palette_name = None
    if isinstance(settings.get("palette"), ast.Setting):
        palette_name = settings["palette"].value.name
        palette = values.get("palette")
    scope = Scope(lets=fc.defs.lets, palette=palette if palette is not None else ({} if palette_name else None),
                  palette_name=palette_name, enum_words=fc.knowledge.names)
    unparsed = any(isinstance(s, ast.ErrorStatement) for s in scene.body)
    if palette_name and palette is None or not palette_name and unparsed:
        # An unknown palette is already reported, and a statement that did not parse may be
        # the `palette` setting: palette references are not reported again.
        scope = Scope(lets=fc.defs.lets, palette=None, palette_name=palette_name, in_template=True,
                      enum_words=fc.knowledge.names)
    if "background" in settings:
        fc.evaluator(scope).value(settings["background"].value, Type(Kind.COLOR))

    shots = [s for s in scene.body if isinstance(s, ast.Shot)]
    if len(shots) > MAX_SHOTS:
        fc.fail("E2018", f"the scene has {len(shots)} shots, more than the {MAX_SHOTS} a film may have",
                shots[MAX_SHOTS].span.head(len("shot")), "split the film into several scenes",
                label="one shot too many")
        shots = shots[:MAX_SHOTS]
    if not shots and not unparsed:
        fc.fail("E4008", "the scene has no shots, so there is nothing to render", scene.span.head(5),
                "add a shot: `shot { layer bg: gradient(from: navy, to: black) }`")
    genre = settings["genre"].value.name if "genre" in settings and values.get("genre") else "neutral"
    total = values.get("duration")
    total_s = total.seconds(fps) if isinstance(total, Duration) else None
    durations = shot_durations(shots, fps, total_s, fc.knowledge.shot_length_s(genre))
    if not unparsed:  # a shot that did not parse has a duration nobody knows
        _check_sum(fc, shots, fps, total_s, settings.get("duration"))
    if shots and sum(durations) > MAX_FILM_S:
        fc.fail("E2018", f"the film lasts {sum(durations):g}s, longer than the {MAX_FILM_S}s a film may last",
                scene.span.head(len("scene")), "make it several films", label="film too long")

    names: dict[str, ast.Shot] = {}
    for shot in shots:
        if shot.name is not None:
            if shot.name.name in names:
                fc.fail("E3002", f"shot `{shot.name.name}` is defined twice", shot.name.span,
                        f"the first is on line {names[shot.name.name].span.line}; shot names are unique in a scene")
            else:
                names[shot.name.name] = shot
    _check_transitions(fc, scene, shots, durations, fps, scope)
    check_audio_count(fc, scene.body, "the scene")
    for stmt in scene.body:
        if isinstance(stmt, ast.Grade):
            check_grade(fc, stmt, scope)
        elif isinstance(stmt, ast.Audio):
            check_audio(fc, stmt, scope, None, fps)
    for shot, seconds in zip(shots, durations):
        fc.check_shot(shot, seconds, fps, scope)


def _setting_value(fc: FileChecker, key: str, stmt: ast.Setting):
    ev = fc.evaluator()
    if key == "size":
        vec = stmt.value
        for side in (vec.x, vec.y):
            if not MIN_FRAME_SIDE_PX <= side.value <= MAX_FRAME_SIDE_PX or int(side.value) % 2:
                fc.fail("E2002", frame_size_problem(int(vec.x.value), int(vec.y.value)) or "invalid frame size",
                        stmt.value.span, "video encoders need even sizes: try "
                        f"{max(MIN_FRAME_SIDE_PX, min(MAX_FRAME_SIDE_PX, int(side.value) // 2 * 2))}",
                        label="invalid size")
                return None
        problem = frame_size_problem(int(vec.x.value), int(vec.y.value))
        if problem is not None:
            fc.fail("E2002", problem, stmt.value.span, label="frame too large")
            return None
        return Point(vec.x, vec.y)
    if key == "fps":
        from scenec.lang.signatures import P
        return ev.value(stmt.value, Type(Kind.INT), P("fps", "int", None, MIN_FPS, MAX_FPS))
    if key == "duration":
        return ev.value(stmt.value, Type(Kind.DURATION))
    if key == "seed":
        return ev.value(stmt.value, Type(Kind.INT))
    if key == "background":
        return True  # checked once the palette is known
    if key == "palette":
        return fc.palette(stmt.value.name, stmt.value.span)
    return check_name_setting(fc, key, stmt.value)


def shot_durations(shots: list[ast.Shot], fps: int, total_s: float | None, genre_shot_s: float) -> list[float]:
    """Each shot's length in seconds: its own, else a share of what `duration` leaves, else the genre's."""
    known = [_literal_seconds(s.duration, fps) for s in shots]
    missing = [i for i, k in enumerate(known) if k is None]
    if missing:
        if total_s is not None:
            rest = total_s - sum(k for k in known if k is not None)
            share = rest / len(missing) if rest > 0 else genre_shot_s
        else:
            share = genre_shot_s
        for i in missing:
            known[i] = share
    return [k for k in known]  # type: ignore[misc]


def _literal_seconds(q: ast.Quantity | None, fps: int) -> float | None:
    if q is None or q.unit not in (ast.Unit.S, ast.Unit.MS, ast.Unit.F) or q.value <= 0:
        return None
    return q.to_seconds(fps)


def _check_sum(fc: FileChecker, shots, fps, total_s, setting) -> None:
    for shot in shots:
        if shot.duration is not None:
            fc.evaluator().value(shot.duration, Type(Kind.DURATION))
    if total_s is None or not shots:
        return
    own = [_literal_seconds(s.duration, fps) for s in shots]
    if all(o is not None for o in own):
        total = sum(own)
        if abs(total - total_s) > 0.5 / fps:
            fc.fail("E4006", f"the shots last {total:g}s but the scene's duration is {total_s:g}s",
                    setting.span, "remove `duration`, or leave one shot without a duration to take the rest")
    elif sum(o for o in own if o is not None) >= total_s:
        fc.fail("E4006", f"the shots with a duration already fill the scene's {total_s:g}s, leaving nothing "
                "for the others", setting.span)


def _check_transitions(fc: FileChecker, scene, shots, durations, fps, scope) -> None:
    films = [s for s in scene.body if isinstance(s, ast.Shot | ast.Transition | ast.ErrorStatement)]
    seconds = {id(shot): d for shot, d in zip(shots, durations)}
    for index, stmt in enumerate(films):
        if not isinstance(stmt, ast.Transition):
            continue
        before = films[index - 1] if index > 0 else None
        after = films[index + 1] if index + 1 < len(films) else None
        if isinstance(before, ast.ErrorStatement) or isinstance(after, ast.ErrorStatement):
            continue  # a neighbour did not parse; its syntax error is reported
        if not isinstance(before, ast.Shot) or not isinstance(after, ast.Shot):
            where = "first" if before is None else "last" if after is None else "right after another transition"
            fc.fail("E4005", f"a transition stands between two shots; this one is {where}",
                    stmt.span.head(len("transition")), label="no shot on one side")
            continue
        if stmt.duration is None:
            continue
        value = fc.evaluator(scope).value(stmt.duration, Type(Kind.DURATION))
        if stmt.via is not None:
            fc.evaluator(scope).value(stmt.via, Type(Kind.COLOR))
        if not isinstance(value, Duration):
            continue
        length = value.seconds(fps)
        # a shot past MAX_SHOTS has no duration here (its excess is reported): nothing to compare
        shortest = min(seconds.get(id(before), math.inf), seconds.get(id(after), math.inf))
        if length > shortest + 1e-9:
            fc.fail("E4004", f"the transition lasts {length:g}s, longer than the {shortest:g}s shot beside it",
                    stmt.duration.span, f"shorten it to at most {shortest:g}s")

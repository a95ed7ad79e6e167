"""Actions: how far and which way a subject travels through the frame over its shot.

Reads a subject's motion word (the vocabulary's `motions`: the doer's wiggle, its natural drift and
where it is) and the direction the prompt gave ("from left to right", "across", "into the sky").
Produces its travel as fractions of the frame (x, y; y downwards) for a `motion drift(by: …)`, and
moves a traveller's start so the whole path stays in the frame. A motion with no drift and no
direction (spin, bounce, sway) stays in place; a thing that walks on the ground never travels
up or down the picture ("walks down the street").
"""

from __future__ import annotations

import math
from dataclasses import replace

from scenec.knowledge.vocabulary import Vocabulary

from .model import Box, Placed, Subject

TRAVEL_X = 0.46  # a traveller crosses this share of the frame's width over its shot
TRAVEL_Y = 0.40
MIN_DRIFT = 0.05  # a vocabulary drift below this (a fraction) is a nudge, kept as it is
EDGE = 0.03
MIN_TRAVEL = 0.2  # a travel this long or longer has its start moved back along its path


def travel(vocab: Vocabulary, subject: Subject, camera_named: bool = False) -> tuple[float, float] | None:
    """The subject's travel (dx, dy) over its shot, or None when it stays where it is. When the prompt
    names what the camera does and no direction for the subject, the camera is what the shot is
    about: the subject keeps the verb's own small drift, so that its travel does not read as a
    camera move."""
    motion = vocab.motions.get(subject.motion) if subject.motion else None
    if motion is None:
        return None
    drift = tuple(d / 100 for d in motion.drift) if motion.drift else None
    if camera_named and subject.direction is None:
        return drift
    if subject.direction is not None:
        sx, sy = subject.direction
    elif drift is not None and math.hypot(*drift) >= MIN_DRIFT:
        sx, sy = (math.copysign(1, d) if abs(d) >= MIN_DRIFT else 0.0 for d in drift)
    else:
        return drift
    if motion.place == "ground":
        sy = 0.0
    if sx == 0 and sy == 0:
        return None
    return (round(sx * TRAVEL_X, 4), round(sy * TRAVEL_Y, 4))


def start_positions(placed: tuple[Placed, ...], travels: list[tuple[float, float] | None]) -> tuple[Placed, ...]:
    """Each traveller's boxes (all its instances together) moved back along its path, so that it
    starts and ends inside the frame."""
    shift: dict[int, tuple[float, float]] = {}
    for subject in {p.subject for p in placed}:
        t = travels[subject] if subject < len(travels) else None
        if t is None:
            continue
        boxes = [p.box for p in placed if p.subject == subject]
        left, right = min(b.left for b in boxes), max(b.right for b in boxes)
        top, bottom = min(b.top for b in boxes), max(b.bottom for b in boxes)
        w, h, x, y = right - left, bottom - top, (left + right) / 2, (top + bottom) / 2
        nx, ny = x, y
        if abs(t[0]) < MIN_TRAVEL and abs(t[1]) < MIN_TRAVEL:
            continue  # a small drift: it stays where the layout put it
        if abs(t[0]) >= MIN_TRAVEL:
            lo, hi = w / 2 + EDGE, 1 - w / 2 - EDGE
            nx = min(max(0.5 - t[0] / 2, lo), hi) if hi > lo else 0.5
        if t[1] <= -MIN_TRAVEL:  # rising: from where it stands, or low enough to rise its whole path
            ny = max(y, min(1 - h / 2 - EDGE, 0.5 - t[1] / 2))
        elif t[1] >= MIN_TRAVEL:
            ny = max(h / 2 + EDGE, min(y, 0.5 - t[1] / 2))
        shift[subject] = (nx - x, ny - y)
    out = []
    for p in placed:
        dx, dy = shift.get(p.subject, (0.0, 0.0))
        b = p.box
        out.append(replace(p, box=Box(round(b.x + dx, 4), round(b.y + dy, 4), b.w, b.h)) if (dx or dy) else p)
    return tuple(out)

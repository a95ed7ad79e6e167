"""Lay out the subjects on the frame: boxes that respect relations and counts, never hiding a subject.

A small constraint solver on boxes. Vertical relations (`above`, `on`, `below`, `under`) put two
subjects in one column, stacked; horizontal ones (`left-of`, `right-of`, `next-to`, `between`,
`behind`, `in-front-of`) order the columns. Columns are ordered by a topological sort (ties keep
the prompt's order; an edge that would close a cycle is dropped and reported), spread across the
frame without overlap, and everything is scaled down together until it fits. A lone subject sits
on a third of the frame. Counts are laid out in rows with spacing. Boxes are fractions of the frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .model import Box, Decision, Instruction, Placed

MARGIN_X = 0.05
TOP = 0.05
BOTTOM = 0.97
GAP = 0.04  # between columns, and between stacked groups ("above")
TARGET_HEIGHT = 0.42  # a subject's larger side, in frame heights, before size adjectives
SIZE_CLASS = {"tiny": 0.55, "small": 0.75, "medium": 1.0, "large": 1.15, "huge": 1.3}
ASPECT = 16 / 9
HORIZONTAL = {"left-of", "right-of", "next-to", "between", "behind", "in-front-of"}
VERTICAL = {"above", "on", "below", "under"}
SKY_Y = 0.27
WALL_LIFT = 0.3  # how far above the ground line the bottom of a thing hung on a wall is
SCENERY_WIDTH = 0.6
# Rows of many things on the ground recede: each row farther back stands this much higher (frame
# heights) and is drawn this much smaller, so a crowd reads as depth, not as things stacked in the sky.
ROW_DEPTH = 0.07
ROW_SCALE = 0.8
ROW_WORDS = ("a row of", "a line of", "row", "line")
# A building in a shot with smaller things stands at the back line (this far below the ground line),
# BACKDROP_HEIGHT of the frame tall (a large one).
BACKDROP_HEIGHT = 0.5
BACKDROP_LINE = 0.03


@dataclass(frozen=True, slots=True)
class Ground:
    """Where things stand: the ground line, water line and table top as fractions of the height."""

    ground: float = 0.70
    water: float | None = None
    table: float | None = None


@dataclass(frozen=True, slots=True)
class Shape:
    """What layout needs to know of a subject: its usual box (fractions) and where it stands."""

    w: float
    h: float
    placement: str = "ground"
    size_class: str = "medium"
    size_m: float | None = None  # its natural size (the registry's), for sizes relative to the others
    building: bool = False  # a house, a shop, a barn: stands at the back among smaller things


# Things of one shot keep their natural sizes relative to the largest: things of a scale (within
# SAME_SCALE of it) keep their size class, smaller ones shrink by the square root of how much smaller
# they are past that (a dog beside a car is smaller, yet still reads), never below MIN_RELATIVE.
SAME_SCALE = 0.5
MIN_RELATIVE = 0.65


def _relative(shapes: list[Shape], scenery: list[int]) -> list[float]:
    sizes = [s.size_m for i, s in enumerate(shapes) if s.size_m and i not in scenery]
    if len(sizes) < 2:
        return [1.0] * len(shapes)
    largest = max(sizes)
    return [max(MIN_RELATIVE, min(1.0, math.sqrt(s.size_m / largest / SAME_SCALE))) if s.size_m and i not in scenery
            else 1.0
            for i, s in enumerate(shapes)]


def _unit_box(shape: Shape, size: float) -> tuple[float, float]:
    """Box scaled so its larger side (in frame heights) is the target; wide scenery keeps its width."""
    w, h = shape.w, shape.h
    if w >= SCENERY_WIDTH:
        return min(w, 1.0), h
    larger = max(w * ASPECT, h)
    scale = TARGET_HEIGHT * SIZE_CLASS.get(shape.size_class, 1.0) * size / larger
    return w * scale, h * scale


def _grid(count: int, one_row: bool = False) -> tuple[int, int]:
    cols = count if count <= 4 or one_row else math.ceil(math.sqrt(count * 2))
    return cols, math.ceil(count / cols)


def _recedes(shape: Shape, grid: tuple[int, int]) -> bool:
    return grid[1] > 1 and shape.placement not in ("sky", "wall")


def _toposort(nodes: list[int], edges: list[tuple[int, int]], dropped: list[tuple[int, int]]) -> list[int]:
    """Nodes ordered so every kept edge (a, b) has a before b; prompt order breaks ties."""
    kept: list[tuple[int, int]] = []
    for a, b in edges:
        if a == b:
            continue
        trial = kept + [(a, b)]
        if _acyclic(nodes, trial):
            kept = trial
        else:
            dropped.append((a, b))
    order: list[int] = []
    remaining = list(nodes)
    while remaining:
        ready = [n for n in remaining if not any(b == n and a in remaining for a, b in kept)]
        order.append(ready[0])
        remaining.remove(ready[0])
    return order


def _acyclic(nodes: list[int], edges: list[tuple[int, int]]) -> bool:
    remaining = set(nodes)
    while remaining:
        ready = [n for n in remaining if not any(b == n and a in remaining for a, b in edges)]
        if not ready:
            return False
        remaining -= set(ready)
    return True


def layout(ins: Instruction, shapes: list[Shape], names: list[list[str]], ground: Ground,
           seed: int = 0) -> tuple[tuple[Placed, ...], tuple[Decision, ...]]:
    """A box for every instance of every subject. `names[i]` are the layer names of subject i's
    instances (one per count)."""
    n = len(ins.subjects)
    if n == 0:
        return (), ()
    decisions: list[Decision] = []
    # Wide scenery (mountains, a skyline, a river) spans the frame behind everything else.
    scenery = [i for i in range(n) if shapes[i].w >= SCENERY_WIDTH]
    placed_scenery = [Placed(names[i][0], i, Box(0.5, round(ground.ground + 0.02 - min(shapes[i].h, 0.5) / 2, 4),
                                                  round(min(shapes[i].w, 1.0), 4), round(min(shapes[i].h, 0.5), 4)))
                      for i in scenery]
    for rel in ins.relations:
        if rel.subject in scenery or any(o in scenery for o in rel.others):
            decisions.append(Decision("layout", "scenery spans the frame", rel.words,
                                      "a relation to wide scenery is kept by drawing it behind everything"))
    backdrop = _backdrop(ins, shapes, scenery)
    placed_scenery += _backdrop_boxes(backdrop, ins, shapes, names, ground, seed)
    for i in backdrop:
        decisions.append(Decision("layout", f"{ins.subjects[i].word} stands at the back", ins.subjects[i].words,
                                  "a building among smaller things is drawn behind them, at its own scale"))
    scenery = scenery + backdrop
    column_of = list(range(n))

    def find(i: int) -> int:
        while column_of[i] != i:
            i = column_of[i]
        return i

    vertical: list[tuple[int, int, str]] = []  # (upper, lower, kind)
    horizontal: list[tuple[int, int]] = []
    behind: set[int] = set()
    for rel in ins.relations:
        a, others = rel.subject, rel.others
        if a in scenery or any(o in scenery for o in others):
            continue
        if rel.kind in VERTICAL:
            upper, lower = (a, others[0]) if rel.kind in ("above", "on") else (others[0], a)
            if find(upper) != find(lower):
                column_of[find(upper)] = find(lower)
                vertical.append((upper, lower, rel.kind))
            else:
                decisions.append(Decision("layout", f"kept {ins.subjects[a].word} where it was", rel.words,
                                          "conflicts with another vertical relation"))
        elif rel.kind == "left-of":
            horizontal.append((a, others[0]))
        elif rel.kind == "right-of":
            horizontal.append((others[0], a))
        elif rel.kind == "between":
            horizontal += [(others[0], a), (a, others[1])]
        else:  # next-to, behind, in-front-of: side by side, the one behind a little higher and farther
            horizontal.append((others[0], a) if rel.kind == "behind" else (a, others[0]))
            if rel.kind == "behind":
                behind.add(a)
            elif rel.kind == "in-front-of":
                behind.add(others[0])

    roots = list(dict.fromkeys(find(i) for i in range(n) if i not in scenery))
    if not roots:
        return tuple(placed_scenery), tuple(decisions)
    dropped: list[tuple[int, int]] = []
    col_edges = [(find(a), find(b)) for a, b in horizontal if find(a) != find(b)]
    columns = _toposort(roots, col_edges, dropped)
    for a, b in dropped:
        decisions.append(Decision("layout", "dropped a left/right order", (ins.subjects[a].word, ins.subjects[b].word),
                                  "it contradicts the other relations"))

    # Group boxes (a subject with its count laid out in a grid), before scaling to fit.
    relative = _relative(shapes, scenery)
    unit = [_unit_box(shapes[i], ins.subjects[i].size * relative[i] * (0.85 if i in behind else 1.0))
            for i in range(n)]
    one_row = any(word in ROW_WORDS for word, _ in ins.tags)
    grids = [_grid(s.count, one_row) for s in ins.subjects]
    group = [(c * unit[i][0] * 1.2 - unit[i][0] * 0.2,
              unit[i][1] + (r - 1) * ROW_DEPTH if _recedes(shapes[i], (c, r)) else r * unit[i][1] * 1.1 - unit[i][1] * 0.1)
             for i, (c, r) in enumerate(grids)]

    members: dict[int, list[int]] = {c: [] for c in columns}
    for i in range(n):
        if i not in scenery:
            members[find(i)].append(i)
    stacks: dict[int, list[int]] = {}
    for col in columns:
        edges = [(u, l) for u, l, _ in vertical if find(u) == col]
        stacks[col] = _toposort(members[col], edges, [])  # top to bottom
    col_w = {c: max(group[i][0] for i in stacks[c]) for c in columns}
    col_h = {c: sum(group[i][1] for i in stacks[c]) + GAP * (len(stacks[c]) - 1) for c in columns}

    base = {c: _base(stacks[c][-1], ins, shapes, ground) for c in columns}
    avail_w = 1 - 2 * MARGIN_X - GAP * (len(columns) - 1)
    scale = min(1.0, avail_w / sum(col_w.values()))
    for c in columns:
        bottom, _ = base[c]
        scale = min(scale, (bottom - TOP) / col_h[c])

    placed: list[Placed] = list(placed_scenery)
    total = sum(col_w[c] * scale for c in columns) + GAP * (len(columns) - 1)
    single = len(columns) == 1 and len(stacks[columns[0]]) == 1 and ins.subjects[stacks[columns[0]][0]].count == 1
    x = 0.5 - total / 2
    # Two columns that fit stand on the thirds, not huddled in the middle.
    thirds = len(columns) == 2 and all(col_w[c] * scale / 2 + GAP / 2 <= 1 / 6 + MARGIN_X for c in columns)
    for k, c in enumerate(columns):
        width = col_w[c] * scale
        cx = x + width / 2
        if single:
            cx = (1 / 3, 2 / 3)[seed % 2]  # the rule of thirds for a lone subject
        elif thirds:
            cx = (1 / 3, 2 / 3)[k]
        bottom, sky = base[c]
        if sky and len(stacks[c]) == 1:
            bottom = min(bottom, SKY_Y + group[stacks[c][0]][1] * scale / 2)
        y = bottom
        for i in reversed(stacks[c]):
            gh = group[i][1] * scale
            lift = 0.06 if i in behind else 0.0
            if _recedes(shapes[i], grids[i]):
                placed += _rows_back(i, names[i], cx, y - lift, unit[i][0] * scale, unit[i][1] * scale, grids[i])
            else:
                placed += _grid_boxes(i, names[i], cx, y - gh / 2 - lift, unit[i][0] * scale, unit[i][1] * scale,
                                      grids[i])
            kind = next((k for u, l, k in vertical if l == i), "above")
            y -= gh + (0.0 if kind in ("on",) else GAP)
        x += width + GAP
    return tuple(placed), tuple(decisions)


def _backdrop(ins: Instruction, shapes: list[Shape], scenery: list[int]) -> list[int]:
    """Buildings (a shop, a house, a barn) in a shot with much smaller things and no relation to them:
    they stand at the back at their own scale, the smaller things in front, instead of a shop the
    size of a cyclist on the same line."""
    related = {k for rel in ins.relations for k in (rel.subject, *rel.others)}
    rest = [i for i in range(len(shapes)) if i not in scenery]
    if not any(not shapes[i].building for i in rest):
        return []
    return [i for i in rest if shapes[i].building and shapes[i].placement == "ground" and i not in related]


def _backdrop_boxes(backdrop: list[int], ins: Instruction, shapes: list[Shape], names: list[list[str]],
                    ground: Ground, seed: int) -> list[Placed]:
    """Boxes for the back row: on the back line, side by side; a lone one on the third the front
    subject does not take."""
    items = [(i, name) for i in backdrop for name in names[i]]
    if not items:
        return []
    sizes = {i: BACKDROP_HEIGHT * SIZE_CLASS.get(shapes[i].size_class, 1.0) / SIZE_CLASS["large"]
             * ins.subjects[i].size for i in backdrop}
    widths = [sizes[i] * shapes[i].w / shapes[i].h for i, _ in items]
    fit = min(1.0, (1 - 2 * MARGIN_X) / (sum(widths) + GAP * (len(items) - 1)))
    bottom = ground.ground + BACKDROP_LINE
    if len(items) == 1:
        centers = [(2 / 3, 1 / 3)[seed % 2]]
    else:
        step = (1 - 2 * MARGIN_X) / len(items)
        centers = [MARGIN_X + step * (k + 0.5) for k in range(len(items))]
    out = []
    for (i, name), w, cx in zip(items, widths, centers):
        h = sizes[i] * fit
        out.append(Placed(name, i, Box(round(cx, 4), round(bottom - h / 2, 4), round(w * fit, 4), round(h, 4))))
    return out


def _base(i: int, ins: Instruction, shapes: list[Shape], ground: Ground) -> tuple[float, bool]:
    """The bottom line of the lowest group of a column, and whether it floats in the sky."""
    placement = shapes[i].placement
    if placement == "sky":
        return ground.ground, True
    if placement == "water" and ground.water is not None:
        return min(BOTTOM, ground.water + 0.18), False
    if placement == "table" and ground.table is not None:
        return ground.table + 0.01, False
    if placement == "wall":  # a painting, a clock, a poster: hung above the furniture, not stood on the floor
        return ground.ground - WALL_LIFT, False
    return min(BOTTOM, ground.ground + 0.12), False


def _rows_back(subject: int, names: list[str], cx: float, bottom: float, w: float, h: float,
               grid: tuple[int, int]) -> list[Placed]:
    """Rows on the ground, the first farthest back: higher and smaller, so they are drawn first and the
    nearer rows overlap them."""
    cols, rows = grid
    out = []
    for k, name in enumerate(names):
        row, col = divmod(k, cols)
        depth = rows - 1 - row  # 0 for the front row
        f = ROW_SCALE ** depth
        in_row = min(cols, len(names) - row * cols)
        x = cx + (col - (in_row - 1) / 2 + (0.5 if depth % 2 else 0.0)) * w * 1.2 * f
        b = bottom - depth * ROW_DEPTH
        out.append(Placed(name, subject, Box(round(x, 4), round(b - h * f / 2, 4), round(w * f, 4), round(h * f, 4))))
    return out


def _grid_boxes(subject: int, names: list[str], cx: float, cy: float, w: float, h: float,
                grid: tuple[int, int]) -> list[Placed]:
    cols, rows = grid
    step_x, step_y = w * 1.2, h * 1.1
    out = []
    for k, name in enumerate(names):
        row, col = divmod(k, cols)
        in_row = min(cols, len(names) - row * cols)
        x = cx + (col - (in_row - 1) / 2) * step_x
        y = cy + (row - (rows - 1) / 2) * step_y
        out.append(Placed(name, subject, Box(round(x, 4), round(y, 4), round(w, 4), round(h, 4))))
    return out

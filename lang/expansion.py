"""How far templates expand, counted before any expansion is done.

Reads the templates visible to a file (its own, imported and built-in) and
the layers that use them; produces, per template, the number of drawn
layers one use of it becomes, how deeply it nests templates, and which
uses close a cycle (`template a { layer x: b() }`, `template b { layer y:
a() }`). Everything is computed without recursion on the user's nesting
(an explicit stack), so neither a deep nor a cyclic nor an exponentially
wide template graph can exhaust the stack, the memory or the clock: counts
are plain integers, computed once per template, whatever they add up to.
The checker turns what this finds into diagnostics (E3013 for a cycle,
E2018 past `MAX_TEMPLATE_DEPTH` or the layer counts in `limits.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from scenec.lang import ast
from scenec.lang.limits import MAX_PARTICLES
from scenec.lang.signatures import PRIMITIVES


@dataclass(frozen=True, slots=True)
class Size:
    """What one use of a template expands to."""

    layers: int  # drawn layers (primitives), members of nested templates included
    depth: int  # templates inside one another, this one counted: 1 for a template of primitives
    particles: int = 0  # at most this many particles (a count set by a parameter counts as the cap)


class Expansion:
    """Sizes and cycles of the templates in `templates`, explored lazily from the ones asked about."""

    def __init__(self, templates: Mapping[str, ast.Template]) -> None:
        self.templates = templates
        self._sizes: dict[str, Size] = {}
        # (template, index of its layer) -> the cycle that layer closes, as template names
        self.cycles: dict[tuple[str, int], tuple[str, ...]] = {}

    def _children(self, name: str) -> list[tuple[int, str]]:
        template = self.templates[name]
        return [(i, sub.primitive.name) for i, sub in enumerate(template.layers)
                if isinstance(sub, ast.Layer) and sub.primitive.name not in PRIMITIVES
                and sub.primitive.name in self.templates]

    def size(self, name: str) -> Size:
        """The size of template `name` (which must be in `templates`); a layer that closes a
        cycle counts as nothing, since the cycle is reported as an error of its own."""
        if name in self._sizes:
            return self._sizes[name]
        on_stack: dict[str, int] = {}  # name -> its index in `stack`
        stack: list[tuple[str, list[tuple[int, str]], int]] = []  # (name, children, next child)

        def push(n: str) -> None:
            on_stack[n] = len(stack)
            stack.append((n, self._children(n), 0))

        push(name)
        while stack:
            current, children, at = stack[-1]
            if at < len(children):
                stack[-1] = (current, children, at + 1)
                index, child = children[at]
                if child in self._sizes:
                    continue
                if child in on_stack:
                    path = tuple(n for n, _, _ in stack[on_stack[child]:]) + (child,)
                    self.cycles[(current, index)] = path
                    continue
                push(child)
                continue
            stack.pop()
            del on_stack[current]
            closing = {i for (t, i) in self.cycles if t == current}
            layers, depth, particles = 0, 1, 0
            template = self.templates[current]
            by_index = dict(children)
            for i, sub in enumerate(template.layers):
                if not isinstance(sub, ast.Layer) or i in closing:
                    continue
                child = by_index.get(i)
                if child is None:
                    layers += 1
                    particles += particle_bound(sub)
                elif child in self._sizes:
                    layers += self._sizes[child].layers
                    depth = max(depth, self._sizes[child].depth + 1)
                    particles += self._sizes[child].particles
            self._sizes[current] = Size(layers, depth, particles)
        return self._sizes[name]

    def layer_size(self, layer: ast.Layer) -> Size:
        """What one layer statement expands to: 1 drawn layer for a primitive (or an unknown name)."""
        name = layer.primitive.name
        if name in PRIMITIVES or name not in self.templates:
            return Size(1, 0, particle_bound(layer))
        return self.size(name)

    def cycle_at(self, template: str, index: int) -> tuple[str, ...] | None:
        """The cycle that layer `index` of `template` closes, once `size(template)` was asked."""
        self.size(template)
        found = self.cycles.get((template, index))
        if found is not None:
            loop = list(found[:-1])  # told from `template`: `b → a → b`, not `a → b → a`
            start = loop.index(template) if template in loop else 0
            return (*loop[start:], *loop[:start], loop[start])
        # The cycle may have been found from another entry point: it closes here if this
        # layer's template leads back to `template`. Every template on a cycle lies on the
        # path of some cycle the search found, so others need no search.
        if not any(template in path for path in self.cycles.values()):
            return None
        sub = self.templates[template].layers[index]
        if not isinstance(sub, ast.Layer) or sub.primitive.name not in self.templates:
            return None
        path = self._path(sub.primitive.name, template)
        return None if path is None else (template, *path)

    def _path(self, start: str, goal: str) -> tuple[str, ...] | None:
        """Template names from `start` to `goal` through uses, breadth first; None if none."""
        parent: dict[str, str | None] = {start: None}
        queue = [start]
        for current in queue:
            if current == goal:
                path = [current]
                while parent[path[-1]] is not None:
                    path.append(parent[path[-1]])
                return tuple(reversed(path))
            for _, child in self._children(current):
                if child not in parent:
                    parent[child] = current
                    queue.append(child)
        return None


_COUNT_AT = next(i for i, spec in enumerate(PRIMITIVES["particles"]) if spec.name == "count")


def particle_bound(layer: ast.Layer) -> int:
    """At most how many particles a `particles` layer draws (0 for another primitive): its count
    when written as a number, the default when left out, and the cap when a parameter or a let
    sets it (the checker reports a count past the cap where it is written)."""
    if layer.primitive.name != "particles":
        return 0
    for index, arg in enumerate(layer.args):
        if (arg.name.name == "count") if arg.name is not None else index == _COUNT_AT:
            value = arg.value
            if isinstance(value, ast.Quantity) and value.is_int and 0 < value.value <= MAX_PARTICLES:
                return int(value.value)
            return MAX_PARTICLES
    default = PRIMITIVES["particles"][_COUNT_AT].default
    return int(default) if default and default.isdigit() else MAX_PARTICLES

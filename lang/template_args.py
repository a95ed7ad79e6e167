"""A template argument against the ranges inside the template.

A template's parameter is checked against its type only, but the value given may reach a
primitive's parameter with a range inside the template (`count: int` handed on to
`particles(count: …)`). Reads a template instance's layer, its evaluated arguments and the scope
it is used in; produces an E2002 diagnostic at the argument for each value a primitive inside
would refuse, so what checks clean also draws. One level: a value handed through a nested
template is not followed.
"""

from __future__ import annotations

from scenec.lang import ast
from scenec.lang.diagnostics import Diagnostic, error
from scenec.lang.evaluate import Evaluator, Scope
from scenec.lang.signatures import PRIMITIVES
from scenec.lang.values import Deferred, Resolved


def ranges_inside(template: ast.Template, layer: ast.Layer, values: dict, scope: Scope) -> list[Diagnostic]:
    """E2002 for each argument of `layer` (an instance of `template`) that a primitive inside refuses."""
    bindings = {name: value for name, value in values.items()
                if value is not None and not isinstance(value, Deferred | Resolved)}
    if not bindings:
        return []
    given = {a.name.name: a for a in layer.args if a.name is not None}
    positional = [a for a in layer.args if a.name is None]
    for index, param in enumerate(template.params):
        if index < len(positional):
            given.setdefault(param.name.name, positional[index])
    inner = Scope(lets=scope.lets, palette=scope.palette, palette_name=scope.palette_name, bindings=bindings,
                  enum_words=scope.enum_words)
    out: list[Diagnostic] = []
    for sub in template.layers:
        specs = PRIMITIVES.get(sub.primitive.name) if isinstance(sub, ast.Layer) else None
        if specs is None:
            continue
        for position, arg in enumerate(sub.args):
            spec = next((s for s in specs if s.name == arg.name.name), None) if arg.name is not None \
                else (specs[position] if position < len(specs) else None)
            name = arg.value.name if isinstance(arg.value, ast.NameValue) else None
            if spec is None or name not in bindings or name not in given:
                continue
            found: list[Diagnostic] = []
            Evaluator(inner, found).value(arg.value, spec.type, spec)
            problem = next((d for d in found if d.code == "E2002"), None)
            if problem is not None:
                bounds = problem.label.removeprefix("out of range: ") if problem.label else "in range"
                out.append(error("E2002", f"`{name}` is handed on to `{sub.primitive.name}({spec.name}: …)` inside "
                                 f"`{template.name.name}`, which must be {bounds}", given[name].value.span,
                                 label=f"out of range: {bounds}"))
    return out

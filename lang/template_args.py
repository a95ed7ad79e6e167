"""A template argument against the ranges inside the template.

A template's parameter is checked against its type only, but the value given may reach a
primitive's parameter with a range inside the template (`count: int` handed on to
`particles(count: …)`), directly or through templates the template uses. Reads a template
instance's layer, its evaluated arguments, the scope it is used in and the templates visible
there; produces an E2002 diagnostic at the argument for each value a primitive inside would
refuse, so what checks clean also draws. Nesting is followed as deep as the templates go (a
cycle is E3013 elsewhere, and is not followed twice here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from scenec.lang import ast
from scenec.lang.diagnostics import Diagnostic, error
from scenec.lang.evaluate import Evaluator, Scope
from scenec.lang.signatures import PRIMITIVES
from scenec.lang.values import Deferred, Resolved


@dataclass(frozen=True, slots=True)
class _Given:
    """Where a value bound inside a template came from: the outer argument's name and span."""

    name: str
    arg: ast.Arg


def ranges_inside(template: ast.Template, layer: ast.Layer, values: dict, scope: Scope,
                  templates: Mapping[str, ast.Template]) -> list[Diagnostic]:
    """E2002 for each argument of `layer` (an instance of `template`) that a primitive inside refuses."""
    bindings = {name: value for name, value in values.items()
                if value is not None and not isinstance(value, Deferred | Resolved)}
    given = _by_parameter(template, layer.args)
    origins = {name: _Given(name, given[name]) for name in bindings if name in given}
    if not origins:
        return []
    out: list[Diagnostic] = []
    _walk(template, bindings, origins, scope, templates, (template.name.name,), out)
    return out


def _by_parameter(template: ast.Template, args: tuple[ast.Arg, ...]) -> dict[str, ast.Arg]:
    """The arguments of one use of `template`, by the parameter each binds."""
    named = {a.name.name: a for a in args if a.name is not None}
    positional = [a for a in args if a.name is None]
    for index, param in enumerate(template.params):
        if index < len(positional):
            named.setdefault(param.name.name, positional[index])
    return named


def _walk(template: ast.Template, bindings: dict, origins: dict[str, _Given], scope: Scope,
          templates: Mapping[str, ast.Template], path: tuple[str, ...], out: list[Diagnostic]) -> None:
    inner = Scope(lets=scope.lets, palette=scope.palette, palette_name=scope.palette_name, bindings=bindings,
                  enum_words=scope.enum_words)
    for sub in template.layers:
        if not isinstance(sub, ast.Layer):
            continue
        specs = PRIMITIVES.get(sub.primitive.name)
        if specs is not None:
            _primitive(sub, specs, inner, origins, path, out)
            continue
        nested = templates.get(sub.primitive.name)
        if nested is None or nested.name.name in path:
            continue
        # The values handed on, by the nested template's parameter: the enclosing one's name.
        handed = {param: arg.value.name for param, arg in _by_parameter(nested, sub.args).items()
                  if isinstance(arg.value, ast.NameValue) and arg.value.name in origins}
        if handed:
            _walk(nested, {param: bindings[name] for param, name in handed.items()},
                  {param: origins[name] for param, name in handed.items()}, scope, templates,
                  (*path, nested.name.name), out)


def _primitive(sub: ast.Layer, specs, inner: Scope, origins: dict[str, _Given], path: tuple[str, ...],
               out: list[Diagnostic]) -> None:
    for position, arg in enumerate(sub.args):
        spec = next((s for s in specs if s.name == arg.name.name), None) if arg.name is not None \
            else (specs[position] if position < len(specs) else None)
        name = arg.value.name if isinstance(arg.value, ast.NameValue) else None
        if spec is None or name not in origins:
            continue
        found: list[Diagnostic] = []
        Evaluator(inner, found).value(arg.value, spec.type, spec)
        problem = next((d for d in found if d.code == "E2002"), None)
        if problem is None:
            continue
        origin = origins[name]
        bounds = problem.label.removeprefix("out of range: ") if problem.label else "in range"
        where = " → ".join(f"`{t}`" for t in path)
        out.append(error("E2002", f"`{origin.name}` is handed on to `{sub.primitive.name}({spec.name}: …)` inside "
                         f"{where}, which must be {bounds}", origin.arg.value.span,
                         label=f"out of range: {bounds}"))

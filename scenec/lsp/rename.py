"""References and rename: every place that names one layer, let, template, template parameter,
palette entry or shot.

Reads the analysis of the document under the cursor and the latest analyses
of the other open documents (so a rename in a library reaches the open files
importing it). Produces (analysis, span) pairs, each span just the name
(`@sun` gives the `sun`), in every module of those graphs:

- a layer: its `layer NAME:` and every reference (`animate NAME.x`, `focus NAME`)
  in its shot or template;
- a let: its definition and every use in the modules that see it (the file and
  those importing it), except inside a template with a parameter of that name;
- a template: its definition and every `layer x: NAME(…)` in those modules;
- a palette entry: the entry and every `@NAME` in the scenes using that palette
  (or one extending it) and in the templates of those modules;
- a template parameter: its declaration, every use in the template's body
  (`at: at`, `pick(state, …)`) and every `NAME: value` argument of the
  template's calls (`layer x: TEMPLATE(NAME: …)`) in those modules;
- a shot: its `shot NAME` (nothing in the language refers to a shot by name;
  the name is the shot's label in plans, stills and the learning store).

Rename refuses, with a message saying why: a built-in (a primitive, a built-in
template, its parameters or a built-in palette), a name that is not a name or
is a keyword, and a name already taken in that scope.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from scenec.lang import ast
from scenec.lang.signatures import PRIMITIVES
from scenec.lang.span import Span
from scenec.lsp.analysis import Analysis, _children, innermost, nodes_at, scene_palette

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


class RenameError(Exception):
    """A rename the language cannot take; the message says why."""


@dataclass(frozen=True, slots=True)
class Symbol:
    kind: str  # "layer", "let", "template", "template parameter", "palette entry", "shot"
    name: str
    home: str  # the file defining it
    scope: Span | None = None  # a layer's shot or template; a palette entry's palette; a parameter's
    # template; a shot's scene
    owner: str = ""  # a template parameter's template


def walk(node) -> Iterator:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(_children(current))


def _tail(span: Span, name: str) -> Span:
    """The name at the end of a span (`@sun` → `sun`)."""
    start = span.end - len(name)
    return Span(span.file, start, span.end, span.line, span.end_column - len(name), span.end_line, span.end_column)


def symbol_at(analysis: Analysis, offset: int) -> tuple[Symbol, Span] | None:
    """The symbol named at `offset` and the span of that name; None where no renamable name is."""
    chain = nodes_at(analysis.file, offset)
    if len(chain) < 2:
        return None
    node, parent = chain[-1], chain[-2]
    defs = analysis.check.definitions
    holder = innermost(chain, ast.Shot) or innermost(chain, ast.Template)
    if isinstance(node, ast.Ident):
        if isinstance(parent, ast.Layer) and parent.name is node or \
                isinstance(parent, ast.Ref) and parent.parts[0] is node and holder is not None:
            return Symbol("layer", node.name, analysis.path, holder.span), node.span
        if isinstance(parent, ast.Layer) and parent.primitive is node or \
                isinstance(parent, ast.Template) and parent.name is node:
            template = defs.templates.get(node.name) or analysis.check.templates.get(node.name)
            if template is None or node.name in PRIMITIVES:
                raise RenameError(f"`{node.name}` is a built-in primitive; only your own templates can be renamed")
            if template.span.file.startswith("<builtin>"):
                raise RenameError(f"`{node.name}` is a built-in template; only your own templates can be renamed")
            return Symbol("template", node.name, template.span.file), node.span
        if isinstance(parent, ast.Let) and parent.name is node:
            return Symbol("let", node.name, node.span.file), node.span
        if isinstance(parent, ast.Param) and parent.name is node:
            template = innermost(chain, ast.Template)
            return Symbol("template parameter", node.name, node.span.file, template.span,
                          template.name.name), node.span
        if isinstance(parent, ast.Arg) and parent.name is node and len(chain) >= 3:
            return _argument_symbol(analysis, chain[-3], node)
        if isinstance(parent, ast.Shot) and parent.name is node:
            scene = innermost(chain, ast.Scene)
            return Symbol("shot", node.name, node.span.file, scene.span if scene is not None else None), node.span
        if isinstance(parent, ast.PaletteEntry) and parent.name is node:
            palette = innermost(chain, ast.Palette)
            return Symbol("palette entry", node.name, node.span.file, _home_palette(analysis, palette.name.name,
                                                                                      node.name)), node.span
        return None
    if isinstance(node, ast.NameValue):
        template = innermost(chain, ast.Template)
        if isinstance(template, ast.Template) and any(p.name.name == node.name for p in template.params):
            return Symbol("template parameter", node.name, node.span.file, template.span,
                          template.name.name), node.span
        let = defs.lets.get(node.name)
        return (Symbol("let", node.name, let.span.file), node.span) if let is not None else None
    if isinstance(node, ast.PaletteRef):
        palette = innermost(chain, ast.Palette)
        name = palette.name.name if isinstance(palette, ast.Palette) else scene_palette(analysis.file)
        if name is None:
            return None
        home = _home_palette(analysis, name, node.name)
        if home is None:
            raise RenameError(f"`@{node.name}` comes from the built-in palette `{name}`; it cannot be renamed")
        return Symbol("palette entry", node.name, home.file, home), _tail(node.span, node.name)
    return None


def _argument_symbol(analysis: Analysis, call, node: ast.Ident) -> tuple[Symbol, Span] | None:
    """`NAME:` in an argument list: a parameter of the template called, or a built-in's (refused)."""
    if not isinstance(call, ast.Layer):
        what = f"`{call.name.name}`" if isinstance(call, ast.Call) else "a built-in"
        raise RenameError(f"`{node.name}` is a parameter of {what}; only your own templates' parameters "
                          "can be renamed")
    callee = call.primitive.name
    template = analysis.check.templates.get(callee) if callee not in PRIMITIVES else None
    if template is None or template.span.file.startswith("<builtin>"):
        what = "primitive" if callee in PRIMITIVES else "template"
        raise RenameError(f"`{node.name}` is a parameter of the built-in {what} `{callee}`; only your own "
                          "templates' parameters can be renamed")
    if not any(p.name.name == node.name for p in template.params):
        return None  # no such parameter (the checker says so): nothing to rename
    return Symbol("template parameter", node.name, template.span.file, template.span, callee), node.span


def _home_palette(analysis: Analysis, palette: str, entry: str, seen: tuple[str, ...] = ()) -> Span | None:
    """The span of the palette (this one or one it extends) defining `entry`; None for a built-in."""
    node = analysis.check.definitions.palettes.get(palette)
    if node is None or palette in seen:
        return None
    if any(isinstance(e, ast.PaletteEntry) and e.name.name == entry for e in node.entries):
        return node.span
    return _home_palette(analysis, node.extends.name, entry, (*seen, palette)) if node.extends else None


def _modules(analysis: Analysis, others: Iterable[Analysis], home: str) -> list[tuple[Analysis, ast.File]]:
    """Every module, in this graph and the other open ones, that is `home` or imports it (at any depth)."""
    out: dict[str, tuple[Analysis, ast.File]] = {}
    for owner in (analysis, *others):
        graph = owner.check.graph
        if home not in graph.modules:
            continue

        seen: dict[str, bool] = {}

        def sees(path: str, depth: int = 0) -> bool:
            if path not in seen:
                module = graph.modules.get(path)
                seen[path] = path == home or (module is not None and depth < 64 and
                                              any(sees(target, depth + 1) for _i, target in module.imports))
            return seen[path]

        for path, module in graph.modules.items():
            if path not in out and sees(path):
                out[path] = (owner, module.result.file)
    return list(out.values())


def occurrences(analysis: Analysis, offset: int, others: Iterable[Analysis] = (),
                include_declaration: bool = True) -> list[tuple[Analysis, Span]] | None:
    """Where the symbol at `offset` is named (its declaration first); None where there is none."""
    try:
        found = symbol_at(analysis, offset)
    except RenameError:
        return None
    if found is None:
        return None
    symbol, _here = found
    spans = _find(analysis, symbol, list(others))
    if not include_declaration:
        spans = spans[1:]
    return spans


def _find(analysis: Analysis, symbol: Symbol, others: list[Analysis]) -> list[tuple[Analysis, Span]]:
    declaration: list[tuple[Analysis, Span]] = []
    uses: list[tuple[Analysis, Span]] = []
    name = symbol.name
    if symbol.kind == "layer":
        holder = next((n for n in walk(analysis.file) if isinstance(n, (ast.Shot, ast.Template))
                       and n.span == symbol.scope), None)
        for node in walk(holder) if holder is not None else ():
            if isinstance(node, ast.Layer) and node.name.name == name:
                declaration.append((analysis, node.name.span))
            elif isinstance(node, ast.Ref) and node.parts[0].name == name:
                uses.append((analysis, node.parts[0].span))
        return _sorted(declaration + uses)
    if symbol.kind == "shot":
        return [(analysis, node.name.span) for node in walk(analysis.file)
                if isinstance(node, ast.Shot) and node.name is not None and node.name.name == name
                and symbol.scope is not None and symbol.scope.start <= node.span.start < symbol.scope.end]
    if symbol.kind == "template parameter":
        return _parameter_places(analysis, symbol, others)
    for owner, file in _modules(analysis, others, symbol.home):
        shadowing = [t.span for t in walk(file) if isinstance(t, ast.Template)
                     and any(p.name.name == name for p in t.params)]
        own_let = file.span.file != symbol.home and any(isinstance(i, ast.Let) and i.name.name == name
                                                        for i in file.items)
        for node in walk(file):
            if symbol.kind == "let" and not own_let:
                if isinstance(node, ast.Let) and node.name.name == name and node.span.file == symbol.home:
                    declaration.append((owner, node.name.span))
                elif isinstance(node, ast.NameValue) and node.name == name and \
                        not any(s.start <= node.span.start < s.end for s in shadowing):
                    uses.append((owner, node.span))
            elif symbol.kind == "template":
                if isinstance(node, ast.Template) and node.name.name == name and node.span.file == symbol.home:
                    declaration.append((owner, node.name.span))
                elif isinstance(node, ast.Layer) and node.primitive.name == name:
                    uses.append((owner, node.primitive.span))
            elif symbol.kind == "palette entry":
                declaration += [(owner, e.name.span) for e in _entries(node, symbol, name)]
                if isinstance(node, (ast.Scene, ast.Template)) and _uses_palette(owner, node, symbol):
                    uses += [(owner, _tail(r.span, name)) for r in walk(node)
                             if isinstance(r, ast.PaletteRef) and r.name == name]
    return _sorted(declaration) + _sorted(uses)


def _parameter_places(analysis: Analysis, symbol: Symbol, others: list[Analysis]) -> list[tuple[Analysis, Span]]:
    """A template parameter's declaration, its uses in the body, and `NAME:` in the template's calls."""
    declaration: list[tuple[Analysis, Span]] = []
    uses: list[tuple[Analysis, Span]] = []
    name = symbol.name
    for owner, file in _modules(analysis, others, symbol.home):
        for node in walk(file):
            if isinstance(node, ast.Template) and node.span == symbol.scope:
                declaration += [(owner, p.name.span) for p in node.params if p.name.name == name]
                uses += [(owner, n.span) for n in walk(node) if isinstance(n, ast.NameValue) and n.name == name]
            elif isinstance(node, ast.Layer) and node.primitive.name == symbol.owner:
                uses += [(owner, a.name.span) for a in node.args if a.name is not None and a.name.name == name]
    return _sorted(declaration) + _sorted(uses)


def _entries(node, symbol: Symbol, name: str) -> list[ast.PaletteEntry]:
    if isinstance(node, ast.Palette) and node.span == symbol.scope:
        return [e for e in node.entries if isinstance(e, ast.PaletteEntry) and e.name.name == name]
    return []


def _uses_palette(owner: Analysis, node, symbol: Symbol) -> bool:
    """A template uses whichever palette its scene sets; a scene, the one it names (or one extending it)."""
    if isinstance(node, ast.Template):
        return True
    palette = next((s.value.name for s in node.body if isinstance(s, ast.Setting) and s.key.name == "palette"
                    and isinstance(s.value, ast.Ident)), None)
    seen: set[str] = set()
    while palette is not None and palette not in seen:
        seen.add(palette)
        defined = owner.check.definitions.palettes.get(palette)
        if defined is None:
            return False
        if defined.span == symbol.scope:
            return True
        palette = defined.extends.name if defined.extends else None
    return False


def _sorted(found: list[tuple[Analysis, Span]]) -> list[tuple[Analysis, Span]]:
    unique = {(span.file, span.start): (owner, span) for owner, span in found}
    return [unique[key] for key in sorted(unique)]


def rename_edits(analysis: Analysis, offset: int, new_name: str,
                 others: Iterable[Analysis] = ()) -> list[tuple[Analysis, Span, str]]:
    """The edits renaming the symbol at `offset` everywhere; raises RenameError when it cannot."""
    found = symbol_at(analysis, offset)
    if found is None:
        raise RenameError("there is no layer, let, template, template parameter, palette entry or shot to "
                          "rename here")
    symbol, _here = found
    _check_name(new_name)
    if new_name == symbol.name:
        return []
    others = list(others)
    _check_free(analysis, symbol, new_name)
    return [(owner, span, new_name) for owner, span in _find(analysis, symbol, others)]


def keywords() -> frozenset[str]:
    """The grammar's keywords: no name may be one."""
    from scenec.lang.parser import grammar
    return frozenset(t.pattern.value for t in grammar().terminals
                     if t.pattern.type == "str" and _NAME.fullmatch(t.pattern.value))


def _check_name(name: str) -> None:
    if not _NAME.fullmatch(name):
        raise RenameError(f"`{name}` is not a name: a name starts with a letter or `_` and holds letters, "
                          "digits, `_` and `-`")
    if name in keywords():
        raise RenameError(f"`{name}` is a keyword of the language, so it cannot be a name")


def _check_free(analysis: Analysis, symbol: Symbol, name: str) -> None:
    defs = analysis.check.definitions
    taken = False
    if symbol.kind == "layer":
        holder = next((n for n in walk(analysis.file) if isinstance(n, (ast.Shot, ast.Template))
                       and n.span == symbol.scope), None)
        body = holder.body if isinstance(holder, ast.Shot) else getattr(holder, "layers", ())
        taken = any(isinstance(s, ast.Layer) and s.name.name == name for s in body)
    elif symbol.kind == "let":
        taken = name in defs.lets
    elif symbol.kind == "template":
        taken = name in PRIMITIVES or name in analysis.check.templates
    elif symbol.kind == "template parameter":
        template = next((t for t in walk(analysis.file) if isinstance(t, ast.Template) and t.span == symbol.scope),
                        None) or analysis.check.templates.get(symbol.owner)
        taken = template is not None and any(p.name.name == name for p in template.params)
        if template is not None and not taken and any(isinstance(n, ast.NameValue) and n.name == name
                                                      for n in walk(template)):
            # `size` already means a let or a word in this body: as a parameter it would take its place
            raise RenameError(f"`{name}` is already used in template `{symbol.owner}` (a let or a word); "
                              "as a parameter it would change what that use means: choose another name")
    elif symbol.kind == "shot":
        scene = next((n for n in walk(analysis.file) if isinstance(n, ast.Scene) and n.span == symbol.scope), None)
        taken = scene is not None and any(isinstance(s, ast.Shot) and s.name is not None and s.name.name == name
                                          for s in scene.body)
    elif symbol.kind == "palette entry":
        palette = next((p for p in defs.palettes.values() if p.span == symbol.scope), None)
        taken = palette is not None and any(isinstance(e, ast.PaletteEntry) and e.name.name == name
                                            for e in palette.entries)
    if taken:
        raise RenameError(f"`{name}` is already a {symbol.kind} here; choose another name")

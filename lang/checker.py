"""The checker: names, types, ranges and time for a whole program.

Reads the module graph (the file and what it imports), the knowledge names
it needs, and the signature tables; reports every independent problem and
goes on after each. It produces no IR: the resolve pass evaluates values with
the same `Evaluator`, so what is checked here is what gets compiled.
"""

from __future__ import annotations

from collections import ChainMap

import os.path
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from scenec.knowledge.suggest import suggest
from scenec.lang import ast, image_header
from scenec.lang.check_shot import ShotChecker
from scenec.lang.diagnostics import Diagnostic, error, sort_key, warning
from scenec.lang.evaluate import Evaluator, Scope
from scenec.lang.expansion import Expansion
from scenec.lang.limits import (MAX_DIAGNOSTICS_PER_FILE, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE_PX, MAX_PALETTE_CHAIN,
                                MAX_TEMPLATE_DEPTH)
from scenec.lang.gcpause import gc_paused
from scenec.lang.modules import Loader, LoadError, ModuleGraph, ParseCache, load_graph
from scenec.lang.unparsed import ANY_NAME, defined_let
from scenec.lang.signatures import ParamSpec
from scenec.lang.types import TYPE_NAMES, Kind, Type, parse_type


@dataclass(frozen=True)
class KnowledgeNames:
    """What the checker needs to know of the knowledge registry: names, and palettes' colors."""

    palettes: Mapping[str, Mapping[str, tuple[float, float, float, float]]] = field(default_factory=dict)
    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # genre, lut, ambient, sfx, …
    templates: Mapping[str, ast.Template] = field(default_factory=dict)
    shot_length_s: Callable[[str], float] = lambda genre: 4.0

    def names(self, kind: str) -> tuple[str, ...]:
        return self.words.get(kind, ())


@dataclass
class Definitions:
    """The lets, palettes and templates visible in one file, with where each came from."""

    lets: dict[str, ast.Let] = field(default_factory=dict)
    palettes: dict[str, ast.Palette] = field(default_factory=dict)
    templates: dict[str, ast.Template] = field(default_factory=dict)
    ambiguous: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> the two files


@dataclass
class CheckResult:
    graph: ModuleGraph
    diagnostics: list[Diagnostic]
    definitions: Definitions
    palette_colors: dict[str, dict[str, tuple[float, float, float, float]]]
    templates: Mapping[str, ast.Template]  # the file's own, then the built-ins (parsed on first use)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    @property
    def file(self) -> ast.File | None:
        module = self.graph.modules.get(self.graph.entry)
        return module.result.file if module else None


def check_path(path: str, loader: Loader, knowledge: KnowledgeNames, text: str | None = None,
               cache: ParseCache | None = None) -> CheckResult:
    """Check `path` and what it imports; `cache` keeps parse results between calls."""
    with gc_paused():
        graph = load_graph(path, loader, text, cache)
        return check_graph(graph, knowledge)


def check_graph(graph: ModuleGraph, knowledge: KnowledgeNames, shots: ShotMemo | None = None) -> CheckResult:
    """Every module of the graph checked; `shots` (the entry's) may answer a shot's check from an
    earlier one (`check_cache.py`), which must leave the same diagnostics as checking it."""
    diagnostics = list(graph.diagnostics)
    own: dict[str, Definitions] = {}
    for path, module in graph.modules.items():
        if module.result.file is not None:
            own[path] = _own_definitions(module.result.file, diagnostics)
    entry_defs = Definitions()
    palette_colors: dict[str, dict] = {}
    for path, module in graph.modules.items():
        if module.result.file is None:
            continue
        defs = _visible(path, module, own, diagnostics)
        incomplete = any(isinstance(item, ast.ErrorItem) for item in module.result.file.items)
        checker = FileChecker(path, defs, knowledge, diagnostics, graph, incomplete,
                              shots if path == graph.entry else None)
        checker.check_file(module.result.file, is_entry=path == graph.entry)
        if path == graph.entry:
            entry_defs = defs
            palette_colors = checker.palette_colors
    # Every part that parsed is checked, beside the syntax errors of the parts
    # that did not: those are error nodes, which every check passes over.
    diagnostics = _without_unparsed_lets(graph, diagnostics)
    # One problem, one diagnostic: a token the parser already reported (`5pt`, an unknown unit)
    # stands in the tree as a placeholder value that the checker would report again as a wrong type.
    reported = {d.span[:3] for d in graph.diagnostics if d.span is not None}
    syntax = set(graph.diagnostics)  # a set: a file of many syntax errors is not checked in quadratic time
    diagnostics = [d for d in diagnostics if d.span is None or d in syntax or d.span[:3] not in reported]
    unique = _capped(sorted(dict.fromkeys(diagnostics), key=sort_key))
    # A chain, not a copy: the built-in templates are parsed only when a scene names one.
    templates = ChainMap(entry_defs.templates, knowledge.templates)
    return CheckResult(graph, unique, entry_defs, palette_colors, templates)


def _capped(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """At most MAX_DIAGNOSTICS_PER_FILE per file, in order, then one that says how many more
    there are (an error if any of those is): a broken file reports its first problems, not
    hundreds of thousands of lines."""
    per_file: dict[str | None, int] = {}
    kept: list[Diagnostic] = []
    dropped: dict[str | None, list[Diagnostic]] = {}
    for d in diagnostics:
        file = d.span.file if d.span is not None else None
        per_file[file] = per_file.get(file, 0) + 1
        if per_file[file] <= MAX_DIAGNOSTICS_PER_FILE:
            kept.append(d)
        else:
            dropped.setdefault(file, []).append(d)
    for rest in dropped.values():
        errors = sum(d.is_error for d in rest)
        what = f"{len(rest)} more problem{'s' if len(rest) != 1 else ''} ({errors} error{'s' if errors != 1 else ''})"
        message = f"and {what} in this file: only the first {MAX_DIAGNOSTICS_PER_FILE} are shown"
        make = error if errors else warning
        kept.append(make("E2018" if errors else "W0002", message, rest[0].span, "fix these and check again"))
    return kept


def _without_unparsed_lets(graph: ModuleGraph, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Drop "unknown name" for a name a `let` that did not parse seems to define: the
    syntax error is the one to fix (any name, when the let's name is lost)."""
    maybe: dict[str, set[str]] = {}
    for path, module in graph.modules.items():
        names = {defined_let(i.text) for i in module.result.file.items if isinstance(i, ast.ErrorItem)} - {None}
        if names:
            maybe[path] = names
    if not maybe:
        return diagnostics

    def unparsed(d: Diagnostic) -> bool:
        # E3001 unknown name or color, E2003 unknown word (a let standing for an anchor or enum word)
        names = maybe.get(d.span.file, ()) if d.span is not None and d.code in ("E3001", "E2003") else ()
        if not names:
            return False
        source = graph.sources.get(d.span.file)
        return ANY_NAME in names or (source is not None and source.text[d.span.start:d.span.end] in names)

    return [d for d in diagnostics if not unparsed(d)]


def _own_definitions(file: ast.File, diagnostics: list[Diagnostic]) -> Definitions:
    defs = Definitions()
    for item in file.items:
        table = {ast.Let: defs.lets, ast.Palette: defs.palettes, ast.Template: defs.templates}.get(type(item))
        if table is None:
            continue
        name = item.name
        if name.name in table:
            first = table[name.name]
            diagnostics.append(error("E3002", f"`{name.name}` is defined twice", name.span,
                                     f"the first definition is on line {first.name.span.line}",
                                     label="defined again here"))
            continue
        table[name.name] = item
    return defs


def _visible(path: str, module, own: dict[str, Definitions], diagnostics: list[Diagnostic]) -> Definitions:
    """A file's own definitions over those of the files it imports (not transitively)."""
    mine = own.get(path, Definitions())
    seen: dict[str, dict[str, str]] = {"lets": {}, "palettes": {}, "templates": {}}
    merged = Definitions()
    for _item, target in module.imports:
        theirs = own.get(target)
        if theirs is None:
            continue
        for kind in ("lets", "palettes", "templates"):
            for name, node in getattr(theirs, kind).items():
                if name in seen[kind] and seen[kind][name] != target:
                    merged.ambiguous[name] = (seen[kind][name], target)
                seen[kind][name] = target
                getattr(merged, kind)[name] = node
    for kind in ("lets", "palettes", "templates"):
        table = getattr(merged, kind)
        for name, node in getattr(mine, kind).items():
            if name in table:
                diagnostics.append(warning("W0001", f"`{name}` shadows the one imported from {seen[kind][name]}",
                                           node.name.span))
            merged.ambiguous.pop(name, None)
            table[name] = node
    return merged


class ShotMemo(Protocol):
    """Shot checks kept from an earlier check of the same file (`check_cache.ShotChecks`)."""

    def recall(self, fc: FileChecker, shot: ast.Shot, seconds: float, fps: int) -> bool:
        """Report what checking `shot` would, if known; whether it was."""

    def remember(self, fc: FileChecker, shot: ast.Shot, seconds: float, fps: int, layers_before: int,
                 mark: int) -> None:
        """Keep what checking `shot` reported: fc.diagnostics[mark:], and the layers it added."""


class PartPalette(dict):
    """The colors of a palette some of whose entries did not parse: any name may be one of
    them, so a reference is not reported again (the syntax error is). It holds a grey for
    the unknown names, which nothing renders: the compiler never runs on a file with errors."""

    def __contains__(self, name: object) -> bool:
        return True

    def __missing__(self, name: str) -> tuple[float, float, float, float]:
        return (0.5, 0.5, 0.5, 1.0)


class FileChecker:
    def __init__(self, path: str, defs: Definitions, knowledge: KnowledgeNames,
                 diagnostics: list[Diagnostic], graph: ModuleGraph | None = None,
                 incomplete: bool = False, shots: ShotMemo | None = None) -> None:
        self.path = path
        self.shots = shots
        # Top-level items of this file did not parse: a palette or template name not found
        # may be theirs, so it is not reported as unknown.
        self.incomplete = incomplete
        self.graph = graph
        self.defs = defs
        self.knowledge = knowledge
        self.diagnostics = diagnostics
        self.palette_colors: dict[str, dict] = {}
        self._palette_depth: dict[str, int] = {}  # palettes in each one's extends chain, itself included
        self.templates = ChainMap(defs.templates, knowledge.templates)
        self.expansion = Expansion(self.templates)
        self.film_layers = 0  # drawn layers the scene's shots expand to, counted so far
        self.scope = Scope(lets=defs.lets, enum_words=knowledge.names)

    def check_shot(self, shot: ast.Shot, seconds: float, fps: int, scope: Scope) -> None:
        """Report a shot's problems (from the memo when it has checked the same shot in the same setting)."""
        if self.shots is None or not self.shots.recall(self, shot, seconds, fps):
            mark, layers = len(self.diagnostics), self.film_layers
            ShotChecker(self, shot, seconds, fps, scope).check()
            if self.shots is not None:
                self.shots.remember(self, shot, seconds, fps, layers, mark)

    def fail(self, code: str, message: str, span, *hints: str, label: str = "") -> None:
        self.diagnostics.append(error(code, message, span, *hints, label=label))

    def evaluator(self, scope: Scope | None = None) -> Evaluator:
        return Evaluator(scope or self.scope, self.diagnostics)

    # ------------------------------------------------------------ file

    def check_file(self, file: ast.File, is_entry: bool) -> None:
        for item in file.items:
            if isinstance(item, ast.Let) and item.name.name in self.defs.lets \
                    and self.defs.lets[item.name.name] is item:
                self._check_let(item)
            elif isinstance(item, ast.Palette):
                self.palette(item.name.name, item.name.span)
            elif isinstance(item, ast.Template):
                self._check_template(item)
        scenes = file.scenes
        for extra in scenes[1:]:
            self.fail("E3007", "a file holds at most one scene", extra.span.head(len("scene")), f"the first scene starts on line {scenes[0].span.line}",
                      label="second scene")
        if scenes and is_entry:
            from scenec.lang.check_scene import check_scene  # it builds on FileChecker
            check_scene(self, scenes[0])

    def _check_let(self, let: ast.Let) -> None:
        """A let is typed by its own literal; report what is wrong with it once, here."""
        value = let.value
        if isinstance(value, ast.Quantity | ast.Color | ast.Str | ast.Bool):
            return
        if isinstance(value, ast.Vec):
            self.evaluator().value(value, Type(Kind.VEC))
        elif isinstance(value, ast.Call):
            self.evaluator(Scope(lets=self.defs.lets, in_template=True)).value(value, Type(Kind.COLOR))
        # A bare word (an enum word or a color name) is checked where the let is used.

    def palette(self, name: str, span) -> dict | None:
        """The colors of a palette (file, imported or built-in), with `extends` applied.

        The `extends` chain is walked in a loop, not by recursion, and is at most
        MAX_PALETTE_CHAIN long: each palette holds a copy of its bases' colors."""
        chain: list[ast.Palette] = []  # the palettes to build, the one asked for first
        current, where = name, span
        while current not in self.palette_colors:
            node = self.defs.palettes.get(current)
            if node is None:
                base = self._outside_palette(current, where)
                break
            chain.append(node)
            if node.extends is None:
                base = {}
                break
            names = [n.name.name for n in chain]
            if node.extends.name in names:
                self.fail("E3011", f"palette `{current}` extends itself through "
                          f"{' → '.join((*names, node.extends.name))}", node.extends.span)
                base = {}
                break
            if len(chain) > MAX_PALETTE_CHAIN:
                base = {}  # reported below, at the palette past the cap
                break
            current, where = node.extends.name, node.extends.span
        else:
            base = self.palette_colors[current]
        depth = self._palette_depth.get(current, 0) if current in self.palette_colors else 0
        for node in reversed(chain):
            depth += 1
            if depth > MAX_PALETTE_CHAIN and node.extends is not None:
                self.fail("E2018", f"palette `{node.name.name}` ends a chain of more than {MAX_PALETTE_CHAIN} "
                          "palettes extending one another", node.extends.span, label="chain too long")
                base, depth = {}, 1
            base = self._palette_colors(node, base)
            self._palette_depth[node.name.name] = depth
        return base

    def _outside_palette(self, name: str, span) -> dict | None:
        """A palette this file does not define: a built-in one, else an error (or, in a file
        whose items did not all parse, a palette that may be one of them)."""
        builtin = self.knowledge.palettes.get(name)
        if builtin is None and self.incomplete:
            self.palette_colors[name] = PartPalette()
            return self.palette_colors[name]
        if builtin is None:
            guess = suggest(name, list(self.defs.palettes) + list(self.knowledge.palettes))
            self.fail("E3004", f"unknown palette `{name}`", span,
                      f"did you mean `{guess}`?" if guess else
                      f"built-in palettes: {', '.join(sorted(self.knowledge.palettes)) or 'none'}",
                      label="no such palette")
            return None
        self.palette_colors[name] = dict(builtin)
        return self.palette_colors[name]

    def _palette_colors(self, node: ast.Palette, base: dict | None) -> dict:
        """`node`'s colors over those of its base (None: its base is unknown, and reported)."""
        name = node.name.name
        colors: dict = PartPalette() if any(isinstance(e, ast.ErrorStatement) for e in node.entries) else {}
        if isinstance(base, PartPalette):
            colors = PartPalette(colors)
        colors.update(base or {})
        evaluator = self.evaluator(Scope(lets=self.defs.lets, palette=colors, palette_name=name))
        for entry in node.entries:
            if isinstance(entry, ast.ErrorStatement):
                continue
            value = evaluator.value(entry.value, Type(Kind.COLOR))
            # An entry whose value is wrong is reported here, once; a grey stands in for it so
            # its uses are not reported again (nothing renders it: the file has an error).
            colors[entry.name.name] = value if value is not None else (0.5, 0.5, 0.5, 1.0)
        self.palette_colors[name] = colors
        return colors

    def _check_template(self, template: ast.Template) -> None:
        params: dict[str, Type] = {}
        for param in template.params:
            if param.name.name in params:
                self.fail("E3002", f"parameter `{param.name.name}` is declared twice", param.name.span)
                continue
            type_ = self.type_of(param.type)
            if type_ is None:
                continue
            params[param.name.name] = type_
            if param.default is not None:
                self.evaluator(Scope(lets=self.defs.lets, in_template=True, enum_words=self.knowledge.names)
                               ).value(param.default, type_)
        scope = Scope(lets=self.defs.lets, params=params, in_template=True, enum_words=self.knowledge.names)
        self._check_nesting(template)
        names: dict[str, ast.Layer] = {}
        for layer in template.layers:
            if isinstance(layer, ast.ErrorStatement):
                continue
            if layer.name.name in names:
                self.fail("E3002", f"layer `{layer.name.name}` is defined twice in template `{template.name.name}`",
                          layer.name.span)
            names[layer.name.name] = layer
            ShotChecker.check_layer_alone(self, layer, scope)

    def _check_nesting(self, template: ast.Template) -> None:
        """A template that uses itself (directly or through others) would expand forever, and
        one nested too deeply is past MAX_TEMPLATE_DEPTH: both are errors at the template."""
        name = template.name.name
        if self.templates.get(name) is not template:
            return  # shadowed: the one in force is checked where it is defined
        for index, layer in enumerate(template.layers):
            cycle = self.expansion.cycle_at(name, index) if isinstance(layer, ast.Layer) else None
            if cycle is not None:
                self.fail("E3013", f"template `{name}` uses itself: {' → '.join(cycle)}", layer.primitive.span,
                          "a template cannot contain itself; draw the repeated part with another template",
                          label="uses itself")
        depth = self.expansion.size(name).depth
        if depth > MAX_TEMPLATE_DEPTH:
            self.fail("E2018", f"template `{name}` nests templates {depth} deep, more than the "
                      f"{MAX_TEMPLATE_DEPTH} allowed", template.name.span, label="nested too deep")

    def type_of(self, node: ast.TypeExpr) -> Type | None:
        if isinstance(node, ast.TypeName):
            if node.name.name not in TYPE_NAMES:
                guess = suggest(node.name.name, TYPE_NAMES)
                self.fail("E2017", f"unknown type `{node.name.name}`", node.span,
                          f"did you mean `{guess}`?" if guess else f"types: {', '.join(TYPE_NAMES)}")
                return None
            return parse_type(node.name.name)
        if isinstance(node, ast.ListType):
            if node.name.name != "list":
                self.fail("E2017", f"`{node.name.name} of …` is not a type; write `list of …`", node.name.span)
                return None
            inner = self.type_of(node.of)
            return Type(Kind.LIST, of=inner) if inner else None
        return Type(Kind.ENUM, words=tuple(w.name for w in node.words))

    def check_image(self, node: ast.Str) -> None:
        """An image path is relative to this file, must stay in the project and must exist."""
        graph = self.graph
        if graph is None or graph.loader is None:
            return
        target = os.path.normpath(os.path.join(os.path.dirname(self.path), node.value))
        leads_to = graph.loader.escape(graph.root, target)
        if leads_to is not None:
            where = "" if leads_to == target else f": it links to {leads_to}"
            self.fail("E5002", f"image `{node.value}` is outside the project folder{where}", node.span,
                      "images must be inside the folder holding scenec.toml, or the scene's folder")
        elif not target.lower().endswith((".png", ".jpg", ".jpeg")):
            self.fail("E5005", f"image `{node.value}` is not a PNG or JPEG file", node.span,
                      "the image primitive reads .png, .jpg and .jpeg files")
        elif not graph.loader.exists(target):
            self.fail("E5005", f"cannot find image `{node.value}`", node.span, f"looked for {target}",
                      label="no such file")
        else:
            self._image_header(node, target)

    def _image_header(self, node: ast.Str, target: str) -> None:
        """What the renderer would refuse, from the file's header: too big, too many pixels, not an image."""
        try:
            size = image_header.dimensions(self.graph.loader.image_head(target))
        except (LoadError, OSError) as exc:
            reason = str(exc) if isinstance(exc, LoadError) else "it is a folder" \
                if isinstance(exc, IsADirectoryError) else (exc.strerror or str(exc)).lower()
            self.fail("E5004", f"cannot read image `{node.value}`: {reason}", node.span, label="cannot read")
            return
        except image_header.NotAnImage as exc:
            self.fail("E5005", f"image `{node.value}` cannot be drawn: {exc}", node.span,
                      "the image primitive reads PNG and JPEG files", label="not a PNG or JPEG")
            return
        if size is not None and (max(size) > MAX_IMAGE_SIDE_PX or size[0] * size[1] > MAX_IMAGE_PIXELS):
            self.fail("E2018", f"image `{node.value}` declares {size[0]}x{size[1]} pixels, more than an image may "
                      f"have", node.span, f"at most {MAX_IMAGE_SIDE_PX} pixels a side and "
                      f"{MAX_IMAGE_PIXELS // 2**20} megapixels; scale it down", label="too many pixels")

    def template_specs(self, template: ast.Template) -> tuple[ParamSpec, ...]:
        specs = []
        for param in template.params:
            type_ = self.type_of(param.type) if isinstance(param.type, ast.TypeName | ast.ListType) else \
                Type(Kind.ENUM, words=tuple(w.name for w in param.type.words))
            if type_ is None:
                continue
            specs.append(ParamSpec(param.name.name, type_, "…" if param.default is not None else None))
        return tuple(specs)


__all__ = ["check_path", "check_graph", "CheckResult", "KnowledgeNames"]

"""One checked document for the language server: the checker's result plus lookups.

`analyze(path, text, open_files, world)` runs the same checker as `scenec
check` over the buffer, against the knowledge world the server built for the
document's project, reading other open buffers before the disk (unsaved
edits in an imported file count). The analysis keeps the checker's
knowledge names, so completion and hover answer from the same world. The lookups answer "which nodes are under this
offset" (innermost last) and "which palette does this scene use", which
hover, completion and go to definition share.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections import ChainMap, OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from scenec.api import knowledge_names
from scenec.files import FileLoader
from scenec.knowledge.world import Knowledge
from scenec.lang import ast
from scenec.lang.check_cache import CheckCache
from scenec.lang.checker import CheckResult, KnowledgeNames, check_path
from scenec.lang.gcpause import gc_paused
from scenec.lang.modules import MemoryLoader, Module, ParseCache, load_graph
from scenec.lang.parser import ParseResult
from scenec.lang.signatures import (COLOR_FUNCTIONS, GRADE_OPS, MOTIONS, PRIMITIVES, ParamSpec)
from scenec.lang.span import Source
from scenec.lang.types import Kind, Type, parse_type


@dataclass(frozen=True, slots=True)
class Analysis:
    path: str
    text: str
    check: CheckResult
    knowledge: KnowledgeNames = field(default_factory=KnowledgeNames)  # what `check` was checked against
    world: Knowledge | None = None

    @property
    def file(self) -> ast.File | None:
        return self.check.file

    @property
    def source(self) -> Source | None:
        return self.check.graph.sources.get(self.check.graph.entry)


def knowledge_of(analysis: Analysis | None) -> KnowledgeNames:
    """The knowledge names an analysis was checked against; none without an analysis."""
    return analysis.knowledge if analysis is not None else KnowledgeNames()


def analyze(path: str, text: str, open_files: Mapping[str, str] | None = None,
            world: Knowledge | None = None) -> Analysis:
    """Check `text` as `path` against `world` (without one, `scenec.api.default_world` for the path)."""
    world, loader, names = _setting(path, text, open_files, world)
    return Analysis(path, text, check_path(path, loader, names, text), names, world)


def _setting(path: str, text: str, open_files: Mapping[str, str] | None,
             world: Knowledge | None) -> tuple[Knowledge, MemoryLoader, KnowledgeNames]:
    """The world, the loader (open files over the disk) and the names a check of `path` uses."""
    if world is None:
        from scenec.api import default_world
        world = default_world(path if path.startswith("/") and not path.startswith("/<") else None)
    files = dict(open_files or {})
    files[path] = text
    loader = MemoryLoader(files, root="/", fallback=FileLoader() if path.startswith("/") else None)
    return world, loader, knowledge_names(world)


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class SharedParseCache(ParseCache):
    """A `ParseCache` that the check worker and the message loop both parse through (hover and
    definition parse the current text at once, usually as one spliced block)."""

    def __init__(self, capacity: int = 256) -> None:
        super().__init__(capacity)
        self._lock = threading.Lock()

    def parse(self, source: Source) -> ParseResult:
        with self._lock:
            return super().parse(source)


def over_parse(analysis: Analysis, parsed: ParseResult) -> Analysis:
    """The latest analysis of a document seen through a newer parse of its text: the tree,
    source and imports of the new text, the file's own lets, palettes and templates taken from
    it, and the rest (imported definitions, colors) from the older check. What hover and
    definition read, so they answer at once, before the new text's check."""
    check = analysis.check
    graph = check.graph
    module = graph.modules.get(graph.entry)
    if module is None:
        return analysis
    paths = {item.path.value: path for item, path in module.imports}
    imports = tuple((item, paths[item.path.value]) for item in parsed.file.items
                    if isinstance(item, ast.Import) and item.path.value in paths)
    graph = dataclasses.replace(graph, modules={**graph.modules, graph.entry: Module(graph.entry, parsed, imports)},
                                sources={**graph.sources, graph.entry: parsed.source})
    items = parsed.file.items
    lets = {i.name.name: i for i in items if isinstance(i, ast.Let)}
    palettes = {i.name.name: i for i in items if isinstance(i, ast.Palette)}
    templates = {i.name.name: i for i in items if isinstance(i, ast.Template)}
    defs = check.definitions
    defs = dataclasses.replace(defs, lets={**defs.lets, **lets}, palettes={**defs.palettes, **palettes},
                               templates={**defs.templates, **templates})
    check = dataclasses.replace(check, graph=graph, definitions=defs, templates=ChainMap(templates, check.templates))
    return Analysis(analysis.path, parsed.source.text, check, analysis.knowledge, analysis.world)


class AnalysisCache:
    """Parse results by module content (`ParseCache`) and check results by the content of every
    module in the graph, for a long-lived consumer (the language server, the dashboard).

    A check depends on the entry's text, the texts of what it imports, the file problems
    met while loading them (a missing import) and the knowledge world; that is the key.
    So after an edit, only the edited module is parsed again (only the edited shot or
    template, when the edit stays inside one: `lang/incremental.py`), and only the graphs
    holding it are checked again (of the entry, only the shots the edit can affect:
    `lang/check_cache.py`). `checks` counts the checks actually run."""

    def __init__(self, capacity: int = 64) -> None:
        self.parses = SharedParseCache()
        self.shots = CheckCache()
        self.capacity = capacity
        self.checks = 0
        self._results: OrderedDict[tuple, tuple[Knowledge, CheckResult]] = OrderedDict()

    def analyze(self, path: str, text: str, open_files: Mapping[str, str] | None = None,
                world: Knowledge | None = None) -> Analysis:
        """What `analyze` answers, reusing every parse and check whose inputs did not change."""
        world, loader, names = _setting(path, text, open_files, world)
        with gc_paused():
            graph = load_graph(path, loader, text, self.parses)
            key = (graph.entry, id(world), tuple(graph.diagnostics),
                   tuple(sorted((p, _digest(s.text)) for p, s in graph.sources.items())))
            hit = self._results.get(key)
            check = hit[1] if hit is not None and hit[0] is world else None  # an id may be reused
            if check is None:
                check = self.shots.check(graph, names)
                self.checks += 1
                self._results[key] = (world, check)
                if len(self._results) > self.capacity:
                    self._results.popitem(last=False)
            else:
                self._results.move_to_end(key)
        return Analysis(path, text, check, names, world)


# ---------------------------------------------------------------- nodes at an offset


def _children(node) -> Iterator:
    # `__match_args__` is the dataclass's field names, read without `dataclasses.fields`' filtering.
    for name in type(node).__match_args__:
        if name == "span":
            continue
        value = getattr(node, name)
        if isinstance(value, tuple):
            yield from (v for v in value if dataclasses.is_dataclass(v))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            yield value


def nodes_at(file: ast.File | None, offset: int) -> list:
    """The chain of nodes whose span holds `offset`, outermost first (the end counts too,
    so a word just typed is found)."""
    chain: list = []
    node = file
    while node is not None:
        chain.append(node)
        node = next((child for child in _children(node)
                     if getattr(child, "span", None) is not None and child.span.start <= offset <= child.span.end),
                    None)
    return chain


def innermost(chain: list, kind) -> object | None:
    return next((node for node in reversed(chain) if isinstance(node, kind)), None)


def scene_palette(file: ast.File | None) -> str | None:
    """The name after the scene's `palette` setting."""
    for scene in file.scenes if file else ():
        for statement in scene.body:
            if isinstance(statement, ast.Setting) and statement.key.name == "palette" \
                    and isinstance(statement.value, ast.Ident):
                return statement.value.name
    return None


def palette_colors(analysis: Analysis, name: str | None) -> dict[str, tuple[float, float, float, float]]:
    if name is None:
        return {}
    colors = analysis.check.palette_colors.get(name)
    if colors is None:
        colors = analysis.knowledge.palettes.get(name)
    return dict(colors or {})


def hex_color(rgba: tuple[float, float, float, float]) -> str:
    channels = [round(max(0.0, min(1.0, c)) * 255) for c in rgba]
    text = "#" + "".join(f"{c:02x}" for c in channels[:3])
    return text + (f"{channels[3]:02x}" if channels[3] != 255 else "")


# ---------------------------------------------------------------- signatures


def type_of(node: ast.TypeExpr) -> Type | None:
    if isinstance(node, ast.EnumType):
        return Type(Kind.ENUM, words=tuple(w.name for w in node.words))
    if isinstance(node, ast.ListType):
        inner = type_of(node.of)
        return Type(Kind.LIST, of=inner) if inner else None
    try:
        return parse_type(node.name.name)
    except ValueError:
        return None


def source_text(analysis: Analysis, span) -> str:
    source = analysis.check.graph.sources.get(span.file)
    if source is None:
        sources = analysis.world.template_sources if analysis.world is not None else {}
        text = sources.get(span.file.removeprefix("<builtin>/"))
        return text[span.start:span.end] if text else ""
    return source.text[span.start:span.end]


def template_params(analysis: Analysis, template: ast.Template) -> tuple[ParamSpec, ...]:
    specs = []
    for param in template.params:
        type_ = type_of(param.type)
        if type_ is not None:
            default = source_text(analysis, param.default.span) if param.default is not None else None
            specs.append(ParamSpec(param.name.name, type_, default))
    return tuple(specs)


def template_signature(analysis: Analysis, template: ast.Template) -> str:
    params = ", ".join(" ".join(source_text(analysis, p.span).split()) for p in template.params)
    return f"template {template.name.name}({params})"


def callee_params(analysis: Analysis, kind: str, name: str) -> tuple[ParamSpec, ...] | None:
    """The parameters of a primitive or template (`layer`), motion, grade op or color function."""
    if kind == "layer":
        if name in PRIMITIVES:
            return PRIMITIVES[name]
        template = analysis.check.templates.get(name) or analysis.knowledge.templates.get(name)
        return template_params(analysis, template) if template else None
    table = {"motion": MOTIONS, "grade": GRADE_OPS, "call": COLOR_FUNCTIONS}.get(kind, {})
    return table.get(name)


def describe_param(spec: ParamSpec) -> str:
    text = f"{spec.name}: {spec.type}"
    if spec.default is not None:
        text += f" = {spec.default}"
    else:
        text += " (required)"
    if spec.low is not None or spec.high is not None:
        low = "" if spec.low is None else f"{spec.low:g}"
        high = "" if spec.high is None else f"{spec.high:g}"
        text += f"  range {low}..{high}"
    return text

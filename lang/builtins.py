"""The built-in scene objects: templates written in the scene language.

They ship as `.scene` libraries in the knowledge package's `data/objects/`
folder; the knowledge world carries their text (`Knowledge.template_sources`)
and `builtin_templates(world)` parses them, once per world (memoised on the
world). Parsing one library is a pure function of its name and text, so it
is also kept per content for the process: a new world after a learned
change re-parses nothing, and there is nothing to clear. A broken built-in
is a bug in scenec, so its diagnostics raise rather than reach the user as
if they were theirs.

Across processes, a library's templates are kept in the world's disk cache
(`Knowledge.cache`, see `knowledge/diskcache.py`) by the hash of its name,
its text and the parser (`parsecache.parser_key`: the shape of the AST
classes and the text of the code that parses): a command that draws a dog
reads the animals' templates back (a few milliseconds) instead of parsing
a hundred lines again.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from scenec.knowledge import diskcache
from scenec.knowledge.world import Knowledge
from scenec.lang import ast
from scenec.lang.diagnostics import render_short
from scenec.lang.parser import parse
from scenec.lang.parsecache import parser_key


class BuiltinError(RuntimeError):
    pass


@functools.cache  # keyed by the library's content: a pure parse, never stale, never cleared
def _parse_library(name: str, text: str) -> tuple[ast.Template, ...]:
    result = parse(text, f"<builtin>/{name}")
    if not result.ok:
        problems = "; ".join(render_short(d) for d in result.diagnostics)
        raise BuiltinError(f"built-in objects in {name} do not parse: {problems}")
    return tuple(item for item in result.file.items if isinstance(item, ast.Template))


def parse_templates(sources: Mapping[str, str]) -> Mapping[str, ast.Template]:
    """Template name → template over the libraries `sources` (file name → text), later files winning."""
    templates: dict[str, ast.Template] = {}
    for name, text in sources.items():
        for template in _parse_library(name, text):
            templates[template.name.name] = template
    return MappingProxyType(templates)


# A declaration at the start of a line, as the formatter writes every shipped library (a test
# holds each library's index equal to what parsing it declares, so the two cannot drift).
_DECLARED = re.compile(r"^template\s+([a-z][a-z0-9-]*)\s*\(", re.M)


class LazyTemplates(Mapping[str, ast.Template]):
    """Built-in templates by name, each library parsed the first time one of its templates is
    looked up: a scene that draws a dog and a tree parses two of the fourteen libraries, and
    `scenec check` of a scene that uses none parses none. Names and order are known up front."""

    def __init__(self, sources: Mapping[str, str], cache: diskcache.DiskCache | None = None) -> None:
        self._sources = sources
        self._cache = cache
        self._index = {name: library for library, text in sources.items() for name in _DECLARED.findall(text)}
        self._parsed: dict[str, dict[str, ast.Template]] = {}

    def library(self, library: str) -> dict[str, ast.Template]:
        parsed = self._parsed.get(library)
        if parsed is None:
            text = self._sources[library]
            key = diskcache.key_of(parser_key(), library, text) if self._cache is not None else ""
            templates = diskcache.memo(self._cache, "templates", key, lambda: _parse_library(library, text))
            parsed = {t.name.name: t for t in templates}
            self._parsed[library] = parsed
        return parsed

    def __getitem__(self, name: str) -> ast.Template:
        return self.library(self._index[name])[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def builtin_templates(world: Knowledge) -> Mapping[str, ast.Template]:
    """The world's built-in templates by name, each library parsed when first needed, once per world."""
    return world.memo("lang.templates", lambda: LazyTemplates(world.template_sources, world.cache))


def builtin_sources(world: Knowledge) -> Mapping[str, str]:
    """File name → text of every shipped object library in the world."""
    return world.template_sources

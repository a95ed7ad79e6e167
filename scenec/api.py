"""The public Python API: check, format, compile and render from code.

    >>> from scenec.api import check_text
    >>> check_text('scene { shot 2s { layer bg: gradient(from: navy, to: black) } }').ok
    True

Every function takes the knowledge `world=` to check and compile against
(`scenec.knowledge.world.build_world`); without one it builds
`default_world()` at this edge, as the command line would. A bare
`registry=` is still accepted and gets the shipped templates beside it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from scenec.files import FileLoader
from scenec.knowledge import lookup
from scenec.knowledge.registry import Registry
from scenec.knowledge.world import Knowledge, builtin_template_sources
from scenec.lang import ast
from scenec.lang.builtins import builtin_templates, parse_templates
from scenec.lang.diagnostics import error
from scenec.lang.checker import CheckResult, KnowledgeNames, check_path
from scenec.lang.modules import MemoryLoader

if TYPE_CHECKING:  # the compiler is imported by the functions that compile: a check never loads it
    from scenec.compiler.context import PassContext
    from scenec.compiler.options import CompileOptions
    from scenec.compiler.plan import Plan

_WORD_KINDS = ("genre", "mood", "arc", "time", "weather", "style", "lut", "ambient", "sfx", "music", "wave")


def names_from(registry: Registry, templates: Mapping[str, ast.Template]) -> KnowledgeNames:
    """What the checker needs from a registry and a set of built-in templates."""
    palettes = {name: dict(lookup.palette(registry, name).colors) for name in lookup.names(registry, "palette")}
    words = {kind: lookup.names(registry, kind) for kind in _WORD_KINDS}

    def shot_length(genre: str) -> float:
        try:
            return lookup.genre(registry, genre).shot_length_s
        except KeyError:
            return 4.0

    return KnowledgeNames(palettes=palettes, words=words, templates=templates, shot_length_s=shot_length)


def knowledge_names(world: Knowledge) -> KnowledgeNames:
    """What the checker needs from a world (computed once per world)."""
    return world.memo("api.knowledge_names", lambda: names_from(world.registry, builtin_templates(world)))


def default_world(path: str | os.PathLike | None = None) -> Knowledge:
    """The world a command-line run would use: for `path`, its project's `knowledge-overlays` and
    data directory (scenec.toml), else the user's data directory (`$SCENEC_HOME` or the platform's).

    Built afresh on every call: a program that checks or compiles many times
    should build it once and pass it as `world=`. Raises `KnowledgeError`, and
    `scenec.config.ConfigError` for a broken scenec.toml.
    """
    from scenec.config import load_settings, world_for

    start = Path(path).parent if path is not None else Path.cwd()
    return world_for(load_settings(start))


def _names(world: Knowledge | None, registry: Registry | None, path: str | os.PathLike | None) -> KnowledgeNames:
    if world is not None:
        return knowledge_names(world)
    if registry is not None:  # a bare registry, as before worlds: the shipped templates beside it
        return names_from(registry, parse_templates(builtin_template_sources()))
    return knowledge_names(default_world(path))


def _context(world: Knowledge | None, registry: Registry | None, path: str | os.PathLike | None,
             options: CompileOptions | None) -> PassContext:
    from scenec.compiler.context import PassContext
    from scenec.compiler.options import CompileOptions

    if world is not None:
        return PassContext.of(world, options)
    if registry is not None:
        return PassContext(registry, options or CompileOptions())
    return PassContext.of(default_world(path), options)


def check_file(path: str | os.PathLike, registry: Registry | None = None, text: str | None = None, *,
               world: Knowledge | None = None) -> CheckResult:
    """Check a file on disk (and what it imports); `text` stands in for unsaved contents.

    Against `world` when given (else a bare `registry`, else `default_world(path)`).
    """
    from scenec.lang.parsecache import DiskParses

    # Files on disk are parsed once and read back from the world's cache after (lang/parsecache.py).
    parses = DiskParses(world.cache) if world is not None and world.cache is not None and text is None else None
    return check_path(os.fspath(path), FileLoader(), _names(world, registry, path), text, parses)


def compile_file(path: str | os.PathLike, registry: Registry | None = None,
                 options: CompileOptions | None = None, text: str | None = None,
                 after=None, *, world: Knowledge | None = None) -> tuple[Plan | None, CheckResult]:
    """Check and compile a file; the plan is None when the check found errors."""
    from scenec.compiler.pipeline import run_passes

    if world is None and registry is None:
        world = default_world(path)
    check = check_file(path, registry, text, world=world)
    if not check.ok or not _has_scene(check):
        return None, check
    return run_passes(check, _context(world, registry, path, options), after), check


def compile_text(text: str, path: str = "/untitled.scene", registry: Registry | None = None,
                 options: CompileOptions | None = None, *,
                 world: Knowledge | None = None) -> tuple[Plan | None, CheckResult]:
    from scenec.compiler.pipeline import run_passes

    if world is None and registry is None:
        world = default_world()
    check = check_text(text, path, registry, world=world)
    if not check.ok or not _has_scene(check):
        return None, check
    return run_passes(check, _context(world, registry, None, options)), check


def _has_scene(check: CheckResult) -> bool:
    """A library (a file with no scene) checks clean but has nothing to compile: say so."""
    file = check.file
    if file is not None and file.scenes:
        return True
    source = check.graph.sources.get(check.graph.entry)
    span = source.span(0, 0) if source is not None else None
    check.diagnostics.append(error(
        "E4010", f"{check.graph.entry} defines no scene, so there is nothing to compile", span,
        "add `scene { … }`, or compile the file that imports this library"))
    return False


def check_text(text: str, path: str = "/untitled.scene", registry: Registry | None = None, *,
               world: Knowledge | None = None) -> CheckResult:
    """Check source text that lives in no file (against `world`, else `default_world()`)."""
    return check_path(path, MemoryLoader({path: text}, root=os.path.dirname(path) or "/"),
                      _names(world, registry, None))

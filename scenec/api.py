"""The public Python API: check, format, compile and render from code.

    >>> from scenec.api import check_text
    >>> check_text('scene { shot 2s { layer bg: gradient(from: navy, to: black) } }').ok
    True
"""

from __future__ import annotations

import functools
import os

from scenec.compiler.context import PassContext
from scenec.compiler.options import CompileOptions
from scenec.compiler.pipeline import run_passes
from scenec.compiler.plan import Plan
from scenec.files import FileLoader
from scenec.knowledge import lookup
from scenec.knowledge.registry import Registry, default_registry
from scenec.lang.builtins import builtin_templates
from scenec.lang.diagnostics import error
from scenec.lang.checker import CheckResult, KnowledgeNames, check_path
from scenec.lang.modules import MemoryLoader

_WORD_KINDS = ("genre", "mood", "arc", "time", "weather", "style", "lut", "ambient", "sfx", "music", "wave")


@functools.cache
def knowledge_names(registry: Registry) -> KnowledgeNames:
    """What the checker needs from a registry (cached per registry)."""
    palettes = {name: dict(lookup.palette(registry, name).colors) for name in lookup.names(registry, "palette")}
    words = {kind: lookup.names(registry, kind) for kind in _WORD_KINDS}

    def shot_length(genre: str) -> float:
        try:
            return lookup.genre(registry, genre).shot_length_s
        except KeyError:
            return 4.0

    return KnowledgeNames(palettes=palettes, words=words, templates=builtin_templates(),
                          shot_length_s=shot_length)


def check_file(path: str | os.PathLike, registry: Registry | None = None, text: str | None = None) -> CheckResult:
    """Check a file on disk (and what it imports); `text` stands in for unsaved contents."""
    registry = registry or default_registry()
    return check_path(os.fspath(path), FileLoader(), knowledge_names(registry), text)


def compile_file(path: str | os.PathLike, registry: Registry | None = None,
                 options: CompileOptions | None = None, text: str | None = None,
                 after=None) -> tuple[Plan | None, CheckResult]:
    """Check and compile a file; the plan is None when the check found errors."""
    registry = registry or default_registry()
    check = check_file(path, registry, text)
    if not check.ok or not _has_scene(check):
        return None, check
    return run_passes(check, PassContext(registry, options or CompileOptions()), after), check


def compile_text(text: str, path: str = "/untitled.scene", registry: Registry | None = None,
                 options: CompileOptions | None = None) -> tuple[Plan | None, CheckResult]:
    registry = registry or default_registry()
    check = check_text(text, path, registry)
    if not check.ok or not _has_scene(check):
        return None, check
    return run_passes(check, PassContext(registry, options or CompileOptions())), check


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


def check_text(text: str, path: str = "/untitled.scene", registry: Registry | None = None) -> CheckResult:
    """Check source text that lives in no file."""
    registry = registry or default_registry()
    return check_path(path, MemoryLoader({path: text}, root=os.path.dirname(path) or "/"),
                      knowledge_names(registry))

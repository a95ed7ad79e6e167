"""The built-in scene objects: templates written in the scene language.

They ship as `.scene` libraries in the knowledge package's `data/objects/`
folder and are parsed once. A broken built-in is a bug in scenec, so its
diagnostics raise rather than reach the user as if they were theirs.
"""

from __future__ import annotations

import functools
from importlib import resources

from scenec.lang import ast
from scenec.lang.diagnostics import render_short
from scenec.lang.parser import parse


class BuiltinError(RuntimeError):
    pass


@functools.cache
def builtin_sources() -> dict[str, str]:
    """File name → text of every shipped object library."""
    folder = resources.files("scenec.knowledge").joinpath("data").joinpath("objects")
    if not folder.is_dir():
        return {}
    return {entry.name: entry.read_text(encoding="utf-8")
            for entry in sorted(folder.iterdir(), key=lambda e: e.name) if entry.name.endswith(".scene")}


@functools.cache
def builtin_templates() -> dict[str, ast.Template]:
    templates: dict[str, ast.Template] = {}
    for name, text in builtin_sources().items():
        result = parse(text, f"<builtin>/{name}")
        if not result.ok:
            problems = "; ".join(render_short(d) for d in result.diagnostics)
            raise BuiltinError(f"built-in objects in {name} do not parse: {problems}")
        for item in result.file.items:
            if isinstance(item, ast.Template):
                templates[item.name.name] = item
    return templates

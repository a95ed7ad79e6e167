"""Imports point down the pipeline only (docs/architecture.md), and every package ships.

lang/ → compiler/ → (plan) → runtime/, with knowledge/ beside lang/ as data
and lookups, and tui/ and scenec/ on top. A module that imports upward fails
here, naming the file and the import.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PLAN_MODULES = {"scenec.compiler.plan", "scenec.compiler.plan_kinds", "scenec.compiler.plan_io",
                "scenec.compiler.tracks", "scenec.compiler.easing"}
# Pure constants every layer enforces: the runtime checks a plan file's images against the same limits.
SHARED = {"scenec.lang.limits"}
# folder -> import prefixes it must not use
FORBIDDEN = {
    "lang": ("scenec.compiler", "scenec.runtime", "scenec.tui", "scenec.cli", "scenec.api", "scenec.commands"),
    "knowledge": ("scenec.compiler", "scenec.runtime", "scenec.tui", "scenec.cli", "scenec.api", "scenec.commands"),
    "compiler": ("scenec.runtime", "scenec.tui", "scenec.cli", "scenec.api", "scenec.commands"),
    "runtime": ("scenec.lang", "scenec.tui", "scenec.cli", "scenec.api", "scenec.commands"),
}


def imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, node.module)] + [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_imports_point_down_the_pipeline(folder: str) -> None:
    problems = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for line, name in imports(path):
            if name.startswith(FORBIDDEN[folder]) and not any(name == m or name.startswith(m + ".") for m in SHARED):
                problems.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
            if folder == "runtime" and name.startswith("scenec.compiler") and \
                    not any(name == m or name.startswith(m + ".") for m in PLAN_MODULES):
                problems.append(f"{path.relative_to(ROOT)}:{line} imports {name}: the runtime sees only the plan")
    assert problems == []


def test_every_package_is_listed_for_installation() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    mapped = config["package-dir"]
    listed = set(config["packages"])
    folders = {folder: name for name, folder in mapped.items()}
    missing = []
    for init in ROOT.glob("**/__init__.py"):
        rel = init.parent.relative_to(ROOT).as_posix()
        if rel.startswith((".venv", "tests", "build")):
            continue
        top = next((f for f in sorted(folders, key=len, reverse=True) if rel == f or rel.startswith(f + "/")), None)
        if top is None:
            continue
        name = folders[top] + rel[len(top):].replace("/", ".")
        if name not in listed:
            missing.append(name)
    assert missing == []

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


# ---------------------------------------------------------------- knowledge is passed down

# The one module below the edge allowed to read the environment: the CLI, TUI and LSP call it.
ENVIRONMENT_EDGE = {"knowledge/paths.py"}
# Process-wide memos allowed below the edge: pure functions of immutable inputs, never stale.
PURE_CACHES = {
    "lang/parser.py": "the grammar, read from the package once",
    "lang/plainparse.py": "the grammar's plain tables and scanners, made from the grammar once",
    "lang/tables.py": "the key of the grammar's plain tables, from the package's own files",
    "lang/builtins.py": "a built-in library parsed, keyed by its text",
    "lang/parsecache.py": "the parser's key, from the package's own files and classes",
    "lang/tokens.py": "the grammar's lexer and keyword set, built from the grammar once",
    "lang/translate/grammar.py": "the prompt grammar's LALR tables, from fixed text",
    "compiler/plan_io.py": "a plan dataclass's fields, keyed by the class",
}


def _environment_reads(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "environb", "getenv", "getenvb") \
                and isinstance(node.value, ast.Name) and node.value.id == "os":
            found.append((node.lineno, f"os.{node.attr}"))
        elif isinstance(node, ast.ImportFrom) and node.module == "os" and \
                any(a.name in ("environ", "environb", "getenv", "getenvb") for a in node.names):
            found.append((node.lineno, "from os import environ/getenv"))
    return found


@pytest.mark.parametrize("folder", ["lang", "compiler", "knowledge"])
def test_no_module_below_the_edge_reads_the_environment(folder: str) -> None:
    problems = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in ENVIRONMENT_EDGE:
            continue
        for line, what in _environment_reads(ast.parse(path.read_text(encoding="utf-8"))):
            problems.append(f"{rel}:{line} reads {what}: take the value (or the world) as an argument")
    assert problems == []


def test_the_environment_check_sees_a_read() -> None:
    assert _environment_reads(ast.parse("import os\nhome = os.environ.get('SCENEC_HOME')\n")) == [(2, "os.environ")]
    assert _environment_reads(ast.parse("from os import getenv\n")) == [(1, "from os import environ/getenv")]


def _caches(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                if name in ("cache", "lru_cache", "cached_property"):
                    lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("folder", ["lang", "compiler", "knowledge", "scenec"])
def test_no_process_global_knowledge_cache(folder: str) -> None:
    """Knowledge lives in a world built at the edge; a module-level memo would outlive it."""
    problems = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in PURE_CACHES:
            continue
        for line in _caches(ast.parse(path.read_text(encoding="utf-8"))):
            problems.append(f"{rel}:{line} caches for the whole process")
    assert problems == []


def test_the_cache_check_sees_a_cache() -> None:
    source = "import functools\n@functools.cache\ndef a(): ...\n@functools.lru_cache(maxsize=2)\ndef b(): ...\n"
    assert _caches(ast.parse(source)) == [3, 5]

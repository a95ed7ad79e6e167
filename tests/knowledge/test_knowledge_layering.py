"""knowledge/ is data plus lookups: it must not import the layers above it."""

from __future__ import annotations

import ast
from pathlib import Path

import scenec.knowledge

# Everything under `scenec.` other than the knowledge package itself sits above
# or beside it (compiler, runtime, tui, the CLI); lang may import knowledge, not the reverse.
ALLOWED = "scenec.knowledge"


def test_knowledge_imports_point_only_down():
    root = Path(scenec.knowledge.__file__).parent
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module]
            else:
                continue
            for target in targets:
                if target == "scenec" or target.startswith("scenec."):
                    assert target == ALLOWED or target.startswith(ALLOWED + "."), f"{path.name} imports {target}"

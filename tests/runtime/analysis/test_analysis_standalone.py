"""The analysis package stands alone: it imports no other part of scenec."""

from __future__ import annotations

import ast
from pathlib import Path

import scenec.runtime.analysis as analysis


def test_imports_stay_inside_the_package():
    package = Path(analysis.__file__).parent
    offenders = []
    for module in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("scenec"):
                offenders.append(f"{module.name}: from {node.module}")
            if isinstance(node, ast.ImportFrom) and node.level > 1:
                offenders.append(f"{module.name}: relative import reaching outside the package")
            if isinstance(node, ast.Import):
                offenders += [f"{module.name}: import {a.name}" for a in node.names if a.name.startswith("scenec")]
    assert offenders == []

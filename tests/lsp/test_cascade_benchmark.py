"""`benchmarks/cascade.py` slips the files it is given as the editor sees them."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from cascade import example_paths  # noqa: E402

from scenec.lsp.analysis import analyze  # noqa: E402


def test_a_relative_example_path_is_checked_with_its_imports(monkeypatch, tmp_path):
    (tmp_path / "lib.scene").write_text("template dot() {\n  layer d: circle()\n}\n", encoding="utf-8")
    (tmp_path / "main.scene").write_text('import "lib.scene"\nscene { shot 1s { layer a: dot() } }\n',
                                         encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (path,) = example_paths(["main.scene"])
    assert path == tmp_path / "main.scene"
    result = analyze(str(path), path.read_text(encoding="utf-8"))
    assert result.check.diagnostics == []
    assert len(example_paths(None)) == len(list((ROOT / "examples").glob("*.scene")))

"""`refresh` judges runs against the knowledge their project sees: its `knowledge-overlays` too."""

from __future__ import annotations

from pathlib import Path

from scenec.knowledge.learning.store import NewRun, open_store
from scenec.knowledge.learning.suggest import refresh

PROJECT_PALETTE = """\
harbour:
  description: A project's own palette, unknown to the built-ins.
  colors:
    sky: "#203040"
    sea: "#102030"
    light: "#406080"
"""


def dark_run(palette_name: str) -> NewRun:
    check = {"kind": "brightness", "target": 0.35, "measured": 0.15, "passed": False, "detail": ""}
    return NewRun("automate", prompt="p", intent_match={"score": 0.0, "checks": [check]},
                  entries=(("palette", palette_name),))


def test_a_palette_from_a_project_overlay_gets_suggestions_when_its_overlays_are_given(tmp_path: Path) -> None:
    home, overlays = tmp_path / "home", tmp_path / "project" / "knowledge"
    overlays.mkdir(parents=True)
    (overlays / "palettes.yaml").write_text(PROJECT_PALETTE, encoding="utf-8")
    store = open_store(home)
    for _ in range(4):
        store.add_run(dark_run("harbour"))
    assert [s for s in refresh(store, home) if s.target == "harbour"] == []  # built-ins do not know it
    found = [s for s in refresh(store, home, (overlays,)) if s.kind == "palette"]
    assert [s.target for s in found] == ["harbour"]
    assert "raise" in found[0].title

"""`lang/fixes.py`: each hint that names a fix becomes an edit, and applying it removes the problem.

Every case checks a scene with one slip, takes the first fix of the
diagnostic the slip causes, applies it and checks again: that diagnostic
must be gone and no other must appear.
"""

from __future__ import annotations

import pytest

from scenec.lang.diagnostics import error
from scenec.lang.fixes import Edit, Fix, fixes_for, missing_import
from scenec.lang.span import Source
from scenec.lsp.analysis import analyze

HEAD = ('palette dusk { sky: #1d2b53  sun: #ffd36b }\n'
        'template tree(h: length = 10%) { layer t: rect(size: (5%, h), fill: green) }\n'
        'scene "T" {\n  palette dusk\n  genre calm\n  shot one wide 2s {\n'
        '    layer sun: circle(radius: 7%, fill: @sun)\n')
TAIL = "  }\n}\n"

CASES = {  # slip line -> (code, the line once fixed)
    "primitive": ("    layer b: circel(radius: 5%)", "E2015", "    layer b: circle(radius: 5%)"),
    "template": ("    layer b: tre(h: 5%)", "E2015", "    layer b: tree(h: 5%)"),
    "parameter": ("    layer b: circle(radus: 5%)", "E2005", "    layer b: circle(radius: 5%)"),
    "layer": ("    animate snu.radius to 9% over 1s", "E3003", "    animate sun.radius to 9% over 1s"),
    "property": ("    animate sun.radus to 9% over 1s", "E3009", "    animate sun.radius to 9% over 1s"),
    "no property": ("    animate sun to 50% over 1s", "E3009", "    animate sun.opacity to 50% over 1s"),
    "palette entry": ("    layer b: circle(radius: 5%, fill: @snu)", "E3005",
                      "    layer b: circle(radius: 5%, fill: @sun)"),
    "color": ("    layer b: circle(radius: 5%, fill: rde)", "E3001", "    layer b: circle(radius: 5%, fill: red)"),
    "easing": ("    animate sun.radius to 9% over 1s ease out-cubc", "E2003",
               "    animate sun.radius to 9% over 1s ease out-cubic"),
    "blend": ("    layer b: circle(radius: 5%) blend scren", "E2003", "    layer b: circle(radius: 5%) blend screen"),
    "effect": ("    layer b: circle(radius: 5%) enter fdae 1s", "E2003",
               "    layer b: circle(radius: 5%) enter fade 1s"),
    "motion": ("    layer b: circle(radius: 5%) motion flaot()", "E2003", "    layer b: circle(radius: 5%) motion float()"),
    "grade": ("    grade contrst(1.1)", "E2015", "    grade contrast(1.1)"),
    "unit": ("    layer b: circle(radius: 5pct)", "E1006", "    layer b: circle(radius: 5%)"),
    "add a unit": ("    layer b: circle(radius: 5)", "E2001", "    layer b: circle(radius: 5px)"),
    "other parameter": ("    layer b: circle(radius: red)", "E2001", "    layer b: circle(fill: red)"),
    "colon": ("    layer b circle(radius: 5%)", "E1001", "    layer b: circle(radius: 5%)"),
    "unclosed": ("    layer b: circle(radius: 5%", "E1004", "    layer b: circle(radius: 5%)"),
    "unmatched": ("    layer b: circle(radius: 5%))", "E1010", "    layer b: circle(radius: 5%)"),
    "given twice": ("    layer b: circle(radius: 5%, radius: 6%)", "E2006", "    layer b: circle(radius: 5%)"),
    "camera": ("    camera pan up 10%", "E2003", "    camera pan left 10%"),
}


def apply(text: str, fix: Fix) -> str:
    for edit in sorted(fix.edits, key=lambda e: e.start, reverse=True):
        text = text[:edit.start] + edit.new_text + text[edit.end:]
    return text


@pytest.mark.parametrize("name", CASES)
def test_the_first_fix_removes_the_problem(name, tmp_path):
    slip, code, fixed_line = CASES[name]
    text = HEAD + slip + "\n" + TAIL
    path = str(tmp_path / "f.scene")
    found = [d for d in analyze(path, text).check.diagnostics if d.code == code]
    assert found, f"the slip gives no {code}"
    fixes = fixes_for(found[0], text)
    assert fixes and fixes[0].preferred and not any(f.preferred for f in fixes[1:])
    fixed = apply(text, fixes[0])
    assert fixed == HEAD + fixed_line + "\n" + TAIL
    assert analyze(path, fixed).check.diagnostics == []


def test_a_hint_naming_no_exact_text_gives_no_fix(tmp_path):
    text = 'scene { shot 2s { layer a: circle(radius: 5%, fill: @sun) } }\n'  # `add `palette NAME``
    diagnostics = analyze(str(tmp_path / "f.scene"), text).check.diagnostics
    assert diagnostics and all(fixes_for(d, text) == () for d in diagnostics)


def test_an_import_cycle_offers_to_remove_the_import(tmp_path):
    (tmp_path / "b.scene").write_text('import "a.scene"\n', encoding="utf-8")
    text = 'import "b.scene"\nscene { shot 2s { layer a: circle(radius: 5%) } }\n'
    cycle = [d for d in analyze(str(tmp_path / "a.scene"), text).check.diagnostics if d.code == "E5003"]
    (fix,) = fixes_for(cycle[0], text)
    assert apply(text, fix) == 'scene { shot 2s { layer a: circle(radius: 5%) } }\n'


def test_a_missing_import_is_added_after_the_last_import():
    text = 'import "lib/a.scene"\nscene { shot 2s { layer t: tree() } }\n'
    source = Source("main.scene", text)
    at = text.index("tree")
    d = error("E2015", "unknown primitive or template `tree`", source.span(at, at + 4))
    fix = missing_import(d, text, {"tree": "lib/trees.scene"})
    end = len('import "lib/a.scene"\n')
    assert fix.edits == (Edit(end, end, 'import "lib/trees.scene"\n'),)
    assert missing_import(d, text, {"bush": "lib/bush.scene"}) is None


def test_edits_outside_the_text_or_changing_nothing_are_dropped():
    source = Source("x.scene", "ab")
    d = error("E2015", "unknown primitive or template `ab`", source.span(0, 2), "did you mean `ab`?")
    assert fixes_for(d, "ab") == ()
    assert fixes_for(d, "a") == ()  # the span is past the end of this text


def test_an_unclosed_block_gets_no_fix_on_its_own_line(tmp_path):
    text = 'scene {\n  shot 2s {\n    layer a: circle(radius: 5%)\n}\n'
    unclosed = [d for d in analyze(str(tmp_path / "f.scene"), text).check.diagnostics if d.code == "E1004"]
    assert unclosed and all(fixes_for(d, text) == () for d in unclosed)

"""Indentation as the editor types: Enter keeps it (deeper after `{`), `}` on a blank line
dedents, and one undo takes each back; the rules alone, then driven by the Pilot."""

from __future__ import annotations

from pathlib import Path

from scenec.tui.indentation import Retype, closing_brace, new_line, opens_block
from tests.tui.conftest import SHORT_SCENE, SIZE, build_app, settle


def test_enter_keeps_the_indentation_of_the_text_before_the_cursor() -> None:
    assert new_line("    layer a: b()", "") == Retype(0, 0, "\n    ", 1, 4)
    assert new_line("", "  shot a 1s {") == Retype(0, 0, "\n", 1, 0)  # at the line's start: nothing to keep
    assert new_line("  ", "  shot") == Retype(2, 0, "\n  ", 1, 2)  # in the indentation: the line moves down
    assert new_line("    ", "") == Retype(4, 0, "\n    ", 1, 4)  # a blank line is left empty
    assert new_line("    layer a:", "  b()") == Retype(0, 2, "\n    ", 1, 4)  # the text moved down is indented


def test_enter_after_a_brace_goes_one_level_deeper_and_splits_a_pair() -> None:
    assert new_line("  shot a 1s {", "") == Retype(0, 0, "\n    ", 1, 4)
    assert new_line("  shot a 1s {  ", "") == Retype(2, 0, "\n    ", 1, 4)  # blanks at the cut go
    assert new_line("  shot a 1s { // the opening", "") == Retype(0, 0, "\n    ", 1, 4)
    assert new_line("  shot a 1s {", "}") == Retype(0, 0, "\n    \n  ", 1, 4)
    assert new_line("scene {", " }") == Retype(0, 1, "\n  \n", 1, 2)


def test_a_brace_in_a_string_or_comment_opens_nothing() -> None:
    assert not opens_block('  title "{"')
    assert not opens_block("  // {")
    assert not opens_block("  a {", in_comment=True)  # the line is inside a block comment
    assert opens_block("a */ b {", in_comment=True)
    assert new_line('  title "{"', "") == Retype(0, 0, "\n  ", 1, 2)


def test_a_closing_brace_on_a_blank_line_dedents_it_and_elsewhere_is_typed() -> None:
    assert closing_brace("    ", "") == Retype(4, 0, "  }", 0, 3)
    assert closing_brace("  ", "  ") == Retype(2, 0, "}", 0, 1)
    assert closing_brace("\t", "") == Retype(1, 0, "}", 0, 1)
    assert closing_brace("", "") is None  # nothing to dedent
    assert closing_brace("  layer a: b(", "") is None
    assert closing_brace("  ", "x") is None


async def test_enter_in_the_editor_indents_and_one_undo_takes_it_back(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        editor = app.editor
        editor.focus()
        row = 5  # `    layer sky: gradient(...)`
        editor.cursor_location = (row, len(editor.document.get_line(row)))
        await pilot.press("enter", "x")
        assert editor.document.get_line(row + 1) == "    x"
        assert editor.cursor_location == (row + 1, 5)
        await pilot.press("ctrl+z")  # the x
        await pilot.press("ctrl+z")  # the new line and its indentation, in one step
        assert editor.text == SHORT_SCENE
        # after the `{` of `shot one 1s {`: one level deeper
        editor.cursor_location = (4, len(editor.document.get_line(4)))
        await pilot.press("enter")
        assert editor.document.get_line(5) == "    " and editor.cursor_location == (5, 4)
        await pilot.press("ctrl+z")
        assert editor.text == SHORT_SCENE


async def test_enter_between_braces_and_a_closing_brace_dedent(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        editor = app.editor
        editor.focus()
        editor.cursor_location = (14, len(editor.document.get_line(14)))  # the `  }` closing shot two
        await pilot.press("enter", *"shot three 1s {}", "left", "enter")
        assert editor.document.get_line(15) == "  shot three 1s {"
        assert editor.document.get_line(16) == "    "
        assert editor.document.get_line(17) == "  }"
        assert editor.cursor_location == (16, 4)
        # a `}` typed on a blank indented line goes one level left, and one undo restores the line
        await pilot.press("enter")
        assert editor.document.get_line(17) == "    "
        await pilot.press("}")
        assert editor.document.get_line(17) == "  }" and editor.cursor_location == (17, 3)
        await pilot.press("ctrl+z")
        assert editor.document.get_line(17) == "    "
        # typed after text, a `}` is just a `}`
        await pilot.press("x", "}")
        assert editor.document.get_line(17) == "    x}"

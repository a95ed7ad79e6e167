"""The highlighter reads the shared token stream and lexes again only the lines that changed."""

from __future__ import annotations

import pytest

from scenec.tui import highlight
from scenec.tui.highlight import LineHighlighter, highlight_text


def test_half_typed_text_still_highlights_and_strays_are_marked() -> None:
    ranges = highlight_text('layer t: text("unfinished\nlayer $ x: rect(fill: @sky)')
    assert (14, 25, "string") in ranges[0]
    assert (0, 5, "keyword") in ranges[1] and (6, 7, "scenec.lex-error") in ranges[1]
    assert (22, 26, "variable") in ranges[1]  # `@sky`, a palette entry
    assert highlight_text("  at: 3") == {0: [(6, 7, "number")]}  # a parameter name, whatever `at` spells


def test_an_edit_lexes_only_the_edited_line(monkeypatch: pytest.MonkeyPatch) -> None:
    lexed: list[str] = []
    original = highlight.lex_line
    def counted(line: str, in_comment: bool):
        lexed.append(line)
        return original(line, in_comment)
    monkeypatch.setattr(highlight, "lex_line", counted)
    lines = [f"    layer l{i}: circle(radius: {i}%)" for i in range(500)]
    highlighter = LineHighlighter()
    first = highlighter.highlight(lines)
    assert len(lexed) == 500
    lexed.clear()
    lines[250] += " depth 0.5"
    second = highlighter.highlight(lines)
    assert lexed == [lines[250]] and second[251] == first[251] and second[250] != first[250]
    lines.insert(0, "/*")  # opening a block comment changes how every later line lexes
    ranges = highlighter.highlight(lines)
    assert all(ranges[row] == [(0, len(lines[row]), "comment")] for row in range(1, len(lines)))


def _painted(editor) -> list:
    return [editor.render_line(y).text for y in range(editor.size.height)]


async def test_each_edit_repaints_only_its_rows_and_matches_a_fresh_highlight() -> None:
    """Typed keys, new lines, a block comment opened and closed, a paste over lines, undo: after each,
    every row's highlights equal a whole-text highlight, and the painted lines equal a fresh paint."""
    from textual.app import App

    from scenec.tui.widgets.scene_editor import SceneEditor

    text = "\n".join(f"    layer l{i}: circle(radius: {i}%) // {i}" for i in range(60))

    class One(App):
        def compose(self):
            yield SceneEditor(text)

    app = One()
    async with app.run_test(size=(100, 30)) as pilot:
        editor = app.query_one(SceneEditor)
        editor.scroll_to(y=5, animate=False)
        await pilot.pause()

        def same() -> None:
            whole = highlight_text(editor.text)
            for row in range(editor.document.line_count):
                assert editor._highlights[row] == whole.get(row, []), row
            cached = _painted(editor)
            editor._line_cache.clear()
            assert cached == _painted(editor)

        same()
        for key in "fill: @x":
            editor.cursor_location = (10, len(editor.document.get_line(10)) - 5)
            await pilot.press("space" if key == " " else key)
            same()
        editor.insert("/* open\n", (8, 0))
        same()
        editor.insert(" closed */", (12, 0))
        same()
        editor.replace("layer a: rect()\nlayer b", (14, 4), (17, 9))
        same()
        editor.undo()
        same()
        editor.insert("\n" * 3, (0, 0))  # the gutter does not widen here, every row moves
        same()


async def test_the_screen_after_cursor_moves_and_edits_equals_a_full_repaint() -> None:
    """Moves repaint only the rows the cursor left and entered, edits only their rows: what the
    screen shows must still be what repainting everything shows (cursor line, selection, brackets)."""
    from textual.app import App
    from textual.widgets.text_area import Selection

    from scenec.tui.widgets.scene_editor import SceneEditor

    text = "\n".join(f"    layer l{i}: circle(radius: {i}%)" for i in range(40))

    class One(App):
        def compose(self):
            yield SceneEditor(text)

    app = One()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.query_one(SceneEditor)
        editor.cursor_blink = False
        editor.focus()
        await pilot.pause()

        async def same(step: str) -> None:
            await pilot.pause()
            shown = app.export_screenshot()
            editor.refresh()
            await pilot.pause()
            assert shown == app.export_screenshot(), step

        for step in ("down", "down", "end", "left", "up", "shift+down", "shift+down", "x", "enter", "backspace",
                     "pagedown", "up"):
            await pilot.press(step)
            await same(step)
        editor.cursor_location = (3, len("    layer l3: circle"))  # on `(`: its `)` is marked
        await same("bracket")
        editor.selection = Selection((1, 2), (5, 3))
        await same("selection")
        editor.cursor_location = (6, 0)
        await same("away")
        editor.replace("layer zz", (10, 4), (10, 12))  # an edit away from the cursor (a rename, a fix)
        await same("edit elsewhere")

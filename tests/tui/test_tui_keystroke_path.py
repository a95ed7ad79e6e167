"""What a key costs the editor: the text is joined once per edit, not once per read, and typing past
the right edge moves the view in jumps, so a key repaints its own rows rather than every visible one."""

from __future__ import annotations

from textual.app import App

from scenec.tui.widgets.scene_editor import SceneEditor

TEXT = "\n".join(f"    layer l{i}: circle(radius: {i}%)" for i in range(40))


class One(App):
    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def compose(self):
        yield SceneEditor(self._text)


async def test_the_text_is_joined_once_per_edit_and_always_current() -> None:
    app = One(TEXT)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.query_one(SceneEditor)
        editor.focus()

        def current() -> str:
            text = editor.text
            assert text is editor.text, "a second read joins the lines again"
            assert text == "\n".join(editor.document.lines)
            return text

        before = current()
        editor.cursor_location = (3, 4)
        await pilot.press("x", "enter")
        typed = current()
        assert typed != before and typed.split("\n")[3] == "    x"
        editor.undo()  # the new line
        assert current().split("\n")[3] == "    xlayer l3: circle(radius: 3%)"
        editor.undo()  # the x
        assert current() == before
        editor.redo()
        editor.redo()
        assert current() == typed
        editor.load_text("scene {}")
        assert current() == "scene {}"
        editor.replace("shot", (0, 0), (0, 5))
        assert current() == "shot {}"


async def test_typing_past_the_right_edge_moves_the_view_in_jumps() -> None:
    app = One(TEXT)
    async with app.run_test(size=(60, 20)) as pilot:
        editor = app.query_one(SceneEditor)
        editor.cursor_blink = False
        editor.focus()
        editor.cursor_location = (5, len(editor.document.get_line(5)))
        await pilot.pause()
        width = editor.scrollable_content_region.width - editor.gutter_width
        jump = editor._side_jump()
        assert 8 <= jump < width
        offsets = []
        for key in "x" * 120:
            await pilot.press(key)
            column = editor.cursor_location[1]
            scroll_x = editor.scroll_offset.x
            assert scroll_x <= column < scroll_x + width, "the cursor stays in view"
            offsets.append(scroll_x)
        moves = sum(1 for a, b in zip(offsets, offsets[1:]) if a != b)
        overflow = len(editor.document.get_line(5)) + 1 - width
        assert 1 <= moves <= overflow // jump + 1, (moves, overflow, jump)
        shown = app.export_screenshot()
        editor.refresh()
        await pilot.pause()
        assert shown == app.export_screenshot(), "the jumps left a stale row"
        await pilot.press("home")
        assert editor.scroll_offset.x == 0
        await pilot.press("end")
        assert editor.scroll_offset.x > 0 and editor.cursor_location[1] < editor.scroll_offset.x + width

"""The editor: live diagnostics, jumping to them, saving, quitting."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from scenec.tui.widgets.diagnostics_panel import DiagnosticsPanel
from scenec.tui.widgets.dialogs import ConfirmDialog
from tests.tui.conftest import SIZE, build_app, settle


async def test_typing_an_error_shows_it_and_fixing_it_clears_it(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        panel = app.query_one(DiagnosticsPanel)
        assert panel.diagnostics == ()
        assert "no problems" in panel.summary
        # Line 8 (0-based 7) is `animate sun.at ...`; point it at a layer that does not exist.
        line = app.editor.document.get_line(7)
        column = line.index("sun.at")
        app.editor.cursor_location = (7, column)
        app.editor.focus()
        await pilot.press("z", "z")
        await settle(app, pilot)
        assert panel.diagnostics, "a reference to an unknown layer must be reported"
        assert any(d.is_error for d in panel.diagnostics)
        assert "error" in panel.summary
        assert app.editor.marks, "the offending span is marked in the editor"
        assert app.title.endswith("*")
        await pilot.press("backspace", "backspace")
        await settle(app, pilot)
        assert panel.diagnostics == ()
        assert app.editor.marks == ()
        assert not app.title.endswith("*"), "back to the saved text: nothing unsaved"


async def test_choosing_a_diagnostic_moves_the_cursor_there(tmp_path: Path) -> None:
    path = tmp_path / "broken.scene"
    path.write_text('scene "B" {\n  shot a 1s {\n    layer x: nosuchthing(size: 3)\n  }\n}\n', encoding="utf-8")
    app = build_app(path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        panel = app.query_one(DiagnosticsPanel)
        assert panel.diagnostics
        span = panel.diagnostics[0].span
        assert app.editor.cursor_location == (0, 0)
        await pilot.press("f2")
        assert isinstance(app.focused, OptionList)
        await pilot.press("enter")
        await pilot.pause()
        assert app.editor.cursor_location == (span.line - 1, span.column - 1)
        assert app.focused is app.editor


async def test_ctrl_s_saves_atomically_and_clears_the_mark(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("end", "space", "/", "/", "space", "h", "i")
        assert app.buffer.dirty and app.title.endswith("*")
        assert scene_file.read_text().startswith('scene "Tiny" {\n')  # never an autosave
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert scene_file.read_text().startswith('scene "Tiny" { // hi\n')
        assert not app.buffer.dirty and not app.title.endswith("*")
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


async def test_a_missing_file_opens_empty_and_is_created_on_save(tmp_path: Path) -> None:
    path = tmp_path / "new.scene"
    app = build_app(path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.editor.text == ""
        assert not path.exists()
        app.editor.insert('scene "N" { shot a 1s { layer b: gradient(from: red, to: blue) } }')
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_text().startswith('scene "N"')


async def test_quit_with_unsaved_changes_asks_first(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running
    assert scene_file.read_text().startswith('scene "Tiny" {\n')  # quitting never saves


async def test_quit_without_changes_exits_at_once(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_a_folder_or_binary_file_shows_a_message_not_a_crash(tmp_path: Path) -> None:
    binary = tmp_path / "bin.scene"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    for path in (tmp_path, binary):
        app = build_app(path, tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()  # the message is shown on mount (and goes after 10 s, maybe before a loaded
            shown = [n.message for n in app._notifications]  # machine has settled the first check)
            assert any("cannot open" in m or "folder" in m for m in shown), shown
            await settle(app, pilot)
            assert app.is_running

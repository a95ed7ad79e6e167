"""The dashboard's editor services and file handling, driven by the Pilot: hints with problems,
jumping into imported files, open file, completion, hover, definition, recorded renders, one Quit,
save-and-quit."""

from __future__ import annotations

from pathlib import Path

from scenec.knowledge.learning.store import open_store
from scenec.tui.widgets.completion_menu import CompletionMenu
from scenec.tui.widgets.diagnostics_panel import DiagnosticsPanel
from scenec.tui.widgets.dialogs import ConfirmDialog, PathDialog
from scenec.tui.widgets.learning_view import LearningView
from scenec.tui.widgets.open_dialog import OpenFileDialog
from scenec.tui.widgets.render_panel import RenderPanel
from tests.tui.conftest import SIZE, build_app, settle, until

LIB = """palette glow {
  core: #ffd36b
}

template lamp(at: vec) {
  layer body: circle(at: at, radius: 5%, fill: yelow)
}
"""

MAIN = """import "lib.scene"

scene {
  size 64x36
  fps 12
  palette glow
  shot one 1s {
    layer sky: gradient(from: navy, to: black)
    layer l: lamp(at: (50%, 50%))
  }
}
"""


def _project(tmp_path: Path) -> Path:
    (tmp_path / "scenec.toml").write_text("")
    (tmp_path / "lib.scene").write_text(LIB)
    main = tmp_path / "main.scene"
    main.write_text(MAIN)
    return main


async def test_a_problem_shows_its_hint_and_choosing_it_opens_the_imported_file(tmp_path: Path) -> None:
    main = _project(tmp_path)
    app = build_app(main, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        panel = app.query_one(DiagnosticsPanel)
        problem = next(d for d in panel.diagnostics if "yelow" in d.message)
        assert problem.hints and problem.span.file.endswith("lib.scene")
        shown = str(app.query_one("#problems").get_option_at_index(panel.diagnostics.index(problem)).prompt)
        assert "help:" in shown and problem.hints[0] in shown
        await pilot.press("f2")
        app.query_one("#problems").highlighted = panel.diagnostics.index(problem)
        await pilot.press("enter")
        assert await until(pilot, lambda: app.buffer.path is not None and app.buffer.path.name == "lib.scene")
        assert len(app.buffers) == 2 and app.editor.text == LIB
        assert app.editor.cursor_location == (problem.span.line - 1, problem.span.column - 1)


async def test_open_file_opens_project_files_and_refuses_others(tmp_path: Path) -> None:
    main = _project(tmp_path / "project") if (tmp_path / "project").mkdir() is None else None
    outside = tmp_path / "outside.scene"
    outside.write_text(MAIN)
    app = build_app(main, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, OpenFileDialog)
        assert await until(pilot, lambda: app.screen.listed)
        await pilot.press(*"lib", "enter")
        assert await until(pilot, lambda: app.buffer.name == "lib.scene")
        assert app.open_path(str(outside)) is False
        assert app.buffer.name == "lib.scene" and len(app.buffers) == 2
        assert await until(pilot, lambda: any("outside the project" in n.message for n in app._notifications))
        assert app.open_path("main.scene") and app.current == 0 and len(app.buffers) == 2  # already open


async def test_completion_pops_up_after_a_colon_and_inserts_the_choice(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.editor.cursor_location = (6, 0)
        app.editor.insert("    layer moon\n")
        app.editor.cursor_location = (6, 14)
        await pilot.press(":")
        menu = app.query_one(CompletionMenu)
        assert await until(pilot, lambda: menu.is_open)
        assert "circle" in [c.label for c in menu.choices]
        index = [c.label for c in menu.choices].index("circle")
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        assert app.editor.document.get_line(6).startswith("    layer moon: circle()")
        assert app.editor.cursor_location == (6, len("    layer moon: circle("))
        assert app.focused is app.editor
        # between the empty parentheses, the parameters are offered next
        assert await until(pilot, lambda: menu.is_open and "radius:" in [c.label for c in menu.choices])
        assert not app._services.in_process  # the analyses were made in the services' child process
        await pilot.press("escape")
        assert not menu.is_open


async def test_a_chosen_call_leaves_its_first_required_parameter_selected(tmp_path: Path) -> None:
    main = _project(tmp_path)
    (tmp_path / "lib.scene").write_text(LIB.replace("template lamp(at: vec)", "template lamp(at: vec, glow: number)"))
    app = build_app(main, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for word, line in (("lamp", "    layer b: lamp(at: at, glow: glow)"),
                           ("line", "    layer b: line(from: from, to: to)")):
            app.editor.cursor_location = (7, 0)
            app.editor.insert("    layer b\n")
            app.editor.cursor_location = (7, 11)
            await pilot.press(":")
            menu = app.query_one(CompletionMenu)
            assert await until(pilot, lambda: menu.is_open)
            for _ in range([c.label for c in menu.choices].index(word)):
                await pilot.press("down")
            await pilot.press("enter")
            assert app.editor.document.get_line(7) == line
            placeholder = line[line.index("(") + 1:].split(":")[0]  # the first parameter's name
            first = line.index(": ", line.index("(")) + 2
            assert app.editor.selected_text == placeholder and app.editor.selection.start == (7, first)
            await pilot.press("x")  # typing replaces the placeholder
            assert app.editor.document.get_line(7) == line[:first] + "x" + line[first + len(placeholder):]
            app.editor.replace("", (7, 0), (8, 0))


async def test_ctrl_space_completes_palette_entries_and_other_keys_close_the_menu(tmp_path: Path) -> None:
    main = _project(tmp_path)
    app = build_app(main, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.editor.cursor_location = (7, 0)
        app.editor.insert("    layer x: rect(fill: @c)\n")
        app.editor.cursor_location = (7, 26)
        await pilot.press("ctrl+space")
        menu = app.query_one(CompletionMenu)
        assert await until(pilot, lambda: menu.is_open)
        assert [c.label for c in menu.choices] == ["core"]
        await pilot.press("x")  # not a menu key: the menu goes and the key is typed
        assert not menu.is_open and "@cx)" in app.editor.document.get_line(7)


async def test_hover_and_definition_answer_at_the_cursor(tmp_path: Path) -> None:
    main = _project(tmp_path)
    app = build_app(main, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        app.editor.cursor_location = (7, 17)  # `gradient`
        await pilot.press("f9")
        assert await until(pilot, lambda: app.hover_shown is not None)
        assert "gradient" in app.hover_shown
        app.editor.cursor_location = (8, 15)  # `lamp`, a template in the imported file
        await pilot.press("f12")
        assert await until(pilot, lambda: app.buffer.name == "lib.scene")
        assert app.editor.cursor_location == (4, 9)


async def test_a_render_in_the_dashboard_is_recorded_for_the_learning_view(scene_file: Path, tmp_path: Path,
                                                                          monkeypatch) -> None:
    monkeypatch.delenv("SCENEC_NO_RECORD", raising=False)  # recording on, as for a user
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        panel = app.query_one(RenderPanel)
        assert await until(pilot, lambda: not panel.running and panel.last_output is not None)
        assert await until(pilot, lambda: app.query_one(LearningView).query_one("#runs").row_count == 1)
    runs = open_store(tmp_path / "home").runs()
    assert len(runs) == 1 and runs[0].kind == "render"
    assert runs[0].source_path == str(scene_file.resolve()) and runs[0].settings["from"] == "dashboard"


async def test_the_palette_lists_one_quit_and_save_and_quit(scene_file: Path, tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles.count("Quit") == 1 and "Save and quit" in titles and "Open file" in titles


async def test_save_and_quit_saves_every_buffer_and_asks_a_name_for_an_untitled_one(scene_file: Path,
                                                                                   tmp_path: Path) -> None:
    app = build_app(scene_file, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.editor.insert("// edited\n", (0, 0))
        await pilot.press("ctrl+n")
        app.editor.insert("// new\n", (0, 0))
        await pilot.press("ctrl+q")  # quit asks first: unsaved work
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.press("f10")
        assert isinstance(app.screen, PathDialog)
        app.screen.query_one("#path-input").value = str(tmp_path / "second.scene")
        await pilot.press("enter")
        assert await until(pilot, lambda: not app.is_running)
    assert scene_file.read_text().startswith("// edited\n")
    assert (tmp_path / "second.scene").read_text().startswith("// new\n")

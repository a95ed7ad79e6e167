"""The open-file picker (Ctrl+O): the project's `.scene` files and folders, filtered as you type;
the listing alone, then driven by the Pilot."""

from __future__ import annotations

from pathlib import Path

from scenec.tui.project_files import Entry, scan_project, shown
from scenec.tui.widgets.open_dialog import OpenFileDialog
from tests.tui.conftest import SHORT_SCENE, SIZE, build_app, settle, until


def _tree(root: Path) -> Path:
    """A project: two scenes at the top, two in folders, and files the picker must not list."""
    (root / "scenec.toml").write_text("")
    for name in ("main.scene", "lib.scene", "shots/opening.scene", "shots/night/stars.scene",
                 ".hidden/secret.scene", "node_modules/pkg/x.scene", "assets/sun.png", "notes.txt"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SHORT_SCENE)
    (root / "empty").mkdir()
    return root / "main.scene"


def test_the_listing_holds_scene_files_and_the_folders_leading_to_them(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    _tree(tmp_path / "project")
    (tmp_path / "elsewhere.scene").write_text(SHORT_SCENE)
    (tmp_path / "project" / "link.scene").symlink_to(tmp_path / "elsewhere.scene")  # outside: left out
    listing = scan_project(tmp_path / "project")
    assert listing.complete
    assert listing.entries == (Entry("shots", True), Entry("shots/night", True), Entry("lib.scene", False),
                               Entry("main.scene", False), Entry("shots/opening.scene", False),
                               Entry("shots/night/stars.scene", False))
    assert not scan_project(tmp_path / "project", limit=3).complete


def test_a_folder_lists_its_folders_then_files_and_a_filter_searches_below_it(tmp_path: Path) -> None:
    _tree(tmp_path)
    entries = scan_project(tmp_path).entries
    assert [e.path for e in shown(entries, "", "")] == ["shots", "lib.scene", "main.scene"]
    assert [e.path for e in shown(entries, "shots", "")] == ["shots/night", "shots/opening.scene"]
    assert [e.path for e in shown(entries, "", "STARS")] == ["shots/night/stars.scene"]  # case aside
    assert [e.path for e in shown(entries, "", "night")] == ["shots/night", "shots/night/stars.scene"]
    assert [e.path for e in shown(entries, "", "sh st")] == ["shots/night/stars.scene"]  # every word
    assert [e.path for e in shown(entries, "", "scene")][:2] == ["lib.scene", "main.scene"]
    assert shown(entries, "shots", "main") == []  # only below the folder shown


def _listed(app) -> list[str]:
    options = app.screen.query_one("#open-list")
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_ctrl_o_lists_filters_and_opens_or_switches_to_a_file(tmp_path: Path) -> None:
    main = _tree(tmp_path)
    app = build_app(main, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, OpenFileDialog)
        assert await until(pilot, lambda: app.screen.listed)
        assert _listed(app) == ["shots/", "lib.scene", "main.scene  (open)"]
        await pilot.press(*"stars")
        assert _listed(app) == ["shots/night/stars.scene"]
        await pilot.press("enter")
        assert await until(pilot, lambda: app.buffer.name == "stars.scene")
        assert len(app.buffers) == 2 and app.editor.text == SHORT_SCENE
        # a file already open: its tab is shown, no second buffer
        await pilot.press("ctrl+o")
        assert await until(pilot, lambda: isinstance(app.screen, OpenFileDialog) and app.screen.listed)
        await pilot.press(*"main", "enter")
        assert await until(pilot, lambda: app.current == 0)
        assert len(app.buffers) == 2 and app.buffer.name == "main.scene"


async def test_the_picker_walks_folders_and_keeps_to_the_project(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    main = _tree(tmp_path / "project")
    (tmp_path / "outside.scene").write_text(SHORT_SCENE)
    app = build_app(main, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        assert await until(pilot, lambda: isinstance(app.screen, OpenFileDialog) and app.screen.listed)
        await pilot.press("enter")  # `shots/`, the first entry: into the folder
        assert app.screen.folder == "shots" and _listed(app) == ["night/", "opening.scene"]
        await pilot.press("down", "enter")
        assert await until(pilot, lambda: app.buffer.name == "opening.scene")
        await pilot.press("ctrl+o")
        assert await until(pilot, lambda: isinstance(app.screen, OpenFileDialog) and app.screen.listed)
        await pilot.press("enter", "enter")  # shots/, then night/
        assert app.screen.folder == "shots/night"
        await pilot.press("backspace")  # an empty filter: up a folder
        assert app.screen.folder == "shots"
        await pilot.press("backspace", "backspace")  # up to the root, and no further
        assert app.screen.folder == ""
        await pilot.press("escape")
        assert not isinstance(app.screen, OpenFileDialog) and app.buffer.name == "opening.scene"
        # a path typed that matches nothing is handed to the app, which keeps to the project
        await pilot.press("ctrl+o")
        assert await until(pilot, lambda: isinstance(app.screen, OpenFileDialog) and app.screen.listed)
        await pilot.press(*"../outside.scene")
        assert _listed(app) == []
        await pilot.press("enter")
        assert await until(pilot, lambda: any("outside the project" in n.message for n in app._notifications))
        assert len(app.buffers) == 2 and app.buffer.name == "opening.scene"
        # ... and opens a new file inside it, created on save
        await pilot.press("ctrl+o")
        assert await until(pilot, lambda: isinstance(app.screen, OpenFileDialog) and app.screen.listed)
        await pilot.press(*"shots/new.scene", "enter")
        assert await until(pilot, lambda: app.buffer.name == "new.scene")
        assert app.editor.text == "" and not (tmp_path / "project" / "shots" / "new.scene").exists()


async def test_a_long_listing_shows_its_first_entries_and_says_to_narrow(tmp_path: Path, monkeypatch) -> None:
    from scenec.tui.widgets import open_dialog
    monkeypatch.setattr(open_dialog, "MAX_SHOWN", 3)
    main = _tree(tmp_path)
    for i in range(5):
        (tmp_path / f"extra{i}.scene").write_text(SHORT_SCENE)
    app = build_app(main, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        assert await until(pilot, lambda: isinstance(app.screen, OpenFileDialog) and app.screen.listed)
        assert len(_listed(app)) == 3
        assert "first 3 of 8: type to narrow" in str(app.screen.query_one("#open-where").render())
        await pilot.press(*"extra4")
        assert _listed(app) == ["extra4.scene"]

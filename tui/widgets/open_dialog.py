"""The open-file picker (Ctrl+O): the project's `.scene` files and the folders
that hold them, filtered as you type.

The filter field keeps the focus: typing filters (every word of it must be
in the path), Up and Down move through the list, Enter opens the file (or
goes into the folder) highlighted, Backspace in an empty filter goes up a
folder, Escape cancels. With nothing listed, Enter hands back what was typed
as a path (a new file is created on save, as `scenec tui NEW.scene` does).
The picker never goes above the project root; the app decides what may be
opened (`FileActions.open_path`) and switches to the tab of a file already
open. The folder is walked in a thread worker, so a large one never holds
the dashboard up.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from scenec.tui.project_files import Entry, Listing, scan_project, shown

MAX_SHOWN = 500  # entries listed at once: more is a list nobody scrolls, and slow to redraw per key


class FilterInput(Input):
    """The picker's filter; Backspace with nothing typed goes up a folder."""

    def action_delete_left(self) -> None:
        if not self.value and isinstance(self.screen, OpenFileDialog):
            self.screen.go_up()
            return
        super().action_delete_left()


class OpenFileDialog(ModalScreen[str | None]):
    """Picks a `.scene` file of the project at `root`; dismisses with its absolute path, with a
    path typed when nothing matched, or with None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("pagedown", "move(10)", "Page down", show=False),
        Binding("pageup", "move(-10)", "Page up", show=False),
    ]
    DEFAULT_CSS = """
    OpenFileDialog { align: center middle; }
    OpenFileDialog > Vertical {
        width: 80; max-width: 95%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    OpenFileDialog #open-where { color: $text-muted; }
    OpenFileDialog #open-list { height: auto; max-height: 20; border: none; }
    OpenFileDialog #open-help { color: $text-muted; }
    """

    def __init__(self, root: Path, open_paths: frozenset[Path] = frozenset()) -> None:
        super().__init__()
        self.root = root.resolve()
        # the open files as the listing names them, so marking one costs no look-up on disk
        self._open = {p.relative_to(self.root).as_posix() for p in open_paths if self.root in p.parents}
        self._listing: Listing | None = None
        self.folder = ""  # relative to the root, "" for the root itself
        self.entries_shown: list[Entry] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Open a .scene file of {self.root}", id="open-title")
            yield FilterInput(placeholder="type to filter", id="open-filter")
            yield Label("", id="open-where")
            yield OptionList(id="open-list")
            yield Label("↑↓ choose · Enter opens · Backspace in an empty filter goes up · Esc cancels",
                        id="open-help")

    def on_mount(self) -> None:
        self.query_one(OptionList).can_focus = False  # the filter keeps the keys
        self.query_one(FilterInput).focus()
        self._show()
        self._scan()

    @work(thread=True, exclusive=True)
    def _scan(self) -> None:
        listing = scan_project(self.root)
        self.app.call_from_thread(self._listed, listing)

    def _listed(self, listing: Listing) -> None:
        self._listing = listing
        self._show()

    @property
    def listed(self) -> bool:
        """The project's folder has been walked."""
        return self._listing is not None

    # ---------------------------------------------------------------- what is shown

    def _show(self) -> None:
        options = self.query_one(OptionList)
        query = self.query_one(FilterInput).value
        where = f"in {self.folder}/" if self.folder else "in the project folder"
        if self._listing is None:
            self.entries_shown = []
            note = "listing the project's files…"
        else:
            self.entries_shown = shown(self._listing.entries, self.folder, query)
            note = "" if self.entries_shown else \
                "nothing matches: Enter opens the path typed" if query.strip() else "no .scene files here"
            if not self._listing.complete:
                note = f"{note} (the folder is too large: only part of it was listed)".strip()
        if len(self.entries_shown) > MAX_SHOWN:
            note = f"{note} (the first {MAX_SHOWN} of {len(self.entries_shown)}: type to narrow)".strip()
            self.entries_shown = self.entries_shown[:MAX_SHOWN]
        self.query_one("#open-where", Label).update(f"{where}  {note}".rstrip())
        options.clear_options()
        options.add_options([Option(self._label(entry), id=str(i)) for i, entry in enumerate(self.entries_shown)])
        if self.entries_shown:
            options.highlighted = 0

    def _label(self, entry: Entry) -> Text:
        relative = entry.path[len(self.folder) + 1:] if self.folder else entry.path
        if entry.is_dir:
            return Text.assemble((relative + "/", "bold"))
        label = Text(relative)
        if entry.path in self._open:
            label.append("  (open)", style="italic dim")
        return label

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show()

    # ---------------------------------------------------------------- choosing

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if self.entries_shown:
            current = options.highlighted or 0
            options.highlighted = max(0, min(len(self.entries_shown) - 1, current + step))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        highlighted = self.query_one(OptionList).highlighted
        if self.entries_shown and highlighted is not None:
            self._choose(self.entries_shown[highlighted])
        elif event.value.strip() and self._listing is not None:
            self.dismiss(event.value.strip())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(self.entries_shown[int(event.option.id)])

    def _choose(self, entry: Entry) -> None:
        if entry.is_dir:
            self.enter_folder(entry.path)
        else:
            self.dismiss(str(self.root / entry.path))

    def enter_folder(self, folder: str) -> None:
        self.folder = folder
        filter_input = self.query_one(FilterInput)
        if filter_input.value:
            filter_input.value = ""  # its Changed message shows the folder
        else:
            self._show()

    def go_up(self) -> None:
        if self.folder:
            parent = self.folder.rpartition("/")[0]
            self.enter_folder(parent)

    def action_cancel(self) -> None:
        self.dismiss(None)

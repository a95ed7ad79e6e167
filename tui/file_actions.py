"""The dashboard's file actions: open (a picker of the project's files), save, save as, new, next
buffer, quit and save-and-quit.

A mixin of `ScenecApp` (it reads and sets the app's `buffers` and
`current`), kept apart so the app module stays about routing. Guarantees:
nothing is saved without being asked; no action loses unsaved text (quit
asks, save-and-quit saves every buffer first and asks for a name for an
untitled one, and stops if a save fails); a file is opened only from inside
the project (the folder holding scenec.toml above the buffer, or the
buffer's own folder), and anything else gets a message saying why.
"""

from __future__ import annotations

from pathlib import Path

from scenec.files import find_project_root
from scenec.tui.buffers import Buffer, BufferError, open_buffer, save_buffer
from scenec.tui.widgets.dialogs import ConfirmDialog, PathDialog
from scenec.tui.widgets.open_dialog import OpenFileDialog


class FileActions:
    """Buffer and file actions of the app (a mixin: `self` is the `ScenecApp`)."""

    buffers: list[Buffer]
    current: int

    # ---------------------------------------------------------------- where files may come from

    def project_root(self) -> Path:
        """The folder files may be opened from: the project of the buffer shown (or of the
        folder the dashboard started in)."""
        for buffer in (self.buffer, *self.buffers):
            if buffer.path is not None:
                return find_project_root(buffer.path.resolve())
        return find_project_root(Path.cwd())

    def resolve_openable(self, answer: str) -> tuple[Path | None, str | None]:
        """The file `answer` names (relative to the project root) when it may be opened, else a reason."""
        root = self.project_root().resolve()
        path = Path(answer).expanduser()
        path = (path if path.is_absolute() else root / path).resolve()
        if path != root and root not in path.parents:
            return None, f"{answer} is outside the project folder {root}; only its files can be opened here"
        if path.is_dir():
            return None, f"{answer} is a folder; give a .scene file"
        if path.suffix != ".scene":
            return None, f"{answer} is not a .scene file"
        return path, None

    # ---------------------------------------------------------------- open

    def action_open_file(self) -> None:
        """The picker of the project's `.scene` files; the one chosen opens (or its tab is shown)."""
        def chosen(answer: str | None) -> None:
            if answer:
                self.open_path(answer)
        opened = frozenset(b.path.resolve() for b in self.buffers if b.path is not None)
        self.push_screen(OpenFileDialog(self.project_root(), opened), chosen)

    def open_path(self, answer: str, line: int | None = None, column: int = 1) -> bool:
        """Show the file `answer` names (switching to its buffer when it is open), optionally at a
        1-based line and column; False, with a message, when it cannot be opened."""
        path, reason = self.resolve_openable(answer)
        if path is None:
            self.notify(reason, severity="error", timeout=10)
            return False
        index = next((i for i, b in enumerate(self.buffers) if b.path is not None and b.path.resolve() == path),
                     None)
        if index is None:
            try:
                buffer, notice = open_buffer(path)
            except BufferError as error:
                self.notify(str(error), severity="error", timeout=10)
                return False
            if notice:
                self.notify(notice, timeout=8)
            self._open(buffer)
        elif index != self.current:
            self._switch(index)
        if line is not None:
            self.move_cursor(line, column)
        self.editor.focus()
        return True

    # ---------------------------------------------------------------- save

    def _sync(self) -> None:
        """Take the editor's text now: a Changed message may still be queued."""
        shown = self._shown_index
        if shown is not None and self.editor.text != self.buffers[shown].text:
            self.buffers[shown] = self.buffers[shown].edited(self.editor.text)

    def action_save(self) -> None:
        self._sync()
        if self.buffer.path is None:
            self.action_save_as()
            return
        self._save_to(self.buffer.path)

    def action_save_as(self, then=None) -> None:
        def chosen(answer: str | None) -> None:
            if answer and self._save_to(Path(answer).expanduser()) and then is not None:
                then()
        default = str(self.buffer.path) if self.buffer.path else str(self.project_root() / "untitled.scene")
        self.push_screen(PathDialog("Save the scene as:", default), chosen)

    def _save_to(self, path: Path, index: int | None = None) -> bool:
        index = self.current if index is None else index
        try:
            self.buffers[index] = save_buffer(self.buffers[index], path)
        except BufferError as error:
            self.notify(str(error), severity="error", timeout=10)
            return False
        self._update_title()
        self.notify(f"saved {path}")
        if index == self.current:
            self._film_shown = None  # the preview reads assets beside the file, which may have moved
            self._start_check()  # the file name may have changed
        return True

    def action_new_buffer(self) -> None:
        buffer, _ = open_buffer(None)
        self._open(buffer)
        self.editor.focus()

    def action_next_buffer(self) -> None:
        if len(self.buffers) > 1:
            self._switch((self.current + 1) % len(self.buffers))

    # ---------------------------------------------------------------- quit

    def _leave(self) -> None:
        self.query_one("#render").cancel()
        self.exit()

    async def action_quit(self) -> None:
        self._sync()
        dirty = [b.name for b in self.buffers if b.dirty]
        if not dirty:
            self._leave()
            return

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self._leave()
        names = ", ".join(dirty)
        self.push_screen(ConfirmDialog(f"Unsaved changes in {names}. Quit without saving?",
                                       yes="Quit", no="Keep editing"), answered)

    def action_save_and_quit(self) -> None:
        """Save every changed buffer, then quit; an untitled one is asked a name first, and a
        save that fails (or a name not given) keeps the dashboard open."""
        self._sync()
        for index, buffer in enumerate(self.buffers):
            if not buffer.dirty:
                continue
            if buffer.path is None:
                if index != self.current:
                    self._switch(index)
                self.action_save_as(then=self.action_save_and_quit)
                return
            if not self._save_to(buffer.path, index):
                return
        self._leave()

"""The editor's language services as app actions: complete (Ctrl+Space, and after `@` and `:`),
hover (F9) and go to definition (F12).

A mixin of `ScenecApp`. Each action reads the buffer and the cursor on the
UI thread and hands them, from a thread worker, to the services' child
process (`self._services`, a `check_service.ChildService` running
`editor_services`' functions: the LSP's own, over an analysis kept per
text), so the UI loop never shares its interpreter with an analysis; the
answer is applied on the UI thread only if the text has not changed
meanwhile, so a late answer never lands in text it was not made for. A
request superseded before the child took it is dropped (latest wins).
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.widgets.text_area import Selection

from scenec.tui.editor_services import (Choice, complete_in, definition_in, hover_in, insertion, prepare_in,
                                        word_before)
from scenec.tui.widgets.completion_menu import CompletionMenu
from scenec.tui.work import UNTITLED


class EditorServices:
    """Completion, hover and definition (a mixin: `self` is the `ScenecApp`)."""

    def _request(self) -> tuple[str, str, int, dict[str, str]]:
        """(path, text, cursor offset, the other buffers' unsaved texts) of the buffer shown."""
        self._sync()
        path = str(self.buffer.path.resolve()) if self.buffer.path is not None else UNTITLED
        text = self.editor.text
        return path, text, self.editor.document.get_index_from_location(self.editor.cursor_location), \
            self._open_files()

    @work(thread=True, group="prepare")
    def prepare_services(self, path: str, text: str, offset: int, open_files: dict[str, str]) -> None:
        """Start the services' child and analyse the buffer now, so the first completion does not
        wait for the child to start and build its world."""
        self._services.call(prepare_in, path, text, offset, open_files)

    # ---------------------------------------------------------------- completion

    def action_complete(self) -> None:
        self._complete(*self._request())

    @work(thread=True, exclusive=True, group="complete")
    def _complete(self, path: str, text: str, offset: int, open_files: dict[str, str]) -> None:
        answer = self._services.call(complete_in, path, text, offset, open_files)
        if answer is not None:
            self.call_from_thread(self._show_choices, text, offset, answer[1])

    def _show_choices(self, text: str, offset: int, choices: tuple[Choice, ...]) -> None:
        menu = self.query_one(CompletionMenu)
        if self.editor.text != text or self._cursor_offset() != offset:
            return  # typed on since: this menu is for text that is gone
        if not choices:
            menu.close()
            return
        x, y = self.editor.cursor_screen_offset
        menu.open(choices[:200], x, y + 1)

    def _cursor_offset(self) -> int:
        return self.editor.document.get_index_from_location(self.editor.cursor_location)

    def on_completion_menu_chosen(self, message: CompletionMenu.Chosen) -> None:
        """Put the choice in place of the word typed; a call's snippet leaves its first parameter
        selected (typing replaces it), or the cursor between empty parentheses with the parameters
        offered."""
        editor = self.editor
        row, column = editor.cursor_location
        line = editor.document.get_line(row)
        start = column - len(word_before(line, column))
        text, stop = insertion(message.choice)
        editor.replace(text, (row, start), (row, column))
        if stop is not None:  # a completion is one line: columns count from the word's start
            editor.selection = Selection((row, start + stop[0]), (row, start + stop[1]))
        editor.focus()
        if stop is not None and stop[0] == stop[1] and text[stop[0] - 1:stop[0] + 1] == "()":
            self.action_complete()  # `circle(|)`: what may go there is the parameters

    # ---------------------------------------------------------------- hover and definition

    def action_hover(self) -> None:
        self._hover(*self._request())

    @work(thread=True, exclusive=True, group="hover")
    def _hover(self, path: str, text: str, offset: int, open_files: dict[str, str]) -> None:
        answer = self._services.call(hover_in, path, text, offset, open_files)
        if answer is not None:  # else a newer hover superseded this one
            self.call_from_thread(self._show_hover, answer[1])

    def _show_hover(self, answer: str | None) -> None:
        self.hover_shown = answer
        if answer is None:
            self.notify("nothing known about the word at the cursor", severity="warning", timeout=3)
        else:
            self.notify(answer, title="hover", timeout=12)

    def action_definition(self) -> None:
        self._definition(*self._request())

    @work(thread=True, exclusive=True, group="hover")
    def _definition(self, path: str, text: str, offset: int, open_files: dict[str, str]) -> None:
        answer = self._services.call(definition_in, path, text, offset, open_files)
        if answer is not None:
            self.call_from_thread(self._go_to, answer[1], path)

    def _go_to(self, place, path: str) -> None:
        if place is None:
            self.notify("no definition found for the word at the cursor", severity="warning", timeout=3)
            return
        if place.path == path or path == UNTITLED and place.path == UNTITLED:
            self.move_cursor(place.line, place.column)
            self.editor.focus()
        else:
            self.open_path(str(Path(place.path)), place.line, place.column)

    hover_shown: str | None = None  # the last hover text shown (None: nothing was known)

"""The completion popup: a short list of choices floating at the editor's cursor.

It never takes focus: the editor keeps it and hands over the keys that
steer the menu (up, down, enter, tab, escape) while it is open; any other
key closes it and types as usual. Choosing posts `Chosen` with the choice,
and the app puts it in the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from scenec.tui.editor_services import Choice

MAX_SHOWN = 10


class CompletionMenu(OptionList, can_focus=False):
    DEFAULT_CSS = """
    CompletionMenu {
        overlay: screen; constrain: inside inside; position: absolute; display: none;
        width: auto; min-width: 20; max-width: 60; height: auto; max-height: 12;
        border: round $accent; background: $surface; padding: 0;
    }
    """

    @dataclass
    class Chosen(Message):
        choice: Choice

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._choices: tuple[Choice, ...] = ()

    @property
    def choices(self) -> tuple[Choice, ...]:
        return self._choices

    @property
    def is_open(self) -> bool:
        return bool(self.display)

    def open(self, choices: tuple[Choice, ...], x: int, y: int) -> None:
        """Show `choices` with the menu's top-left corner at screen cell (x, y)."""
        self._choices = choices
        self.clear_options()
        self.add_options([Option(Text.assemble(c.label, ("  " + c.detail if c.detail else "", "dim")))
                          for c in choices])
        self.highlighted = 0 if choices else None
        self.styles.offset = (x, y)
        self.display = bool(choices)

    def close(self) -> None:
        self.display = False

    def steer(self, key: str) -> bool:
        """Handle a key the editor got while the menu is open; False when it is not the menu's."""
        if key == "escape":
            self.close()
        elif key == "down":
            self.action_cursor_down()
        elif key == "up":
            self.action_cursor_up()
        elif key in ("enter", "tab"):
            if self.highlighted is not None and self.highlighted < len(self._choices):
                self.post_message(self.Chosen(self._choices[self.highlighted]))
            self.close()
        else:
            return False
        return True

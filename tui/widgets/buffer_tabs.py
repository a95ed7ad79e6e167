"""The open buffers as tabs across the top; an unsaved one shows `*`.
Choosing a tab posts `BufferChosen`; the app switches the editor."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widgets import Tab, Tabs

from scenec.tui.buffers import Buffer


class BufferTabs(Tabs):
    @dataclass
    class BufferChosen(Message):
        index: int

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._labels: list[str] = []
        self._updating = False

    def show(self, buffers: list[Buffer], current: int) -> None:
        labels = [f"{b.name}{' *' if b.dirty else ''}" for b in buffers]
        if labels == self._labels and self.active == f"buffer-{current}":
            return  # the app asks after every key; the tabs change only when a buffer's mark does
        self._updating = True
        try:
            for index, label in enumerate(labels):
                if index < len(self._labels):
                    if self._labels[index] != label:
                        self.query_one(f"#buffer-{index}", Tab).label = label
                else:
                    self.add_tab(Tab(label, id=f"buffer-{index}"))
            self._labels = labels
            self.active = f"buffer-{current}"
        finally:
            self._updating = False

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        if event.tab is None or event.tab.id is None:
            return
        self.post_message(self.BufferChosen(int(event.tab.id.removeprefix("buffer-"))))

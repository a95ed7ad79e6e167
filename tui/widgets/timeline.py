"""The film's timeline: a bar of shots with transitions marked, and a list
of every shot and transition with its times; choosing one posts
`ShotChosen` so the preview jumps there."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from scenec.compiler.plan import Plan
from scenec.plan_view import timeline as timeline_bar
from scenec.tui.messages import ShotChosen


class Timeline(Vertical):
    DEFAULT_CSS = """
    Timeline { height: auto; max-height: 50%; }
    Timeline > #bar { height: auto; padding: 0 1; }
    Timeline > OptionList { height: auto; max-height: 12; border: none; padding: 0; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._plan: Plan | None = None
        self._frames: list[int] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="bar")
        yield OptionList(id="shots")

    def show_plan(self, plan: Plan | None) -> None:
        self._plan = plan
        options = self.query_one(OptionList)
        options.clear_options()
        self._frames = []
        if plan is None:
            self.query_one("#bar", Static).update("")
            return
        entries: list[tuple[int, Text]] = []
        for segment in plan.segments:
            entries.append((segment.start_frame, Text.assemble(
                ("▶ ", "bold cyan"), (f"{segment.name}", "bold"),
                f"  {segment.start_frame / plan.fps:.2f}s–{segment.end_frame / plan.fps:.2f}s")))
        for t in plan.transitions:
            entries.append((t.start_frame, Text.assemble(
                ("~ " if t.start_frame != t.end_frame else "| ", "bold red"), f"{t.kind} ",
                (f"{t.from_segment}→{t.to_segment}", "dim"),
                f"  {t.start_frame / plan.fps:.2f}s–{t.end_frame / plan.fps:.2f}s")))
        entries.sort(key=lambda entry: entry[0])
        for index, (frame, label) in enumerate(entries):
            self._frames.append(frame)
            options.add_option(Option(label, id=str(index)))
        self._draw_bar()

    def on_resize(self) -> None:
        self._draw_bar()

    def _draw_bar(self) -> None:
        if self._plan is None or not self._plan.frames:
            return
        width = max(10, self.size.width - 2)
        self.query_one("#bar", Static).update(timeline_bar(self._plan, width))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int(event.option.id or 0)
        if index < len(self._frames):
            self.post_message(ShotChosen(self._frames[index]))

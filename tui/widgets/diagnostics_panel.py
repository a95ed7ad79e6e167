"""The problems of the current buffer: one entry each (severity, code,
line:col, message, and under it the checker's hints: the did-you-mean and
how-to-fix lines the CLI prints); choosing one posts `LocationChosen` with
the problem's file, so the app opens that file when it is not the buffer
shown (a problem in an imported file) and moves the cursor there."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from scenec.lang.diagnostics import Diagnostic
from scenec.tui.messages import LocationChosen
from scenec.tui.work import CheckOutcome


def diagnostic_line(diagnostic: Diagnostic, file: str) -> Text:
    span = diagnostic.span
    style = "bold red" if diagnostic.is_error else "bold yellow"
    where = ""
    if span is not None:
        where = f"{span.line}:{span.column}" if span.file == file else f"{span.file}:{span.line}:{span.column}"
    line = Text.assemble((f"{diagnostic.code} ", style), (f"{where:>7} " if where else "", "cyan"),
                         diagnostic.message)
    for hint in diagnostic.hints:
        line.append_text(Text.assemble("\n      ", ("help: ", "bold green"), hint))
    return line


class DiagnosticsPanel(Vertical):
    """Shows the last check; attributes down: the app calls `show(outcome)`."""

    DEFAULT_CSS = """
    DiagnosticsPanel > #summary { height: 1; padding: 0 1; }
    DiagnosticsPanel > OptionList { height: 1fr; border: none; padding: 0; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._diagnostics: tuple[Diagnostic, ...] = ()
        self._shown: tuple | None = None  # what the list and summary were drawn from

    def compose(self) -> ComposeResult:
        yield Static("checking…", id="summary")
        yield OptionList(id="problems")

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return self._diagnostics

    @property
    def summary(self) -> str:
        return str(self.query_one("#summary", Static).render())

    def show(self, outcome: CheckOutcome) -> None:
        shown = (outcome.diagnostics, outcome.path, outcome.failure, outcome.note, outcome.plan is None)
        if shown == self._shown:
            return  # typing mostly leaves the problems as they were: nothing to redraw
        self._shown = shown
        self._diagnostics = outcome.diagnostics
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(diagnostic_line(d, outcome.path), id=str(i))
                             for i, d in enumerate(outcome.diagnostics)])
        if highlighted is not None and outcome.diagnostics:
            options.highlighted = min(highlighted, len(outcome.diagnostics) - 1)
        if outcome.failure:
            text = Text(outcome.failure, style="bold red")
        elif outcome.errors:
            text = Text(f"✗ {outcome.errors} error{'s' * (outcome.errors != 1)}"
                        + (f", {outcome.warnings} warning{'s' * (outcome.warnings != 1)}" if outcome.warnings else "")
                        + "  (F2 to jump, enter to go)", style="bold red")
        elif outcome.warnings:
            text = Text(f"⚠ {outcome.warnings} warning{'s' * (outcome.warnings != 1)} · compiled", style="yellow")
        elif outcome.note:
            text = Text(outcome.note, style="dim")
        else:
            text = Text("✓ no problems · compiled", style="green")
        self.query_one("#summary", Static).update(text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int(event.option.id or 0)
        if index < len(self._diagnostics):
            span = self._diagnostics[index].span
            if span is not None:
                self.post_message(LocationChosen(span.line, span.column, span.end_line, span.end_column,
                                                 span.file))

    def focus_problems(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count and options.highlighted is None:
            options.highlighted = 0
        options.focus()

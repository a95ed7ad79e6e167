"""The learning view: recorded runs in a table, each metric over the runs
as a sparkline, and suggestions with their evidence, accepted with `a` or
rejected with `x`.

It reads a `LearningSource` (tui/learning_source.py), given by the app;
reading happens on the UI thread because a source is a small local store.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Label, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from scenec.tui.messages import KnowledgeChanged
from scenec.tui.learning_source import NO_RUNS, LearningSource, LearningSourceError, SuggestionRow

_MARK = {"open": "•", "accepted": "✓", "rejected": "✗"}


class LearningView(Vertical):
    BINDINGS = [
        Binding("a", "decide(True)", "Accept"),
        Binding("x", "decide(False)", "Reject"),
        Binding("ctrl+l", "reload", "Reload"),
    ]

    DEFAULT_CSS = """
    LearningView > #learning-status { height: 1; padding: 0 1; }
    LearningView > DataTable { height: 1fr; min-height: 4; }
    LearningView > #metrics { height: auto; max-height: 8; }
    LearningView .metric { height: 1; }
    LearningView .metric Label { width: 16; }
    LearningView .metric Sparkline { width: 1fr; }
    LearningView > #suggestions { height: 1fr; min-height: 3; border: none; }
    LearningView > #evidence { height: auto; max-height: 6; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, source: LearningSource, **kwargs) -> None:
        super().__init__(**kwargs)
        self._source = source
        self._suggestions: tuple[SuggestionRow, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("", id="learning-status")
        table: DataTable = DataTable(id="runs", cursor_type="row", zebra_stripes=True)
        table.add_columns("run", "when", "scene", "frames", "seconds", "score")
        yield table
        yield VerticalScroll(id="metrics")
        yield OptionList(id="suggestions")
        yield Static("", id="evidence")

    def on_mount(self) -> None:
        self.reload()

    @property
    def suggestions(self) -> tuple[SuggestionRow, ...]:
        return self._suggestions

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        try:
            runs, metrics, suggestions = self._source.runs(), self._source.metrics(), self._source.suggestions()
        except LearningSourceError as error:
            self._status(Text(str(error), style="red"))
            return
        status = self._source.status
        if runs and status == NO_RUNS:  # runs were recorded since the store was opened
            status = f"{len(runs)} runs"
        self._status(Text(status or f"{len(runs)} runs", style="dim" if not runs else ""))
        table = self.query_one(DataTable)
        table.clear()
        for run in runs:
            table.add_row(run.run_id, run.started, run.scene, str(run.frames), f"{run.seconds:.1f}",
                          "–" if run.score is None else f"{run.score:.2f}")
        box = self.query_one("#metrics", VerticalScroll)
        box.remove_children()
        for series in metrics:
            latest = f"{series.values[-1]:.3g}" if series.values else "–"
            box.mount(Horizontal(Label(f"{series.name} {latest}"), Sparkline(list(series.values)), classes="metric"))
        self._suggestions = suggestions
        options = self.query_one("#suggestions", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for row in suggestions:
            options.add_option(Option(Text.assemble((f"{_MARK.get(row.status, '•')} ", "bold"), row.title,
                                                    (f"  [{row.status}]", "dim")), id=row.suggestion_id))
        if suggestions:
            options.highlighted = min(highlighted or 0, len(suggestions) - 1)
        else:
            self.query_one("#evidence", Static).update("no suggestions yet")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        row = next((s for s in self._suggestions if s.suggestion_id == event.option.id), None)
        if row is not None:
            evidence = "\n".join(f"· {line}" for line in row.evidence) or "no evidence recorded"
            self.query_one("#evidence", Static).update(f"evidence (a accepts, x rejects):\n{evidence}")

    def action_decide(self, accept: bool) -> None:
        options = self.query_one("#suggestions", OptionList)
        if options.highlighted is None or not self._suggestions:
            self.notify("no suggestion selected", severity="warning")
            return
        option = options.get_option_at_index(options.highlighted)
        try:
            self._source.decide(option.id or "", accept)
        except LearningSourceError as error:
            self.notify(str(error), severity="error")
            return
        self.notify(f"{'accepted' if accept else 'rejected'}: {option.id}")
        if accept:  # accepting writes the learned overlay
            self.post_message(KnowledgeChanged())
        self.reload()

    def _status(self, text: Text) -> None:
        self.query_one("#learning-status", Static).update(text)

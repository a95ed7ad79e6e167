"""The live check: after a short pause in typing, the buffer is checked (and compiled when clean) in
the check service's child process, and what came back is shown.

A mixin of `ScenecApp` (it reads the app's buffers, editor and options). Each edit restarts the
debounce; the check runs in an exclusive thread worker that hands the text to the child
(`check_service`), so the UI loop never shares its interpreter with a compile. A result is applied
only when the text has not changed since (`generation`). The plan comes back pickled in two parts
(`CheckReply`): when the film's bytes are those of the plan shown, only its source positions moved,
and the plan views and the preview are left as they are (most keys leave the film alone).
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.widgets import TextArea

from scenec.tui.messages import CheckFinished
from scenec.tui.widgets.diagnostics_panel import DiagnosticsPanel
from scenec.tui.widgets.frame_preview import FramePreview
from scenec.tui.widgets.plan_tree import PlanTree
from scenec.tui.widgets.timeline import Timeline


class LiveCheck:
    """Checks the buffer as it is typed (a mixin: `self` is the `ScenecApp`)."""

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is not self.editor or event.text_area.text == self.buffer.text:
            return
        self.buffers[self.current] = self.buffer.edited(event.text_area.text)
        self._update_title()
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(self.options.check_delay_s, self._start_check)
        self._check_pending = True
        row, column = self.editor.cursor_location
        if column and self.editor.document.get_line(row)[column - 1:column] in ("@", ":"):
            self.action_complete()  # a palette entry after `@`; a primitive, parameter or value after `:`

    @property
    def check_pending(self) -> bool:
        """An edit is waiting for its check (the debounce has not run out)."""
        return self._check_pending

    def _start_check(self) -> None:
        self._check_pending = False
        self._generation += 1
        self._check(self.buffer.path, self.buffer.text, self._generation, self._open_files())

    @work(thread=True, exclusive=True, group="check")
    def _check(self, path: Path | None, text: str, generation: int, open_files: dict[str, str]) -> None:
        reply = self._checks.check(path, text, open_files)
        if reply is None:
            return  # a newer check took its place before the child started it
        if reply.notice:
            self._knowledge_notice = reply.notice
        if generation != self._generation:
            return  # the text changed since: a newer check is on its way, and this plan need not be unpickled
        outcome = reply.outcome(self._last_plan)
        if reply.plan_bytes is not None:
            self._last_plan = (reply.plan_bytes, outcome.plan)
        self.post_message(CheckFinished(outcome, generation, reply.plan_bytes))

    def _open_files(self) -> dict[str, str]:
        """The other buffers' unsaved texts by path: a check reads them before the disk."""
        return {str(b.path.resolve()): b.text for i, b in enumerate(self.buffers)
                if i != self.current and b.path is not None and b.dirty}

    def on_check_finished(self, message: CheckFinished) -> None:
        self._show_knowledge_notice()
        if message.generation != self._generation or not self.query(DiagnosticsPanel):
            return  # the text changed since (a newer check is on its way), or the app is closing
        outcome = self.outcome = message.outcome
        if not self._services_started:  # after the first check, so the two children do not start at once
            self._services_started = True
            self.prepare_services(*self._request())
        self.query_one(DiagnosticsPanel).show(outcome)
        self.editor.mark_diagnostics(outcome.diagnostics, outcome.path)
        if outcome.plan is not None and message.film is not None and message.film == self._film_shown:
            return  # the film is as it was (only where it came from moved): the views show it already
        if outcome.plan is not None:
            self._film_shown = message.film
            self.query_one(Timeline).show_plan(outcome.plan)
            self.query_one(PlanTree).show_plan(outcome.plan, self.buffer.name)
            root = str(self.buffer.path.resolve().parent) if self.buffer.path else None
            self.query_one(FramePreview).show_plan(outcome.plan, root)
        elif self.query_one(FramePreview).plan is None:
            self.query_one(PlanTree).show_plan(None, self.buffer.name)

"""The dashboard app: write a scene, see its problems as you type, its plan
and frames, render it, turn prompts into scenes, review learning.

`make_app(options)` builds the app for `scenec tui` and for tests. The app
owns the buffers and routes messages between siblings: widgets post what
happened (`CheckFinished`, `LocationChosen`, `ShotChosen`, ...) and the app
sets attributes on the others. Checking runs after a short pause in typing
(`live_check`, a mixin like the file actions and editor services), in an
exclusive thread worker that hands it to a child process (`check_service`),
so the UI loop never shares its interpreter with a compile (completion, hover
and definition go to a second child the same way, `editor_actions`); a result is
applied only when the text has not changed since; rendering and translating in their widgets'
workers. Nothing is ever saved without Ctrl+S.

The app owns the session's knowledge world (`world`), built from the data
directory and the project's overlays in `TuiOptions`; checks, compiles and
translations use it, and accepting a suggestion (`KnowledgeChanged`) builds
a new one and checks the buffer again.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, TabbedContent, TabPane

from scenec.recording import record_dashboard_render
from scenec.tui.buffers import Buffer, BufferError, open_buffer
from scenec.tui.editor_actions import EditorServices
from scenec.tui.file_actions import FileActions
from scenec.tui.live_check import LiveCheck
from scenec.tui.learning_source import EmptySource, LearningSource, open_learning_source
from scenec.knowledge.world import Knowledge
from scenec.tui.messages import (KnowledgeChanged, LocationChosen, RenderEnded, SceneTranslated,
                                 ShotChosen)
from scenec.tui.options import TuiOptions
from scenec.tui.widgets.buffer_tabs import BufferTabs
from scenec.tui.widgets.completion_menu import CompletionMenu
from scenec.tui.widgets.diagnostics_panel import DiagnosticsPanel
from scenec.tui.widgets.frame_preview import FramePreview
from scenec.tui.widgets.learning_view import LearningView
from scenec.tui.widgets.plan_tree import PlanTree
from scenec.tui.widgets.prompt_box import PromptBox
from scenec.tui.widgets.render_panel import RenderPanel
from scenec.tui.widgets.scene_editor import SceneEditor
from scenec.tui.widgets.timeline import Timeline
from scenec.tui.check_service import CheckService, ChildService, world_for
from scenec.tui.work import UNTITLED, CheckOutcome, scratch_output, start_process_helpers

# (action, footer label, palette help); the palette and the footer list the same things.
ACTIONS = (
    ("save", "Save", "Write the buffer to its file (Ctrl+S)"),
    ("save_as", "Save as", "Write the buffer to a new file"),
    ("open_file", "Open file", "Pick a .scene file of the project to open, or show its tab (Ctrl+O)"),
    ("new_buffer", "New", "Open a new untitled scene (Ctrl+N)"),
    ("next_buffer", "Next buffer", "Switch to the next open buffer (F8)"),
    ("focus_editor", "Editor", "Focus the editor (F1)"),
    ("focus_problems", "Problems", "Focus the list of problems (F2)"),
    ("show_plan", "Plan", "Show the plan tree and timeline (F3)"),
    ("show_preview", "Preview", "Show the frame preview (F4)"),
    ("render", "Render", "Render the current buffer to a video (F5)"),
    ("cancel_render", "Cancel render", "Stop the running render (Escape)"),
    ("show_prompt", "Prompt", "Turn a description into a scene (F6)"),
    ("show_learning", "Learning", "Runs, metrics and suggestions (F7)"),
    ("complete", "Complete", "What may be typed at the cursor (Ctrl+Space; also after @ and :)"),
    ("hover", "Hover", "What the word at the cursor is (F9)"),
    ("definition", "Go to definition", "Jump to where the name at the cursor is defined (F12)"),
    ("quit", "Quit", "Leave the dashboard, asking about unsaved changes (Ctrl+Q)"),
    ("save_and_quit", "Save and quit", "Save every changed buffer, then leave (F10)"),
)


class ScenecApp(LiveCheck, FileActions, EditorServices, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "scenec"
    # Priority: the editor binds F6/F7 (select line/all) and would shadow them.
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+n", "new_buffer", "New", show=False, priority=True),
        Binding("ctrl+o", "open_file", "Open", show=False, priority=True),
        Binding("ctrl+space,ctrl+@", "complete", "Complete", show=False, priority=True),
        Binding("f9", "hover", "Hover", show=False, priority=True),
        Binding("f12", "definition", "Definition", show=False, priority=True),
        Binding("f10", "save_and_quit", "Save+quit", show=False, priority=True),
        Binding("f1", "focus_editor", "Editor", show=False, priority=True),
        Binding("f2", "focus_problems", "Problems", priority=True),
        Binding("f3", "show_plan", "Plan", priority=True),
        Binding("f4", "show_preview", "Preview", priority=True),
        Binding("f5", "render", "Render", priority=True),
        Binding("escape", "cancel_render", "Cancel render", priority=True),
        Binding("f6", "show_prompt", "Prompt", priority=True),
        Binding("f7", "show_learning", "Learning", priority=True),
        Binding("f8", "next_buffer", "Buffer", show=False, priority=True),
    ]

    def __init__(self, options: TuiOptions, learning: LearningSource | None = None) -> None:
        super().__init__()
        self.options = options
        self.buffers: list[Buffer] = []
        self.current = 0
        self.outcome: CheckOutcome | None = None  # the last check of the current buffer
        self._generation = 0
        self._check_timer = None
        self._check_pending = False
        self._focus_after_switch: str | None = None
        self._shown_index: int | None = None  # the buffer whose text the editor holds
        self._learning = learning or (open_learning_source(options.data_home) if options.data_home else EmptySource())
        self._knowledge_notice: str | None = None
        self._rendering: tuple[Path | None, str, object] | None = None  # the render running: source, text, plan
        self._world: Knowledge | None = None
        self._last_plan: tuple[bytes, object] | None = None  # the last plan unpickled, with its film's bytes
        self._film_shown: bytes | None = None  # the film (pickled) the plan views and preview show
        self._world_lock = threading.Lock()
        self._checks = CheckService(options.data_home, options.knowledge_overlays, lambda: self.world)
        self._services_started = False
        self._services = ChildService(options.data_home, options.knowledge_overlays, lambda: self.world)

    @property
    def world(self) -> Knowledge:
        """The session's knowledge world, built on first use: by the first check, in its worker, so
        the dashboard opens without waiting for the YAML files."""
        with self._world_lock:
            if self._world is None:
                self._world = self._build_world()
            return self._world

    def _build_world(self) -> Knowledge:
        """A world from the options' folders; broken overlays fall back to the built-ins, with a notice."""
        world, notice = world_for(self.options.data_home, self.options.knowledge_overlays)
        self._knowledge_notice = notice or self._knowledge_notice
        return world

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield BufferTabs(id="buffers")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield SceneEditor(id="editor")
                yield DiagnosticsPanel(id="problems-panel")
            with TabbedContent(id="side", initial="preview-pane"):
                with TabPane("Preview", id="preview-pane"):
                    yield FramePreview(graphics=self.options.graphics, id="preview")
                with TabPane("Plan", id="plan-pane"):
                    yield Timeline(id="timeline")
                    yield PlanTree(id="plan-tree")
                with TabPane("Render", id="render-pane"):
                    yield RenderPanel(id="render")
                with TabPane("Prompt", id="prompt-pane"):
                    yield PromptBox(id="prompt")
                with TabPane("Learn", id="learning-pane"):
                    yield LearningView(self._learning, id="learning")
        yield CompletionMenu(id="completion")
        yield Footer()

    def on_mount(self) -> None:
        self.editor.menu = self.query_one(CompletionMenu)
        try:
            buffer, notice = open_buffer(self.options.path)
        except BufferError as error:
            buffer, notice = Buffer(None, "", "", on_disk=False), None
            self.notify(str(error), severity="error", timeout=10)
        if notice:
            self.notify(notice, timeout=8)
        self._open(buffer)
        self.editor.focus()

    # ---------------------------------------------------------------- parts

    @property
    def editor(self) -> SceneEditor:
        return self.query_one(SceneEditor)

    @property
    def buffer(self) -> Buffer:
        return self.buffers[self.current]

    def _file_name(self, buffer: Buffer) -> str:
        return str(buffer.path) if buffer.path is not None else UNTITLED

    def _open(self, buffer: Buffer) -> None:
        self.buffers.append(buffer)
        self.query_one(BufferTabs).show(self.buffers, len(self.buffers) - 1)
        self._switch(len(self.buffers) - 1)

    def _switch(self, index: int) -> None:
        self._sync()
        self.current = index
        self.outcome = None
        self._film_shown = None  # the plan views name the buffer: show the next plan whatever it is
        self.editor.load_text(self.buffer.text)
        self._shown_index = index
        self.editor.mark_diagnostics((), "")
        self.query_one(BufferTabs).show(self.buffers, index)
        self._update_title()
        self._start_check()

    def _update_title(self) -> None:
        buffer = self.buffer
        self.title = f"scenec — {buffer.name}{' *' if buffer.dirty else ''}"
        self.sub_title = str(buffer.path) if buffer.path else "not saved yet"
        self.query_one(BufferTabs).show(self.buffers, self.current)

    def on_unmount(self) -> None:
        self._checks.close()
        self._services.close()

    # ---------------------------------------------------------------- messages from widgets

    def on_location_chosen(self, message: LocationChosen) -> None:
        shown = self.buffer.path.resolve() if self.buffer.path is not None else None
        here = message.file is None or message.file == self.outcome_path() or \
            (shown is not None and Path(message.file).resolve() == shown)
        if not here:  # a problem in an imported file: open it there
            self.open_path(message.file, message.line, message.column)
            return
        self.move_cursor(message.line, message.column)
        self.editor.focus()

    def outcome_path(self) -> str | None:
        return self.outcome.path if self.outcome is not None else None

    def move_cursor(self, line: int, column: int) -> None:
        """Put the editor's cursor at a 1-based line and column, in view."""
        self.editor.cursor_location = (line - 1, column - 1)
        self.editor.scroll_cursor_visible(center=True)

    def on_shot_chosen(self, message: ShotChosen) -> None:
        self.query_one(FramePreview).seek(message.frame)
        self.query_one(TabbedContent).active = "preview-pane"

    def on_knowledge_changed(self, message: KnowledgeChanged) -> None:
        with self._world_lock:
            self._world = None  # the next check or translation builds a new world from the changed overlays
        self._checks.knowledge_changed()
        self._services.knowledge_changed()
        self._start_check()

    def _show_knowledge_notice(self) -> None:
        if self._knowledge_notice:
            self.notify(self._knowledge_notice, severity="error", timeout=10)
            self._knowledge_notice = None

    def on_scene_translated(self, message: SceneTranslated) -> None:
        self._open(Buffer(None, message.text, "", on_disk=False))  # unsaved work: quitting asks
        self.editor.focus()
        self.notify(f"new buffer from the prompt “{message.prompt[:40]}”")

    def on_render_ended(self, message: RenderEnded) -> None:
        self.refresh_bindings()
        self.notify(message.summary, severity="information" if message.ok else "error", timeout=8)
        rendered, self._rendering = self._rendering, None
        if message.ok and message.result is not None and rendered is not None and self.options.data_home:
            self._record_render(*rendered, message.result)

    @work(thread=True, group="record")
    def _record_render(self, path: Path | None, text: str, plan, result) -> None:
        """Put the film in the learning store, as a CLI render is, and show it in the learning view."""
        warnings = io.StringIO()
        settings = {"size": self.options.render_size, "workers": self.options.render_workers}
        run_id = record_dashboard_render(source_path=path, source_text=text, plan=plan, result=result,
                                         settings={k: v for k, v in settings.items() if v is not None},
                                         home=self.options.data_home, warn=warnings)
        if warnings.getvalue():
            self.call_from_thread(self.notify, warnings.getvalue().strip(), severity="warning", timeout=8)
        if run_id is not None:
            self.call_from_thread(self.query_one(LearningView).reload)

    def on_buffer_tabs_buffer_chosen(self, message: BufferTabs.BufferChosen) -> None:
        if message.index != self.current and message.index < len(self.buffers):
            self._switch(message.index)

    # ---------------------------------------------------------------- actions

    def action_focus_editor(self) -> None:
        self.editor.focus()

    def action_focus_problems(self) -> None:
        self.query_one(DiagnosticsPanel).focus_problems()

    def _show(self, pane: str, focus: str | None = None) -> None:
        """Bring a side pane forward and focus `focus` in it once it is shown
        (a hidden widget cannot take focus)."""
        tabs = self.query_one(TabbedContent)
        if tabs.active == pane:
            if focus:
                self.query_one(focus).focus()
            return
        self._focus_after_switch = focus
        tabs.active = pane

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        target, self._focus_after_switch = self._focus_after_switch, None
        if target:
            self.call_after_refresh(self.query_one(target).focus)

    def action_show_plan(self) -> None:
        self._show("plan-pane", "#shots")

    def action_show_preview(self) -> None:
        self._show("preview-pane", "#preview")

    def action_show_prompt(self) -> None:
        self._show("prompt-pane", "#prompt-input")

    def action_show_learning(self) -> None:
        self._show("learning-pane", "#suggestions")

    def action_render(self) -> None:
        self._show("render-pane")
        outcome = self.outcome
        if outcome is None or outcome.plan is None:
            self.notify("nothing to render: the scene has errors (or is still being checked)", severity="warning")
            return
        path = self.buffer.path
        cache = self.options.data_home / "cache" / "segments" if self.options.data_home and self.options.render_cache else None
        if cache is not None:
            try:
                cache.mkdir(parents=True, exist_ok=True)
            except OSError:
                cache = None  # rendering without a cache beats not rendering
        self._sync()
        started = self.query_one(RenderPanel).start(
            outcome.plan, scratch_output(path), assets_root=path.resolve().parent if path else None,
            cache_dir=cache, size=self.options.render_size, workers=self.options.render_workers)
        if not started:
            self.notify("a render is already running; Escape cancels it", severity="warning")
        else:
            self._rendering = (path, self.buffer.text, outcome.plan)  # what the film's record will say
        self.refresh_bindings()

    def action_cancel_render(self) -> None:
        self.query_one(RenderPanel).cancel()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Escape belongs to the editor and dialogs unless a render is running.
        if action == "cancel_render":
            return self.query_one(RenderPanel).running
        return True

    def get_system_commands(self, screen):
        ours = {title for _, title, _ in ACTIONS}
        # Textual's own Quit would be a second one: ours asks about unsaved changes.
        yield from (command for command in super().get_system_commands(screen) if command.title not in ours)
        for action, title, help_text in ACTIONS:
            yield SystemCommand(title, help_text, getattr(self, f"action_{action}"))


def make_app(options: TuiOptions, learning: LearningSource | None = None) -> ScenecApp:
    """The dashboard for `options`; `learning` replaces the store (tests). Starts the process
    helpers the check and render children come from now, while stderr is still the real one."""
    try:
        start_process_helpers()
    except (OSError, ValueError):
        pass  # no helpers: checks and renders fall back to running in this process
    return ScenecApp(options, learning)

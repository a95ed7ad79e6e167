"""The `scenec lsp` language server (pygls 2.x, stdio).

Open documents are checked with the same checker as `scenec check`, in one
worker thread (`worker.py`), never on the message loop: on open and save at
once, and after a short pause while typing (debounced, so a burst of
keystrokes costs one check; a check made out of date by a newer keystroke
is abandoned). Diagnostics are published only for the version they were
computed from; a change stops the check of the text before it at once.
Parse and check results are cached by content, and an edit re-checks the
edited document and the open documents that import it: of the edited
document, an edit inside one shot re-parses and re-checks that shot only
(`lang/incremental.py`, `lang/check_cache.py`).

Requests answer from the latest analysis without waiting: completion and
signature help read the current text and the latest check (which may be a
keystroke old); hover and definition read the current text's tree, parsed
at once through the worker's parse cache (an edit inside one block re-parses
that block), with the latest check's definitions (`analysis.over_parse`).
The other requests that need the current text's tree (references, rename,
symbols, semantic tokens, folding, code actions) are coroutines that wait
for the current version's check, started at once if still debouncing;
`$/cancelRequest` cancels the wait.

The server is an edge: it builds the knowledge world for each document's
project (its scenec.toml's `knowledge-overlays` and data directory, else
`$SCENEC_HOME`) when first needed, and builds them all again when a
knowledge overlay changes: on `workspace/didChangeWatchedFiles` for a
`.yaml` file, or when a `.yaml` document is saved. Every open document is
then checked again.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from scenec import __version__
from scenec.config import ConfigError, load_settings
from scenec.knowledge.errors import KnowledgeError
from scenec.knowledge.world import Knowledge, build_world
from scenec.lang.diagnostics import Diagnostic, Severity
from scenec.lang.span import Source
from scenec.lsp.analysis import Analysis, over_parse
from scenec.lsp.positions import LineIndex
from scenec.lsp.worker import Job, Worker

# Short: a check out of date is abandoned as soon as the next key arrives, so a short pause
# costs little, and diagnostics follow the last key closely.
DEBOUNCE_S = 0.03
SOURCE = "scenec"


class SceneServer(LanguageServer):
    """Keeps the latest analysis per document and hands checks to the worker."""

    def __init__(self) -> None:
        super().__init__("scenec", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.analyses: dict[str, Analysis] = {}  # uri -> its latest analysis (perhaps of older text)
        self.timers: dict[str, asyncio.TimerHandle] = {}  # uri -> its debounced check
        self.waiters: dict[str, list[tuple[str, asyncio.Future]]] = {}  # uri -> (text awaited, future)
        self._worker: Worker | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        # One world per (data directory, project overlays); replaced whole when an overlay changes.
        self.worlds: dict[tuple[Path, tuple[Path, ...]], Knowledge] = {}
        self.broken_settings: dict[str, str] = {}  # settings file uri -> the problem published on it

    # ------------------------------------------------------------ knowledge

    def world_for(self, path: str) -> Knowledge:
        """The world for a document: its project's overlays (an in-memory document: the working folder's).

        Called in the worker thread: messages to the client go through the loop."""
        start = Path(path) if not path.startswith("/<") else Path.cwd()
        try:
            settings = load_settings(start)
            key = (settings.data_dir, settings.knowledge_overlays)
            self._on_loop(self.settings_fixed, (settings.project_file, settings.user_file))
        except (ConfigError, OSError) as error:  # the editor goes on with the defaults, and says why
            from scenec.knowledge.paths import data_dir
            key = (data_dir(), ())
            if isinstance(error, ConfigError):
                self._on_loop(self.settings_broken, error)
        worlds = self.worlds
        if key not in worlds:
            try:
                worlds[key] = build_world(*key)
            except KnowledgeError as error:
                self._on_loop(self.window_show_message, types.ShowMessageParams(
                    type=types.MessageType.Error,
                    message=f"scenec: knowledge overlays are invalid, using the built-ins: {error}"))
                worlds[key] = build_world(None)
        return worlds[key]

    def settings_broken(self, error: ConfigError) -> None:
        """A broken scenec.toml or user config: an error diagnostic on that file, and a message
        the first time (the file may not be open), never silence."""
        if error.file is None:
            return
        uri = from_fs_path(str(error.file)) or str(error.file)
        d = error.diagnostic
        where = (LineIndex(error.source.text).span_range(d.span) if d.span is not None
                 else types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)))
        if self.broken_settings.get(uri) != d.message:
            self.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Error,
                message=f"scenec: {error.source.path}: {d.message} (using the default settings until it is fixed)"))
        self.broken_settings[uri] = d.message
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=[_diagnostic(d, where, d.message)]))

    def settings_fixed(self, files: tuple[Path | None, ...]) -> None:
        """Settings files that read cleanly: clear what was published on them."""
        for file in files:
            uri = from_fs_path(str(file)) if file is not None else None
            if uri is not None and self.broken_settings.pop(uri, None) is not None:
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def knowledge_changed(self) -> None:
        """An overlay changed: new worlds, and every open document checked against them."""
        self.worlds = {}
        self.analyses.clear()
        for uri in list(self.workspace.text_documents):
            if not _is_overlay(uri):
                self.schedule(uri, 0.0)

    # ------------------------------------------------------------ documents

    def path_of(self, uri: str) -> str:
        """A file URI's path; other schemes (untitled:) get a stable in-memory path."""
        if uri.startswith("file:"):
            path = to_fs_path(uri)
            if path:
                return os.path.normpath(path)
        name = os.path.basename(unquote(urlparse(uri).path)) or "untitled"
        return f"/<{urlparse(uri).scheme or 'memory'}>/{name}"

    def uri_of(self, path: str, fallback: str) -> str:
        return fallback if path.startswith("/<") else (from_fs_path(path) or fallback)

    def open_texts(self) -> dict[str, str]:
        return {self.path_of(uri): doc.source for uri, doc in self.workspace.text_documents.items()}

    def text(self, uri: str) -> str:
        return self.workspace.get_text_document(uri).source

    def latest(self, uri: str) -> Analysis | None:
        """The latest analysis of a document, at once (it may be of a slightly older text)."""
        return self.analyses.get(uri)

    def now(self, uri: str) -> Analysis | None:
        """The document's current text, parsed now (usually one spliced block), seen with its
        latest check: what hover and definition answer from without waiting for the check of
        this text. None before the document's first check."""
        latest = self.analyses.get(uri)
        if latest is None or self._worker is None:
            return None
        text = self.text(uri)
        if latest.text == text:
            return latest
        parsed = self._worker.cache.parses.parse(Source(latest.check.graph.entry, text))
        return over_parse(latest, parsed)

    async def current(self, uri: str) -> Analysis:
        """The analysis of the document's current text, checked now if it is still waiting."""
        text = self.text(uri)
        cached = self.analyses.get(uri)
        if cached is not None and cached.text == text:
            return cached
        future = asyncio.get_running_loop().create_future()
        self.waiters.setdefault(uri, []).append((text, future))
        timer = self.timers.pop(uri, None)
        if timer is not None or not self.worker.pending(uri):
            if timer is not None:
                timer.cancel()
            self._submit(uri)
        return await future

    # ------------------------------------------------------------ checking

    @property
    def worker(self) -> Worker:
        if self._worker is None:
            self._loop = asyncio.get_running_loop()
            self._worker = Worker(lambda job, result: self._on_loop(self._delivered, job, result))
        return self._worker

    def _on_loop(self, function, *args) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(function, *args)

    def schedule(self, uri: str, delay_s: float = DEBOUNCE_S) -> None:
        """Check the document after `delay_s` unless it changes again first."""
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        if delay_s <= 0:
            self._submit(uri)
        else:
            self.timers[uri] = asyncio.get_running_loop().call_later(delay_s, self._submit, uri)

    def _submit(self, uri: str) -> None:
        self.timers.pop(uri, None)
        if uri not in self.workspace.text_documents:
            return
        doc = self.workspace.get_text_document(uri)
        self.worker.submit(Job(uri, doc.version or 0, self.path_of(uri), doc.source, self.open_texts(),
                               self.world_for))

    def _delivered(self, job: Job, result: Analysis | None) -> None:
        if job.uri not in self.workspace.text_documents:
            return
        doc = self.workspace.get_text_document(job.uri)
        if result is not None:
            self.analyses[job.uri] = result
        waiting = self.waiters.get(job.uri, [])
        still = []
        for text, future in waiting:
            if future.done():
                continue
            if text == job.text or text != doc.source:  # answered, or its text is gone: the newest will do
                if result is not None:
                    future.set_result(result)
                elif job.uri in self.analyses:
                    future.set_result(self.analyses[job.uri])
                else:
                    future.cancel()
            else:
                still.append((text, future))
        self.waiters[job.uri] = still
        # Publish only for the text the editor still shows: older diagnostics would sit on wrong lines.
        if result is not None and job.text == doc.source:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=job.uri, version=doc.version, diagnostics=lsp_diagnostics(result)))

    def importers_of(self, uri: str) -> list[str]:
        """Open documents whose latest check read this one (they import it, perhaps indirectly)."""
        path = self.path_of(uri)
        return [other for other, analysis in self.analyses.items()
                if other != uri and path in analysis.check.graph.sources]

    def changed(self, uri: str) -> None:
        if self._worker is not None:
            # A check of the text before this change is already out of date (it would not be
            # published): stop it now rather than when the debounce ends, so the CPU goes to
            # answering requests and, soon, to the check of the new text.
            self._worker.cancel(uri)
        self.schedule(uri)
        for other in self.importers_of(uri):
            self.schedule(other)

    def closed(self, uri: str) -> None:
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        if self._worker is not None:
            self._worker.cancel(uri)
        for _text, future in self.waiters.pop(uri, []):
            future.cancel()
        self.analyses.pop(uri, None)


def _is_overlay(uri: str) -> bool:
    """A knowledge overlay file (any YAML file: overlays live in folders a project names)."""
    return uri.endswith((".yaml", ".yml"))


def lsp_diagnostics(result: Analysis) -> list[types.Diagnostic]:
    """The check's diagnostics placed in this document; those inside an imported
    file are shown on the import that brings it in."""
    index = LineIndex(result.text)
    module = result.check.graph.modules.get(result.check.graph.entry)
    imports = {path: item for item, path in (module.imports if module else ())}
    out = []
    for d in result.check.diagnostics:
        if d.span is None:
            where = index.range(0, 0)
            message = d.message
        elif d.span.file == result.check.graph.entry:
            where = index.span_range(d.span)
            message = d.message
        elif d.span.file in imports:
            where = index.span_range(imports[d.span.file].span)
            message = f"{os.path.basename(d.span.file)}:{d.span.line}:{d.span.column}: {d.message}"
        else:
            continue
        out.append(_diagnostic(d, where, message))
    return out


def _diagnostic(d: Diagnostic, where: types.Range, message: str) -> types.Diagnostic:
    extra = "".join(f"\nhelp: {h}" for h in d.hints)
    label = f" ({d.label})" if d.label else ""
    severity = types.DiagnosticSeverity.Error if d.severity is Severity.ERROR else types.DiagnosticSeverity.Warning
    return types.Diagnostic(range=where, message=message + label + extra, severity=severity, code=d.code,
                            source=SOURCE)


def make_server() -> SceneServer:
    server = SceneServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: SceneServer, params: types.DidOpenTextDocumentParams) -> None:
        if not _is_overlay(params.text_document.uri):
            ls.schedule(params.text_document.uri, 0.0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: SceneServer, params: types.DidChangeTextDocumentParams) -> None:
        if not _is_overlay(params.text_document.uri):
            ls.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: SceneServer, params: types.DidSaveTextDocumentParams) -> None:
        if _is_overlay(params.text_document.uri):
            ls.knowledge_changed()
        else:
            ls.schedule(params.text_document.uri, 0.0)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: SceneServer, params: types.DidChangeWatchedFilesParams) -> None:
        # an overlay, or a settings file (it names the overlays, and may have been broken or fixed)
        if any(_is_overlay(change.uri) or change.uri.endswith(("/scenec.toml", "/config.toml"))
               for change in params.changes):
            ls.knowledge_changed()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: SceneServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.closed(uri)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    from scenec.lsp.features import register
    register(server)
    return server


def serve() -> None:
    """Serve one client over stdin/stdout until it exits."""
    import sys
    # The check worker holds the GIL for long stretches of pure Python; a shorter switch
    # interval (5 ms by default) lets the message loop answer a keystroke's request sooner.
    sys.setswitchinterval(0.001)
    make_server().start_io()

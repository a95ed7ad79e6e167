"""The `scenec lsp` language server (pygls 2.x, stdio).

Open documents are checked with the same checker as `scenec check`:
immediately on open and save, and after a short pause while typing
(debounced, so a burst of keystrokes costs one check). Hover, completion,
definition, formatting and symbols read the latest check of the current
text; a request against newer text re-checks first so answers never lag.

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
from scenec.lang.formatter import FormatError, format_source
from scenec.lsp.analysis import Analysis, analyze
from scenec.lsp.complete import complete
from scenec.lsp.navigate import definition, document_symbols, hover
from scenec.lsp.positions import LineIndex

DEBOUNCE_S = 0.25
SOURCE = "scenec"


class SceneServer(LanguageServer):
    """Keeps the latest analysis and the pending debounced check per document."""

    def __init__(self) -> None:
        super().__init__("scenec", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.analyses: dict[str, Analysis] = {}
        self.pending: dict[str, asyncio.Task] = {}
        # One world per (data directory, project overlays); replaced whole when an overlay changes.
        self.worlds: dict[tuple[Path, tuple[Path, ...]], Knowledge] = {}

    # ------------------------------------------------------------ knowledge

    def world_for(self, path: str) -> Knowledge:
        """The world for a document: its project's overlays (an in-memory document: the working folder's)."""
        start = Path(path) if not path.startswith("/<") else Path.cwd()
        try:
            settings = load_settings(start)
            key = (settings.data_dir, settings.knowledge_overlays)
        except (ConfigError, OSError):  # `scenec check` reports a broken scenec.toml; the editor goes on
            from scenec.knowledge.paths import data_dir
            key = (data_dir(), ())
        if key not in self.worlds:
            try:
                self.worlds[key] = build_world(*key)
            except KnowledgeError as error:
                self.window_show_message(types.ShowMessageParams(
                    type=types.MessageType.Error,
                    message=f"scenec: knowledge overlays are invalid, using the built-ins: {error}"))
                self.worlds[key] = build_world(None)
        return self.worlds[key]

    def knowledge_changed(self) -> None:
        """An overlay changed: new worlds, and every open document checked against them."""
        self.worlds = {}
        self.analyses.clear()
        for uri in list(self.workspace.text_documents):
            if not uri.endswith((".yaml", ".yml")):
                self.publish(uri)

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

    def analysis(self, uri: str) -> Analysis:
        text = self.workspace.get_text_document(uri).source
        cached = self.analyses.get(uri)
        if cached is not None and cached.text == text:
            return cached
        path = self.path_of(uri)
        result = analyze(path, text, self.open_texts(), self.world_for(path))
        self.analyses[uri] = result
        return result

    def publish(self, uri: str) -> None:
        result = self.analysis(uri)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=lsp_diagnostics(result)))

    def schedule(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.pending[uri] = asyncio.ensure_future(self._later(uri))

    async def _later(self, uri: str) -> None:
        try:
            await asyncio.sleep(DEBOUNCE_S)
        except asyncio.CancelledError:
            return
        self.pending.pop(uri, None)
        if uri in self.workspace.text_documents:
            self.publish(uri)


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
            ls.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: SceneServer, params: types.DidChangeTextDocumentParams) -> None:
        if not _is_overlay(params.text_document.uri):
            ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: SceneServer, params: types.DidSaveTextDocumentParams) -> None:
        if _is_overlay(params.text_document.uri):
            ls.knowledge_changed()
        else:
            ls.publish(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: SceneServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any(_is_overlay(change.uri) for change in params.changes):
            ls.knowledge_changed()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: SceneServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.analyses.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=["@", "(", ",", ".", ":", " "]))
    def completion(ls: SceneServer, params: types.CompletionParams) -> types.CompletionList:
        result = ls.analysis(params.text_document.uri)
        offset = LineIndex(result.text).offset(params.position)
        return types.CompletionList(is_incomplete=False, items=complete(result.text, offset, result))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: SceneServer, params: types.HoverParams) -> types.Hover | None:
        result = ls.analysis(params.text_document.uri)
        index = LineIndex(result.text)
        found = hover(result, index.offset(params.position))
        if found is None:
            return None
        text, span = found
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                           range=index.span_range(span))

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def on_definition(ls: SceneServer, params: types.DefinitionParams) -> types.Location | None:
        uri = params.text_document.uri
        result = ls.analysis(uri)
        target = definition(result, LineIndex(result.text).offset(params.position))
        if target is None:
            return None
        source = result.check.graph.sources.get(target.path)
        index = LineIndex(source.text if source else "")
        where = index.span_range(target.span) if target.span else index.range(0, 0)
        return types.Location(uri=ls.uri_of(target.path, uri), range=where)

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    def on_format(ls: SceneServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
        text = ls.workspace.get_text_document(params.text_document.uri).source
        try:
            formatted = format_source(text, ls.path_of(params.text_document.uri))
        except FormatError:
            return None  # the diagnostics already say why; an editor shows nothing changed
        if formatted == text:
            return []
        return [types.TextEdit(range=LineIndex(text).whole, new_text=formatted)]

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def on_symbols(ls: SceneServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        result = ls.analysis(params.text_document.uri)
        index = LineIndex(result.text)
        return document_symbols(result, index.span_range)

    return server


def serve() -> None:
    """Serve one client over stdin/stdout until it exits."""
    make_server().start_io()

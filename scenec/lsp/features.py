"""The language server's requests: each handler turns one LSP request into a call of a pure helper.

Completion and signature help are plain functions answered at once from the
current text and the latest analysis; hover and definition answer at once
from the current text's parse and the latest check (`SceneServer.now`),
waiting only before a document's first check. The others need the current
text's check, so they are coroutines awaiting `SceneServer.current`, which
`$/cancelRequest` cancels; the ones that walk a whole tree or token stream
(references, rename, semantic tokens, folding) run in a thread so the loop
goes on answering keystrokes meanwhile. The helpers (`complete`, `navigate`, `signature`,
`rename`, `tokens`, `scenec.lang.fixes`) know nothing of the protocol's
transport.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from scenec.lang.fixes import fixes_for, missing_import
from scenec.lang.formatter import FormatError, format_source
from scenec.lsp.complete import complete
from scenec.lsp.navigate import definition, document_symbols, hover
from scenec.lsp.positions import LineIndex
from scenec.lsp.rename import RenameError, occurrences, rename_edits, symbol_at
from scenec.lsp.signature import signature_help
from scenec.lsp.tokens import TOKEN_MODIFIERS, TOKEN_TYPES, folding_ranges, semantic_tokens


def register(server) -> None:  # noqa: C901 (one short handler per request)
    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=["@", "(", ",", ".", ":", " "]))
    def completion(ls, params: types.CompletionParams) -> types.CompletionList:
        text = ls.text(params.text_document.uri)
        offset = LineIndex(text).offset(params.position)
        return types.CompletionList(is_incomplete=False,
                                    items=complete(text, offset, ls.latest(params.text_document.uri)))

    @server.feature(types.TEXT_DOCUMENT_SIGNATURE_HELP,
                    types.SignatureHelpOptions(trigger_characters=["(", ","], retrigger_characters=[":", " "]))
    def on_signature(ls, params: types.SignatureHelpParams) -> types.SignatureHelp | None:
        text = ls.text(params.text_document.uri)
        return signature_help(text, LineIndex(text).offset(params.position), ls.latest(params.text_document.uri))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls, params: types.HoverParams) -> types.Hover | None:
        result = ls.now(params.text_document.uri) or await ls.current(params.text_document.uri)
        index = LineIndex(result.text)
        found = hover(result, index.offset(params.position))
        if found is None:
            return None
        text, span = found
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                           range=index.span_range(span))

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def on_definition(ls, params: types.DefinitionParams) -> types.Location | None:
        uri = params.text_document.uri
        result = ls.now(uri) or await ls.current(uri)
        target = definition(result, LineIndex(result.text).offset(params.position))
        if target is None:
            return None
        return types.Location(uri=ls.uri_of(target.path, uri), range=_range_in(result, target.path, target.span))

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def on_references(ls, params: types.ReferenceParams) -> list[types.Location] | None:
        uri = params.text_document.uri
        result = await ls.current(uri)
        found = await asyncio.to_thread(occurrences, result, LineIndex(result.text).offset(params.position),
                                        _others(ls, uri), params.context.include_declaration)
        if found is None:
            return None
        return [types.Location(uri=ls.uri_of(span.file, uri), range=_range_in(owner, span.file, span))
                for owner, span in found]

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def on_prepare_rename(ls, params: types.PrepareRenameParams):
        result = await ls.current(params.text_document.uri)
        index = LineIndex(result.text)
        try:
            found = symbol_at(result, index.offset(params.position))
        except RenameError as error:  # a built-in: say so before the user types a new name
            raise JsonRpcInvalidParams(str(error)) from None
        if found is None:
            return None
        _symbol, span = found
        return types.PrepareRenamePlaceholder(range=index.span_range(span), placeholder=result.text[span.start:span.end])

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    async def on_rename(ls, params: types.RenameParams) -> types.WorkspaceEdit | None:
        uri = params.text_document.uri
        result = await ls.current(uri)
        try:
            edits = await asyncio.to_thread(rename_edits, result, LineIndex(result.text).offset(params.position),
                                            params.new_name, _others(ls, uri))
        except RenameError as error:
            raise JsonRpcInvalidParams(str(error)) from None
        changes: dict[str, list[types.TextEdit]] = {}
        for owner, span, new_text in edits:
            changes.setdefault(ls.uri_of(span.file, uri), []).append(
                types.TextEdit(range=_range_in(owner, span.file, span), new_text=new_text))
        return types.WorkspaceEdit(changes=changes)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    async def on_code_action(ls, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        result = await ls.current(uri)
        index = LineIndex(result.text)
        start, end = index.offset(params.range.start), index.offset(params.range.end)
        actions = []
        for d in result.check.diagnostics:
            if d.span is None or d.span.file != result.path or d.span.end < start or d.span.start > end:
                continue
            found = fixes_for(d, result.text)
            if d.code == "E2015":  # a template the project defines elsewhere beats a near name: import it
                imported = missing_import(d, result.text, _templates_elsewhere(result, d))
                if imported is not None:
                    found = (imported, *(replace(fix, preferred=False) for fix in found))
            for fix in found:
                edits = [types.TextEdit(range=index.range(e.start, e.end), new_text=e.new_text) for e in fix.edits]
                actions.append(types.CodeAction(
                    title=fix.title, kind=types.CodeActionKind.QuickFix, is_preferred=fix.preferred,
                    diagnostics=[_matching(params.context.diagnostics, d, index)] if
                    _matching(params.context.diagnostics, d, index) else None,
                    edit=types.WorkspaceEdit(changes={uri: edits})))
        return actions

    @server.feature(types.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL,
                    types.SemanticTokensLegend(token_types=list(TOKEN_TYPES), token_modifiers=list(TOKEN_MODIFIERS)))
    async def on_semantic_tokens(ls, params: types.SemanticTokensParams) -> types.SemanticTokens:
        result = await ls.current(params.text_document.uri)
        return types.SemanticTokens(data=await asyncio.to_thread(semantic_tokens, result))

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    async def on_folding(ls, params: types.FoldingRangeParams) -> list[types.FoldingRange]:
        result = await ls.current(params.text_document.uri)
        return await asyncio.to_thread(folding_ranges, result)

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    def on_format(ls, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
        text = ls.text(params.text_document.uri)
        try:
            formatted = format_source(text, ls.path_of(params.text_document.uri))
        except FormatError:
            return None  # the diagnostics already say why; an editor shows nothing changed
        if formatted == text:
            return []
        return [types.TextEdit(range=LineIndex(text).whole, new_text=formatted)]

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def on_symbols(ls, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
        result = await ls.current(params.text_document.uri)
        return document_symbols(result, LineIndex(result.text).span_range)


def _others(ls, uri: str) -> list:
    """The latest analyses of the other open documents (renames reach the files importing this one)."""
    return [analysis for other, analysis in ls.analyses.items() if other != uri]


def _templates_elsewhere(analysis, d) -> dict[str, str]:
    """`{name: import path}` for the project's files defining the template this diagnostic names."""
    import os
    from pathlib import Path

    from scenec.lang import ast
    from scenec.lang.parser import parse

    name = analysis.text[d.span.start:d.span.end]
    root, here = analysis.check.graph.root, analysis.path
    if here.startswith("/<") or not os.path.isdir(root):
        return {}
    for path in sorted(Path(root).rglob("*.scene"))[:500]:
        if str(path) == here:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if name not in text:  # most files: no parse needed
            continue
        if any(isinstance(item, ast.Template) and item.name.name == name for item in parse(text, str(path)).file.items):
            return {name: os.path.relpath(path, os.path.dirname(here))}
    return {}


def _range_in(analysis, path: str, span) -> types.Range:
    source = analysis.check.graph.sources.get(path)
    index = LineIndex(source.text if source else "")
    return index.span_range(span) if span is not None else index.range(0, 0)


def _matching(sent: list[types.Diagnostic], d, index: LineIndex) -> types.Diagnostic | None:
    """The client's copy of a diagnostic (same range and code), to attach to the action."""
    where = index.span_range(d.span)
    return next((c for c in sent if c.range == where and c.code == d.code), None)

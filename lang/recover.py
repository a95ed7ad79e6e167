"""Error recovery: a whole-file tree from text that did not parse in one go.

Reads the balanced token stream of `scan.tokenize` and the grammar (its
statement entry points `scene_statement`, `shot_statement`, `layer`,
`palette_entry` and `keyframe`). Produces the file's items with
`ast.ErrorItem` / `ast.ErrorStatement` where text did not parse, and at most
one syntax diagnostic for each: a slip stays inside the statement it is in.

The text is split by depth into top-level items, each parsed by the LALR
parser alone. An item or statement with a block that fails is parsed again
as its header (with the block emptied) and then its body one statement at a
time, recursively; a statement without a block may be repaired by inserting
one missing token (`:`, `,`, a closer), which keeps it in the tree with one
diagnostic. Tokens are fed to the parser directly, retyped as Lark's
contextual lexer would: a keyword where the parser state takes no keyword
but a name is a name.
"""

from __future__ import annotations

import dataclasses

from lark import Lark, Token
from lark.exceptions import UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr

from scenec.lang import ast
from scenec.lang.build import Build
from scenec.lang.diagnostics import Diagnostic, error
from scenec.lang.recover_salvage import Salvage
from scenec.lang.recover_salvage import matching as _matching
from scenec.lang.scan import BLOCK_WORDS, FILE_WORDS, Tokens, starts_item
from scenec.lang.span import Source
from scenec.lang.syntax_messages import describe_unexpected
from scenec.lang.unparsed import ANY_NAME, defined_let, defined_name  # noqa: F401 - re-exported

# What each kind of block holds, parsed one entry at a time, and the field that holds it.
_BODY_START = {"file": "start", "scene": "scene_statement", "shot": "shot_statement", "template": "layer",
               "palette": "palette_entry", "keyframes": "keyframe"}
_BODY_FIELD = {ast.Scene: "body", ast.Shot: "body", ast.Template: "layers", ast.Palette: "entries",
               ast.Keyframes: "frames"}
_BLOCKS = frozenset({"scene", "shot", "template", "palette", "keyframes"})  # keywords that open a block
# Tokens whose absence is the usual slip; inserting one lets the statement through.
_INSERTABLE = (("COLON", ":"), ("COMMA", ","), ("RPAR", ")"), ("RSQB", "]"), ("RBRACE", "}"))
MAX_REPAIRS = 3
# A word or an opening bracket or quote at the start of a line begins a new statement
# (`layr sea: …`, `(layer sun: …`); other tokens there continue the statement above.
_STRAY_STARTS = ("NAME", "LPAR", "LSQB", "STRING")
# What a keyword glued to the word after it (`layerbg: …`) should have had a space before.
_NAMED_BY = {"layer": "the layer's name", "shot": "the shot's name", "palette": "the palette's name",
             "template": "the template's name", "let": "the name it defines", "beat": "the beat's name",
             "focus": "what it focuses on", "animate": "what it animates", "blend": "the blend mode",
             "enter": "the entrance's name", "exit": "the exit's name", "motion": "the motion's name"}
_STATEMENT_WORDS = {**BLOCK_WORDS, "file": FILE_WORDS | {"palette"}}
def glued_keyword(source: Source, start: int, keyword: str, word: str) -> Diagnostic:
    """E1011 for `word` (at `start`), the keyword `keyword` written against the word after it."""
    rest = word[len(keyword):]
    what = _NAMED_BY.get(keyword, "what follows it")
    return error("E1011", f"`{word}` reads as the keyword `{keyword}` glued to `{rest}`",
                 source.span(start, start + len(word)),
                 f"`{keyword}` needs a space before {what}: `{keyword} {rest}`", label="missing space")


class _Failed(Exception):
    def __init__(self, diagnostic: Diagnostic | None) -> None:
        super().__init__()
        self.diagnostic = diagnostic


class Recovery(Salvage):
    def __init__(self, lark: Lark, build: Build, source: Source, stream: Tokens) -> None:
        self.lark = lark
        self.build = build
        self.source = source
        self.stream = stream
        self.diagnostics: list[Diagnostic] = []
        self.lexical = [d.span for d in stream.diagnostics if d.span is not None]
        self.keywords = {t.pattern.value: t.name for t in lark.terminals if isinstance(t.pattern, PatternStr)}

    # ------------------------------------------------------------ structure

    def items(self) -> tuple[ast.Item, ...]:
        out: list[ast.Item] = []
        for chunk in _split(list(self.stream.tokens), "file"):
            node = self.node(chunk, "file")
            out.extend(node.items if isinstance(node, ast.File) else (node,))
        return tuple(out)

    def node(self, chunk: list[Token], parent: str):
        """One item or statement of a `parent` block: its node, or an error node for it
        (at file level, a `File` holding the items the chunk parsed to)."""
        start = _BODY_START[parent]
        chunk = self.unglue(chunk, parent)
        mark = len(self.build.diagnostics)
        brace = _block_brace(chunk)
        try:
            node, slip = self.parse(chunk, start, repair=brace is None)
            self.report(chunk, slip)
            return node
        except _Failed as failed:
            del self.build.diagnostics[mark:]
            first_failure = failed.diagnostic
        if brace is not None and chunk[0].value in _BLOCKS:
            node = self.block(chunk, brace, start, chunk[0].value)
            if node is not None:
                return node
        elif brace is not None:
            node = self.keyword_restored(chunk, brace, start, parent)
            if node is not None:
                self.report(chunk, first_failure)
                return node
        elif chunk[0].value in _BLOCKS and parent != "file":
            node = self.brace_restored(chunk, start)
            if node is not None:
                self.report(chunk, first_failure)
                return node
        if parent == "file":
            node = self.import_salvaged(chunk)
            if node is not None:
                self.report(chunk, first_failure)
                return node
        node = self.stray_dropped(chunk, parent)
        if node is not None:
            self.report(chunk, first_failure)
            return node
        self.report(chunk, first_failure)
        error_type = ast.ErrorItem if parent == "file" else ast.ErrorStatement
        span = self.build.span(chunk[0], chunk[-1])
        return error_type(self.source.text[span.start:span.end], span)

    def nodes(self, chunk: list[Token], parent: str) -> list:
        """A statement's node, or, when it fails and a later line of it starts with a keyword
        (`pan right 6%` below an `animate` line, its `camera` deleted) or a `{` (a shot whose
        header was only `shot`, deleted), the lines above that line as the statement they parse
        to and the rest as a statement of its own: a statement that lost its keyword does not
        take the one above down with it."""
        cut = next((i for i in range(1, len(chunk)) if chunk[i].line > chunk[i - 1].end_line
                    and (chunk[i].type != "NAME" and chunk[i].value.isalpha() or chunk[i].type == "LBRACE")), None) \
            if parent in ("scene", "shot", "template") else None
        if cut is None or self.parses(chunk, _BODY_START[parent]) or not self.parses(chunk[:cut], _BODY_START[parent]):
            return [self.node(chunk, parent)]
        return [self.node(chunk[:cut], parent), *self.nodes(chunk[cut:], parent)]

    def parses(self, chunk: list[Token], start: str) -> bool:
        """Whether `chunk` parses from `start` as it stands, leaving no trace."""
        mark = len(self.build.diagnostics)
        try:
            self.parse(chunk, start, repair=False)
            return True
        except _Failed:
            return False
        finally:
            del self.build.diagnostics[mark:]

    def unglue(self, chunk: list[Token], parent: str) -> list[Token]:
        """A statement that starts with a name made of one of its block's keywords and a word
        (`layerbg`), as the one-pass parser reads it: the keyword, then the word (E1011)."""
        first = chunk[0] if chunk else None
        if first is None or first.type != "NAME":
            return chunk
        for keyword in sorted(_STATEMENT_WORDS.get(parent, ()), key=len, reverse=True):
            rest = first.value[len(keyword):]
            if first.value.startswith(keyword) and (rest[:1].isalpha() or rest[:1] == "_"):
                break
        else:
            return chunk
        kind = self.keywords.get(keyword)
        if kind is None:
            return chunk
        self.diagnostics.append(glued_keyword(self.source, first.start_pos, keyword, first.value))
        head = Token(kind, keyword, first.start_pos, first.line, first.column, first.line,
                     first.column + len(keyword), first.start_pos + len(keyword))
        tail = Token("NAME", rest, head.end_pos, first.line, head.end_column, first.end_line, first.end_column,
                     first.end_pos)
        return [head, tail, *chunk[1:]]

    def block(self, chunk: list[Token], brace: int, start: str, block: str):
        """Its header parsed with the block emptied, then the block's statements one by one;
        None when the header does not parse either."""
        close = _matching(chunk, brace)
        header = [*chunk[:brace + 1], Token.new_borrow_pos("RBRACE", "}", chunk[brace])]
        mark = len(self.build.diagnostics)
        try:
            empty, slip = self.parse(header, start, repair=True)
        except _Failed:
            del self.build.diagnostics[mark:]
            return None  # the caller reports the chunk's first error
        node = empty.items[-1] if isinstance(empty, ast.File) else empty
        field = _BODY_FIELD.get(type(node))
        if field is None:
            del self.build.diagnostics[mark:]
            return None
        self.report(chunk[:brace + 1], slip)
        body = tuple(node for part in _split(chunk[brace + 1:close], block) for node in self.nodes(part, block))
        node = dataclasses.replace(node, **{field: body}, span=self.build.span(chunk[0], chunk[close]))
        if isinstance(empty, ast.File):
            return ast.File((*empty.items[:-1], node), node.span)
        return node

    def report(self, chunk: list[Token], diagnostic: Diagnostic | None) -> None:
        """The statement's one diagnostic, unless a lexical one already marks it."""
        if diagnostic is None or not chunk:
            return
        start, end = chunk[0].start_pos, chunk[-1].end_pos
        if any(start <= span.start <= end for span in self.lexical):
            return
        self.diagnostics.append(diagnostic)

    # ------------------------------------------------------------ one parse

    def parse(self, tokens: list[Token], start: str, repair: bool):
        """Feed `tokens` to the LALR parser from `start`: the node and the first error a repair
        got past (or None), or `_Failed` with the first error."""
        interactive = self.lark.parse_interactive(start=start)
        state = interactive.parser_state
        states = state.parse_conf.states
        first: Diagnostic | None = None
        repairs = 0
        result = None
        end = Token.new_borrow_pos("$END", "", tokens[-1]) if tokens else Token("$END", "", 0, 1, 1, 1, 1, 0)
        for token in (*tokens, end):
            row = states[state.state_stack[-1]]
            if token.type not in row:
                token = _contextual(token, row)
            try:
                result = state.feed_token(token, token.type == "$END")
                continue
            except UnexpectedToken as exc:
                exc.interactive_parser = interactive
                if first is None:
                    at_file_end = not tokens or tokens[-1] is self.stream.tokens[-1]
                    first = describe_unexpected(self.source, exc, self.lark, None if at_file_end else tokens[-1],
                                                statement=True)
                if not repair or repairs >= MAX_REPAIRS or not self.insert(state, token):
                    raise _Failed(first) from None
            repairs += 1
            token = _contextual(token, states[state.state_stack[-1]])
            try:
                result = state.feed_token(token, token.type == "$END")
            except UnexpectedInput:
                raise _Failed(first) from None
        return result, first

    def insert(self, state, token: Token) -> bool:
        """Insert one missing token into the parser `state` when that lets `token` through."""
        states = state.parse_conf.states
        for kind, text in _INSERTABLE:
            if kind not in states[state.state_stack[-1]]:
                continue
            # A shallow trial: reductions make new values and change none (Lark's own copy
            # deep-copies tokens and drops their end positions).
            trial = state.copy(deepcopy_values=False)
            mark = len(self.build.diagnostics)
            try:
                trial.feed_token(Token.new_borrow_pos(kind, text, token))
            except UnexpectedInput:
                continue
            finally:
                del self.build.diagnostics[mark:]  # the trial's reductions are done again below
            row = states[trial.state_stack[-1]]
            if _contextual(token, row).type not in row:
                continue
            state.feed_token(Token.new_borrow_pos(kind, text, token))
            return True
        return False


def _contextual(token: Token, row: dict) -> Token:
    """Retype a token as Lark's contextual lexer would in this parser state."""
    if "NAME" in row and token.value[:1].isalpha() and token.type != "NAME" and token.value.replace("-", "").replace(
            "_", "").isalnum():
        return Token.new_borrow_pos("NAME", token.value, token)
    if token.type == "WXH" and "LITERAL" in row:
        return Token.new_borrow_pos("LITERAL", token.value, token)
    return token


def _block_brace(chunk: list[Token]) -> int | None:
    """The index of the chunk's first `{` outside brackets, if any."""
    depth = 0
    for i, token in enumerate(chunk):
        kind = token.type
        if kind == "LBRACE" and depth == 0:
            return i
        if kind in ("LPAR", "LSQB"):
            depth += 1
        elif kind in ("RPAR", "RSQB"):
            depth -= 1
    return None


def _split(tokens: list[Token], block: str) -> list[list[Token]]:
    """A block's tokens cut into items or statements (a balanced stream, so depth alone decides)."""
    chunks: list[list[Token]] = []
    current: list[Token] = []
    depth = 0
    previous: Token | None = None
    words = BLOCK_WORDS[block]
    n = len(tokens)
    for i, token in enumerate(tokens):
        kind = token.type
        if depth == 0:
            if kind == "SEMICOLON":
                if current:
                    chunks.append(current)
                current = []
                previous = token
                continue
            if current and _starts(token, previous, tokens[i + 1] if i + 1 < n else None,
                                   tokens[i + 2] if i + 2 < n else None, block, words):
                chunks.append(current)
                current = []
        if kind in ("LPAR", "LSQB", "LBRACE"):
            depth += 1
        elif kind in ("RPAR", "RSQB", "RBRACE"):
            depth -= 1
        current.append(token)
        previous = token
        if depth == 0 and kind == "RBRACE":
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def _starts(token: Token, previous: Token | None, after: Token | None, after2: Token | None,
            block: str, words: frozenset[str]) -> bool:
    """Whether `token` begins a new item or statement of `block`."""
    line_start = previous is None or token.line > previous.end_line
    if block in ("palette", "keyframes"):
        # An entry whose name was deleted (a line that starts with `:`) is an entry of its own,
        # not the end of the one above.
        if line_start and token.type == "COLON":
            return True
        # So is a line that starts after a whole entry (`horizon #ff7e5f` with its `:` deleted,
        # `(horizon: …` with a stray bracket), but for a keyframe's `ease` going on below it;
        # a value alone on the line after its entry's `:` is not.
        if line_start and previous is not None and previous.type != "COLON" and \
                (block == "palette" or token.type == "LITERAL" or token.type in _STRAY_STARTS):
            return True
        # A name and the `:` after it on its line start an entry; a value whose entry's name was
        # deleted (`street: wet-street` above `: #3d5a80`) does not take that `:` from the line below.
        if after is None or after.type != "COLON" or after.line != token.end_line:
            return False
        return token.value[:1].isalpha() if block == "palette" else token.type == "LITERAL"
    if block == "file":
        # A stray word, bracket or string that starts a line is not part of the item above it,
        # nor is a palette whose header is broken (`palette extends ocean {`): the `let` above
        # keeps its tree.
        return (line_start and token.type in _STRAY_STARTS + ("PALETTE",)) or \
            starts_item(token, after, after2) and (line_start or previous.type in ("RBRACE", "SEMICOLON"))
    if token.value in words and token.type != "NAME":
        return line_start or previous.type in ("RPAR", "RBRACE", "SEMICOLON")
    return line_start and token.type in _STRAY_STARTS

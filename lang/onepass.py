"""The one-pass parse of a whole file: Lark's LALR tables and lexers, driven by a tighter loop.

Reads a loaded `Lark` (LALR, contextual lexer, a transformer as its
callbacks) and a text. Produces what `Lark.parse` would, the transformer's
value for the file, or raises the `UnexpectedInput` Lark would raise (the
caller recovers from any). Lark's own loop is built for interactive and
resumable parsing: a generator per token, a method call and an `assert`
per shift or reduce; here the lexer and the shift/reduce loop are one
function with local names. Tokens are Lark's, lexed by Lark's per-state
lexers, with a faster inner loop (`FastBasicLexer`):

- whitespace is skipped by the same regex match that finds the next token
  (each state's scanner pattern is prefixed with `[ \\t\\f\\r\\n]*`), where Lark
  matches it as a token of its own and then drops it (a third of all matches
  on a typical scene);
- lines and columns come from `str.count`/`str.rfind` over the skipped text
  instead of a `LineCounter.feed` call per token.

Anything the fast path does not match (a character no terminal takes) is
handed to Lark's own `next_token` at the same position, so errors are
Lark's, word for word. The lexers are plugged in with Lark's `_plugins`
hook for the contextual lexer (the hook lark-cython uses), so recovery's
interactive parses use them too.
"""

from __future__ import annotations

import re

from lark import Lark, Token
from lark.exceptions import UnexpectedToken
from lark.lexer import BasicLexer, CallChain, ContextualLexer, LexerState, LineCounter, Scanner, _create_unless
from lark.parsers.lalr_analysis import Shift
from lark.utils import TextSlice

_WS = "[ \t\f\r\n]*"
_new_token = Token._future_new  # noqa: SLF001 - Token() only adds a deprecated-keyword check to it


class _WsScanner(Scanner):
    """Lark's scanner over the same terminals, each pattern prefixed by the whitespace to skip.

    Only `FastBasicLexer.next_token` reads a match's groups; Lark's own `next_token` (the error
    path) only learns from it that nothing matches, which the prefix does not change."""

    def _build_mres(self, terminals, max_size):
        # Lark's own, with the prefix: Python's `re` caps the groups of one pattern, and says so
        # only with an AssertionError, so a state with many terminals gets several patterns.
        mres = []
        while terminals:
            pattern = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in terminals[:max_size])
            try:
                mre = self.re_.compile(_WS + "(?:" + pattern + ")", self.g_regex_flags)
            except AssertionError:
                return self._build_mres(terminals, max_size // 2)
            mres.append(mre)
            terminals = terminals[max_size:]
        return mres


class FastBasicLexer(BasicLexer):
    """`BasicLexer` whose scanner also skips the whitespace before each token."""

    def _build_scanner(self) -> Scanner:
        # Lark's own `_build_scanner`, with the scanner above (one compiled pattern per state).
        terminals, self.callback = _create_unless(self.terminals, self.g_regex_flags, self.re, self.use_bytes)
        for type_, f in self.user_callbacks.items():
            if type_ in self.callback:
                self.callback[type_] = CallChain(self.callback[type_], f, lambda t, type_=type_: t.type == type_)
            else:
                self.callback[type_] = f
        return _WsScanner(terminals, self.g_regex_flags, self.re, self.use_bytes)

    def next_token(self, lex_state: LexerState, parser_state=None) -> Token:
        fast = self.scanner._mres  # noqa: SLF001 - the whitespace-prefixed patterns of `_WsScanner`
        callbacks = self.callback
        ignore = self.ignore_types
        newline_types = self.newline_types
        line_ctr = lex_state.line_ctr
        slice_ = lex_state.text
        text, end = slice_.text, slice_.end
        while line_ctr.char_pos < end:
            pos = line_ctr.char_pos
            for mre in fast:
                m = mre.match(text, pos, end)
                if m is not None:
                    break
            else:
                return super().next_token(lex_state, parser_state)  # Lark reports what does not lex
            type_ = m.lastgroup
            start = m.start(type_)
            stop = m.end()
            line = line_ctr.line
            line_start = line_ctr.line_start_pos
            if start > pos:  # the whitespace skipped before the token
                newlines = text.count("\n", pos, start)
                if newlines:
                    line += newlines
                    line_start = text.rfind("\n", pos, start) + 1
            column = start - line_start + 1
            end_line = line
            if type_ in newline_types:
                newlines = text.count("\n", start, stop)
                if newlines:
                    end_line = line + newlines
                    line_start = text.rfind("\n", start, stop) + 1
            line_ctr.char_pos = stop
            line_ctr.line = end_line
            line_ctr.line_start_pos = line_start
            line_ctr.column = stop - line_start + 1
            ignored = type_ in ignore
            if ignored and type_ not in callbacks:
                continue
            t = _new_token(type_, text[start:stop], start, line, column, end_line, stop - line_start + 1, stop)
            if type_ in callbacks:
                t = callbacks[type_](t)
            if not ignored:
                if not isinstance(t, Token):
                    raise TypeError(f"lexer callbacks must return a token (returned {t!r})")
                lex_state.last_token = t
                return t
        raise EOFError(self)


class FastContextualLexer(ContextualLexer):
    """Lark's contextual lexer, its per-state lexers `FastBasicLexer`s."""

    BasicLexer = FastBasicLexer


PLUGINS = {"ContextualLexer": FastContextualLexer}


def parse(lark: Lark, text: str | TextSlice, start: str = "start", counter: LineCounter | None = None):
    """`lark.parse(text, start=start)`, faster; the same value or the same kind of exception.

    `text` may be a `TextSlice` of a longer text with `counter` at its start (its line and
    line start), so one statement is parsed in place with the file's offsets and lines."""
    frontend = lark.parser
    parser = frontend.parser.parser  # lalr_parser._Parser: the tables and the transformer's callbacks
    table = parser.parse_table
    states = table.states
    callbacks = parser.callbacks
    lexers = frontend.lexer.lexers
    end_state = table.end_states[start]
    state_stack = [table.start_states[start]]
    value_stack: list = []
    lexer_state = LexerState(TextSlice.cast_from(text), counter or LineCounter("\n"))
    token = None
    while True:
        try:
            token = lexers[state_stack[-1]].next_token(lexer_state)
        except EOFError:
            break
        type_ = token.type
        while True:  # reduce until the token shifts
            state = state_stack[-1]
            try:
                action, arg = states[state][type_]
            except KeyError:
                raise UnexpectedToken(token, {s for s in states[state] if s.isupper()}) from None
            if action is Shift:
                state_stack.append(arg)
                value_stack.append(callbacks[type_](token) if type_ in callbacks else token)
                break
            size = len(arg.expansion)
            if size:
                children = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
            else:
                children = []
            value_stack.append(callbacks[arg](children))
            state_stack.append(states[state_stack[-1]][arg.origin.name][1])
    end = Token.new_borrow_pos("$END", "", token) if token is not None else Token("$END", "", 0, 1, 1)
    while True:
        state = state_stack[-1]
        try:
            action, arg = states[state]["$END"]
        except KeyError:
            raise UnexpectedToken(end, {s for s in states[state] if s.isupper()}) from None
        assert action is not Shift
        size = len(arg.expansion)
        if size:
            children = value_stack[-size:]
            del state_stack[-size:]
            del value_stack[-size:]
        else:
            children = []
        value_stack.append(callbacks[arg](children))
        state_stack.append(states[state_stack[-1]][arg.origin.name][1])
        if state_stack[-1] == end_state:
            return value_stack[-1]

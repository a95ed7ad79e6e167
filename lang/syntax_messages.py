"""Turn Lark's `UnexpectedToken` into a message a person can act on.

Lark knows which terminals it expected and what stood there; the parser's
value stack tells what came just before. From these we name the common
mistakes directly (a missing `:` after a layer name, a keyword used as a
name, a missing value) and otherwise list what could stand there.
"""

from __future__ import annotations

from lark import Lark, Token
from lark.exceptions import UnexpectedToken
from lark.lexer import PatternStr

from scenec.lang.diagnostics import Diagnostic, error
from scenec.lang.span import Source

_CLASS_NAMES = {
    "NAME": "a name",
    "LITERAL": "a number",
    "STRING": "a string",
    "HEX": "a color",
    "WXH": "a frame size such as 1280x720",
    "$END": "the end of the file",
}
_STATEMENT_WORDS = {"layer", "animate", "keyframes", "camera", "focus", "beat", "grade", "audio",
                    "shot", "transition", "size", "fps", "duration", "seed", "background", "palette",
                    "genre", "mood", "arc", "time", "weather", "style"}
_VALUE_TERMINALS = {"LITERAL", "STRING", "HEX", "NAME", "AT", "LPAR", "LSQB", "TRUE", "FALSE"}


def _terminal_text(lark: Lark, name: str) -> str | None:
    try:
        pattern = lark.get_terminal(name).pattern
    except KeyError:
        return None
    return pattern.value if isinstance(pattern, PatternStr) else None


def _describe_expected(lark: Lark, expected: set[str]) -> str:
    words: list[str] = []
    classes: list[str] = []
    for name in sorted(expected):
        text = _terminal_text(lark, name)
        if text is not None:
            words.append(f"`{text}`")
        elif name in _CLASS_NAMES:
            classes.append(_CLASS_NAMES[name])
    statements = [w for w in words if w.strip("`") in _STATEMENT_WORDS]
    if len(statements) > 4:
        words = [w for w in words if w not in statements] + ["a statement such as `layer` or `shot`"]
    if expected & _VALUE_TERMINALS >= {"LITERAL", "STRING", "NAME"}:
        words = [w for w in words if w not in ("`@`", "`(`", "`[`", "`true`", "`false`")]
        classes = [c for c in classes if c not in ("a number", "a string", "a name", "a color")]
        classes.insert(0, "a value")
    items = classes + words
    if not items:
        return "something else"
    if len(items) > 8:
        items = items[:7] + ["…"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _found(lark: Lark, token: Token) -> str:
    if token.type == "$END":
        return "the end of the file"
    if token.type in ("STRING",):
        return f"the string {token.value}"
    return f"`{token.value}`"


def describe_unexpected(source: Source, exc: UnexpectedToken, lark: Lark, after: Token | None = None,
                        statement: bool = False) -> Diagnostic:
    """One diagnostic for the token that stopped the parser. `statement`: error recovery
    parsed one statement alone, so its end is no end of the file; `after` is then its last
    token when it ended too soon."""
    token = exc.token
    if statement:
        exc.expected = set(exc.expected or ()) - {"$END"}
    if after is not None and token.type == "$END":
        keyword = _terminal_text(lark, after.type)
        try:
            begun = len(exc.interactive_parser.parser_state.value_stack) > 1  # not the statement's first word
        except AttributeError:
            begun = False
        if begun and keyword is not None and keyword[:1].isalpha() and set(exc.expected or ()) & _VALUE_TERMINALS:
            # `animate a.at to`: the statement ends on a keyword that wants a value; maybe a name of theirs.
            return error("E3010", f"`{keyword}` is read as a keyword here, so a value must follow it",
                         source.span(after.start_pos, after.end_pos),
                         f"if `{keyword}` is a name of yours, rename it (for example `{keyword}_`)",
                         label="read as the keyword")
        return _unfinished(source, after, _describe_expected(lark, set(exc.expected or ())))
    if token.type == "$END" or token.start_pos is None:
        end = len(source.text)
        span = source.span(end, end)
    else:
        span = source.span(token.start_pos, token.end_pos)
    expected = set(exc.expected or ())
    stack = []
    try:
        stack = list(exc.interactive_parser.parser_state.value_stack)
    except AttributeError:
        pass
    last = stack[-1] if stack else None
    before = stack[-2] if len(stack) > 1 else None
    wanted = _describe_expected(lark, expected)
    found = _found(lark, token)

    if "COLON" in expected and isinstance(last, Token) and last.type == "NAME" \
            and isinstance(before, Token) and before.value == "layer":
        primitive = token.value if token.type == "NAME" else "circle"
        return error("E1001", f"missing `:` after the layer name `{last.value}`", span,
                     f"write `layer {last.value}: {primitive}(…)`")
    if "COLON" in expected and len(expected) == 1:
        return error("E1001", f"missing `:` before {found}", span)
    previous = _terminal_text(lark, last.type) if isinstance(last, Token) else None
    if previous is not None and previous[:1].isalpha() and expected & _VALUE_TERMINALS >= {"LITERAL", "NAME"} \
            and token.type in ("RBRACE", "RPAR", "SEMICOLON", "$END"):
        span = source.span(last.start_pos, last.end_pos)
        return error("E3010", f"`{previous}` is read as a keyword here, so a value must follow it", span,
                     f"if `{previous}` is a name of yours, rename it (for example `{previous}_`)",
                     label="read as the keyword")
    keyword = _terminal_text(lark, token.type)
    if "NAME" in expected and keyword is not None and keyword[:1].isalpha():
        return error("E3010", f"`{keyword}` is a keyword here, so it cannot stand for a name",
                     span, f"if `{keyword}` is a name of yours, rename it (for example `{keyword}_`)",
                     label="read as the keyword")
    if token.type == "$END":
        return error("E1003", f"unexpected end of file: expected {wanted}", span)
    if expected & _VALUE_TERMINALS >= {"LITERAL", "NAME"} and token.type in ("RPAR", "COMMA", "RSQB", "RBRACE"):
        return error("E2016", f"missing value before {found}", span)
    if token.type == "LITERAL" and isinstance(last, Token) and last.type == "LITERAL":
        return error("E1001", f"unexpected {found} right after `{last.value}`", span,
                     "separate values with `,` inside brackets")
    return error("E1001", f"unexpected {found}: expected {wanted}", span)


def _unfinished(source: Source, last: Token, wanted: str) -> Diagnostic:
    """A statement that stops before it is complete, such as `animate` on its own."""
    span = source.span(last.end_pos, last.end_pos)
    return error("E1001", f"unfinished statement: expected {wanted} after `{last.value}`", span)

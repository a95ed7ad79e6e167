"""A bracket, string and comment scan run before the parser.

LALR notices an unclosed `(` only where the text runs out, far from the
mistake; this scan reports it at the opening character, as LANGUAGE.md
section 10 asks, and refuses runaway nesting before any recursion happens.
"""

from __future__ import annotations

from scenec.lang.diagnostics import Diagnostic, error
from scenec.lang.span import Source

MAX_DEPTH = 64
_PAIRS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


def scan_brackets(source: Source) -> list[Diagnostic]:
    text = source.text
    out: list[Diagnostic] = []
    stack: list[tuple[str, int]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] not in '"\n':
                j += 2 if text[j] == "\\" else 1
            if j >= n or text[j] != '"':
                out.append(error("E1005", "unterminated string", source.span(i, i + 1),
                                 "close the string with `\"` on the same line; strings do not span lines",
                                 label="this string is never closed"))
                i += 1  # go on after the quote, so brackets on the same line still count
                continue
            i = j + 1
            continue
        if c == "/" and text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j == -1 else j
            continue
        if c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j == -1:
                out.append(error("E1007", "unterminated block comment", source.span(i, i + 2),
                                 "close it with `*/`", label="this comment is never closed"))
                break
            i = j + 2
            continue
        if c in _PAIRS:
            stack.append((c, i))
            if len(stack) > MAX_DEPTH:
                out.append(error("E1009", f"brackets nested more than {MAX_DEPTH} deep",
                                 source.span(i, i + 1), label="too deep"))
                return out
        elif c in _CLOSERS:
            if stack and stack[-1][0] == _CLOSERS[c]:
                stack.pop()
            elif stack and any(opener == _CLOSERS[c] for opener, _ in stack):
                opener, at = stack.pop()
                out.append(_unclosed(source, opener, at))
                while stack and stack[-1][0] != _CLOSERS[c]:
                    opener, at = stack.pop()
                    out.append(_unclosed(source, opener, at))
                if stack:
                    stack.pop()
            else:
                out.append(error("E1010", f"`{c}` closes nothing", source.span(i, i + 1),
                                 f"remove it, or add the `{_CLOSERS[c]}` it should close",
                                 label="no matching opener"))
        i += 1
    for opener, at in reversed(stack):
        out.append(_unclosed(source, opener, at))
    out.sort(key=lambda d: d.span.start if d.span else 0)
    return out


def _unclosed(source: Source, opener: str, at: int) -> Diagnostic:
    closer = _PAIRS[opener]
    return error("E1004", f"unclosed `{opener}`", source.span(at, at + 1),
                 f"add the matching `{closer}`", label=f"this `{opener}` is never closed")

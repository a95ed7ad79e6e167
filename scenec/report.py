"""Printing diagnostics for the CLI: human, short or JSON, colored on a terminal."""

from __future__ import annotations

import json
import os
import sys
from typing import TextIO

from scenec.lang.diagnostics import Diagnostic, render_human, render_short
from scenec.lang.span import Source

FORMATS = ("human", "short", "json")
_RED, _YELLOW, _BOLD, _BLUE, _RESET = "\x1b[31;1m", "\x1b[33;1m", "\x1b[1m", "\x1b[34;1m", "\x1b[0m"


def use_color(stream: TextIO) -> bool:
    """Color on a terminal; `NO_COLOR` turns it off and `FORCE_COLOR` on (`--color never|always`)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def colorize(text: str, diagnostic: Diagnostic) -> str:
    """`render_human`'s text with the terminal colors rustc uses: a red or yellow header and
    caret line, blue gutters."""
    lines = text.split("\n")
    color = _RED if diagnostic.is_error else _YELLOW
    head, _, rest = lines[0].partition(":")
    lines[0] = f"{color}{head}{_RESET}{_BOLD}:{rest}{_RESET}"
    for i, line in enumerate(lines[1:], 1):
        gutter, bar, body = line.partition("|")
        if not bar or gutter.strip() and not gutter.strip().isdigit():
            continue  # the `-->` location line and `= help:` lines stay plain
        if body.lstrip().startswith("^"):
            body = f"{color}{body}{_RESET}"
        lines[i] = f"{_BLUE}{gutter}{bar}{_RESET}{body}"
    return "\n".join(lines)


def print_diagnostics(diagnostics: list[Diagnostic], sources: dict[str, Source], fmt: str,
                      stream: TextIO | None = None) -> None:
    if fmt == "json":
        return  # the caller prints one JSON document for all files
    stream = stream or sys.stderr  # looked up now: a redirected stderr must be honoured
    color = use_color(stream)
    for d in diagnostics:
        if fmt == "short":
            print(render_short(d), file=stream)
            continue
        source = sources.get(d.span.file) if d.span else None
        text = render_human(d, source)
        print((colorize(text, d) if color else text) + "\n", file=stream)


def summary(diagnostics: list[Diagnostic]) -> tuple[int, int]:
    errors = sum(1 for d in diagnostics if d.is_error)
    return errors, len(diagnostics) - errors


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def json_dump(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)

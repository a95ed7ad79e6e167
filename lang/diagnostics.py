"""One diagnostic type, and one renderer for the CLI and the dashboard.

Passes collect diagnostics and go on; low-level helpers that do not know a
span raise `Located`-less `ValueProblem`s which the caller places with
`.at(span)`, as typst does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum

from scenec.lang.codes import CODES
from scenec.lang.span import Source, Span


MAX_SHOWN_LINE = 100


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    span: Span | None
    hints: tuple[str, ...] = ()
    label: str = ""  # the short note printed under the caret

    def __post_init__(self) -> None:
        assert self.code in CODES, f"unknown diagnostic code {self.code}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_json(self) -> dict:
        span = self.span
        return {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "file": span.file if span else None,
            "line": span.line if span else None,
            "column": span.column if span else None,
            "end_line": span.end_line if span else None,
            "end_column": span.end_column if span else None,
            "label": self.label or None,
            "hints": list(self.hints),
        }


def error(code: str, message: str, span: Span | None, *hints: str, label: str = "") -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, span, tuple(h for h in hints if h), label)


def warning(code: str, message: str, span: Span | None, *hints: str, label: str = "") -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, span, tuple(h for h in hints if h), label)


class ValueProblem(ValueError):
    """A problem found by a helper that does not know where it is."""

    def __init__(self, code: str, message: str, *hints: str, label: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hints = hints
        self.label = label

    def at(self, span: Span | None) -> Diagnostic:
        return error(self.code, self.message, span, *self.hints, label=self.label)


def sort_key(diagnostic: Diagnostic) -> tuple:
    span = diagnostic.span
    if span is None:
        return ("", 0, 0, diagnostic.code)
    return (span.file, span.start, span.end, diagnostic.code)


def render_human(diagnostic: Diagnostic, source: Source | None) -> str:
    """The LANGUAGE.md section-10 format: header, location, source line, caret, hints."""
    head = f"{diagnostic.severity.value}[{diagnostic.code}]: {diagnostic.message}"
    span = diagnostic.span
    lines = [head]
    if span is not None:
        lines.append(f"  --> {span.file}:{span.line}:{span.column}")
        if source is not None and source.line_count >= span.line:
            text = source.line_text(span.line).replace("\t", " ")
            gutter = str(span.line)
            pad = " " * len(gutter)
            width = (span.end_column - span.column) if span.end_line == span.line else len(text) - span.column + 1
            width = max(1, min(width, MAX_SHOWN_LINE))
            column = span.column
            if len(text) > MAX_SHOWN_LINE:  # show a window around the span, not a 10,000-column line
                first = max(0, column - 1 - MAX_SHOWN_LINE // 2)
                text = ("…" if first else "") + text[first:first + MAX_SHOWN_LINE] + "…"
                column = column - first + (1 if first else 0)
            caret = " " * (column - 1) + "^" * width
            if diagnostic.label:
                caret += " " + diagnostic.label
            lines += [f"{pad} |", f"{gutter} | {text}", f"{pad} | {caret}"]
            for hint in diagnostic.hints:
                lines.append(f"{pad} = help: {hint}")
            return "\n".join(lines)
    for hint in diagnostic.hints:
        lines.append(f"  = help: {hint}")
    return "\n".join(lines)


def render_short(diagnostic: Diagnostic) -> str:
    span = diagnostic.span
    where = f"{span.file}:{span.line}:{span.column}: " if span else ""
    return f"{where}{diagnostic.severity.value}[{diagnostic.code}]: {diagnostic.message}"


def render_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in diagnostics], indent=2)

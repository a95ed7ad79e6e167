"""The highlighter reads the shared token stream and lexes again only the lines that changed."""

from __future__ import annotations

import pytest

from scenec.tui import highlight
from scenec.tui.highlight import LineHighlighter, highlight_text


def test_half_typed_text_still_highlights_and_strays_are_marked() -> None:
    ranges = highlight_text('layer t: text("unfinished\nlayer $ x: rect(fill: @sky)')
    assert (14, 25, "string") in ranges[0]
    assert (0, 5, "keyword") in ranges[1] and (6, 7, "scenec.lex-error") in ranges[1]
    assert (22, 26, "variable") in ranges[1]  # `@sky`, a palette entry
    assert highlight_text("  at: 3") == {0: [(6, 7, "number")]}  # a parameter name, whatever `at` spells


def test_an_edit_lexes_only_the_edited_line(monkeypatch: pytest.MonkeyPatch) -> None:
    lexed: list[str] = []
    original = highlight.lex_line
    def counted(line: str, in_comment: bool):
        lexed.append(line)
        return original(line, in_comment)
    monkeypatch.setattr(highlight, "lex_line", counted)
    lines = [f"    layer l{i}: circle(radius: {i}%)" for i in range(500)]
    highlighter = LineHighlighter()
    first = highlighter.highlight(lines)
    assert len(lexed) == 500
    lexed.clear()
    lines[250] += " depth 0.5"
    second = highlighter.highlight(lines)
    assert lexed == [lines[250]] and second[251] == first[251] and second[250] != first[250]
    lines.insert(0, "/*")  # opening a block comment changes how every later line lexes
    ranges = highlighter.highlight(lines)
    assert all(ranges[row] == [(0, len(lines[row]), "comment")] for row in range(1, len(lines)))

"""Incremental parsing and checking equal a full parse and check, after any sequence of edits.

A `ParseCache` re-parses one block of the file's last one-pass tree when an
edit stays inside it (`lang/incremental.py`), and `CheckCache` reuses the
checks of the blocks an edit did not touch (`lang/check_cache.py`); both are
compared with a fresh parse and check of the same text: the tree, the
comments, the syntax diagnostics and every diagnostic of the check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenec.api import default_world, knowledge_names
from scenec.lang.checker import check_graph
from scenec.lang.check_cache import CheckCache
from scenec.lang.incremental import common_ends
from scenec.lang.modules import MemoryLoader, ParseCache, load_graph
from scenec.lang.parser import parse_source
from scenec.lang.span import Source

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.scene"))
LINE = "layer moon: circle(at: (8%, 18%), radius: 6%, fill: ivory, glow: .4) motion sway(angle: 5deg)"
# What an editor inserts: single keys, words, brackets, comments, whole statements and lines.
PIECES = ("a", " ", "\n", "(", ")", "{", "}", ",", ":", "\"", "%", "1", "0.5s", "@sun", "layer", "shot", "//x",
          "/*", "*/", "\n    layer x: circle(radius: 5%)", "\n    animate x.opacity to 0 over 1s",
          "\n  shot q 2s {\n    layer y: rect()\n  }", "glow: 2,", "fill: red", "radius: 200%", "#12345",
          "template", "palette p { a: red }\n", "let z = 3\n", "}\n", "\t")

SHOT = re.compile(r"^ *shot\b", re.MULTILINE)
NAMES = knowledge_names(default_world(None))


def fresh(path: str, text: str):
    """The full parse and check of `text`, sharing nothing with earlier ones."""
    graph = load_graph(path, MemoryLoader({path: text}))
    return graph.modules[path].result, check_graph(graph, NAMES)


class Editor:
    """One file edited again and again, parsed and checked through the caches as the server does."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.parses = ParseCache()
        self.checks = CheckCache()

    def check(self, text: str):
        graph = load_graph(self.path, MemoryLoader({self.path: text}), text, self.parses)
        return graph.modules[self.path].result, self.checks.check(graph, NAMES)


def assert_same(editor: Editor, text: str) -> None:
    parsed, checked = editor.check(text)
    full_parsed, full_checked = fresh(editor.path, text)
    assert parsed.file == full_parsed.file
    assert parsed.comments == full_parsed.comments
    assert parsed.diagnostics == full_parsed.diagnostics
    assert parsed.recovered == full_parsed.recovered
    assert checked.diagnostics == full_checked.diagnostics
    assert checked.palette_colors == full_checked.palette_colors


def first_shot_body(text: str) -> int:
    """The offset of the line after the first shot's `{`."""
    at = SHOT.search(text).start()
    return text.index("\n", text.index("{", at)) + 1


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_typing_a_layer_line_into_a_shot(path: Path) -> None:
    """Key by key, as the typing benchmark does: every state equals a full parse and check, and
    the clean states re-parse the shot alone."""
    text = path.read_text(encoding="utf-8")
    editor = Editor(str(path))
    assert_same(editor, text)
    at = first_shot_body(text)
    for n in range(1, len(LINE) + 1):
        assert_same(editor, text[:at] + "    " + LINE[:n] + "\n" + text[at:])
    assert editor.parses.spliced >= 1


def test_an_edit_in_one_shot_reparses_and_rechecks_only_it() -> None:
    text = (ROOT / "examples" / "sunset.scene").read_text(encoding="utf-8")
    editor = Editor("/p/sunset.scene")
    editor.check(text)
    shots = editor.checks.shot_checks
    at = first_shot_body(text)
    assert_same(editor, text[:at] + "    layer extra: circle(radius: 5%)\n" + text[at:])
    assert editor.parses.spliced == 1
    assert editor.checks.shot_checks == shots + 1


@pytest.mark.parametrize("old,new", [("abc", "abc"), ("abc", "abxc"), ("aaaa", "aaa"), ("", "x"), ("xy", ""),
                                     ("shot {}", "shot { }"), ("aXa", "aYYa")])
def test_common_ends(old: str, new: str) -> None:
    prefix, suffix = common_ends(old, new)
    assert old[:prefix] == new[:prefix]
    assert old[len(old) - suffix:] == new[len(new) - suffix:]
    assert prefix + suffix <= min(len(old), len(new))
    longest = next(i for i in range(min(len(old), len(new)), -1, -1) if old[:i] == new[:i])
    assert prefix == longest


edits = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 12), st.sampled_from(PIECES)), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(EXAMPLES) - 1), edits=edits)
def test_random_edit_sequences_equal_a_full_parse_and_check(index: int, edits) -> None:
    """Each edit removes up to 12 characters at a point and inserts a piece; after every one the
    cached, incremental result equals the full one."""
    path = EXAMPLES[index]
    text = path.read_text(encoding="utf-8")
    editor = Editor(str(path))
    assert_same(editor, text)
    for where, removed, piece in edits:
        at = int(where * len(text))
        text = text[:at] + piece + text[at + removed:]
        assert_same(editor, text)


STATEMENTS = ("layer x: circle(radius: 5%)", "layer sun: circle(radius: red)", "animate x.opacity to 0 over 1s",
              "camera pan right 5%", "beat setup", "layer t: text(\"hi\", at: (50%, 50%))", "focus sun",
              "keyframes x.opacity { 0s: 1  1s: 0 }", "grade warm(0.2)", "layer x: nosuch()", "// a note",
              "layer y: star(points: 99) motion sway(angle: 5deg)", "audio sfx \"pop\" at 1s")
# Edits that keep a file parsing more often than not: whole statements in and out, words and numbers
# changed a character at a time; and, now and then, any piece at all.
OPS = st.one_of(st.tuples(st.just("line"), st.floats(0, 1), st.sampled_from(STATEMENTS)),
                st.tuples(st.just("drop"), st.floats(0, 1), st.just("")),
                st.tuples(st.just("char"), st.floats(0, 1), st.sampled_from(("a", "1", "-", "e"))),
                st.tuples(st.just("any"), st.floats(0, 1), st.sampled_from(PIECES)))


def edit_inside(text: str, shot: int, op: str, where: float, piece: str) -> str:
    """`text` with one edit inside the body of its `shot`-th shot (counted round)."""
    starts = [m.end() for m in SHOT.finditer(text)]
    if not starts:
        return text
    body = text.index("\n", starts[shot % len(starts)]) + 1
    close = text.find("\n  }", body)
    if close <= body:
        return text
    lines = text[body:close + 1].splitlines(keepends=True)
    row = int(where * len(lines)) % len(lines)
    head = body + sum(len(x) for x in lines[:row])
    if op == "line":
        return text[:head] + "    " + piece + "\n" + text[head:]
    if op == "drop":
        return text[:head] + text[head + len(lines[row]):]
    line = lines[row]
    if op == "char":
        spots = [i for i, c in enumerate(line) if c.isalnum() and (piece.isalpha() == c.isalpha())]
        at = head + spots[int(where * 997) % len(spots)] if spots else head
        return text[:at] + piece + text[at:]
    at = head + int(where * 31) % max(1, len(line))
    return text[:at] + piece + text[at:]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(EXAMPLES) - 1), shot=st.integers(0, 6), ops=st.lists(OPS, min_size=1, max_size=12))
def test_edit_sequences_inside_shots_equal_a_full_parse_and_check(index: int, shot: int, ops) -> None:
    """Edits inside one shot's body, where the incremental paths are taken."""
    path = EXAMPLES[index]
    text = path.read_text(encoding="utf-8")
    editor = Editor(str(path))
    assert_same(editor, text)
    for op, where, piece in ops:
        text = edit_inside(text, shot, op, where, piece)
        assert_same(editor, text)


def test_splice_needs_the_same_file() -> None:
    from scenec.lang.incremental import splice
    base = parse_source(Source("/a.scene", "template t() {\n  layer a: circle()\n}\n"))
    assert splice(base, Source("/b.scene", "template t() {\n  layer ab: circle()\n}\n")) is None
    moved = splice(base, Source("/a.scene", "template t() {\n  layer ab: circle()\n}\n"))
    assert moved == parse_source(Source("/a.scene", "template t() {\n  layer ab: circle()\n}\n"))


def test_a_paste_past_the_size_limit_is_refused_as_a_full_parse_refuses_it(monkeypatch) -> None:
    from scenec.lang import incremental
    text = "scene {\n  shot {\n    layer a: circle()\n  }\n}\n"
    editor = Editor("/big.scene")
    editor.check(text)
    monkeypatch.setattr(incremental, "MAX_SOURCE_CHARS", len(text) + 10)
    pasted = text.replace("circle()", "circle()  // " + "x" * 40)
    assert incremental.splice(editor.parses._bases["/big.scene"], Source("/big.scene", pasted)) is None

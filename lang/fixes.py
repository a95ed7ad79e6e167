"""Quick fixes: the text edits a diagnostic's hints name, for the language server and the dashboard.

Reads one `Diagnostic` and the text of the file its span lies in (offsets
are code points, as spans are). Produces zero or more `Fix`es, each a title
and the `Edit`s that apply it; an editor offers them as code actions. A
hint that names no exact text (`add `palette NAME` to the scene`, anything
with `…`) gives no fix: a fix must leave the text the hint describes, not a
template to fill in.

The hints turned into fixes (every one the checker, evaluator and parser emit):

- ``did you mean `X`?`` (and ``"X"``, ``@X``): replace the span with `X`;
  ``did you mean `name: value`?`` replaces the whole argument;
- ``add a unit: `X` ``, ``write `X` ``, ``write the layer and the property: `X` ``:
  replace the span with `X` (``write `camera pan left` `` replaces the direction);
- ``missing `:` after the layer name``: insert `:` after the name;
- ``separate values with `,` ``: insert `,` before the value;
- ``add the matching `)` `` (or `]`): insert the closer where the line ends (an unclosed
  `{` gets none: where its block ends is not on its line);
- ``remove it, or add …`` (a closer with no opener): delete it;
- `` `x` is given twice``: delete the second argument;
- ``remove one of the imports in the cycle``: delete the import line;
- ``import "lib.scene"`` for a name another file defines: `missing_import` builds
  that fix from what the caller knows of the project (this module reads no files).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from scenec.lang.diagnostics import Diagnostic

_QUOTED = re.compile(r"`([^`]+)`|\"([^\"]+)\"")
_MEANT = re.compile(r"^did you mean (?:`([^`]+)`|(\"[^\"]+\"))\?$")
_NAME_BEFORE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)\s*:\s*$")


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] with `new_text` (an insertion when start == end)."""

    start: int
    end: int
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    preferred: bool = False  # the one fix an editor may apply with a single key


def fixes_for(diagnostic: Diagnostic, text: str) -> tuple[Fix, ...]:
    """The fixes the diagnostic's hints and kind name, as edits of `text` (its span's file)."""
    span = diagnostic.span
    if span is None or span.end > len(text):
        return ()
    out: list[Fix] = []
    for hint in diagnostic.hints:
        fix = _from_hint(diagnostic, hint, text)
        if fix is not None and fix not in out:
            out.append(fix)
    if diagnostic.code == "E2006":  # a parameter given twice: drop the second
        out.append(_delete_argument(text, span.start, span.end))
    if diagnostic.message.startswith("missing `:` after the layer name"):
        at = _end_of_previous(text, span.start)
        out.append(Fix("insert `:` after the layer name", (Edit(at, at, ":"),), preferred=True))
    valid = [f for f in out if _valid(f, text)]
    # One preferred fix at most: the first hint is the checker's best guess.
    return tuple(f if i == 0 else Fix(f.title, f.edits, False) for i, f in enumerate(valid))


def missing_import(diagnostic: Diagnostic, text: str, defined_in: Mapping[str, str]) -> Fix | None:
    """For an unknown name (a template) that another file defines: import that file.

    `defined_in` maps names to the import path that brings each in, as the caller
    found it in the project. The import goes after the file's last import, or first."""
    span = diagnostic.span
    if span is None or diagnostic.code not in ("E2015", "E3001", "E3004"):
        return None
    name = text[span.start:span.end].lstrip("@")
    path = defined_in.get(name)
    if path is None:
        return None
    at = 0
    for match in re.finditer(r'^[ \t]*import[ \t]+"[^"\n]*"[ \t]*(?://[^\n]*)?\n?', text, re.M):
        at = match.end()
    line = f'import "{path}"\n'
    if at and not text[:at].endswith("\n"):
        line = "\n" + line
    return Fix(f'import "{path}" (it defines `{name}`)', (Edit(at, at, line),), preferred=True)


def _from_hint(d: Diagnostic, hint: str, text: str) -> Fix | None:
    span = d.span
    here = text[span.start:span.end]
    meant = _MEANT.match(hint)
    if meant:
        wanted = meant.group(1) or meant.group(2)
        if ":" in wanted and not wanted.startswith(("@", '"')):  # `did you mean `fill: red`?`
            name = _NAME_BEFORE.search(text, 0, span.start)
            if name is None:
                return None
            return Fix(f"change to `{wanted}`", (Edit(name.start(), span.end, wanted),), preferred=True)
        named = _QUOTED.search(d.message)
        bad = named.group(1) if named else None
        if bad and here != bad and here.startswith(bad + "."):  # `snu.radius`: only the layer is wrong
            return Fix(f"change to `{wanted}`", (Edit(span.start, span.start + len(bad), wanted),), preferred=True)
        if wanted.startswith("@") and not here.startswith("@"):
            wanted = wanted[1:]
        elif here.startswith("@") and not wanted.startswith("@"):
            wanted = "@" + wanted
        return Fix(f"change to `{wanted}`", (Edit(span.start, span.end, wanted),), preferred=True)
    if hint.startswith(("add a unit: `", "write the layer and the property: `")) or re.fullmatch(r"write `[^`]+`", hint):
        wanted = _QUOTED.search(hint).group(1)
        if "…" in wanted:
            return None
        if wanted.startswith("camera "):  # `write `camera pan left``: the span is the direction
            wanted = wanted.split()[-1]
            return Fix(f"change to `{wanted}`", (Edit(span.start, span.end, wanted),), preferred=True)
        return Fix(f"change to `{wanted}`", (Edit(span.start, span.end, wanted),), preferred=True)
    if hint == "separate values with `,` inside brackets":
        at = _end_of_previous(text, span.start)
        return Fix("insert `,`", (Edit(at, at, ","),), preferred=True)
    closer = re.fullmatch(r"add the matching `(.)`", hint)
    if closer and here in ("(", "["):  # a block's `}` belongs lines below: no one place to offer
        at = _line_end(text, span.end)
        return Fix(f"insert `{closer.group(1)}` at the end of the line", (Edit(at, at, closer.group(1)),),
                   preferred=True)
    if hint.startswith("remove it, or add") and here in (")", "]", "}"):
        return Fix(f"remove the `{here}`", (Edit(span.start, span.end, ""),), preferred=True)
    if hint == "remove one of the imports in the cycle":
        start = text.rfind("\n", 0, span.start) + 1
        end = text.find("\n", span.end)
        end = len(text) if end == -1 else end + 1
        return Fix("remove this import", (Edit(start, end, ""),))
    return None


def _end_of_previous(text: str, offset: int) -> int:
    """Where the text before `offset` ends, whitespace skipped back over."""
    at = offset
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    return at


def _line_end(text: str, offset: int) -> int:
    """The end of the line holding `offset`, before a trailing `//` comment and spaces."""
    end = text.find("\n", offset)
    end = len(text) if end == -1 else end
    comment = text.find("//", offset, end)
    if comment != -1 and text.count('"', text.rfind("\n", 0, offset) + 1, comment) % 2 == 0:
        end = comment
    return _end_of_previous(text, end)


def _delete_argument(text: str, start: int, end: int) -> Fix:
    """The argument and the comma joining it to the one before (or after)."""
    before = _end_of_previous(text, start)
    if before > 0 and text[before - 1] == ",":
        return Fix("remove the repeated argument", (Edit(before - 1, end, ""),), preferred=True)
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    if after < len(text) and text[after] == ",":
        after += 1
        while after < len(text) and text[after] in " \t":
            after += 1
        return Fix("remove the repeated argument", (Edit(start, after, ""),), preferred=True)
    return Fix("remove the repeated argument", (Edit(start, end, ""),), preferred=True)


def _valid(fix: Fix, text: str) -> bool:
    """Each edit inside the text and changing something."""
    return all(0 <= e.start <= e.end <= len(text) and (text[e.start:e.end] != e.new_text) for e in fix.edits)

"""Completion: what may be typed at the cursor, read from the text before it.

While a line is being typed the file rarely parses, so the context comes
from a small scan of the text before the cursor (comments and strings
blanked out by one regular expression), not from the tree: the innermost
open `{` says which block the cursor is in, the innermost open `(` which
call (or a tuple, where nothing is offered), the arguments already written
which parameters are left, and the word before the cursor which slot.
Right after `layer ` only a fresh name is offered. Names the file defines
(layers, lets, palettes, templates) come from the last analysis and, for
layers, from the text. The dashboard may call `complete` and `context_at`;
both are pure functions of the text, the offset and an analysis.

What a choice inserts is well-formed where it lands: right after a `:` it
starts with a space (`layer a: circle(…)`), and a primitive or template is
a snippet with a tab stop per required parameter, the first where the
cursor goes. Built-in templates' parameters are read from their libraries'
declaration lines with the grammar's lexer (`lang.tokens`), once per world,
not by parsing every library while the user waits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsprotocol import types

from scenec.lang.signatures import (BEATS, BLEND_MODES, CAMERA_MOVES, COLOR_FUNCTIONS, EFFECTS, GRADE_OPS,
                                    LAYER_PROPERTIES, MOTIONS, PRIMITIVES, SHOT_TYPES, TRANSITIONS,
                                    VALUE_MODIFIERS, ParamSpec)
from scenec.lang.types import ANCHORS, EASINGS, Kind
from scenec.lsp.analysis import (Analysis, callee_params, describe_param, hex_color, knowledge_of, palette_colors,
                                 template_params, template_signature)
from scenec.lang.scan import BLOCK_WORDS
from scenec.lsp.snippets import builtin_headers, header_detail, required, snippet

FILE_KEYWORDS = ("import", "let", "palette", "template", "scene")
SCENE_KEYWORDS = ("size", "fps", "duration", "seed", "background", "palette", "genre", "mood", "arc", "time",
                  "weather", "style", "grade", "audio", "shot", "transition")
SHOT_KEYWORDS = ("layer", "animate", "keyframes", "camera", "focus", "beat", "grade", "audio", "time", "weather",
                 "mood")
MODIFIERS = (*VALUE_MODIFIERS, "blend", "enter", "exit", "motion")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_LAYER = re.compile(r"\blayer\s+([A-Za-z_][A-Za-z0-9_-]*)\s*:\s*([A-Za-z_][A-Za-z0-9_-]*)?")
_SCENE_PALETTE = re.compile(r"^\s*palette\s+([A-Za-z_][A-Za-z0-9_-]*)\s*$", re.M)
_KNOWLEDGE_SLOTS = {"genre": "genre", "mood": "mood", "arc": "arc", "time": "time", "weather": "weather",
                    "style": "style"}


@dataclass(frozen=True, slots=True)
class Context:
    block: str  # "file", "scene", "shot", "template", "palette", "keyframes", "other"
    call: str | None  # the callee of the innermost open `(`
    call_kind: str | None  # "layer", "motion", "grade", "call"
    arg_text: str  # the text of the current argument, up to the cursor
    arg_index: int  # which argument of the call the cursor is in (0 first)
    given: tuple[str, ...]  # the names of the call's arguments given before (and after) the cursor
    in_tuple: bool  # inside a `(…)` that is no call's argument list (a point, a size)
    words: tuple[str, ...]  # the words of the current line before the one being typed
    prefix: str  # the partial word at the cursor
    after_at: bool


_QUOTED_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\[^\n])*(?P<closer>"?)|//[^\n]*|/\*[\s\S]*?(?:\*/|\Z)')


def _blank(match: re.Match) -> str:
    found = match.group(0)
    if found.startswith('"'):  # the quotes stay: they still show where a string was
        closed = bool(match.group("closer"))
        inner = found[1:-1] if closed else found[1:]
        return '"' + " " * len(inner) + ('"' if closed else "")
    return re.sub(r"[^\n]", " ", found)


def blank_comments_and_strings(text: str) -> str:
    """Comments and string contents replaced by spaces, offsets and line breaks kept.

    One regular expression pass (the C engine), not a Python loop: completion runs it on
    every keystroke, over the whole text of a 2,000-line file."""
    return _QUOTED_OR_COMMENT.sub(_blank, text)


def context_at(text: str, offset: int) -> Context:
    before = blank_comments_and_strings(text[:offset])
    match = re.search(r"[A-Za-z0-9_-]*$", before)
    prefix = match.group(0) if match else ""
    head = before[: len(before) - len(prefix)]
    after_at = head.endswith("@")
    opened = _open_brackets(head)
    braces = [i for i, kind in opened if kind not in "(["]
    parens = [i for i, kind in opened if kind in "(["]
    block = next((kind for _, kind in reversed(opened) if kind not in "(["), "file")
    call = call_kind = None
    arg_text = ""
    arg_index = 0
    given: tuple[str, ...] = ()
    innermost_paren = parens[-1] if parens and (not braces or parens[-1] > braces[-1]) else None
    in_tuple = innermost_paren is not None and head[innermost_paren] == "(" and \
        not re.search(r"[A-Za-z0-9_-]\s*$", head[:innermost_paren])
    open_paren = next((p for p in reversed(parens) if head[p] == "(" and (not braces or p > braces[-1])), None)
    if open_paren is not None and in_tuple:
        open_paren = None  # `at: (10%, |`: the tuple's own items, not the call's parameters
    if open_paren is not None:
        words_before = _WORD.findall(head[:open_paren][-80:])
        if words_before:
            call = words_before[-1]
            if re.search(r"layer\s+[A-Za-z_][A-Za-z0-9_-]*\s*:\s*" + re.escape(call) + r"\s*$", head[:open_paren]):
                call_kind = "layer"
            elif len(words_before) >= 2 and words_before[-2] == "motion":
                call_kind = "motion"
            elif call in GRADE_OPS:
                call_kind = "grade"
            elif call in COLOR_FUNCTIONS:
                call_kind = "call"
        inner = head[open_paren + 1:]
        depth, cut = 0, 0
        for i, c in enumerate(inner):
            if c in "([":
                depth += 1
            elif c in ")]":
                depth -= 1
            elif c == "," and depth == 0:
                cut = i + 1
                arg_index += 1
        arg_text = inner[cut:]
        given = tuple(_given_names(inner[:cut] + "," + _rest_of_call(blank_comments_and_strings(text[offset:]))))
    line = head[head.rfind("\n") + 1:]
    return Context(block, call, call_kind, arg_text, arg_index, given, in_tuple, tuple(_WORD.findall(line)),
                   prefix, after_at)


_BRACKET = re.compile(r"[{}()\[\]]")
_BRACKET_OR_LINE = re.compile(r"[{}()\[\]]|\n[ \t]*([A-Za-z_][A-Za-z0-9_-]*)?([^\n]*)")
_BLOCK_KEYWORDS = ("scene", "shot", "template", "palette", "keyframes")


def _open_brackets(head: str) -> list[tuple[int, str]]:
    """The brackets still open at the end of `head`: (offset, the block kind of a `{`, or `(`/`[`).

    Closed where the parser's splitter closes them (`lang.scan`): a bracket may span lines,
    but a line that starts a statement of an enclosing block (`layer` in a shot, `shot` in a
    scene, a top-level item) ends every bracket opened inside that block (line starts are
    read only while a `(` or `[` is open: an unclosed block is left to the tree), and a `{` after no
    block keyword with more of its line after it is a slip, not a block. So an unclosed `(`
    or `"` on an earlier line does not change the context of a later statement."""
    opened: list[tuple[int, str]] = []
    at = 0
    while True:  # brackets, and line starts while a `(` or `[` is open: far fewer steps than characters
        found = (_BRACKET_OR_LINE if opened and opened[-1][1] in "([" else _BRACKET).search(head, at)
        if found is None:
            return opened
        i, c = found.start(), found.group(0)
        at = found.start(2) if c[0] == "\n" else i + 1  # the rest of a line is scanned too
        if c[0] == "\n":
            if found.group(1) and opened:
                del opened[_open_at_line_start(found.group(1), found.group(2), opened):]
        elif c == "{":
            kind = _brace_block(head, i)
            line_end = head.find("\n", i)
            if kind is None and head[i + 1:line_end if line_end != -1 else len(head)].strip():
                continue  # a slip, which the splitter drops
            opened.append((i, kind or "other"))
        elif c in "([":
            opened.append((i, c))
        else:
            want = {")": "(", "]": "["}.get(c)
            match = next((j for j in range(len(opened) - 1, -1, -1)
                          if (opened[j][1] == want if want else opened[j][1] not in "([")), None)
            if match is not None:
                del opened[match:]


def _brace_block(head: str, i: int) -> str | None:
    """The block a `{` at `i` opens: the nearest block keyword before it in its header, which
    is on the `{`'s line but for bracketed parts (template parameters) that span lines."""
    depth = 0
    j = i - 1
    while j >= 0 and i - j < 4000:
        c = head[j]
        if c in "{};" or (c == "\n" and depth == 0):
            break
        if c in ")]":
            depth += 1
        elif c in "([":
            depth -= 1
        j -= 1
    header = _WORD.findall(head[j + 1:i])
    return next((w for w in reversed(header) if w in _BLOCK_KEYWORDS), None)


def _open_at_line_start(word: str, rest: str, opened: list[tuple[int, str]]) -> int:
    """How many open brackets a line starting with `word` (then `rest`) can still be inside:
    `scan`'s rule for where an unclosed bracket ended."""
    after = rest.lstrip(" \t")[:1]
    if after in (":", "."):
        return len(opened)  # a named argument or a dotted name: the bracket goes on
    if word in ("let", "import") or word in ("scene", "template") and after != "=" or \
            word == "palette" and re.match(r"\s*[A-Za-z_][A-Za-z0-9_-]*\s*(\{|extends\b)", rest):
        return 0
    for j in range(len(opened) - 1, -1, -1):
        if opened[j][1] not in "([" and word in BLOCK_WORDS.get(opened[j][1], ()):
            return j + 1  # a statement of this block: what was opened inside it is unclosed
    return len(opened)

def _rest_of_call(after: str) -> str:
    """The text after the cursor up to the `)` closing the call (or the line's end)."""
    depth = 0
    for i, c in enumerate(after):
        if c in "([":
            depth += 1
        elif c in ")]":
            if depth == 0:
                return after[:i]
            depth -= 1
        elif c in "\n{}":
            return after[:i]
    return after


def _given_names(args: str) -> list[str]:
    """The `name:` at the start of each top-level argument."""
    names, depth, start = [], 0, 0
    for i, c in enumerate(args + ","):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "," and depth == 0:
            named = re.match(r"\s*([A-Za-z_][A-Za-z0-9_-]*)\s*:", args[start:i])
            if named:
                names.append(named.group(1))
            start = i + 1
    return names


def _item(label: str, kind: types.CompletionItemKind, detail: str = "", insert: str | None = None,
          doc: str = "") -> types.CompletionItem:
    return types.CompletionItem(label=label, kind=kind, detail=detail or None, insert_text=insert,
                                documentation=doc or None)


def _words(words, kind=types.CompletionItemKind.EnumMember, detail: str = "") -> list[types.CompletionItem]:
    return [_item(w, kind, detail) for w in words]


def value_items(spec_type, analysis: Analysis | None, text: str) -> list[types.CompletionItem]:
    """Bare words a value of this type may be: enum words, easings, anchors, booleans, colors."""
    enum = types.CompletionItemKind.EnumMember
    if spec_type.kind is Kind.ENUM:
        words = spec_type.words
        if words == ("__lut__",):
            words = knowledge_of(analysis).names("lut")
        return _words(words, enum, str(spec_type))
    if spec_type.kind is Kind.EASING:
        return _words(EASINGS, enum, "easing")
    if spec_type.kind is Kind.VEC:
        return _words(ANCHORS, enum, "anchor")
    if spec_type.kind is Kind.BOOL:
        return _words(("true", "false"), types.CompletionItemKind.Keyword, "bool")
    if spec_type.kind is Kind.COLOR:
        items = [_item(f"@{name}", types.CompletionItemKind.Color, hex_color(rgba), insert=f"@{name}")
                 for name, rgba in _palette_entries(analysis, text).items()]
        items += _words(("none", "white", "black"), types.CompletionItemKind.Color, "color")
        items += [_item(f"{name}(", types.CompletionItemKind.Function, "color function", insert=f"{name}(")
                  for name in COLOR_FUNCTIONS]
        return items
    return []


def _palette_entries(analysis: Analysis | None, text: str) -> dict:
    match = _SCENE_PALETTE.search(blank_comments_and_strings(text))
    name = match.group(1) if match else None
    if analysis is None:
        return {}
    colors = palette_colors(analysis, name)
    if not colors:  # no scene palette (yet), or a template: every palette the file knows
        for entries in analysis.check.palette_colors.values():
            colors.update(entries)
    return colors


def layer_names(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2) or "") for m in _LAYER.finditer(blank_comments_and_strings(text))]


def complete(text: str, offset: int, analysis: Analysis | None) -> list[types.CompletionItem]:
    """What may be typed at `offset`; right after a `:` each choice starts with the space the style puts there."""
    items = _complete(text, offset, analysis)
    start = offset - len(re.search(r"[A-Za-z0-9_-]*$", text[max(0, offset - 200):offset]).group(0))
    if start and text[start - 1] == ":":
        items = [item if (item.insert_text or item.label).startswith(" ") else
                 types.CompletionItem(**{**_fields(item), "insert_text": " " + (item.insert_text or item.label)})
                 for item in items]
    return items


def _fields(item: types.CompletionItem) -> dict:
    return {name: getattr(item, name) for name in ("label", "kind", "detail", "documentation", "insert_text",
                                                   "insert_text_format")}


def _complete(text: str, offset: int, analysis: Analysis | None) -> list[types.CompletionItem]:
    ctx = context_at(text, offset)
    kw, enum = types.CompletionItemKind.Keyword, types.CompletionItemKind.EnumMember
    if ctx.after_at:
        return [_item(name, types.CompletionItemKind.Color, hex_color(rgba))
                for name, rgba in _palette_entries(analysis, text).items()]
    if ctx.in_tuple:
        return []  # a point or a size: numbers, which no list helps to type
    last = ctx.words[-1] if ctx.words else None
    if ctx.words == ("layer",) and ctx.block in ("shot", "template"):
        return [_fresh_layer_name(text)]  # a name comes next: no keyword fits here
    # A dotted target: `animate sun.` -> the layer's animatable properties.
    target = re.search(r"\b(animate|keyframes|focus|follow)\s+([A-Za-z_][A-Za-z0-9_-]*)\.$",
                       blank_comments_and_strings(text[:offset - len(ctx.prefix)]))
    if target:
        primitive = dict(layer_names(text)).get(target.group(2), "")
        specs = callee_params(analysis, "layer", primitive) if analysis and primitive else PRIMITIVES.get(primitive)
        props = [*(specs or ()), *LAYER_PROPERTIES.values()]
        return [_item(s.name, types.CompletionItemKind.Property, describe_param(s)) for s in props]
    if ctx.call is not None and ctx.call_kind is not None:
        specs = callee_params(analysis, ctx.call_kind, ctx.call) if analysis else \
            (PRIMITIVES.get(ctx.call) if ctx.call_kind == "layer" else None)
        named = re.match(r"\s*([A-Za-z_][A-Za-z0-9_-]*)\s*:\s*", ctx.arg_text)
        if specs is not None and named:
            spec = next((s for s in specs if s.name == named.group(1)), None)
            return value_items(spec.type, analysis, text) if spec else []
        if specs is not None and not ctx.arg_text.strip(" \n" + ctx.prefix):
            return _param_items(tuple(s for s in specs if s.name not in ctx.given))
        return []
    if last == "ease":
        return _words(EASINGS, enum, "easing")
    if last in ("animate", "focus", "follow", "keyframes"):
        return [_item(name, types.CompletionItemKind.Variable, f"layer: {primitive}") for name, primitive in
                dict(layer_names(text)).items()]
    if len(ctx.words) >= 2 and ctx.words[-2] == "layer" and re.search(r":\s*$", text[:offset - len(ctx.prefix)]):
        items = [snippet(name, required(specs), types.CompletionItemKind.Function, "primitive")
                 for name, specs in PRIMITIVES.items()]
        if analysis is not None:
            own = analysis.check.definitions.templates
            items += [snippet(name, required(template_params(analysis, t)), types.CompletionItemKind.Class,
                               template_signature(analysis, t)) for name, t in own.items()]
            headers = builtin_headers(analysis.world) if analysis.world is not None else {}
            items += [snippet(name, tuple(p for p, needed in headers.get(name, ()) if needed),
                               types.CompletionItemKind.Class, header_detail(name, headers.get(name)))
                      for name in analysis.knowledge.templates if name not in own]
        return items
    if last == "motion":
        return _words(MOTIONS, types.CompletionItemKind.Function, "motion")
    if last == "blend":
        return _words(BLEND_MODES, enum, "blend mode")
    if last in ("enter", "exit"):
        return _words(EFFECTS, enum, f"{last} effect")
    if last == "camera" and ctx.words[0] == "camera":
        return _words(CAMERA_MOVES, kw, "camera move")
    if len(ctx.words) >= 2 and ctx.words[-2] == "camera" and last in CAMERA_MOVES:
        return _words(CAMERA_MOVES[last][1], enum, "direction")
    if last == "transition":
        return _words(TRANSITIONS, kw, "transition")
    if last == "beat":
        return _words(BEATS, enum, "beat")
    if last == "grade" or (ctx.words[:1] == ("grade",) and last != "grade"):
        return _words(GRADE_OPS, types.CompletionItemKind.Function, "grade operation")
    if last == "palette" and ctx.block == "scene":
        names = set(knowledge_of(analysis).palettes) | (set(analysis.check.definitions.palettes) if analysis else set())
        return _words(sorted(names), types.CompletionItemKind.Color, "palette")
    if last in _KNOWLEDGE_SLOTS and len(ctx.words) == 1:
        return _words(knowledge_of(analysis).names(_KNOWLEDGE_SLOTS[last]), enum, last)
    if last == "shot" or (ctx.words[:1] == ("shot",) and len(ctx.words) == 2):
        return _words(SHOT_TYPES, enum, "shot type")
    if not ctx.words:  # a statement starts here
        return _statement_items(ctx.block, text, offset)
    if ctx.words[0] == "layer" and ctx.block in ("shot", "template"):
        return _words(MODIFIERS, kw, "layer modifier")
    return []


def _fresh_layer_name(text: str) -> types.CompletionItem:
    taken = {name for name, _ in layer_names(text)}
    number = 1
    while f"layer{number}" in taken:
        number += 1
    return _item(f"layer{number}", types.CompletionItemKind.Variable, "a new layer's name (then `:`)")


def _param_items(specs: tuple[ParamSpec, ...]) -> list[types.CompletionItem]:
    return [_item(f"{s.name}:", types.CompletionItemKind.Field, describe_param(s), insert=f"{s.name}: ")
            for s in specs]


def _statement_items(block: str, text: str, offset: int) -> list[types.CompletionItem]:
    keywords = {"file": FILE_KEYWORDS, "scene": SCENE_KEYWORDS, "shot": SHOT_KEYWORDS,
                "template": ("layer",)}.get(block, ())
    items = _words(keywords, types.CompletionItemKind.Keyword, f"{block} statement")
    if block in ("shot", "template"):  # a line may go on with the previous layer's modifiers
        items += _words(MODIFIERS, types.CompletionItemKind.Keyword, "layer modifier")
    return items

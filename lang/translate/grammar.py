"""The prompt grammar: a Lark LALR grammar over the tags of `tagger.py`.

Reads a sentence's terminals (`Tagged`). Produces a parse tree of clauses made of phrases: noun
phrases (negation, determiners and counts, modifiers — colors, shades, sizes, motion words, setting
words such as "spooky" or "snowy", unknown describing words — and a head: a thing, a place, a pronoun or unknown words), prepositional phrases
(a relation and the noun phrase it reaches, `between` two), verb phrases (a motion word and the
directions after it), settings, camera phrases, durations and the words that carry no meaning.

Guarantees: every sequence of terminals parses (every terminal starts a phrase, a noun phrase may
lack its head, and shift-reduce choices take the longest phrase), so a prompt is never refused for
its grammar; each leaf of the tree is the index of its `Tagged` in the input, so the tree and the
terminals read together.
"""

from __future__ import annotations

from functools import lru_cache

from lark import Lark, Token, Tree
from lark.lexer import Lexer

from .tagger import Tag, Tagged

GRAMMAR = r"""
start: (clause | SEP)*
clause: _phrase+
_phrase: np | pp | vp | setting | camera | duration | direction | other

// a noun phrase: "no", "the two", "big red", then its head; a phrase of modifiers alone is kept
// (their meaning waits for the next head, as in "a red, shiny car")
np: neg? dets? mods? head
  | neg? dets mods?
  | neg? mods
  | neg
neg: NEG+
dets: (COUNT | NUM | DET)+
mods: (COLOR | SHADE | SIZE | MADJ | UADJ | SADJ)+
head: NOUN | PLACE | UNKS | PRON

// a relation and what it reaches: "on a table", "between two trees and a house"; "in the background"
pp: REL+ np?
  | BETWEEN np? (AND np?)?
  | UREL

// a motion verb and where it goes: "drives from left to right"
vp: MOTION+ DIR*
direction: DIR+
setting: TIME | WEATHER | SEASON | MOOD | STYLE
camera: CAMERA
duration: DUR
other: AND | ABS | FILL | PRED

%declare SEP NUM DUR COUNT DET NEG COLOR SHADE SIZE MADJ UADJ SADJ NOUN PLACE UNKS PRON REL BETWEEN UREL MOTION DIR
%declare TIME WEATHER SEASON MOOD STYLE CAMERA AND ABS FILL PRED
"""


class _TagLexer(Lexer):
    """Feeds the tags as Lark tokens; a token's value is the index of its `Tagged`."""

    def __init__(self, lexer_conf) -> None:  # Lark's signature for a custom lexer
        pass

    def lex(self, data: tuple[Tagged, ...]):  # type: ignore[override]
        for index, item in enumerate(data):
            yield Token(item.tag.value, index)


@lru_cache(maxsize=1)
def _parser() -> Lark:
    # The grammar is fixed text: its tables are built once and kept in Lark's own cache (by the
    # grammar's hash, as the scene grammar's are), so a `translate` does not rebuild them.
    return Lark(GRAMMAR, parser="lalr", lexer=_TagLexer, start="start", cache=True)


def parse(tagged: tuple[Tagged, ...]) -> Tree:
    """The parse tree of one sentence's terminals."""
    return _parser().parse(tagged)  # type: ignore[arg-type]


def bracketed(tree: Tree, tagged: tuple[Tagged, ...]) -> str:
    """The tree as text for `--explain`: `[np a red car] [pp on [np the beach]]`."""
    def show(node) -> str:
        if isinstance(node, Token):
            item = tagged[int(node.value)]
            return f"{item.text}/{item.tag.value}"
        inner = " ".join(show(child) for child in node.children)
        if node.data in ("dets", "mods", "neg", "head", "setting", "camera", "duration", "direction", "other"):
            return inner
        return f"[{node.data} {inner}]" if node.data != "start" else inner
    return show(tree)


def leaves(node) -> tuple[int, ...]:
    """The terminal indices under a node, in order."""
    if isinstance(node, Token):
        return (int(node.value),)
    return tuple(i for child in node.children for i in leaves(child))


__all__ = ["GRAMMAR", "Tag", "bracketed", "leaves", "parse"]

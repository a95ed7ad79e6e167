"""Tag a prompt's tokens for the prompt grammar (`grammar.py`).

Reads the tokens of one sentence (`tokens.tokenize`: words and multi-word terms, each with its
possible meanings). Produces one `Tagged` per grammar terminal: the `Tag` it was read as, the
meaning chosen and the tokens it covers. Guarantees: every token is covered exactly once, in order;
a word with several meanings gets one by its neighbours ("orange" before a noun is a color, "park"
after "in the" a place, "sails" after a noun a verb); a run of unknown words is one terminal, `UADJ`
when a noun follows it (it describes that noun), `UNKS` otherwise (it may name a thing).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from scenec.knowledge.vocabulary import UNARY_RELATIONS

from .normalize import VERB_FORMS
from .tokens import BOUNDARY, Token

LOCATIVES = frozenset({"in", "at", "on", "into", "across", "along", "through", "over", "near", "inside", "by",
                       "around", "within", "to"})
PRONOUNS = frozenset({"it", "they", "he", "she", "them", "its"})
DETERMINERS = frozenset({"the", "some", "this", "that", "these", "those", "his", "her", "their", "its", "my",
                         "your", "our", "another", "each", "every"})
_NOUN_KINDS = ("object", "alias", "standin", "place")
COPULAS = frozenset({"is", "are", "was", "were", "looks", "look", "seems", "seem", "becomes", "become", "turns",
                     "turn"})


class Tag(enum.Enum):
    """The grammar's terminals: closed-class parts of a prompt and the knowledge registries' kinds."""

    SEP = "SEP"  # , . ; : ! ?  ends a clause
    NUM = "NUM"  # 3
    DUR = "DUR"  # 10 seconds
    COUNT = "COUNT"  # a, two, a pair of, several
    DET = "DET"  # the, some, their
    NEG = "NEG"  # no, without
    COLOR = "COLOR"
    SHADE = "SHADE"  # dark, pale
    SIZE = "SIZE"  # tiny, giant
    MADJ = "MADJ"  # a motion word before its noun: "a flying kite"
    UADJ = "UADJ"  # unknown words before a noun: "a fluffy dog"
    SADJ = "SADJ"  # a setting word before a noun: "a spooky house", "a snowy mountain", "colorful houses"
    NOUN = "NOUN"  # an object, a hypernym of one, or a stand-in kind
    PLACE = "PLACE"
    UNKS = "UNKS"  # unknown words where a thing may be named
    PRON = "PRON"  # it, they
    REL = "REL"  # on, under, behind, holding
    BETWEEN = "BETWEEN"
    UREL = "UREL"  # in the background, on the left
    MOTION = "MOTION"  # a verb of motion: drives, flies
    DIR = "DIR"  # from left to right, into the sky
    TIME = "TIME"
    WEATHER = "WEATHER"
    SEASON = "SEASON"
    MOOD = "MOOD"
    STYLE = "STYLE"
    CAMERA = "CAMERA"
    AND = "AND"
    ABS = "ABS"  # names nothing drawable: love, monday, floor
    PRED = "PRED"  # a color said of the thing before it: "the car is red"
    FILL = "FILL"  # photo of, is, very


@dataclass(frozen=True, slots=True)
class Tagged:
    """One terminal: its tag, the meaning's value in the lexicon (None for unknown words) and its tokens."""

    tag: Tag
    value: str | None
    tokens: tuple[Token, ...]
    kind: str = ""  # the lexicon kind the meaning was taken from (object, alias, standin, ...)

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.tokens)

    @property
    def token(self) -> Token:
        return self.tokens[-1]


_KIND_TAGS = {"object": Tag.NOUN, "alias": Tag.NOUN, "standin": Tag.NOUN, "place": Tag.PLACE, "color": Tag.COLOR,
              "shade": Tag.SHADE, "size": Tag.SIZE, "motion": Tag.MOTION, "time": Tag.TIME, "weather": Tag.WEATHER,
              "season": Tag.SEASON, "mood": Tag.MOOD, "style": Tag.STYLE, "negation": Tag.NEG,
              "direction": Tag.DIR, "abstract": Tag.ABS, "unit": Tag.FILL, "camera": Tag.CAMERA}
_MODIFIERS = (Tag.COUNT, Tag.NUM, Tag.DET, Tag.COLOR, Tag.SHADE, Tag.SIZE, Tag.UADJ, Tag.MADJ, Tag.SADJ)
_SETTING_KINDS = ("style", "mood", "weather", "season")


def _noun_follows(tokens: tuple[Token, ...], index: int) -> bool:
    """Does a noun (known or unknown) come at `index`, past other adjectives?"""
    for token in tokens[index:]:
        kinds = token.kinds()
        if not kinds:
            return True
        if kinds[0] in _NOUN_KINDS:
            return True
        if kinds[0] in ("color", "shade", "size") or kinds == ("filler",) and token.key == "and":
            continue
        return False
    return False


def _known_noun_follows(tokens: tuple[Token, ...], index: int) -> bool:
    for token in tokens[index:]:
        kinds = token.kinds()
        if kinds and kinds[0] in _NOUN_KINDS:
            return True
        if kinds and kinds[0] in ("color", "shade", "size"):
            continue
        return False
    return False


def role(tokens: tuple[Token, ...], i: int, prev: Token | None) -> str:
    """Which of a word's meanings applies here; `prev` is the known word before it."""
    token = tokens[i]
    kinds = token.kinds()
    nouns = [k for k in kinds if k in _NOUN_KINDS]
    if "color" in kinds and nouns and i + 1 < len(tokens) and _noun_follows(tokens, i + 1):
        return "color"
    prev_kinds = prev.kinds() if prev is not None else ()
    if "color" in kinds and prev is not None and prev.key in COPULAS:
        return "predicate"  # "the sky is orange": it describes, it is not the fruit
    if "motion" in kinds and nouns and prev_kinds and prev_kinds[0] in ("object", "alias", "standin"):
        return "motion"  # "a boat sails": a noun right after a noun is the verb
    if kinds[0] == "standin" and prev_kinds and prev_kinds[0] in ("object", "alias", "standin") \
            and token.key in VERB_FORMS:
        return "filler"  # "a train leaves the station": a verb, not the plural of leaf
    if "place" in kinds and nouns and nouns[0] == "alias":
        return "place"  # "a forest" is the place, not one tree standing for it
    if "place" in kinds and nouns[0] != "place":
        if prev is not None and prev.key in LOCATIVES | {"the", "a"} and _locative_before(tokens, i, prev):
            return "place"
    return kinds[0] if kinds[0] != "filler" or len(kinds) == 1 else kinds[1]


def _locative_before(tokens: tuple[Token, ...], i: int, prev: Token) -> bool:
    """Is the word at `prev`, the known word before `tokens[i]` (skipping "the"/"a" backwards), a
    preposition of place? Found by identity: an equal "a" earlier in the sentence is another word."""
    index = next((j for j in range(i - 1, -1, -1) if tokens[j] is prev), -1)
    while index >= 0 and tokens[index].key in ("the", "a", "an"):
        index -= 1
    return index >= 0 and tokens[index].key in LOCATIVES


def tag(tokens: tuple[Token, ...]) -> tuple[Tagged, ...]:
    """The terminals of a sentence, in order."""
    out: list[Tagged] = []
    prev: Token | None = None  # the last known word: unknown words do not decide a neighbour's role
    i = 0
    while i < len(tokens):
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if not token.meanings:
            j = i
            while j < len(tokens) and not tokens[j].meanings:
                j += 1
            run = tokens[i:j]
            out.append(Tagged(Tag.UADJ if _known_noun_follows(tokens, j) else Tag.UNKS, None, run))
            i = j
            continue
        first = token.kinds()[0]
        if first == BOUNDARY:
            out.append(Tagged(Tag.SEP, token.key, (token,)))
        elif first == "number":
            if nxt is not None and "unit" in nxt.kinds():
                out.append(Tagged(Tag.DUR, str(token.number * float(nxt.value("unit"))), (token, nxt)))
                prev = nxt
                i += 2
                continue
            out.append(Tagged(Tag.NUM, str(max(1, int(token.number))), (token,)))
        elif first == "camera":
            out.append(Tagged(Tag.CAMERA, token.value("camera"), (token,)))
        else:
            kind = role(tokens, i, prev)
            value = token.value("color" if kind == "predicate" else kind)
            out.append(Tagged(_tag_of(kind, token, nxt, out, tokens, i), value, (token,), kind))
        prev = token
        i += 1
    return tuple(out)


def _tag_of(kind: str, token: Token, nxt: Token | None, before: list[Tagged], tokens: tuple[Token, ...],
            i: int) -> Tag:
    last = before[-1].tag if before else None
    if kind in _SETTING_KINDS and (last in _MODIFIERS or last in (None, Tag.SEP)) and _noun_follows(tokens, i + 1):
        return Tag.SADJ  # it sets the look and describes its noun: the noun phrase goes on
    match kind:
        case "predicate":
            return Tag.PRED
        case "count":
            if nxt is not None and "unit" in nxt.kinds():
                return Tag.FILL  # "a second", "a minute": the unit alone gives no duration
            return Tag.COUNT
        case "relation":
            value = token.value("relation")
            if value == "between":
                return Tag.BETWEEN
            return Tag.UREL if value in UNARY_RELATIONS else Tag.REL
        case "motion":
            # "a flying kite", "two running dogs": a motion word inside a noun phrase describes its noun
            if (last in _MODIFIERS or last in (None, Tag.SEP)) and _noun_follows(tokens, i + 1):
                return Tag.MADJ
            return Tag.MOTION
        case "filler":
            if token.key in PRONOUNS:
                return Tag.PRON
            if token.key == "and":
                return Tag.AND
            if token.key in DETERMINERS or token.key in ("a", "an"):
                return Tag.DET
            return Tag.FILL
    return _KIND_TAGS.get(kind, Tag.FILL)

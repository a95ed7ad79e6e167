"""Odd input, before the prompt is read: emoji become the words they name, misspelt words the
lexicon's nearest word, and a prompt scenec cannot read (another language, pure abstraction,
punctuation) is found out.

Reads a prompt and the lexicon (`tokens.Lexicon`). Produces the rewritten text and a `Decision` for
every change. Guarantees: a word the lexicon or closed-class English knows is never corrected; a
correction is at most one edit away (two for words of seven letters or more), unique at that
distance, and only made when most of the prompt reads as English; a capitalised word inside a
sentence is a name and never corrected.
"""

from __future__ import annotations

import re
import unicodedata

from .model import Decision
from .tokens import Lexicon, singular

# Closed-class English: the words a prompt is built with that are not things. Never drawn, never
# corrected; they count as understood.
CLOSED = frozenset("""
a an the this that these those some any every each no another other such what which whose
my your his her its our their me him us them it they he she we i you who whom someone anyone everyone
in on at to from into onto over under above below behind beside between among through across along
around near by with without of off up down out about after before during until toward towards upon
within past than like as via thru
and or but nor so yet then while when where because if although though also too very just only
not never is are was were be been being am has have had do does did can could will would shall
should may might must get gets got there here now again still away back together slowly quickly
fast gently softly suddenly finally later first next last one two three many few several lots lot
same different new old own full empty whole half part more most less much something anything both either
almost already always sometimes often soon today tonight yesterday tomorrow how why whether all
""".split())
# Common verbs with no motion of their own, in base form: with their inflections they are known
# words (never corrected into a noun, never drawn: "an eye opens", "stars appear").
VERBS = frozenset("""
open close start stop appear disappear visit watch light catch find reach come go lean drink eat look see
hold carry pull push turn make take give wait sit stand lie sleep rest smile laugh cry talk sing read write
play cook paint build climb enter exit leave arrive pass cross follow meet greet hug kiss wave help hide seek
chase hunt bite bark meow roar glow shine burn melt pop break fill pour drop pick throw kick hit land lay
rain snow become feel seem keep begin end show move live die grow need want like love hate know think
""".split())


def _inflections(verbs: frozenset[str]) -> frozenset[str]:
    out = set(verbs)
    for v in verbs:
        stem = v[:-1] if v.endswith("e") else v
        out |= {v + "s", v + "es", stem + "ing", stem + "ed", v + "d", v[:-1] + "ies" if v.endswith("y") else v}
    return frozenset(out | {"caught", "found", "came", "went", "held", "took", "gave", "sat", "stood", "lay",
                            "slept", "ate", "saw", "made", "left", "met", "hid", "bit", "broke", "threw", "hit",
                            "fell", "grew", "began", "kept", "felt", "knew", "thought", "lit", "led"})


VERB_FORMS = _inflections(VERBS)
# Unicode names of emoji carry words like these that say nothing of the thing.
_EMOJI_NOISE = frozenset({"face", "with", "of", "and", "symbol", "sign", "emoji", "selector", "variation",
                          "black", "white", "large", "small", "medium", "heavy", "sign", "mark"})
_EMOJI_KIND_ORDER = ("weather", "place", "object", "alias", "standin", "time")
MIN_READ_SHARE = 0.5  # below this share of known words, the prompt is not read as English
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def _is_emoji(ch: str) -> bool:
    return unicodedata.category(ch) == "So" or 0x1F000 <= ord(ch) <= 0x1FAFF


def emoji_words(prompt: str, lexicon: Lexicon) -> tuple[str, tuple[Decision, ...]]:
    """The prompt with each emoji replaced by the word its Unicode name gives that the lexicon knows
    (a weather or place word before a thing: 🌧 "cloud with rain" is rain)."""
    out: list[str] = []
    decisions: list[Decision] = []
    for ch in prompt:
        if ch in "\ufe0f\u200d" or unicodedata.category(ch) == "Sk":
            continue  # variation selectors, joiners and skin tones
        if not _is_emoji(ch):
            out.append(ch)
            continue
        name = unicodedata.name(ch, "").lower()
        words = [w for w in re.split(r"[\s-]+", name) if w and w not in _EMOJI_NOISE]
        best = None
        for rank, kind in enumerate(_EMOJI_KIND_ORDER):
            for word in words:
                meanings = lexicon.terms.get(word) or lexicon.terms.get(singular(word, lexicon.plurals))
                if meanings and any(k == kind for k, _ in meanings):
                    best = word
                    break
            if best:
                break
        if best is None:
            decisions.append(Decision("ignored", name or "emoji", (ch,), "an emoji that names nothing scenec knows"))
            out.append(" ")
            continue
        decisions.append(Decision("emoji", best, (ch,), f"the emoji's name is '{name}'"))
        out.append(f" {best} ")
    return "".join(out), tuple(decisions)


def _term_parts(lexicon: Lexicon) -> frozenset[str]:
    """Every word that is part of a multi-word term ("pans" of "camera pans", "range" of "mountain range")."""
    cached = _PARTS.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        parts = frozenset(w for term in lexicon.terms if " " in term for w in term.split())
        _PARTS[id(lexicon)] = cached = (lexicon, parts)
    return cached[1]


_PARTS: dict[int, tuple[Lexicon, frozenset[str]]] = {}


def _known(word: str, lexicon: Lexicon, abstract: frozenset[str]) -> bool:
    return (word in CLOSED or word in abstract or word in VERB_FORMS or word in lexicon.terms
            or singular(word, lexicon.plurals) in lexicon.terms or word.isdigit() or word in _term_parts(lexicon))


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count one), or limit + 1 when above it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
        if min(prev) > limit:
            return limit + 1
    return prev[-1]


def _single_words(lexicon: Lexicon) -> tuple[str, ...]:
    return tuple(w for w in lexicon.terms if " " not in w and w.isalpha() and len(w) >= 3)


def _before(text: str, word: str) -> str:
    """The word before the first occurrence of `word`, skipping articles ("on the beech" → "on")."""
    words = _WORD.findall(text)
    k = words.index(word) if word in words else 0
    k -= 1
    while k >= 0 and words[k] in ("the", "a", "an"):
        k -= 1
    return words[k] if k >= 0 else ""


_LOCATIVE = frozenset({"in", "on", "at", "into", "across", "through", "over", "near", "by", "to", "thru"})


def correct(word: str, lexicon: Lexicon, candidates: tuple[str, ...], before: str = "") -> str | None:
    """The one lexicon word nearest a misspelt `word`, or None when none is close or it is ambiguous.
    After a preposition of place a place word wins a tie ("on the beech": beach, not bench)."""
    if len(word) < 3:
        return None
    limit = 1 if len(word) < 7 else 2
    best: list[tuple[int, str]] = []
    for candidate in candidates:
        if abs(len(candidate) - len(word)) > limit:
            continue
        if len(word) == 3 and len(candidate) < 4 and sorted(candidate) != sorted(word):
            continue  # three letters are one edit from too many words: only a swap ("dgo": dog) is safe
        d = _distance(word, candidate, limit)
        if d <= limit:
            best.append((d, candidate))
    if not best:
        return None
    best.sort()
    top = [c for d, c in best if d == best[0][0]]
    if len(top) > 1 and before in _LOCATIVE:
        places = [c for c in top if any(k == "place" for k, _ in lexicon.terms.get(c, ()))]
        top = places or top
    # Ties between a word and its own plural are no ambiguity ("giraffs": giraffe, giraffes).
    stems = {singular(c, lexicon.plurals) for c in top}
    return top[0] if len(stems) == 1 else None


def _is_name(prompt: str, at: int, word: str) -> bool:
    """A capitalised word inside a sentence is a name ("a walk through Lyon", "a cat named Rex"), not a
    misspelling: correcting it would draw a lion or a fox. At the start of a sentence a capital says
    nothing, so there the word is corrected as usual."""
    if not word[:1].isupper() or (word.isupper() and len(word) > 1):
        return False  # lower case, or capitals for emphasis ("a DGO runs")
    before = prompt[:at].rstrip(" \t\"'“‘(")
    return bool(before) and before[-1] not in ".!?;:\n"


def spell(prompt: str, lexicon: Lexicon, abstract: frozenset[str]) -> tuple[str, tuple[Decision, ...]]:
    """The prompt with misspelt words corrected against the lexicon, when most of it reads as English."""
    words = _WORD.findall(prompt.lower())
    if not words:
        return prompt, ()
    candidates = _single_words(lexicon)
    known = sum(_known(w, lexicon, abstract) for w in words)
    fixes = {w: correct(w, lexicon, candidates, _before(prompt.lower(), w)) for w in set(words)
             if not _known(w, lexicon, abstract)}
    corrected = sum(fixes.get(w) is not None for w in words)
    # A correction is a guess: it counts half towards reading the prompt as English.
    if (known + corrected / 2) / len(words) < MIN_READ_SHARE:
        return prompt, ()
    decisions: list[Decision] = []

    def fix(m: re.Match) -> str:
        word = m.group(0)
        low = word.lower()
        if low not in fixes or _is_name(prompt, m.start(), word):
            return word
        found = fixes[low]
        if found is None:
            return word
        decisions.append(Decision("spelling", found, (word,), f"'{word}' is not a word scenec knows; read as '{found}'"))
        return found
    return re.sub(r"[A-Za-z]+", fix, prompt), tuple(decisions)


def unread_words(prompt: str, lexicon: Lexicon, abstract: frozenset[str]) -> tuple[tuple[str, ...], float]:
    """The words of the prompt scenec does not know, and the share of its words it does know."""
    words = _WORD.findall(prompt.lower())
    if not words:
        return (), 0.0
    unknown = tuple(dict.fromkeys(w for w in words if not _known(w, lexicon, abstract)))
    known = sum(_known(w, lexicon, abstract) for w in words)
    return unknown, known / len(words)

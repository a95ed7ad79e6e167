"""A small hand-written tokenizer for prompts.

Lower-cases, splits off punctuation (commas and full stops stay, as clause
boundaries), reads digits and `10s`-style durations, and joins multi-word
terms (`teddy bear`, `to the left of`, `camera pans from left to right`) by
longest match against the lexicon built from the vocabulary, the object
registry and the place words. A word the lexicon lacks is tried in its
singular form, so plurals need no entries of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from scenec.knowledge.vocabulary import Vocabulary

MAX_TERM_WORDS = 7
BOUNDARY = "boundary"
# Kinds a word may have, in the order a bare word is read when context does not decide.
KIND_ORDER = ("camera", "direction", "object", "alias", "standin", "place", "count", "relation", "color", "shade", "size",
              "motion", "time", "weather", "season", "mood", "style", "negation", "unit", "filler", "abstract")
# Where a motion goes, as the signs of (x, y) on the frame (y grows downwards): closed-class phrases.
DIRECTIONS = {
    "from left to right": "1,0", "left to right": "1,0", "to the right": "1,0", "rightward": "1,0",
    "rightwards": "1,0", "across": "1,0", "from right to left": "-1,0", "right to left": "-1,0",
    "to the left": "-1,0", "leftward": "-1,0", "leftwards": "-1,0", "into the sky": "0,-1", "up": "0,-1",
    "upward": "0,-1", "upwards": "0,-1", "skyward": "0,-1", "up into the sky": "0,-1", "to the sky": "0,-1",
    "into the air": "0,-1", "down": "0,1", "downward": "0,1", "downwards": "0,1", "to the ground": "0,1",
    "away": "1,-1",
}
_NOUN_KINDS = ("object", "alias", "standin", "place")


@dataclass(frozen=True, slots=True)
class Token:
    """A word or term of the prompt: `text` as the user wrote it, `key` as looked up, its possible
    meanings `(kind, value)` best first, and whether it was a plural or a number."""

    text: str
    key: str
    meanings: tuple[tuple[str, str], ...] = ()
    plural: bool = False
    number: float | None = None
    capitalized: bool = False

    def kinds(self) -> tuple[str, ...]:
        return tuple(kind for kind, _ in self.meanings)

    def value(self, kind: str) -> str | None:
        return next((value for k, value in self.meanings if k == kind), None)


@dataclass(frozen=True, slots=True)
class Lexicon:
    terms: Mapping[str, tuple[tuple[str, str], ...]]
    plurals: Mapping[str, str]


def build_lexicon(vocab: Vocabulary, object_words: Mapping[str, str], place_words: Mapping[str, str]) -> Lexicon:
    """Every known word or term → its meanings (kind, value), ordered by `KIND_ORDER`."""
    found: dict[str, dict[str, str]] = {}

    def add(kind: str, words: Iterable[tuple[str, str]]) -> None:
        for word, value in words:
            found.setdefault(word.lower(), {}).setdefault(kind, value)

    add("object", object_words.items())
    add("alias", vocab.hypernyms.items())
    add("place", place_words.items())
    add("standin", ((w, w) for w in vocab.categories))
    add("color", ((w, w) for w in vocab.colors))
    add("shade", ((w, w) for w in vocab.shades))
    add("size", ((w, w) for w in vocab.sizes))
    add("count", ((w, str(n)) for w, n in vocab.counts.items()))
    add("relation", vocab.relations.items())
    add("motion", ((w, w) for w in vocab.motions))
    add("time", vocab.times.items())
    add("weather", vocab.weather.items())
    add("season", ((w, w) for w in vocab.seasons))
    add("mood", ((w, w) for w in vocab.moods))
    add("style", ((w, w) for w in vocab.styles))
    add("camera", vocab.camera.items())
    add("negation", ((w, w) for w in vocab.negations))
    add("unit", ((w, str(s)) for w, s in vocab.durations.items()))
    add("filler", ((w, w) for w in vocab.fillers))
    add("abstract", ((w, w) for w in vocab.abstract))
    add("direction", DIRECTIONS.items())
    terms = {word: tuple((kind, meanings[kind]) for kind in KIND_ORDER if kind in meanings)
             for word, meanings in found.items()}
    return Lexicon(terms, dict(vocab.plurals))


def singular(word: str, plurals: Mapping[str, str]) -> str:
    """The singular of an English noun by the irregular table, then the usual suffix rules."""
    if word in plurals:
        return plurals[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("ves"):
        return word[:-3] + "f"
    if len(word) > 3 and re.search(r"(ch|sh|x|ss|z|o)es$", word):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_DURATION = re.compile(r"\b(\d+(?:\.\d+)?)-?(s|sec|secs|second|seconds|min|mins|minute|minutes)\b", re.IGNORECASE)
_SPLIT = re.compile(r"[a-z0-9&]+(?:['\-][a-z0-9&]+)*|[,.;:!?]")


def _words(prompt: str) -> list[tuple[str, bool]]:
    """(lower-case word, written capitalized) pairs; punctuation that ends a clause is kept."""
    text = prompt.replace("’", "'").replace("'s ", " ")
    text = _DURATION.sub(r"\1 \2", text)
    out = []
    lower = text.lower()
    for match in _SPLIT.finditer(lower):
        original = text[match.start():match.end()]
        word = match.group(0)
        out.append((word, original[:1].isupper()))
    return out


def _lookup(lexicon: Lexicon, phrase: str) -> tuple[tuple[tuple[str, str], ...], bool] | None:
    """The meanings of a phrase and whether it was a plural; tries the singular last word for nouns."""
    if phrase in lexicon.terms:
        meanings = lexicon.terms[phrase]
        plural = False
        last = phrase.rsplit(" ", 1)[-1]
        one = singular(last, lexicon.plurals)
        if one != last and any(k in _NOUN_KINDS for k, _ in meanings):
            stem = phrase[: len(phrase) - len(last)] + one
            plural = stem in lexicon.terms and lexicon.terms[stem][0] == meanings[0]
        return meanings, plural
    head, _, last = phrase.rpartition(" ")
    one = singular(last, lexicon.plurals)
    if one != last:
        stem = f"{head} {one}" if head else one
        meanings = tuple(m for m in lexicon.terms.get(stem, ()) if m[0] in _NOUN_KINDS)
        if meanings:
            return meanings, True
    return None


def tokenize(prompt: str, lexicon: Lexicon) -> tuple[Token, ...]:
    words = _words(prompt)
    tokens: list[Token] = []
    i = 0
    while i < len(words):
        word, cap = words[i]
        if word in ",.;:!?":
            tokens.append(Token(word, word, ((BOUNDARY, word),)))
            i += 1
            continue
        if re.fullmatch(r"\d+(?:\.\d+)?", word):
            tokens.append(Token(word, word, (("number", word),), number=float(word)))
            i += 1
            continue
        match = None
        for n in range(min(MAX_TERM_WORDS, len(words) - i), 0, -1):
            span = [w for w, _ in words[i:i + n]]
            if any(w in ",.;:!?" for w in span):
                continue
            phrase = " ".join(span)
            found = _lookup(lexicon, phrase)
            if found is None and "-" in phrase:
                found = _lookup(lexicon, phrase.replace("-", " "))
            if found is not None:
                match = (n, phrase, found)
                break
        if match is None:
            tokens.append(Token(word, word, (), capitalized=cap))
            i += 1
            continue
        n, phrase, (meanings, plural) = match
        text = " ".join(w for w, _ in words[i:i + n])
        tokens.append(Token(text, phrase, meanings, plural=plural, capitalized=cap))
        i += n
    return tuple(tokens)

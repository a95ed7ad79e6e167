"""Words the vocabulary does not know: read them as blended colors, map nouns to the nearest known
object (the hypernym table, a template of that name, or close spelling), name characters, or show
them as a labelled generic figure. Each choice is a `Decision`; nothing is dropped silently.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from .color_words import unknown_color
from .normalize import CLOSED, VERB_FORMS
from .tokens import Token, singular

if TYPE_CHECKING:
    from .interpret import _Reader

# Spelling closeness for an unknown noun to be read as a known object word ("giraffes" → "giraffe").
CLOSE_MATCH = 0.84
MIN_NOUN_LENGTH = 3
# Words after which an unknown word stands where a thing is named.
_NOUN_FOLLOWERS = ("motion", "relation", "boundary", "negation")


def _is_verb_or_adverb(word: str) -> bool:
    return len(word) > 4 and word.endswith(("ing", "ly", "ed"))


# Open-class suffixes of adjectives: a word the lexicon lacks that ends so describes, it names nothing.
ADJECTIVE_SUFFIXES = ("y", "ful", "ous", "ish", "ive", "ic", "less", "able", "ible", "al", "ese", "ian")


# Common adjectives the suffix rules miss: a word that describes, never a thing to draw.
COMMON_ADJECTIVES = frozenset("""
hot cold warm cool wet dry soft hard smooth rough bright dim shiny glossy matte clean dirty fresh stale
quiet loud silent noisy busy calm wild tame young old ancient modern tall short long wide narrow thick thin
round flat square sharp blunt heavy light fast slow deep shallow rich poor real fake fine brave proud
""".split())
COPULAS = frozenset({"is", "are", "was", "were", "be", "being", "been", "looks", "look", "seems", "seem", "becomes",
                     "become", "feels", "feel", "stays", "stay", "gets", "get", "turns", "turn"})


# Prepositions after which a capitalised unknown name is where the film happens ("a walk through Lyon",
# "the streets of Porto"), even when an article before them is still waiting for its noun.
PLACE_PREPOSITIONS = frozenset({"in", "at", "through", "across", "around", "near", "over", "to", "from", "of",
                                "thru", "into", "outside", "inside", "above", "along"})


def _is_adjective(word: str) -> bool:
    return word in COMMON_ADJECTIVES or (len(word) > 3 and word.endswith(ADJECTIVE_SUFFIXES))


# Open-class suffixes of abstract nouns: a word the lexicon lacks that ends so names an idea, not a thing.
ABSTRACT_SUFFIXES = ("ness", "ity", "ment", "tion", "sion", "ism", "ship", "hood", "dom", "ance", "ence", "ology",
                     "ings")


def is_abstract(word: str) -> bool:
    return len(word) > 5 and word.endswith(ABSTRACT_SUFFIXES)


def nearest_object(word: str, reader: _Reader) -> tuple[str, str] | None:
    """(object name, how it was found) for an unknown noun, or None."""
    objects = reader.objects
    one = singular(word, reader.vocab.plurals)
    for candidate in (word, one):
        target = reader.vocab.hypernyms.get(candidate)
        if target is not None:
            entry = objects.by_word(target)
            if entry is not None:
                return entry.name, f"a kind of {target}"
        if candidate in objects.entries:
            return candidate, "an object of that name"
        for entry in objects.entries.values():
            if entry.template == candidate:
                return entry.name, "a drawing of that name"
    if len(one) >= 4:
        words = objects.words()
        close = difflib.get_close_matches(one, list(words), n=1, cutoff=CLOSE_MATCH)
        if close:
            return words[close[0]], f"spelled like '{close[0]}'"
    return None


def _named_place(reader: _Reader, head: Token, words: tuple[str, ...]) -> None:
    """A proper name scenec does not know ("Shanghai", "the Bund") is a town somewhere: the place is a
    city when the prompt names no other."""
    city = reader.place_words.get("city")
    if city is not None and "place" not in reader.scene:
        reader.scene["place"] = city
        reader.decide("place", city, words, f"'{' '.join(words)}' reads as a proper name: a city")
        return
    reader.decide("ignored", head.key, words, "a proper name, read as a place name")


def resolve_run(reader: _Reader, run: list[Token], following: Token | None) -> None:
    """Decide what a run of unknown words means, given the known token after it (None at the end)."""
    follow_kinds = following.kinds() if following is not None else ("boundary",)
    noun_next = bool(follow_kinds) and follow_kinds[0] in ("object", "alias", "standin", "place")
    kept = []
    for token in run:
        if token.key in CLOSED or token.key in VERB_FORMS:
            reader.decide("ignored", token.key, (token.text,), "a word of the sentence's grammar, not a thing")
        else:
            kept.append(token)
    run = kept
    prev = reader._prev
    prev_kinds = prev.kinds() if prev is not None else ()
    if run and prev is not None and prev.key in PLACE_PREPOSITIONS and all(t.capitalized for t in run):
        _named_place(reader, run[-1], tuple(t.text for t in run))  # "through Lyon", "to Kyoto at night"
        return
    if run and prev is not None and prev.key in COPULAS and not reader.pending.described:
        for token in run:  # "the sun is hot": a predicate describes its subject
            reader.decide("ignored", token.key, (token.text,), "describes the thing before it; no drawing")
        return
    if run and not reader.pending.described and prev is not None and (
            prev.key == "to" or (prev_kinds and prev_kinds[0] in ("object", "alias", "standin"))):
        for token in run:  # "stars appear", "stops to drink": a verb after its doer, or after "to"
            reader.decide("ignored", token.key, (token.text,), "reads as an action with no drawing")
        return
    colors: list[Token] = []
    rest: list[Token] = []
    for token in run:
        rgba = unknown_color(token.key, reader.vocab)
        if rgba is not None and not rest:
            colors.append(token)
            reader.pending.colors.append((token.text, rgba))
            reader.decide("color-word", token.key, (token.text,), "an unknown color word, blended from its parts")
        else:
            rest.append(token)
    if not rest:
        return
    words = [t for t in rest if not _is_verb_or_adverb(t.key) and not _is_adjective(t.key)]
    if not words and reader.pending.described and rest[-1].key.endswith("ing") and noun_next is False \
            and follow_kinds[0] in _NOUN_FOLLOWERS + ("boundary",):
        words = [rest[-1]]  # "a painting on the wall", "a building": after a determiner, -ing names a thing
    for token in rest:
        if token not in words:
            what = "a description" if _is_adjective(token.key) else "an action or manner"
            reader.decide("ignored", token.key, (token.text,), f"{what} with no drawing")
    if not words:
        return
    if noun_next or follow_kinds[0] in ("time", "weather", "season", "mood", "style"):
        for token in words:
            reader.decide("ignored", token.key, (token.text,), f"describes the {following.key}; no drawing for it")
        return
    head, adjectives = words[-1], words[:-1]
    for token in adjectives:
        reader.decide("ignored", token.key, (token.text,), f"describes '{head.key}'")
    if all(t.capitalized for t in words) and not reader.pending.described:
        if follow_kinds[0] == "motion":
            name = " ".join(t.text for t in words)
            entry = reader.objects.by_word("person")
            reader.add_subject(head.key, entry.name if entry else None, tuple(t.text for t in words), False,
                               f"'{name}' reads as a character's name")
        else:
            _named_place(reader, head, tuple(t.text for t in words))
        return
    if len(head.key) < MIN_NOUN_LENGTH:
        reader.decide("ignored", head.key, (head.text,), "too short to name a thing")
        return
    found = nearest_object(head.key, reader)
    if found is not None:
        name, how = found
        plural = singular(head.key, reader.vocab.plurals) != head.key
        reader.add_subject(singular(head.key, reader.vocab.plurals), name, (head.text,), plural,
                           f"'{head.key}' is unknown; drawn as {name} ({how})")
        return
    if head.capitalized and reader.tokens and head is not reader.tokens[0] and not reader.pending.colors \
            and reader.pending.count is None:
        _named_place(reader, head, (head.text,))
        return
    if is_abstract(singular(head.key, reader.vocab.plurals)):
        reader.decide("ignored", head.key, (head.text,), "names an idea, not a thing to draw")
        return
    if reader.pending.described or follow_kinds[0] in _NOUN_FOLLOWERS:
        plural = singular(head.key, reader.vocab.plurals) != head.key
        reader.add_subject(singular(head.key, reader.vocab.plurals), None, (head.text,), plural,
                           f"'{head.key}' is unknown; shown as a labelled figure")
        return
    reader.decide("ignored", head.key, (head.text,), "an unknown word that names nothing to draw")

"""The prompt grammar (tagger + Lark LALR parser) and what the reader makes of its phrases."""

from __future__ import annotations

import random
import re

import pytest

from scenec.api import default_world
from scenec.lang.translate import TranslateError, translate
from scenec.lang.translate.grammar import bracketed, parse
from scenec.lang.translate.interpret import lexicon_for
from scenec.lang.translate.tagger import Tag, Tagged, tag
from scenec.lang.translate.tokens import Token, tokenize

WORLD = default_world()


def _parse(prompt: str) -> str:
    lexicon = lexicon_for(WORLD.vocabulary, WORLD.objects, WORLD.places.words())
    tagged = tag(tokenize(prompt, lexicon))
    return bracketed(parse(tagged), tagged)


@pytest.mark.parametrize("prompt, expected", [
    ("a red car on a beach", "[clause [np a/COUNT red/COLOR car/NOUN] [pp on/REL [np a/COUNT beach/PLACE]]]"),
    ("a girl holding a balloon walks from left to right",
     "[clause [np a/COUNT girl/NOUN] [pp holding/REL [np a/COUNT balloon/NOUN]] "
     "[vp walks/MOTION from left to right/DIR]]"),
    ("a flying kite between two trees and a house",
     "[clause [np a/COUNT flying/MADJ kite/NOUN] [pp between/BETWEEN [np two/COUNT trees/NOUN] and/AND "
     "[np a/COUNT house/NOUN]]]"),
    ("no cars", "[clause [np no/NEG cars/NOUN]]"),
    ("a spooky abandoned house", "[clause [np a/COUNT spooky/SADJ abandoned/UADJ house/NOUN]]"),
    ("a fluffy quokka, pan left", "[clause [np a/COUNT fluffy quokka/UNKS]] ,/SEP [clause pan left/CAMERA]"),
])
def test_sentences_parse_into_phrases(prompt, expected):
    assert _parse(prompt) == expected


def test_compounds_are_one_noun_by_longest_match():
    for prompt, term in (("a pickup truck", "pickup truck/NOUN"), ("a cup of coffee", "cup of coffee/NOUN"),
                         ("a hot air balloon", "hot air balloon/NOUN"), ("a fire hydrant", "fire hydrant/NOUN")):
        assert term in _parse(prompt)


def test_every_sequence_of_tags_parses():
    """The grammar is total: whatever the tagger makes of a prompt, it parses (never a failure)."""
    rng = random.Random(7)
    tags = list(Tag)
    for _ in range(400):
        seq = tuple(Tagged(rng.choice(tags), "1", (Token("w", "w"),)) for _ in range(rng.randint(0, 14)))
        tree = parse(seq)
        assert len(re.findall(r"/[A-Z]+", bracketed(tree, seq))) == len(seq)


def test_explain_shows_the_parse():
    tr = translate("a cat on a mat", knowledge=WORLD)
    assert tr.instruction.parse.startswith("[clause [np a/COUNT cat/NOUN] [pp on/REL")


@pytest.mark.parametrize("prompt, words", [
    ("the feeling of a monday morning", ("feeling", "monday")),
    ("love and loss", ("loss",)),
    ("🙂", ("🙂",)),
    ("un gato negro en la playa", ("gato", "playa")),
])
def test_nothing_drawable_is_refused_naming_the_words(prompt, words):
    with pytest.raises(TranslateError) as err:
        translate(prompt, knowledge=WORLD)
    assert all(f"'{w}'" in str(err.value) for w in words)


def test_what_can_be_shown_honestly_is_drawn():
    assert translate("a monday morning", knowledge=WORLD).instruction.time == "morning"
    tr = translate("the loneliness of a lighthouse", knowledge=WORLD)
    assert [s.object for s in tr.instruction.subjects] == ["lighthouse"]


def test_words_that_name_no_thing_are_never_placeholders():
    for prompt in ("three trees on the right and a lake on the left", "a drone shot of a gym floor",
                   "a rocket launches into the sky, the camera tilts up to follow it", "the sun is hot",
                   "three cars parked in a row"):
        tr = translate(prompt, knowledge=WORLD)
        assert "standin-" not in tr.text, prompt


def test_predicate_color_colors_its_subject():
    tr = translate("a car is red", knowledge=WORLD)
    assert tr.instruction.subjects[0].color is not None
    assert not [s for s in translate("the sky is orange, a dog", knowledge=WORLD).instruction.subjects
                if s.object == "orange"]


def test_a_thing_with_no_motion_lives_unless_the_sentence_says_still():
    assert re.search(r"layer dog: dog\(.*\) motion float", translate("a dog in a park", knowledge=WORLD).text)
    assert "motion" not in next(line for line in translate("a motionless dog in a park", knowledge=WORLD)
                                .text.splitlines() if "layer dog:" in line)


def test_copies_differ_deterministically():
    text = translate("five sheep in a meadow", knowledge=WORLD, seed=3).text
    boxes = re.findall(r"layer sheep-\d: sheep\(at: [^)]*\), box: \(([^)]*)\)", text)
    assert len(set(boxes)) > 1
    assert text == translate("five sheep in a meadow", knowledge=WORLD, seed=3).text


def test_colorful_copies_get_their_own_hues():
    text = translate("a row of colorful houses", knowledge=WORLD).text
    colors = re.findall(r"layer house-\d: house\([^\n]*color: (#[0-9a-f]{6})", text)
    assert len(colors) >= 4 and len(set(colors)) == len(colors)


def test_a_describing_sentence_is_no_second_shot():
    assert len(translate("A cat on a sofa. 4k, high quality.", knowledge=WORLD).shots) == 1
    tr = translate("A boat on a lake. Sunset.", knowledge=WORLD)
    assert len(tr.shots) == 1 and tr.instruction.time is not None
    assert len(translate("A boat on a lake. Night falls.", knowledge=WORLD).shots) == 2

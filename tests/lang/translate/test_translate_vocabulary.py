"""The vocabulary and name generator: validation, overlays, learning, unique names."""

from __future__ import annotations

import datetime

import pytest

from scenec.knowledge.errors import KnowledgeError
from scenec.knowledge.names import draw, generate
from scenec.knowledge.vocabulary import learn_word, load_vocabulary
from scenec.knowledge.world import build_world
from scenec.lang.translate import interpret_with


def test_shipped_vocabulary_loads():
    vocab = load_vocabulary()
    assert vocab.relations["on"] == "on"  # YAML 1.1 would read a bare `on` as true
    assert vocab.camera["camera pans from left to right"] == "pan-right"
    assert "no" in vocab.negations


def test_broken_overlay_names_file_section_and_word(tmp_path):
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "words.yaml").write_text("colors:\n  blurple: '#12345'\n")
    with pytest.raises(KnowledgeError, match=r"words.yaml: colors: 'blurple': .*not a color"):
        load_vocabulary(tmp_path)


def test_overlay_adds_words(tmp_path):
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "words.yaml").write_text("colors:\n  blurple: '#5b4cf0'\n")
    assert "blurple" in load_vocabulary(tmp_path).colors


def test_learned_words_are_used_next_time(tmp_path):
    kb = build_world(tmp_path)
    assert interpret_with("a photo of a wombat", kb).subjects[0].object is None
    path = learn_word("wombat", "object", "bear", tmp_path, prompt="a photo of a wombat",
                      today=datetime.date(2024, 1, 2))
    assert "prompt: a photo of a wombat" in path.read_text() and "2024-01-02" in path.read_text()
    assert interpret_with("a photo of a wombat", kb).subjects[0].object is None  # a world never changes
    again = interpret_with("a photo of a wombat", kb.rebuilt())  # a new world sees the learned word
    assert again.subjects[0].object == "bear"
    assert load_vocabulary(tmp_path).learned["wombat"].prompt == "a photo of a wombat"


def test_learning_rejects_bad_entries(tmp_path):
    with pytest.raises(KnowledgeError):
        learn_word("x", "verb", "run", tmp_path)
    with pytest.raises(KnowledgeError, match="not a color"):
        learn_word("blorange", "color", "#12", tmp_path)


def test_names_unique_and_deterministic():
    names = generate(50, "character", seed=7)
    assert len(set(names)) == 50 and names == generate(50, "character", seed=7)
    assert all(n[0].isupper() and n.isalpha() for n in names)
    assert set(generate(10, "place", seed=1)).isdisjoint(generate(10, "place", seed=1, exclude=frozenset(
        generate(10, "place", seed=1))))


def test_reserve_never_hands_out_a_name_twice(tmp_path):
    first = draw(30, "place", tmp_path)
    second = draw(30, "place", tmp_path)
    assert len(set(first) | set(second)) == 60
    assert (tmp_path / "names" / "place.txt").is_file()

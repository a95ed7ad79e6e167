"""Did-you-mean suggestions."""

from __future__ import annotations

import doctest
import importlib

from scenec.knowledge.suggest import did_you_mean, suggest

PALETTES = ["sunset", "ocean", "forest", "neon", "noir", "dusk"]


def test_close_misspelling():
    assert suggest("sunest", PALETTES) == "sunset"
    assert suggest("ocaen", PALETTES) == "ocean"


def test_case_and_hyphen_slips():
    assert suggest("Noir", PALETTES) == "noir"
    assert suggest("goldenhour", ["golden-hour", "dusk"]) == "golden-hour"


def test_nothing_close():
    assert suggest("zzzz", PALETTES) is None
    assert suggest("x", []) is None
    assert did_you_mean("zzzz", PALETTES) == ""
    assert did_you_mean("dsuk", PALETTES) == " (did you mean 'dusk'?)"


def test_exact_word_is_not_suggested_to_itself():
    assert suggest("noir", ["noir"]) is None


def test_docstring_examples():
    # The package re-exports the function `suggest`, which hides the module attribute.
    assert doctest.testmod(importlib.import_module("scenec.knowledge.suggest")).failed == 0

"""Translations of a fixed list of prompts, snapshot-tested (syrupy)."""

from __future__ import annotations

import pytest

from scenec.lang.translate import translate

PROMPTS = [
    "a photo of a dog right of a teddy bear",
    "a photo of three books",
    "a photo of a black bus and a brown cell phone",
    "a red kite above a green tree on a windy afternoon",
    "two cats sleeping on a couch, cozy, watercolor",
    "a salmon-pink car next to a lorry, no people",
    "A cute happy Corgi playing in park, sunset, zoom in",
    "The bund Shanghai, pan left",
    "a shark is swimming in the ocean, with an intense shaking effect",
    "An astronaut flying in space, in super slow motion",
    "Gwen Stacy reading a book, racking focus",
    "a 10 second video of a lighthouse at night in the fog, the camera moves up",
]


@pytest.mark.parametrize("prompt", PROMPTS)
def test_translation_snapshot(prompt, snapshot):
    result = translate(prompt)
    assert result.text == snapshot
    assert [(d.field, d.value, d.because) for d in result.decisions] == snapshot

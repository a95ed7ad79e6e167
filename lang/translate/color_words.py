"""Color words to colors: shades (`pale`, `dark`), blends of several words (`bluish green`), and unknown
color words read from their known parts (`salmon-pink`, `reddish`, CSS names such as `goldenrod`)."""

from __future__ import annotations

from collections.abc import Sequence

from scenec.knowledge import colors
from scenec.knowledge.vocabulary import Shade, Vocabulary

from .model import RGBA

# In "bluish green" the last word names the color and the earlier ones tint it.
TINT_SHARE = 0.35


def shaded(color: RGBA, shade: Shade) -> RGBA:
    h, s, l = colors.rgb_to_hsl(color)
    r, g, b = colors.hsl_to_rgb(h, min(1.0, s * shade.saturation), l)
    moved = (r, g, b, color[3])
    return colors.lighten(moved, shade.lighten) if shade.lighten >= 0 else colors.darken(moved, -shade.lighten)


def blend(parts: Sequence[RGBA]) -> RGBA:
    """One color from several words, the last dominant: `bluish green` is a green tinted blue."""
    result = parts[-1]
    for tint in reversed(parts[:-1]):
        result = colors.mix(result, tint, TINT_SHARE)
    return result


def _known(word: str, vocab: Vocabulary) -> RGBA | None:
    if word in vocab.colors:
        return vocab.colors[word]
    css = colors.named(word)
    if css is not None and word not in ("transparent", "none"):
        return css
    if word.endswith("ish") and len(word) > 5:
        stem = word[:-3]
        for candidate in (stem, stem[:-1], stem + "e"):  # reddish → red, greenish → green, bluish → blue
            if candidate in vocab.colors:
                return vocab.colors[candidate]
    return None


def unknown_color(word: str, vocab: Vocabulary) -> RGBA | None:
    """A color for a word the vocabulary lacks, from a CSS name or its known parts; None if it has none.

    >>> from scenec.knowledge.vocabulary import load_vocabulary
    >>> unknown_color("salmon-pink", load_vocabulary()) is not None
    True
    """
    whole = _known(word, vocab)
    if whole is not None:
        return whole
    parts = [p for p in word.replace("_", "-").split("-") if p]
    if len(parts) < 2:
        return None
    found = [_known(p, vocab) for p in parts]
    if any(c is None for c in found):
        return None
    return blend([c for c in found if c is not None])

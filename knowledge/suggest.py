"""Did-you-mean suggestions for unknown names, shared by every registry and the checker."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

# difflib's ratio is forgiving on long words and strict on short ones; 0.6 is its
# own default and keeps `sunest` -> `sunset` while rejecting `x` -> `max`.
_CUTOFF = 0.6


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate closest to `word`, or None when nothing is close.

    An exact case-insensitive match wins first, so `Red` suggests `red`.

    >>> suggest("sunest", ["sunset", "ocean", "forest"])
    'sunset'
    >>> suggest("zzz", ["sunset", "ocean"]) is None
    True
    """
    pool = [c for c in dict.fromkeys(candidates) if c != word]
    lowered = word.lower()
    for candidate in pool:
        if candidate.lower() == lowered:
            return candidate
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=_CUTOFF)
    if matches:
        return matches[0]
    # Hyphenation slips (`goldenhour`, `in_out_sine`) defeat ratio matching on
    # short words; compare with separators removed as a second chance.
    squashed = {c.replace("-", "").replace("_", "").lower(): c for c in pool}
    key = lowered.replace("-", "").replace("_", "")
    return squashed.get(key)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return ` (did you mean 'x'?)` for a message, or an empty string."""
    found = suggest(word, candidates)
    return f" (did you mean '{found}'?)" if found is not None else ""

"""Draw docs/gallery/NAME.png, one still per example, through `scenec still` as a user would.

    .venv/bin/python docs/gen_gallery.py            # redraw every still
    .venv/bin/python docs/gen_gallery.py garden     # only these examples

Each still is taken in the middle of a shot (not inside a transition) at
384x216; the README's gallery table shows them. Rerun it whenever an
example's look changes, so the gallery stays drawn from real renders.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "docs" / "gallery"
SIZE = "384x216"
# The moment of each example that shows it best (the shot it falls in).
STILLS = {
    "sunset": "2.5s",  # opening: the sun on the horizon
    "title-card": "4.5s",  # the story line
    "rain-night": "2s",  # the walker under the lamp
    "lantern-festival": "7s",  # one lantern, glowing
    "city-dawn": "6s",  # the street: car and rider
    "forest-walk": "8.5s",  # the campfire
    "space": "1.5s",  # the ringed planet and its moons
    "ocean-storm": "3s",  # the deck in the storm
    "garden": "8.5s",  # the party
}


def main(names: list[str]) -> int:
    from scenec.cli import main as scenec

    for name in names or STILLS:
        if name not in STILLS:
            print(f"unknown example {name!r}; one of {', '.join(STILLS)}", file=sys.stderr)
            return 2
        source = ROOT / "examples" / f"{name}.scene"
        status = scenec(["still", str(source), "--at", STILLS[name], "--size", SIZE, "-o", str(GALLERY / f"{name}.png")])
        if status != 0:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

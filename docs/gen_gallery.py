"""Draw docs/gallery/NAME.png, one still per example and per sentence, through `scenec` as a user would.

    .venv/bin/python docs/gen_gallery.py            # redraw every still
    .venv/bin/python docs/gen_gallery.py garden     # only these examples (or sentence stills by name)

Each example still is taken in the middle of a shot (not inside a transition) at
384x216; each sentence is translated with `scenec translate` and its film's
still taken 1.5 s in. The README's gallery tables show them. Rerun it
whenever the look or the translation changes, so the gallery stays drawn
from real renders.
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
# Films made from one sentence each: gallery name -> the sentence.
SENTENCES = {
    "prompt-frog": "a frog on a lily pad in a pond",
    "prompt-astronaut": "an astronaut on the moon",
    "prompt-truck": "a red pickup truck drives from left to right on a desert highway at sunset",
    "prompt-knight": "a knight and a dragon in front of a castle",
    "prompt-storm": "a thunderstorm over a small village",
    "prompt-dogs": "two dogs playing in a park",
}


def main(names: list[str]) -> int:
    from scenec.cli import main as scenec

    import tempfile

    for name in names or [*STILLS, *SENTENCES]:
        if name in STILLS:
            source = ROOT / "examples" / f"{name}.scene"
            status = scenec(["still", str(source), "--at", STILLS[name], "--size", SIZE,
                             "-o", str(GALLERY / f"{name}.png")])
        elif name in SENTENCES:
            with tempfile.TemporaryDirectory() as folder:
                scene = str(Path(folder) / f"{name}.scene")
                status = scenec(["translate", SENTENCES[name], "-o", scene]) or scenec(
                    ["still", scene, "--at", "1.5s", "--size", SIZE, "-o", str(GALLERY / f"{name}.png")])
        else:
            print(f"unknown still {name!r}; one of {', '.join([*STILLS, *SENTENCES])}", file=sys.stderr)
            return 2
        if status != 0:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

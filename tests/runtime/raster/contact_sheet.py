"""Draw one 320x180 tile per primitive, particle kind and noise kind into one PNG.

Not a test: run by hand and look at the picture.
    .venv/bin/python tests/runtime/raster/contact_sheet.py [/tmp/raster_contact.png]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from scenec.runtime import raster as r

W, H = 320, 180
BG = (0.08, 0.09, 0.13, 1.0)
GOLD = (1.0, 0.8, 0.3, 1.0)
SKY = (0.3, 0.5, 0.9, 1.0)


def _png(tmp: Path) -> str:
    yy, xx = np.mgrid[0:40, 0:60]
    rgba = np.stack([xx * 4, yy * 6, 255 - xx * 4, np.full_like(xx, 255)], axis=-1).astype(np.uint8)
    rgba[15:25, 25:35] = (255, 255, 255, 255)
    path = tmp / "sample.png"
    Image.fromarray(rgba).save(path)
    return str(path)


def tiles(tmp: Path) -> list[tuple[str, list]]:
    c = (W / 2, H / 2)
    rot = r.Affine.rotate(20, c)
    zoom = r.Affine.scale(1.6, about=c) @ r.Affine.rotate(-15, c)
    png = _png(tmp)
    out: list[tuple[str, list]] = [
        ("rect", [r.rect((W, H), c, (160, 90), fill=SKY, stroke=(1, 1, 1, 1), stroke_width=4, radius=18, affine=rot)]),
        ("circle+glow", [r.circle((W, H), c, 40, fill=GOLD, glow=0.7)]),
        ("ellipse", [r.ellipse((W, H), c, (200, 80), fill=(0.9, 0.3, 0.4, 1), stroke=(1, 1, 1, 1), stroke_width=3, affine=rot)]),
        ("polygon evenodd", [r.polygon((W, H), [(60, 150), (160, 20), (260, 150), (40, 60), (280, 60)], fill=(0.4, 0.9, 0.5, 1), fill_rule="evenodd")]),
        ("star", [r.star((W, H), c, 70, points=5, inner=0.45, fill=GOLD, affine=zoom)]),
        ("line+path", [r.line((W, H), (30, 150), (290, 30), width=6, color=(1, 0.5, 0.2, 1)),
                       r.path((W, H), [(30, 40), (110, 140), (190, 40), (290, 140)], width=4, color=SKY, smooth=True)]),
        ("gradient 30deg", [r.gradient((W, H), (0.1, 0.1, 0.4, 1), (1, 0.6, 0.2, 1), 30)]),
        ("radial", [r.radial((W, H), c, (1, 0.95, 0.7, 1), (0.1, 0.05, 0.2, 1), 170)]),
        ("text", [r.text((W, H), "Hello, scene", (W / 2, 60), 32, color=(1, 1, 1, 1), weight="bold"),
                  r.text((W, H), "serif left", (20, 110), 24, color=GOLD, font="serif", align="left"),
                  r.text((W, H), "mono right", (300, 150), 20, color=SKY, font="mono", align="right", affine=r.Affine.rotate(-8, (300, 150)))]),
        ("image contain", [r.image((W, H), png, c, (200, 160), fit="contain")]),
        ("image cover", [r.image((W, H), png, c, (200, 100), fit="cover", affine=rot)]),
    ]
    for kind in r.NOISE_KINDS:
        out.append((f"noise {kind}", [r.noise((W, H), kind, 60, 5, (), 0.1, 2.0, 7)]))
    for kind in r.PARTICLE_KINDS:
        color = {"rain": (0.7, 0.8, 1.0, 1.0), "sparks": (1.0, 0.4, 0.1, 1.0), "leaves": (0.85, 0.45, 0.15, 1.0),
                 "fireflies": (0.9, 1.0, 0.4, 1.0), "birds": (0.05, 0.05, 0.08, 1.0)}.get(kind, (1, 1, 1, 1))
        count = {"birds": 8, "leaves": 25, "confetti": 80, "bubbles": 25, "fireflies": 30, "stars": 300, "rain": 250}.get(kind, 150)
        size = {"birds": 6, "leaves": 7, "confetti": 7, "bubbles": 9, "stars": 3, "dust": 3, "fireflies": 4, "rain": 2.5}.get(kind, 4)
        bg = [r.gradient((W, H), (0.75, 0.85, 0.95, 1), (0.95, 0.9, 0.8, 1))] if kind == "birds" else []
        out.append((f"particles {kind}", bg + [r.particles((W, H), kind, count, color, size, 1.0, None, 1.7, 3)]))
    return out


def main(dest: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        items = tiles(Path(tmp))
    cols = 4
    rows = -(-len(items) // cols)
    sheet = Image.new("RGB", (cols * (W + 4), rows * (H + 4)), (40, 40, 40))
    for i, (label, patches) in enumerate(items):
        frame = r.new_frame(W, H, BG)
        for patch in patches:
            r.composite(frame, patch)
        r.composite(frame, r.text((W, H), label, (6, 12), 11, color=(1, 1, 1, 0.8), align="left"))
        tile = Image.fromarray(r.to_rgb24(frame))
        sheet.paste(tile, ((i % cols) * (W + 4), (i // cols) * (H + 4)))
    sheet.save(dest)
    print(f"wrote {dest} ({len(items)} tiles)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/raster_contact.png")

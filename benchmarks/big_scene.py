"""A generated scene of about N lines (many shots and layers), for the speed benchmarks."""

from __future__ import annotations

PRIMS = (
    'layer s{i}: circle(at: ({x}%, {y}%), radius: {r}%, fill: @sun, glow: 0.3) depth 0.{d}',
    'layer r{i}: rect(at: ({x}%, {y}%), size: (20%, 10%), fill: #335577, radius: 4px) opacity 80%',
    'layer t{i}: text("line {i}", at: ({x}%, {y}%), size: 5%, weight: bold)',
    'layer p{i}: star(at: ({x}%, {y}%), radius: {r}%, points: 6, fill: gold) rotate 15deg',
)


def big_scene(lines: int = 10_000) -> str:
    out = ["palette bench { sky: #1d2b53  sun: #ffd36b }", 'scene "Benchmark" {', "  size 1280x720",
           "  fps 30", "  palette bench", "  genre calm"]
    shot = 0
    while len(out) < lines - 2:
        out.append(f"  shot s{shot} 2s {{")
        out.append("    layer sky: gradient(from: @sky, to: black)")
        for i in range(16):
            x, y, r, d = 10 + (i * 7) % 80, 10 + (i * 13) % 80, 2 + i % 5, i % 10
            out.append("    " + PRIMS[i % len(PRIMS)].format(i=i, x=x, y=y, r=r, d=d))
        out.append("    animate s0.at to (60%, 40%) over 1.5s ease out-cubic")
        out.append("    camera pan right 5%")
        out.append("  }")
        out.append("  transition dissolve 0.5s")
        shot += 1
    out.pop()  # no transition after the last shot
    out.append("}")
    return "\n".join(out) + "\n"

"""A Rich report of an Analysis: figures, a palette strip, a timeline of cuts and camera moves."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from .model import Analysis

STRIP_WIDTH = 48
TIMELINE_WIDTH = 60
MOVE_GLYPHS = {
    "pan-left": "←",
    "pan-right": "→",
    "tilt-up": "↑",
    "tilt-down": "↓",
    "zoom-in": "+",
    "zoom-out": "−",
    "roll": "↻",
    "shake": "~",
    "static": "·",
}
MOVE_STYLES = {"static": "dim", "shake": "red"}


def _figures(analysis: Analysis) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    audio = analysis.audio
    if audio.present:
        loud = "—" if audio.loudness_lufs is None else f"{audio.loudness_lufs:.1f} LUFS"
        peak = "—" if audio.peak_db is None else f"{audio.peak_db:.1f} dBFS peak"
        sound = f"{loud}, {peak}"
    else:
        sound = "none (no stream or silence)"
    rows = [
        ("size", f"{analysis.width}×{analysis.height} @ {analysis.fps:g} fps"),
        ("length", f"{analysis.frames} frames, {analysis.duration_s:.2f} s"),
        ("brightness", f"{analysis.brightness:.3f}"),
        ("contrast", f"{analysis.contrast:.3f}"),
        ("saturation", f"{analysis.saturation:.3f}"),
        ("colorfulness", f"{analysis.colorfulness:.1f}"),
        ("motion energy", f"{analysis.motion_energy:.4f}"),
        ("cuts", ", ".join(str(c) for c in analysis.cuts) or "none"),
        ("audio", sound),
    ]
    for key, value in rows:
        table.add_row(key, value)
    return table


def palette_strip(analysis: Analysis, width: int = STRIP_WIDTH) -> Text:
    """Coloured blocks, each colour as wide as its weight."""
    strip = Text()
    used = 0
    for i, entry in enumerate(analysis.palette):
        cells = width - used if i == len(analysis.palette) - 1 else round(entry.weight * width)
        strip.append("█" * max(0, cells), style=entry.color)
        used += max(0, cells)
    legend = Text("  ")
    for entry in analysis.palette:
        legend.append("■ ", style=entry.color)
        legend.append(f"{entry.color} {entry.weight:.0%}  ")
    return Text.assemble(strip, "\n", legend)


def timeline(analysis: Analysis, width: int = TIMELINE_WIDTH) -> Text:
    """Two lines across the film's width: `|` where cuts fall, then a glyph per camera move."""
    frames = max(1, analysis.frames)

    def column(frame: int) -> int:
        return min(width - 1, frame * width // frames)

    cut_line = [" "] * width
    for cut in analysis.cuts:
        cut_line[column(cut)] = "|"
    moves = Text()
    for stretch in analysis.camera:
        # Each stretch runs to where the next begins; the last one fills the line.
        end = width if stretch.end_frame >= frames else column(stretch.end_frame)
        cells = max(1 if len(moves.plain) < width else 0, end - len(moves.plain))
        glyph = MOVE_GLYPHS.get(stretch.move, "?")
        moves.append(glyph * cells, style=MOVE_STYLES.get(stretch.move, "cyan"))
    legend = ", ".join(
        f"{MOVE_GLYPHS.get(s.move, '?')} {s.move} {s.start_frame}–{s.end_frame} ({s.magnitude:.3g})"
        for s in analysis.camera
    )
    return Text.assemble(("cuts  ", "bold"), "".join(cut_line), "\n", ("moves ", "bold"), moves, "\n", Text(legend, style="dim"))


def _intent_table(match: dict) -> Table:
    score = match.get("score")
    title = "intent match: " + ("nothing to check" if score is None else f"{score:.0%}")
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column("")
    table.add_column("check")
    table.add_column("target")
    table.add_column("measured")
    table.add_column("detail", overflow="fold")
    for check in match.get("checks", ()):
        mark = Text("✓", style="green") if check["passed"] else Text("✗", style="red")
        table.add_row(mark, check["kind"], str(check["target"]), str(check["measured"]), check["detail"])
    return table


def render_report(analysis: Analysis, intent_match: dict | None = None) -> RenderableType:
    """Everything in one renderable, for `rich.print` or a Textual Static."""
    parts: list[RenderableType] = [
        Text("analysis", style="bold underline"),
        _figures(analysis),
        Text("palette", style="bold"),
        palette_strip(analysis),
        timeline(analysis),
    ]
    if intent_match is not None:
        parts.append(_intent_table(intent_match))
    return Group(*parts)

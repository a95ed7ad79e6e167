"""The plan in a terminal: a Rich tree of segments, layers and tracks, and a timeline bar."""

from __future__ import annotations

from rich.console import Console, Group
from rich.text import Text
from rich.tree import Tree

from scenec.compiler.plan import Plan, TransitionKind

BAR_WIDTH = 72
_SHOT_STYLES = ("bold white on blue", "bold white on dark_green", "bold white on purple4", "bold black on gold3")


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        if len(value) == 4 and all(isinstance(c, float) for c in value) and all(0 <= c <= 1 for c in value):
            r, g, b = (round(c * 255) for c in value[:3])
            return f"#{r:02x}{g:02x}{b:02x}" + (f"@{value[3]:.2f}" if value[3] < 1 else "")
        return "(" + ", ".join(_fmt(v) for v in value) + ")"
    return str(value)


def plan_tree(plan: Plan, title: str) -> Tree:
    seconds = plan.frames / plan.fps
    root = Tree(f"[bold]{title}[/]  {plan.width}x{plan.height} · {plan.fps} fps · "
                f"{plan.frames} frames ({seconds:.2f}s) · seed {plan.seed}")
    for segment in plan.segments:
        start_s, end_s = segment.start_frame / plan.fps, segment.end_frame / plan.fps
        node = root.add(f"[bold cyan]{segment.name}[/]  frames {segment.start_frame}–{segment.end_frame} "
                        f"({start_s:.2f}s–{end_s:.2f}s) · intensity {segment.intensity:.2f}")
        cam = segment.camera
        moves = []
        for track in (cam.pan_x, cam.pan_y, cam.zoom, cam.roll_deg):
            if len(track.keys) > 1:
                moves.append(f"{track.property} {_fmt(track.keys[0].value)}→{_fmt(track.keys[-1].value)}")
        moves += [f"shake {s.amount_frac:.1%} at {s.frequency_hz:g}Hz" for s in cam.shake]
        node.add("[magenta]camera[/] " + (", ".join(moves) or "static"))
        if not segment.grade.is_identity:
            g = segment.grade
            parts = [f"{name} {_fmt(getattr(g, name))}" for name in
                     ("exposure", "contrast", "saturation", "temperature", "tint", "gamma", "vignette", "grain", "bloom")
                     if getattr(g, name) != getattr(type(g)(), name)]
            if g.lut_matrix is not None or any((g.curve_r, g.curve_g, g.curve_b, g.curve_all)):
                parts.append("lut")
            node.add("[yellow]grade[/] " + ", ".join(parts))
        layers = node.add(f"layers ({len(segment.layers)}, back to front)")
        for layer in segment.layers:
            params = ", ".join(f"{k}: {_fmt(v)}" for k, v in layer.params[:4])
            extra = [f"depth {layer.depth:g}"]
            if layer.opacity != 1:
                extra.append(f"opacity {layer.opacity:g}")
            if layer.blend != "normal":
                extra.append(f"blend {layer.blend}")
            extra += [f"motion {m.kind}" for m in layer.motions]
            leaf = layers.add(f"[green]{layer.id}[/] {layer.primitive}({params}{', …' if len(layer.params) > 4 else ''})"
                              f" [dim]{' · '.join(extra)}[/]")
            for track in layer.tracks:
                keys = " → ".join(f"{_fmt(k.value)}@{k.frame}" for k in track.keys[:4])
                leaf.add(f"[blue]track[/] {track.property}: {keys}{' …' if len(track.keys) > 4 else ''}")
    if plan.audio:
        sound = root.add("[bold]audio[/]")
        for a in plan.audio:
            detail = (f" {_fmt(a.tone.frequency_hz)} Hz" if a.tone else f" {a.ambient.generator}" if a.ambient
                      else f" {_fmt(a.music.tempo_bpm)} bpm" if a.music else f" {a.sfx.generator}")
            sound.add(f"{a.kind}{detail} frames {a.start_frame}–"
                      f"{a.start_frame + a.length_frames} · {a.gain_db:+g} dB")
    return root


def timeline(plan: Plan, width: int = BAR_WIDTH) -> Text:
    """One character per slice of the film: shots in alternating colors, transitions marked."""
    text = Text()
    scale = width / plan.frames
    for index, segment in enumerate(plan.segments):
        cells = max(1, round(segment.end_frame * scale) - round(segment.start_frame * scale))
        label = segment.name[: cells]
        text.append(label.ljust(cells), style=_SHOT_STYLES[index % len(_SHOT_STYLES)])
    marks = [" "] * width
    for t in plan.transitions:
        first = min(width - 1, round(t.start_frame * scale))
        last = min(width - 1, max(first, round(t.end_frame * scale) - 1))
        symbol = "|" if t.kind is TransitionKind.CUT else "~"
        for i in range(first, last + 1):
            marks[i] = symbol
    legend = Text("".join(marks) + "\n", style="bold red")
    ticks = Text(f"0s{'':{max(0, width - 12)}}{plan.frames / plan.fps:.2f}s")
    kinds = ", ".join(f"{t.from_segment}→{t.to_segment}: {t.kind} "
                      f"{(t.end_frame - t.start_frame) / plan.fps:.2f}s" for t in plan.transitions)
    return Text.assemble(text, "\n", legend, ticks, "\n", Text(kinds, style="dim"))


def show_plan(plan: Plan, title: str, console: Console | None = None) -> None:
    console = console or Console()
    console.print(Group(plan_tree(plan, title), Text(""), timeline(plan)))

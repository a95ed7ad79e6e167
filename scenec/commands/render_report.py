"""What `scenec render` shows around a render: the progress bar and its ETA, the summary line,
the analysis line of `--analyze`, and `--open`'s hand-off to the system viewer."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scenec.recording import Measured
from scenec.report import plural
from scenec.runtime.encode import png_frame_path
from scenec.runtime.render import RenderResult


def eta_seconds(elapsed_s: float, done: int, total: int) -> float | None:
    """Time left at the film's average pace so far, or None while too little is done to tell.
    Frames arrive in bursts as segments finish and workers warm up, so a windowed speed jumps;
    the average since the start moves smoothly towards the truth."""
    if done <= 0 or total <= 0 or elapsed_s < 1.0 or done < 0.05 * total:
        return None
    return elapsed_s * (total - done) / done


def progress_bar(total: int, label: str) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A Rich bar on stderr: (update(done, total), stop())."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn
    from rich.text import Text

    class FpsColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:6.1f} fps" if speed else "     - fps", style="progress.data.speed")

    class EtaColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            left = eta_seconds(task.elapsed or 0.0, int(task.completed), int(task.total or 0))
            if left is None:
                return Text("-:--:--", style="progress.remaining")
            minutes, seconds = divmod(int(round(left)), 60)
            return Text(f"{minutes // 60}:{minutes % 60:02d}:{seconds:02d}", style="progress.remaining")

    bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), FpsColumn(),
                   EtaColumn(), console=Console(stderr=True), transient=True)
    task = bar.add_task(label, total=total)
    bar.start()
    return (lambda done, _total: bar.update(task, completed=done)), bar.stop


def summary_line(result: RenderResult) -> str:
    cached = f"; {result.cached_chunks} of {plural(result.chunks, 'chunk')} cached" if result.cached_chunks else ""
    written = str(result.output)
    if result.output.suffix.lower() == ".png":
        first, last = png_frame_path(result.output, 0), png_frame_path(result.output, result.frames - 1)
        written = str(first) if result.frames == 1 else f"{first} .. {last.name}"
    return (f"wrote {written}: {plural(result.frames, 'frame')}, {result.width}x{result.height} at "
            f"{result.fps} fps, in {result.seconds:.1f}s ({result.frames_per_second:.1f} frames/s{cached})")


# ---------------------------------------------------------------- commands


def open_in_viewer(path: Path) -> None:
    """Show a finished film or still in the system's viewer, as `manim -p` does; never fails the command."""
    import shutil
    import subprocess

    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]  # noqa: S606 - the user asked to open it
        return
    opener = shutil.which("open" if sys.platform == "darwin" else "xdg-open")
    if opener is None:
        print(f"scenec: warning: --open: no viewer to open {path} with (xdg-open is not installed)", file=sys.stderr)
        return
    subprocess.Popen([opener, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,  # noqa: S603
                     stderr=subprocess.DEVNULL, start_new_session=True)


def analysis_line(measured: Measured) -> str:
    """One line on how the film measured: brightness, and the intent match where there is one."""
    brightness = float(measured.analysis.get("brightness", 0.0))
    match = measured.intent_match
    if not match:
        return f"analysed in {measured.seconds:.1f} s: mean brightness {brightness:.2f} (no intent match for a partial film)"
    checks = match.get("checks") or []
    passed = sum(1 for check in checks if check.get("passed"))
    return (f"analysed in {measured.seconds:.1f} s: intent match {float(match.get('score', 0.0)):.0%} "
            f"({passed} of {plural(len(checks), 'check')} passed), mean brightness {brightness:.2f}")

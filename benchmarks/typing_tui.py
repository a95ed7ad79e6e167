"""Keystroke echo in the dashboard's editor: how long from a key press to the editor painting it.

    .venv/bin/python benchmarks/typing_tui.py [--lines 300 2000] [--interval 0.2] [--no-render]

For each size, a generated scene (benchmarks/big_scene.py) is opened in the
dashboard (headless, Textual's own test driver), and a 92-key layer line is
typed one key at a time into a shot in the middle of the file, the way
issue 16 typed it. Each key goes in through the driver, as a terminal's key
would; its echo is the time until the editor next paints a line holding the
text typed so far. Keys come `--interval` seconds apart (default 0.2 s:
longer than the check's debounce, so a check, and the compile after it,
starts after almost every key and the next key arrives while it runs, the
worst case for a typist). Then the same typing again while a render of the
scene runs (at 160x90, one worker, so the machine is shared gently; when
the render finishes before the typing does, the same plan is rendered again,
so every key of that run is typed during a render).

Prints the median, 95th percentile and worst echo per run beside the goal
(median < 50 ms), and the UI thread's CPU time per key (the work an echo
costs the dashboard, which the machine's load does not inflate). It
measures, it never fails.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from big_scene import big_scene  # noqa: E402
from textual import events  # noqa: E402

from scenec.tui.app import make_app  # noqa: E402
from scenec.tui.options import TuiOptions  # noqa: E402
from scenec.tui.widgets.scene_editor import SceneEditor  # noqa: E402

GOAL_MS = 50.0
LINE = "layer moon: circle(at: (30%, 20%), radius: 6%, fill: white, glow: 0.4) depth 0.2 opacity 90%"


class Echo:
    """Notes when the editor paints `row` holding `expected`."""

    def __init__(self) -> None:
        self.row = -1
        self.expected = ""
        self.painted = asyncio.Event()

    def install(self) -> None:
        original = SceneEditor.render_line
        echo = self

        def render_line(editor: SceneEditor, y: int):
            strip = original(editor, y)
            if echo.row >= 0 and not echo.painted.is_set() and echo.row < editor.document.line_count \
                    and editor.document.get_line(echo.row).endswith(echo.expected):
                echo.painted.set()
            return strip

        SceneEditor.render_line = render_line


async def type_line(app, echo: Echo, row: int, interval_s: float, keep_rendering=None):
    editor = app.editor
    editor.focus()
    editor.cursor_location = (row, 0)
    editor.insert("\n", (row, 0))  # a fresh line inside the shot
    editor.cursor_location = (row, 0)
    editor.insert("    ")
    typed = ""
    echoes: list[float] = []
    ui_cpu: list[float] = []
    for char in LINE:
        if keep_rendering is not None:
            keep_rendering()
        typed += char
        echo.row, echo.expected = row, "    " + typed
        echo.painted.clear()
        key = events.Key("space" if char == " " else char, char)
        key.set_sender(app)
        started, cpu = time.perf_counter(), time.thread_time()
        app._driver.send_message(key)
        try:
            await asyncio.wait_for(echo.painted.wait(), timeout=30)
        except TimeoutError:
            print(f"  no echo for {char!r} within 30 s", file=sys.stderr)
        echoes.append((time.perf_counter() - started) * 1000)
        ui_cpu.append((time.thread_time() - cpu) * 1000)
        await asyncio.sleep(max(0.0, interval_s - echoes[-1] / 1000))
    echo.row = -1
    return echoes, ui_cpu


async def settle(app, pilot) -> None:
    for _ in range(600):  # a guard against a hang, not a time limit on the dashboard
        await pilot.pause(0.1)
        if app.outcome is not None and not app.check_pending and \
                not any(w.is_running for w in app.workers if w.group == "check"):
            return


def report(label: str, measured: tuple[list[float], list[float]]) -> None:
    echoes, ui_cpu = measured
    label = f"{label} (load {os.getloadavg()[0]:.1f})"
    ordered = sorted(echoes)
    median = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    verdict = "meets" if median < GOAL_MS else "MISSES"
    print(f"  {label:<36} median {median:6.1f} ms (goal < {GOAL_MS:.0f} ms: {verdict})  p95 {p95:6.1f} ms  "
          f"worst {ordered[-1]:6.1f} ms  ({len(echoes)} keys)")
    print(f"  {'':<40} UI thread CPU per key: median {statistics.median(ui_cpu):5.1f} ms "
          f"(the echo's own work, whatever else the machine runs)")


async def run(lines: int, interval_s: float, with_render: bool, folder: Path, echo: Echo) -> None:
    path = folder / f"big{lines}.scene"
    text = big_scene(lines)
    path.write_text(text, encoding="utf-8")
    row = text.split("\n").index("    camera pan right 5%", len(text.split("\n")) // 2)
    options = TuiOptions(path=path, data_home=folder / "home", render_size=(160, 90), render_workers=1,
                         render_cache=False)
    app = make_app(options)
    echo.painted = asyncio.Event()  # bound to this run's event loop
    print(f"{lines} lines (keys {interval_s:g} s apart; load average {os.getloadavg()[0]:.1f} now):")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        report("typing", await type_line(app, echo, row, interval_s))
        if with_render:
            await settle(app, pilot)
            plan, panel, renders = app.outcome.plan, app.query_one("#render"), [0]
            app.action_render()
            await pilot.pause(0.5)

            def keep_rendering() -> None:  # the render must outlast the typing: start it again when it ends
                if not panel.running:
                    renders[0] += 1
                    panel.start(plan, Path(folder) / f"again{lines}.mp4", assets_root=None, cache_dir=None,
                                size=options.render_size, workers=options.render_workers)

            measured = await type_line(app, echo, row + 1, interval_s, keep_rendering)
            report("typing during a render", measured)
            print(f"  {'':<36} (the render was started again {renders[0]} times to cover every key)")
            app.action_cancel_render()
        while any(w.is_running for w in app.workers):
            await pilot.pause(0.1)


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: echo is wall time, so a loaded "
          "machine adds its queueing to every key")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[300, 2000])
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between keys")
    parser.add_argument("--no-render", action="store_true", help="skip the runs during a render")
    args = parser.parse_args()
    echo = Echo()
    echo.install()
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "home").mkdir()
        for lines in args.lines:
            asyncio.run(run(lines, args.interval, not args.no_render, Path(folder), echo))


if __name__ == "__main__":
    main()

"""`scenec watch`: re-render a preview whenever a file the last compile read changes.

Polls modification times (no platform watcher to install), debounces a
burst of saves into one build, and prints a timestamped status line per
build, as `typst watch` does. Split from render_cmd.py, whose loading and
rendering it reuses.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from scenec.commands.render_cmd import USER_ERRORS, InputError, is_plan_file, prepare
from scenec.files import missing_input
from scenec.report import plural, print_diagnostics
from scenec.runtime.executor import LocalExecutor
from scenec.runtime.render import render_film


POLL_S = 0.3


def _stamp() -> str:
    return time.strftime("[%H:%M:%S]")


def _mtimes(files: tuple[Path, ...]) -> dict[Path, int | None]:
    stamps: dict[Path, int | None] = {}
    for path in files:
        try:
            stamps[path] = path.stat().st_mtime_ns
        except OSError:  # deleted or mid-save: a change too
            stamps[path] = None
    return stamps


def _wait_for_change(files: tuple[Path, ...]) -> None:
    """Return once any of `files` changed and then held still for one poll,
    so an editor's save in several writes triggers one build."""
    seen = _mtimes(files)
    while (now := _mtimes(files)) == seen:
        time.sleep(POLL_S)
    while True:
        time.sleep(POLL_S)
        settled, now = now, _mtimes(files)
        if now == settled:
            return


def _build(args: argparse.Namespace, executor: LocalExecutor) -> tuple[Path, ...] | None:
    """One compile and render with a status line; the files to watch next
    (None: keep watching the previous ones)."""
    started = time.perf_counter()
    try:
        loaded, options = prepare(args)
        if options is None:
            check = loaded.check
            diagnostics = list(check.diagnostics) if check is not None else []
            print(f"{_stamp()} {plural(sum(1 for d in diagnostics if d.is_error) or 1, 'error')}", file=sys.stderr)
            print_diagnostics(diagnostics, check.graph.sources if check is not None else {}, "human", sys.stderr)
            return loaded.files
        result = render_film(loaded.plan, options, executor=executor)
    except (InputError, *USER_ERRORS) as error:
        print(f"{_stamp()} error: {error}", file=sys.stderr)
        return None
    except OSError as error:
        print(f"{_stamp()} error: {error.filename or args.file}: {error.strerror or error}", file=sys.stderr)
        return None
    verb = "rendered" if is_plan_file(Path(args.file)) else "compiled and rendered"
    print(f"{_stamp()} {verb} {result.output} in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return loaded.files


def run_watch(args: argparse.Namespace) -> int:
    if args.full:
        args.preview = False
    problem = missing_input(Path(args.file), "a .scene file or a plan")
    if problem:  # nothing to watch yet: say so now rather than wait for a file that may never come
        print(f"scenec: error: {problem}", file=sys.stderr)
        return 1
    files: tuple[Path, ...] = (Path(args.file),)
    print(f"{_stamp()} watching {args.file} (Ctrl-C to stop)", file=sys.stderr)
    try:
        with LocalExecutor(args.workers) as executor:  # warm workers across builds
            while True:
                files = _build(args, executor) or files
                _wait_for_change(files)
    except KeyboardInterrupt as stop:
        from scenec.cli import Terminated

        print(f"{_stamp()} stopped watching", file=sys.stderr)
        return 143 if isinstance(stop, Terminated) else 0

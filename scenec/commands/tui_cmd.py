"""`scenec tui [FILE]`: the terminal dashboard.

Builds the dashboard's options here (the data directory and the project's
knowledge overlays from the CLI's edge, the terminal's graphics protocol from
the environment) and runs the Textual app, which builds its knowledge world
from them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from scenec.commands.render_cmd import parse_size


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "tui", help="the dashboard: edit, check, preview, render",
        description="Open FILE (or a new scene) in the terminal dashboard: an editor with live diagnostics, "
                    "the plan, a frame preview, rendering, a prompt box and the learning view. "
                    "A FILE that does not exist yet opens empty and is created on save.")
    p.add_argument("file", nargs="?", metavar="FILE", help="the .scene file to edit")
    p.add_argument("--size", type=parse_size, metavar="WxH", help="render size, overriding the scene's")
    p.add_argument("--workers", type=int, metavar="N", help="render processes (default: a segment per core at once, on threads of the render's own process on up to 2 cores)")
    p.add_argument("--no-cache", dest="cache", action="store_false", help="render without the segment cache")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scenec.edge import edge_of
    from scenec.tui.app import make_app
    from scenec.tui.options import options_from_environment
    from scenec.tui.work import start_process_helpers

    path = Path(args.file) if args.file else None
    if path is not None and path.is_dir():
        print(f"scenec: error: {path} is a folder; give a .scene file", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print(f"scenec: error: --workers must be 1 or more, got {args.workers}", file=sys.stderr)
        return 2
    if not sys.stdout.isatty():
        print("scenec: error: the dashboard needs a terminal; use `scenec check` or `scenec render` in scripts",
              file=sys.stderr)
        return 2
    from scenec.tui.pixels import GraphicsSettingError
    edge = edge_of(args)
    if edge.settings_problem():  # a broken settings file: report it as every command does
        print(edge.settings_problem(), file=sys.stderr)
        return 1
    overlays = edge.settings.knowledge_overlays if edge.settings is not None else ()
    try:
        options = options_from_environment(path, os.environ, edge.data_dir, render_size=args.size,
                                           render_workers=args.workers, render_cache=args.cache,
                                           knowledge_overlays=overlays)
    except GraphicsSettingError as error:
        print(f"scenec tui: {error}", file=sys.stderr)
        return 2
    start_process_helpers()
    make_app(options).run()
    return 0

"""The `scenec` command line: argparse, one module per command group.

Every command returns an exit code: 0 success, 1 the input has errors (or a
render failed), 2 the command line itself is wrong. No Python traceback
reaches a user: unexpected exceptions are reported as an internal error with
a short message and a request to file a bug.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from scenec import __version__
from scenec.commands.edge import Edge
from scenec.commands import (analyze_cmd, automate_cmd, check_cmd, compile_cmd, fmt_cmd, learn_cmd, lsp_cmd,
                             project_cmd, render_cmd, translate_cmd, tui_cmd)

# Each command module exposes `register(subparsers)` and sets `func` on its parser.
COMMANDS = (check_cmd, fmt_cmd, compile_cmd, render_cmd, translate_cmd, analyze_cmd, learn_cmd, automate_cmd,
            tui_cmd, project_cmd, lsp_cmd)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scenec",
        description="Compile .scene files into films: check, format, compile, render.",
        epilog="Run `scenec COMMAND --help` for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"scenec {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def _edge(args: argparse.Namespace) -> Edge:
    """Resolve the command's surroundings once: the data directory (`$SCENEC_HOME`, moved by a
    `data-dir` in the project's scenec.toml) and the project whose knowledge overlays apply."""
    files = getattr(args, "files", None) or []
    start = getattr(args, "file", None) or (files[0] if files and files[0] != "-" else None) or os.getcwd()
    return Edge.at(Path(start))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        args.edge = _edge(args)
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("scenec: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`scenec … | head`): stop quietly, as Unix tools do
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep interpreter shutdown from writing again
        except OSError:
            pass
        return 141
    except Exception as exc:  # a bug in scenec: say so plainly, never a traceback
        from scenec.knowledge.errors import KnowledgeError
        if isinstance(exc, KnowledgeError):
            print(f"scenec: knowledge data is invalid: {exc}", file=sys.stderr)
            return 1
        print(f"scenec: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in scenec; please report it with the command you ran.", file=sys.stderr)
        if "SCENEC_DEBUG" in os.environ:
            raise
        return 70


if __name__ == "__main__":
    sys.exit(main())

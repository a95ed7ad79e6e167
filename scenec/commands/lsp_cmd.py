"""`scenec lsp`: the language server over stdio, for editors."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "lsp", help="run the language server (for editors) over stdio",
        description="Speak the Language Server Protocol on stdin/stdout for .scene files: live "
                    "diagnostics, completion, signature help, hover, go to definition, references, rename, "
                    "quick fixes, semantic tokens, folding, formatting and document symbols. "
                    "Editors start it; it is not meant to be run by hand.")
    # vscode-languageclient appends --stdio for the stdio transport; stdio is the only one.
    p.add_argument("--stdio", action="store_true", help="use stdin/stdout (the default and only transport)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import signal

    from scenec.cli import Terminated
    from scenec.lsp.server import serve

    # The server's loop swallows KeyboardInterrupt to shut down cleanly; note which signal stopped
    # it so the command still ends as every command does after Ctrl-C or SIGTERM.
    received: list[int] = []

    def stop(signum: int, frame: object) -> None:
        received.append(signum)
        raise KeyboardInterrupt

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        serve()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if received:
        raise Terminated if received[-1] == signal.SIGTERM else KeyboardInterrupt
    return 0

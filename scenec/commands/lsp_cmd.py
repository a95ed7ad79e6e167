"""`scenec lsp`: the language server over stdio, for editors."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "lsp", help="run the language server (for editors) over stdio",
        description="Speak the Language Server Protocol on stdin/stdout: live diagnostics, hover, "
                    "completion, go to definition, formatting and document symbols for .scene files. "
                    "Editors start it; it is not meant to be run by hand.")
    # vscode-languageclient appends --stdio for the stdio transport; stdio is the only one.
    p.add_argument("--stdio", action="store_true", help="use stdin/stdout (the default and only transport)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scenec.lsp.server import serve
    serve()
    return 0

"""`scenec check FILE…`: report every problem in each file, or nothing."""

from __future__ import annotations

import argparse
import sys

from scenec.api import check_file
from scenec.config import ConfigError, add_trust_flag
from scenec.edge import edge_of
from scenec.report import FORMATS, json_dump, plural, print_diagnostics, summary


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "check", help="report every problem in .scene files",
        description="Check .scene files (and the files they import) for syntax, type, name, time and "
                    "import problems. Exit status: 0 clean, 1 errors found, 2 bad command line.")
    p.add_argument("files", nargs="+", metavar="FILE", help="the .scene files to check")
    p.add_argument("--diagnostic-format", "--format", dest="fmt", choices=FORMATS, default="human",
                   help="human (default): source excerpts with carets; short: one line each; json: a list")
    p.add_argument("--deny-warnings", action="store_true", help="exit 1 when there are warnings")
    add_trust_flag(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    all_errors = all_warnings = 0
    documents = []
    edge = edge_of(args)
    for name in args.files:
        try:  # each file against its own project's knowledge overlays
            world = edge.world_for(name)
        except ConfigError as exc:
            print(exc.render(), file=sys.stderr)
            all_errors += 1
            continue
        result = check_file(name, world=world)
        diagnostics = result.diagnostics
        errors, warnings = summary(diagnostics)
        all_errors += errors
        all_warnings += warnings
        if args.fmt == "json":
            documents.append({"file": name, "ok": errors == 0,
                              "diagnostics": [d.to_json() for d in diagnostics]})
            continue
        print_diagnostics(diagnostics, result.graph.sources, args.fmt)
        if args.fmt == "human":
            if errors or warnings:
                print(f"{name}: {plural(errors, 'error')}, {plural(warnings, 'warning')}", file=sys.stderr)
            else:
                print(f"{name}: ok", file=sys.stderr)
    if args.fmt == "json":
        print(json_dump(documents))
    if all_errors or (args.deny_warnings and all_warnings):
        return 1
    return 0

"""`scenec fmt FILE…`: rewrite files in the canonical layout (LANGUAGE.md section 11)."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from scenec.files import write_text_atomic
from scenec.lang.parser import decode, parse_source
from scenec.lang.span import Source
from scenec.report import FORMATS, print_diagnostics


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "fmt", help="format .scene files in the canonical layout",
        description="Format .scene files in place (or `-` to read stdin and write stdout). "
                    "Files with syntax errors are left untouched and their errors reported. "
                    "Exit status: 0 done (or already formatted with --check), 1 errors or --check found "
                    "files to format, 2 bad command line.")
    p.add_argument("files", nargs="+", metavar="FILE", help="the files to format, or - for stdin")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if any file would change")
    p.add_argument("--diff", action="store_true", help="print what would change as a unified diff")
    p.add_argument("--diagnostic-format", dest="fmt", choices=FORMATS, default="human")
    p.set_defaults(func=run)


def _format(path: str, data: bytes) -> tuple[str | None, Source | None, list]:
    from scenec.lang.formatter import format_file
    source = decode(path, data)
    if not isinstance(source, Source):
        return None, None, [source]
    result = parse_source(source)
    if not result.ok:
        return None, source, list(result.diagnostics)
    return format_file(result), source, []


def run(args: argparse.Namespace) -> int:
    status = 0
    for name in args.files:
        if name == "-":
            formatted, source, problems = _format("<stdin>", sys.stdin.buffer.read())
            if problems:
                print_diagnostics(problems, {"<stdin>": source} if source else {}, args.fmt)
                status = 1
                continue
            sys.stdout.write(formatted)
            continue
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"scenec fmt: cannot read {name}: {exc.strerror or exc}", file=sys.stderr)
            status = 1
            continue
        formatted, source, problems = _format(name, data)
        if problems:
            print_diagnostics(problems, {name: source} if source else {}, args.fmt)
            print(f"{name}: not formatted (fix the errors above first)", file=sys.stderr)
            status = 1
            continue
        if formatted == source.text:
            continue
        if args.diff:
            sys.stdout.writelines(difflib.unified_diff(
                source.text.splitlines(keepends=True), formatted.splitlines(keepends=True),
                fromfile=f"{name} (before)", tofile=f"{name} (formatted)"))
        if args.check:
            print(f"{name}: would be reformatted", file=sys.stderr)
            status = 1
            continue
        if not args.diff:
            write_text_atomic(path, formatted)
            print(f"{name}: formatted", file=sys.stderr)
    return status

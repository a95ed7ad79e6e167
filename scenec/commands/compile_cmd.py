"""`scenec compile` and `scenec plan`: the render plan as a file, or as a tree in the terminal."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scenec.api import compile_file
from scenec.config import ConfigError, add_trust_flag
from scenec.edge import edge_of
from scenec.compiler.options import CompileOptions
from scenec.compiler.pipeline import PASS_NAMES, describe_passes, dump
from scenec.compiler.plan_io import FORMATS, dumps, format_for
from scenec.compiler.plan import PlanError
from scenec.files import write_text_atomic
from scenec.report import FORMATS as DIAG_FORMATS, json_dump, print_diagnostics


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "compile", help="compile a .scene file to a render plan",
        description="Check a .scene file and lower it through the compiler passes to a render plan. "
                    "The plan's format follows -o's extension (.json, .yaml, .toml); without -o the "
                    "JSON plan goes to stdout. Exit status: 0 compiled, 1 errors, 2 bad command line.")
    p.add_argument("file", nargs="?", metavar="FILE", help="the .scene file")
    p.add_argument("-o", "--output", metavar="PLAN", help="write the plan here (.json, .yaml or .toml)")
    p.add_argument("--format", choices=FORMATS, help="plan format when it cannot follow -o's extension")
    p.add_argument("--dump-after", metavar="PASS", choices=PASS_NAMES,
                   help=f"print the IR after this pass as JSON and stop ({', '.join(PASS_NAMES)})")
    p.add_argument("--passes", action="store_true", help="list the compiler passes and exit")
    p.add_argument("--size", metavar="WxH", type=parse_size, help="override the scene's frame size")
    p.add_argument("--fps", type=parse_fps, help="override the scene's frame rate")
    p.add_argument("--diagnostic-format", dest="fmt", choices=DIAG_FORMATS, default="human",
                   help="human (default), short (one line each) or json (one JSON list on stderr: stdout "
                        "keeps the plan)")
    add_trust_flag(p)
    p.set_defaults(func=run_compile)

    q = subparsers.add_parser(
        "plan", help="show a file's render plan as a tree and a timeline",
        description="Compile a .scene file and show its plan: segments, layers and tracks as a tree, "
                    "and a timeline of shots and transitions.")
    q.add_argument("file", metavar="FILE", help="the .scene file (or a plan file)")
    q.add_argument("--diagnostic-format", dest="fmt", choices=DIAG_FORMATS, default="human",
                   help="human (default), short (one line each) or json (one JSON list on stderr)")
    add_trust_flag(q)
    q.set_defaults(func=run_plan)


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a size; write WIDTHxHEIGHT such as 1280x720") from None
    if not (16 <= w <= 7680 and 16 <= h <= 7680) or w % 2 or h % 2:
        raise argparse.ArgumentTypeError(f"`{text}`: each side must be even and between 16 and 7680")
    return w, h


def parse_fps(text: str) -> int:
    try:
        fps = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a whole number of frames per second") from None
    if not 1 <= fps <= 120:
        raise argparse.ArgumentTypeError("fps must be between 1 and 120")
    return fps


def report(file: str, ok: bool, check, fmt: str) -> None:
    """The compile's diagnostics in `fmt`; JSON as `scenec check` writes it, but on stderr (stdout
    may carry the plan)."""
    if fmt == "json":
        print(json_dump([{"file": file, "ok": ok, "diagnostics": [d.to_json() for d in check.diagnostics]}]),
              file=sys.stderr)
        return
    print_diagnostics(check.diagnostics, check.graph.sources, fmt)


def run_compile(args: argparse.Namespace) -> int:
    if args.passes:
        for name, summary in describe_passes():
            print(f"{name:15} {summary}")
        return 0
    if not args.file:
        print("scenec compile: give a FILE to compile (or --passes)", file=sys.stderr)
        return 2
    dumped = {}

    def after(name: str, ir) -> None:
        if name == args.dump_after:
            dumped["ir"] = ir

    options = CompileOptions(size=args.size, fps=args.fps)
    try:
        world = edge_of(args).world_for(args.file)
    except ConfigError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    plan, check = compile_file(args.file, options=options, after=after if args.dump_after else None, world=world)
    report(args.file, plan is not None, check, args.fmt)
    if plan is None:
        errors = sum(1 for d in check.diagnostics if d.is_error)
        if args.fmt != "json":  # the JSON document says it, and stays alone on stderr
            print(f"{args.file}: not compiled: {errors} error{'s' if errors != 1 else ''}", file=sys.stderr)
        return 1
    if args.dump_after:
        print(json.dumps(dump(dumped["ir"]), indent=1))
        return 0
    if args.output:
        try:
            ext_fmt = format_for(args.output)
        except PlanError:
            ext_fmt = None
        fmt = args.format or ext_fmt
        if fmt is None:
            print(f"scenec compile: cannot tell the plan format of {args.output}; "
                  "use .json, .yaml or .toml, or --format", file=sys.stderr)
            return 2
        if ext_fmt is not None and fmt != ext_fmt:
            print(f"scenec compile: --format {fmt} does not match {args.output}", file=sys.stderr)
            return 2
        try:
            write_text_atomic(Path(args.output), dumps(plan, fmt))
        except OSError as exc:
            print(f"scenec compile: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"{args.file}: plan written to {args.output} ({plan.frames} frames at {plan.fps} fps)",
              file=sys.stderr)
        return 0
    sys.stdout.write(dumps(plan, args.format or "json"))
    return 0


def run_plan(args: argparse.Namespace) -> int:
    from scenec.plan_view import show_plan
    from scenec.compiler.plan_io import read_plan
    if args.file.endswith((".json", ".yaml", ".yml", ".toml")):
        try:
            plan = read_plan(args.file)
        except (PlanError, OSError) as exc:
            print(f"scenec plan: {exc}", file=sys.stderr)
            return 1
    else:
        try:
            world = edge_of(args).world_for(args.file)
        except ConfigError as exc:
            print(exc.render(), file=sys.stderr)
            return 1
        plan, check = compile_file(args.file, world=world)
        report(args.file, plan is not None, check, args.fmt)
        if plan is None:
            return 1
    show_plan(plan, args.file)
    return 0

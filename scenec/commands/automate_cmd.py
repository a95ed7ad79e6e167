"""`scenec automate --count N [--workflow NAME] [--workers N] [--seed N]`: learn unattended.

Generates varied prompts from the knowledge registries and runs each through
the workflow (default: translate → render a small preview → analyze →
record), then refreshes the learning suggestions. Progress shows with Rich;
Ctrl-C stops after the runs in progress are recorded (a second Ctrl-C stops
at once). Films go to `<data dir>/automate/<time>/` unless `--out DIR`.
Exit status: 0 done (some prompts may have failed; each is recorded), 1 the
workflow or store cannot be used, 2 bad command line, 130 stopped by Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scenec.edge import edge_of
from scenec.knowledge.errors import KnowledgeError
from scenec.knowledge.learning.store import StoreError
from scenec.knowledge.learning.workflows import workflow


def _count(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number, 1 or more, got {text!r}")
    return int(text)


def _workers(text: str) -> int:
    from scenec.config import MAX_WORKERS

    count = _count(text)
    if count > MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"at most {MAX_WORKERS} workers, got {count}")
    return count


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a seed is a whole number, got {text!r}") from None


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "automate", help="generate prompts, render, analyse and learn, unattended",
        description="Generate varied prompts from the knowledge registries, run each through a workflow "
                    "(translate, render a small preview, analyze, record) and refresh the learning suggestions. "
                    "Workflows live in the shipped workflows.yaml and $SCENEC_HOME/workflows.yaml. "
                    "Ctrl-C stops after the runs in progress are recorded.")
    p.add_argument("--count", type=_count, required=True, metavar="N", help="how many prompts to run")
    p.add_argument("--workflow", default="default", metavar="NAME", help="the workflow to follow (default: default)")
    p.add_argument("--workers", type=_workers, default=1, metavar="N", help="prompts run side by side (default 1)")
    p.add_argument("--seed", type=_seed, default=0, metavar="N", help="varies the prompts; same seed, same prompts")
    p.add_argument("--out", metavar="DIR", help="where the films go (default: <data dir>/automate/<time>)")
    p.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="where prompts run: local processes, or one task each on a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDR",
                   help="a running Dask scheduler, tcp://HOST:8786 (with --executor dask; default: a local cluster)")
    p.add_argument("--json", action="store_true", help="print one JSON summary instead of progress")
    p.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"scenec: error: {message}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from scenec.automation import AutomateOptions, automate

    if args.scheduler and args.executor != "dask":
        print("scenec: error: --scheduler needs --executor dask", file=sys.stderr)
        return 2
    edge = edge_of(args)
    if edge.settings_problem():  # a broken config.toml: the data directory is unknown
        print(edge.settings_problem(), file=sys.stderr)
        return 1
    home = edge.data_dir
    try:
        flow = workflow(args.workflow, home)
    except KnowledgeError as error:
        return _fail(str(error))
    options = AutomateOptions(home=home, count=args.count, workflow=flow, seed=args.seed, workers=args.workers,
                              out_dir=Path(args.out) if args.out else None, executor=args.executor,
                              scheduler=args.scheduler,
                              knowledge_overlays=edge.settings.knowledge_overlays if edge.settings else ())
    console = Console(stderr=True)
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TextColumn("{task.fields[last]}"), console=console,
                        disable=args.json or not console.is_terminal)
    task = progress.add_task(f"automate ({flow.name})", total=args.count, last="")

    def on_done(outcome, run_id) -> None:
        mark = "✗" if outcome.error else "✓"
        score = "" if outcome.score is None else f" {outcome.score:.0%}"
        progress.update(task, advance=1, last=f"{mark} {outcome.prompt[:48]}{score}")
        if not args.json and not console.is_terminal:
            print(f"{outcome.index}/{args.count} {mark} run {run_id or '-'}{score}: {outcome.prompt}"
                  + (f" ({outcome.error})" if outcome.error else ""), file=sys.stderr)

    try:
        with progress:
            result = automate(options, on_done)
    except (KnowledgeError, StoreError, ValueError) as error:  # ClusterError is a ValueError too
        return _fail(str(error))
    failed = [o for o in result.outcomes if o.error]
    for warning in result.warnings:
        print(f"scenec: warning: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps({"runs": list(result.run_ids), "stopped": result.stopped,
                          "outcomes": [{"index": o.index, "prompt": o.prompt, "output": o.output, "score": o.score,
                                        "error": o.error} for o in result.outcomes],
                          "suggestions": [s.to_json() for s in result.suggestions]}, indent=2))
    else:
        scores = [o.score for o in result.outcomes if o.score is not None]
        mean = f", mean intent match {sum(scores) / len(scores):.0%}" if scores else ""
        print(f"{len(result.outcomes)} runs ({len(result.run_ids)} recorded, {len(failed)} failed){mean}; "
              f"{len(result.suggestions)} open suggestions (`scenec learn suggest`)", file=sys.stderr)
        for outcome in failed[:5]:
            print(f"  failed: {outcome.prompt!r}: {outcome.error}", file=sys.stderr)
    if result.stopped:
        print("stopped by Ctrl-C after recording the runs in progress", file=sys.stderr)
        return 130
    return 0

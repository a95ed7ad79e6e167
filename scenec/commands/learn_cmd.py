"""`scenec learn`: the recorded runs, what they say about the knowledge, and changes to accept or undo.

    scenec learn runs [--json] [--limit N]   recorded runs, newest last
    scenec learn rate RUN 1-5 [--note TEXT]  a person's verdict on a run
    scenec learn report [--json]             per knowledge entry: runs, failed checks, brightness, ratings
    scenec learn suggest [--json]            refresh and list the open suggestions with their evidence
    scenec learn apply ID [--reason TEXT]    write a suggestion into the learned overlay
    scenec learn revert ID                   restore the overlay as it was before that suggestion
    scenec learn reject ID                   close a suggestion without applying it

Everything lives in the data directory (`$SCENEC_HOME`): `runs.db` and the
overlay files under `knowledge/`. Exit status: 0 done, 1 the store or a
suggestion cannot be used, 2 bad command line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from scenec.edge import edge_of
from scenec.knowledge.errors import KnowledgeError
from scenec.knowledge.learning.aggregate import aggregate
from scenec.knowledge.learning.overlay import apply_suggestion, revert_suggestion, user_name
from scenec.knowledge.learning.spool import flush_spool
from scenec.knowledge.learning.store import RunStore, StoreError, Suggestion, open_store
from scenec.knowledge.learning.suggest import refresh


def _rating(text: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= 5:
        raise argparse.ArgumentTypeError(f"a rating is a whole number from 1 to 5, got {text!r}")
    return int(text)


def _ident(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"expected a number as listed by `scenec learn runs|suggest`, got {text!r}")
    return int(text)


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "learn", help="recorded runs, what they teach, and knowledge changes to accept or undo",
        description="The learning loop over the run store in the data directory ($SCENEC_HOME). "
                    "Exit status: 0 done, 1 the store or a suggestion cannot be used, 2 bad command line.")
    sub = p.add_subparsers(dest="learn_command", metavar="ACTION", required=True)
    runs = sub.add_parser("runs", help="list recorded runs")
    runs.add_argument("--json", action="store_true", help="one JSON list of runs")
    runs.add_argument("--limit", type=_ident, metavar="N", help="only the last N runs")
    runs.set_defaults(func=run_runs)
    rate = sub.add_parser("rate", help="rate a run from 1 (poor) to 5 (great)")
    rate.add_argument("run", type=_ident, metavar="RUN")
    rate.add_argument("rating", type=_rating, metavar="1-5")
    rate.add_argument("--note", metavar="TEXT", help="why, in a few words")
    rate.set_defaults(func=run_rate)
    report = sub.add_parser("report", help="per knowledge entry: runs, failed checks, brightness, ratings")
    report.add_argument("--json", action="store_true")
    report.set_defaults(func=run_report)
    suggest = sub.add_parser("suggest", help="refresh and list the open suggestions")
    suggest.add_argument("--json", action="store_true")
    suggest.add_argument("--all", action="store_true", help="also applied, rejected and reverted ones")
    suggest.set_defaults(func=run_suggest)
    apply = sub.add_parser("apply", help="write a suggestion into the learned overlay")
    apply.add_argument("id", type=_ident, metavar="ID")
    apply.add_argument("--reason", metavar="TEXT", help="why it is accepted (default: its title)")
    apply.set_defaults(func=run_apply)
    revert = sub.add_parser("revert", help="undo an applied suggestion exactly")
    revert.add_argument("id", type=_ident, metavar="ID")
    revert.add_argument("--reason", metavar="TEXT")
    revert.set_defaults(func=run_revert)
    reject = sub.add_parser("reject", help="close an open suggestion without applying it")
    reject.add_argument("id", type=_ident, metavar="ID")
    reject.set_defaults(func=run_reject)


def _fail(message: str) -> int:
    print(f"scenec: error: {message}", file=sys.stderr)
    return 1


def _store(args: argparse.Namespace) -> RunStore:
    """The run store, with any runs left waiting in the spool stored first (best effort)."""
    store = open_store(edge_of(args).data_dir)
    try:
        _, problems = flush_spool(store)
    except StoreError as error:
        problems = (f"runs waiting in the spool are not stored yet: {error}",)
    for problem in problems:
        print(f"scenec: warning: {problem}", file=sys.stderr)
    return store


def _console() -> Any:
    from rich.console import Console
    return Console()


def _guard(args: argparse.Namespace, action) -> int:
    problem = edge_of(args).settings_problem()  # a broken config.toml: the data directory is unknown
    if problem:
        print(problem, file=sys.stderr)
        return 1
    try:
        return action()
    except StoreError as error:
        return _fail(str(error))
    except KnowledgeError as error:
        return _fail(f"knowledge data is invalid: {error}")


# ---------------------------------------------------------------- runs and ratings


def run_runs(args: argparse.Namespace) -> int:
    def action() -> int:
        records = _store(args).runs(args.limit)
        if args.json:
            print(json.dumps([r.to_json() for r in records], indent=2))
            return 0
        if not records:
            print("no runs recorded yet: `scenec render`, `scenec generate` and `scenec automate` record them",
                  file=sys.stderr)
            return 0
        from rich.table import Table
        table = Table(title=f"runs in {edge_of(args).data_dir}", title_justify="left")
        for column in ("id", "when", "kind", "prompt / source", "score", "rating", "output"):
            table.add_column(column, overflow="fold")
        for r in records:
            table.add_row(str(r.id), r.started, r.kind, r.prompt or r.source_path or "",
                          "—" if r.score is None else f"{r.score:.0%}", "—" if r.rating is None else "★" * r.rating,
                          r.output or "")
        _console().print(table)
        return 0
    return _guard(args, action)


def run_rate(args: argparse.Namespace) -> int:
    def action() -> int:
        _store(args).rate(args.run, args.rating, args.note)
        print(f"run {args.run} rated {args.rating}/5", file=sys.stderr)
        return 0
    return _guard(args, action)


# ---------------------------------------------------------------- report


def _fmt(value: float | None, spec: str = ".2f") -> str:
    return "—" if value is None else format(value, spec)


def run_report(args: argparse.Namespace) -> int:
    def action() -> int:
        agg = aggregate(_store(args).runs())
        if args.json:
            print(json.dumps({
                "runs": agg.runs,
                "entries": [{"kind": e.kind, "name": e.name, "runs": list(e.run_ids),
                             "checks": {k: {"failed": f, "total": t} for k, (f, t) in e.checks.items()},
                             "failure_rate": e.failure_rate, "mean_brightness": e.mean_brightness,
                             "mean_target": e.mean_target, "mean_rating": e.mean_rating, "mean_score": e.mean_score}
                            for e in agg.entries],
                "keywords": [{"word": k.word, "fallbacks": dict(k.fallbacks), "runs": list(k.run_ids)}
                             for k in agg.keywords]}, indent=2))
            return 0
        if not agg.runs:
            print("no runs recorded yet; nothing to report", file=sys.stderr)
            return 0
        from rich.table import Table
        table = Table(title=f"knowledge over {agg.runs} runs", title_justify="left")
        for column in ("entry", "runs", "failed checks", "luma / target", "rating", "score"):
            table.add_column(column)
        for e in agg.entries:
            failed = f"{e.failed}/{e.total_checks}" if e.total_checks else "—"
            luma = f"{_fmt(e.mean_brightness)} / {_fmt(e.mean_target)}" if e.brightness else "—"
            table.add_row(f"{e.kind} {e.name}", str(len(e.run_ids)), failed, luma,
                          _fmt(e.mean_rating, ".1f"), _fmt(e.mean_score, ".0%"))
        for k in agg.keywords:
            chosen = ", ".join(f"{name} ×{n}" for name, n in k.fallbacks)
            table.add_row(f"keyword {k.word}", str(len(k.run_ids)), f"unmapped → {chosen}", "—", "—", "—")
        _console().print(table)
        return 0
    return _guard(args, action)


# ---------------------------------------------------------------- suggestions


def print_suggestions(suggestions: tuple[Suggestion, ...], console: Any) -> None:
    from rich.text import Text
    styles = {"open": "bold yellow", "applied": "bold green", "rejected": "dim", "reverted": "cyan"}
    for s in suggestions:
        console.print(Text.assemble((f"#{s.id} ", "bold"), (f"[{s.status}] ", styles.get(s.status, "")), s.title))
        for line in s.evidence:
            console.print(Text(f"    {line}", style="dim"))
        if s.status != "open":
            when = s.reverted_at if s.status == "reverted" else s.applied_at
            console.print(Text(f"    {s.status} by {s.by or '?'}" + (f" at {when}" if when else "")
                               + (f": {s.reason}" if s.reason else ""), style="dim"))


def run_suggest(args: argparse.Namespace) -> int:
    def action() -> int:
        store = _store(args)
        edge = edge_of(args)
        refresh(store, edge.data_dir, edge.settings.knowledge_overlays if edge.settings is not None else ())
        shown = store.suggestions() if args.all else store.suggestions("open")
        if args.json:
            print(json.dumps([s.to_json() for s in shown], indent=2))
            return 0
        if not shown:
            print("no suggestions: the recorded runs do not point at any knowledge change "
                  f"({len(store.runs())} runs)", file=sys.stderr)
            return 0
        print_suggestions(shown, _console())
        if not args.all:
            print("apply one with `scenec learn apply ID`, or `scenec learn reject ID`", file=sys.stderr)
        return 0
    return _guard(args, action)


def run_apply(args: argparse.Namespace) -> int:
    def action() -> int:
        done = apply_suggestion(_store(args), args.id, edge_of(args).data_dir, by=user_name(os.environ),
                                reason=args.reason)
        print(f"applied suggestion {done.id}: {done.title}\n"
              f"written to {edge_of(args).data_dir / 'knowledge' / done.change.get('file', '')}; "
              f"`scenec learn revert {done.id}` undoes it", file=sys.stderr)
        return 0
    return _guard(args, action)


def run_revert(args: argparse.Namespace) -> int:
    def action() -> int:
        done = revert_suggestion(_store(args), args.id, edge_of(args).data_dir, by=user_name(os.environ),
                                 reason=args.reason)
        print(f"reverted suggestion {done.id}; {done.change.get('file', 'the overlay')} is as it was before",
              file=sys.stderr)
        return 0
    return _guard(args, action)


def run_reject(args: argparse.Namespace) -> int:
    def action() -> int:
        _store(args).reject(args.id)
        print(f"rejected suggestion {args.id}", file=sys.stderr)
        return 0
    return _guard(args, action)

"""`scenec render` beyond one local film: choosing the executor, and batches.

`make_executor` turns `--executor`, `--workers`, `--scheduler`,
`--shared-dir` and `--connect-timeout` into a `LocalExecutor` or a
`DaskExecutor`. `run_many` renders several inputs, each to its default
output name: with the local executor one after another (each spread over
the local workers); with Dask as whole-film tasks side by side on the
cluster. Every input is compiled here first, so a broken file is reported
without rendering the others late; a film that fails does not stop the
rest, and the exit status is 1 when any failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scenec.commands.render_cmd import (
    USER_ERRORS, InputError, _fail, _terminated, default_output, finish, prepare, report_failed_compile,
)
from scenec.commands.render_report import progress_bar, summary_line
from scenec.report import plural
from scenec.runtime.dask_executor import DaskExecutor, FilmJob
from scenec.runtime.executor import Executor, LocalExecutor
from scenec.runtime.render import RenderCancelled, RenderResult

__all__ = ["flag_problem", "make_executor", "run_many"]

DEFAULT_CONNECT_TIMEOUT_S = 10.0


def flag_problem(args: argparse.Namespace) -> str | None:
    """A message when the flags do not fit together (exit status 2), else None."""
    dask = args.executor == "dask"
    if not dask:
        for flag, value in (("--scheduler", args.scheduler), ("--shared-dir", args.shared_dir),
                            ("--connect-timeout", args.connect_timeout)):
            if value is not None:
                return f"{flag} needs --executor dask"
    if any(path is not None for path in getattr(args, "tls", ())) and not (args.scheduler or "").startswith("tls://"):
        return "--tls-ca-file, --tls-cert and --tls-key need a tls:// scheduler (--scheduler tls://HOST:8786)"
    if dask and args.scheduler and args.workers:
        return "--workers sizes the local Dask cluster; with --scheduler the cluster's workers are its own"
    if len(args.files) > 1 and args.output:
        return (f"-o names one output, but {len(args.files)} inputs were given; "
                "leave it out and each input goes to its own name (a.scene -> a.mp4)")
    if len(set(map(_default_name, args.files))) < len(args.files):
        return "two inputs would write the same output; render them separately with -o"
    if getattr(args, "analyze", False) and args.output and Path(args.output).suffix.lower() == ".png":
        return "--analyze measures a video; render to .mp4, .webm or .gif, or run `scenec analyze` on a video later"
    return None


def _default_name(file: str) -> Path:
    return default_output(Path(file), ".mp4").resolve()


def make_executor(args: argparse.Namespace) -> Executor:
    """The executor the flags ask for; a missing dask extra raises ClusterError."""
    if args.executor != "dask":
        return LocalExecutor(args.workers)
    timeout = DEFAULT_CONNECT_TIMEOUT_S if args.connect_timeout is None else float(args.connect_timeout)
    announce = None if args.quiet or args.json else (
        lambda link: print(f"Dask dashboard: {link}", file=sys.stderr, flush=True))
    tls = tuple(None if path is None else str(path) for path in getattr(args, "tls", (None, None, None)))
    return DaskExecutor(args.scheduler, args.workers, connect_timeout_s=timeout, shared_dir=args.shared_dir,
                        announce=announce, tls=tls)


@dataclass(frozen=True, slots=True)
class _Outcome:
    file: str
    result: RenderResult | None = None
    error: str | None = None


def _one(args: argparse.Namespace, file: str) -> argparse.Namespace:
    return argparse.Namespace(**{**vars(args), "file": file})


def _report(outcomes: list[_Outcome], args: argparse.Namespace) -> int:
    failed = [o for o in outcomes if o.error is not None]
    if args.json:
        print(json.dumps({"ok": not failed, "films": [
            {"file": o.file, "ok": True, **o.result.to_json()} if o.result is not None
            else {"file": o.file, "ok": False, "error": o.error} for o in outcomes]}))
    elif not args.quiet:
        print(f"rendered {len(outcomes) - len(failed)} of {plural(len(outcomes), 'film')}"
              + (f"; failed: {', '.join(o.file for o in failed)}" if failed else ""), file=sys.stderr)
    return 1 if failed else 0


def _error(file: str, message: str, args: argparse.Namespace) -> _Outcome:
    if not args.json:
        print(f"scenec: error: {message}", file=sys.stderr)
    return _Outcome(file, error=message)


def run_many(args: argparse.Namespace, executor: Executor) -> int:
    if isinstance(executor, DaskExecutor):
        return _run_on_cluster(args, executor)
    outcomes = []
    try:
        for file in args.files:
            outcomes.append(_render_here(_one(args, file), executor))
    except RenderCancelled:
        _report(outcomes, args)
        return _terminated("the films not yet rendered were not written")
    return _report(outcomes, args)


def _render_here(args: argparse.Namespace, executor: Executor) -> _Outcome:
    """One film of a batch on the local workers, with its own bar and summary line."""
    from scenec.runtime.render import render_film

    try:
        loaded, options = prepare(args)
        if options is None:
            errors = report_failed_compile(loaded)
            return _error(args.file, f"{args.file}: {plural(errors, 'error')}; nothing rendered", args)
        show_bar = not (args.quiet or args.json) and sys.stderr.isatty()
        total = options.frames[1] - options.frames[0] if options.frames else loaded.plan.frames
        update, stop = progress_bar(total, f"rendering {options.output.name}") if show_bar else (None, lambda: None)
        try:
            result = render_film(loaded.plan, options, executor=executor, progress=update)
        finally:
            stop()
    except (InputError, *USER_ERRORS) as error:
        return _error(args.file, str(error), args)
    except OSError as error:
        return _error(args.file, f"{error.filename or args.file}: {error.strerror or error}", args)
    if not (args.quiet or args.json):
        print(summary_line(result), file=sys.stderr)
    finish(args, loaded.plan, result)
    return _Outcome(args.file, result=result)


def _run_on_cluster(args: argparse.Namespace, executor: DaskExecutor) -> int:
    outcomes: dict[str, _Outcome] = {}
    jobs: dict[Path, tuple[str, FilmJob]] = {}
    for file in args.files:
        try:
            loaded, options = prepare(_one(args, file))
        except (InputError, *USER_ERRORS) as error:
            outcomes[file] = _error(file, str(error), args)
            continue
        except OSError as error:
            outcomes[file] = _error(file, f"{error.filename or file}: {error.strerror or error}", args)
            continue
        if options is None:
            errors = report_failed_compile(loaded)
            outcomes[file] = _error(file, f"{file}: {plural(errors, 'error')}; nothing rendered", args)
            continue
        jobs[options.output] = (file, FilmJob(loaded.plan, options))
    if jobs:
        total = sum(job.plan.frames if job.options.frames is None else job.options.frames[1] - job.options.frames[0]
                    for _, job in jobs.values())
        show_bar = not (args.quiet or args.json) and sys.stderr.isatty()
        update, stop = progress_bar(total, f"rendering {plural(len(jobs), 'film')}") if show_bar \
            else (None, lambda: None)
        try:
            _gather_films(args, executor, jobs, outcomes, update)
        except RenderCancelled:
            return _terminated("the films not yet finished were not written", args.json)
        except USER_ERRORS as error:  # the cluster itself failed: films not yet back are lost
            for file, _ in jobs.values():
                outcomes.setdefault(file, _Outcome(file, error=str(error)))
            _fail(str(error), 1)
        finally:
            stop()
    return _report([outcomes[file] for file in args.files if file in outcomes], args)


def _gather_films(args: argparse.Namespace, executor: DaskExecutor, jobs: dict[Path, tuple[str, FilmJob]],
                  outcomes: dict[str, _Outcome], update: Callable[[int, int], None] | None) -> None:
    from scenec.runtime.render import cancel_on_sigterm

    done = 0
    with cancel_on_sigterm():
        for outcome in executor.map_films([job for _, job in jobs.values()]):
            file, job = jobs[outcome.job.options.output]
            if outcome.result is None:
                outcomes[file] = _error(file, f"{file}: {outcome.error}", args)
                continue
            outcomes[file] = _Outcome(file, result=outcome.result)
            done += outcome.result.frames
            if update is not None:
                update(done, 0)
            if not (args.quiet or args.json):
                print(summary_line(outcome.result), file=sys.stderr)
            finish(_one(args, file), job.plan, outcome.result)

"""Unattended runs: generated prompts through translate → render → analyze → record, then suggestions.

`automate(options)` generates `count` prompts from the registries
(`knowledge.learning.prompts`), runs each through the workflow's steps and
records every run, failed ones included (a failure teaches too: the
translation decisions are kept). With `workers` > 1 prompts run in parallel
processes, each rendering its small film on its own; the parent is the only
writer of the run store.

Ctrl-C stops cleanly: the first one lets the runs in progress finish and be
recorded, starts no new ones and skips nothing already done; a second one
stops at once. Each prompt's pipeline (`run_prompt`) is a plain function of
a picklable `PromptJob`, so it runs the same in this process or a worker.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scenec.knowledge.learning.prompts import GeneratedPrompt, generate_prompts
from scenec.knowledge.learning.spool import store_or_spool
from scenec.knowledge.learning.store import NewRun, StoreError, Suggestion, open_store
from scenec.knowledge.learning.workflows import Workflow

if TYPE_CHECKING:
    from scenec.knowledge.world import Knowledge


@dataclass(frozen=True, slots=True)
class AutomateOptions:
    home: Path  # the data directory: run store, knowledge overlays, films
    count: int
    workflow: Workflow
    seed: int = 0
    workers: int = 1
    out_dir: Path | None = None  # default: <home>/automate/<time stamp>
    executor: str = "local"  # "dask": each prompt is one task on the cluster
    scheduler: str | None = None  # a running Dask scheduler; None starts a local cluster
    knowledge_overlays: tuple[Path, ...] = ()  # the project's folders, under the learned overlays in `home`


@dataclass(frozen=True, slots=True)
class PromptJob:
    """One prompt's work. It crosses process boundaries, so it names the knowledge folders and each
    job builds its world from them (`world()`) rather than carrying one."""

    index: int
    prompt: GeneratedPrompt
    seed: int
    workflow: Workflow
    home: Path
    out_dir: Path
    knowledge_overlays: tuple[Path, ...] = ()

    def world(self) -> Knowledge:
        from scenec.knowledge.world import build_world
        return build_world(self.home, self.knowledge_overlays)


@dataclass(frozen=True, slots=True)
class PromptOutcome:
    index: int
    prompt: str
    run: NewRun | None  # what to record (None when the workflow does not record)
    output: str | None
    score: float | None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class BatchResult:
    outcomes: tuple[PromptOutcome, ...]
    run_ids: tuple[int, ...]
    stopped: bool  # Ctrl-C ended the batch early
    suggestions: tuple[Suggestion, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------- one prompt


def run_prompt(job: PromptJob) -> PromptOutcome:
    """The workflow's steps for one prompt; never raises for a bad prompt, film or analysis."""
    from scenec.recording import build_run

    steps, timings = job.workflow.steps, {}
    started = time.perf_counter()
    text = plan = analysis = match = output = None
    decisions: tuple[Any, ...] = ()
    error: str | None = None
    try:
        world = job.world() if "translate" in steps or "render" in steps else None
        if "translate" in steps:
            from scenec.lang.translate import translate
            t0 = time.perf_counter()
            translation = translate(job.prompt.text, seed=job.seed, knowledge=world)
            text, decisions = translation.text, tuple(translation.decisions)
            timings["translate_s"] = time.perf_counter() - t0
        if "render" in steps and text is not None:
            plan, output = _render(job, world, text, timings)
        if "analyze" in steps and output is not None:
            from scenec.measure import intent_of_plan, measure
            t0 = time.perf_counter()
            analysis_record, match = measure(Path(output), intent_of_plan(plan))
            analysis = analysis_record.to_json()
            timings["analyze_s"] = time.perf_counter() - t0
    except Exception as exc:  # noqa: BLE001 - one bad prompt must not end the batch; it is recorded
        error = str(exc) or type(exc).__name__
    timings["total_s"] = time.perf_counter() - started
    run = None
    if "record" in steps:
        settings = {"workflow": job.workflow.name, "size": list(job.workflow.size), "fps": job.workflow.fps,
                    "quality": job.workflow.quality, "seed": job.seed, "generated": _generated(job.prompt)}
        if error:
            settings["error"] = error
        run = build_run(kind="automate", prompt=job.prompt.text, source_text=text, plan=plan, settings=settings,
                        timings=timings, output=output, analysis=analysis, intent_match=match, decisions=decisions)
    score = None if match is None else match.get("score")
    return PromptOutcome(job.index, job.prompt.text, run, output, score, error)


def _generated(prompt: GeneratedPrompt) -> dict[str, Any]:
    return {"subject": prompt.subject, "place": prompt.place, "time": prompt.time, "mood": prompt.mood,
            "camera": prompt.camera}


def _render(job: PromptJob, world: Knowledge | None, text: str, timings: dict[str, float]) -> tuple[Any, str]:
    from scenec.api import compile_text
    from scenec.compiler.options import CompileOptions
    from scenec.runtime.executor import LocalExecutor
    from scenec.runtime.render import RenderOptions, render_film

    t0 = time.perf_counter()
    plan, check = compile_text(text, path=f"/automate/run-{job.index:04d}.scene",
                               options=CompileOptions(size=job.workflow.size, fps=job.workflow.fps), world=world)
    timings["compile_s"] = time.perf_counter() - t0
    if plan is None:
        first = next((d for d in check.diagnostics if d.is_error), None)
        raise ValueError(f"the translated scene has errors: {first.message if first else 'unknown error'}")
    output = job.out_dir / f"run-{job.index:04d}.mp4"
    t0 = time.perf_counter()
    # One process per prompt: parallelism comes from running prompts side by side.
    with LocalExecutor(1) as executor:
        render_film(plan, RenderOptions(output=output, quality=job.workflow.quality, audio=False),
                    executor=executor)
    timings["render_s"] = time.perf_counter() - t0
    return plan, str(output)


# ---------------------------------------------------------------- the batch


class _StopFlag:
    """The first Ctrl-C sets the flag; a second raises KeyboardInterrupt as usual."""

    def __init__(self) -> None:
        self.set = False

    def __call__(self, signum: int, frame: Any) -> None:
        if self.set:
            raise KeyboardInterrupt
        self.set = True


@contextmanager
def _graceful_interrupt() -> Iterator[_StopFlag]:
    flag = _StopFlag()
    if threading.current_thread() is not threading.main_thread():
        yield flag  # no signals off the main thread (a TUI worker): stop via the flag only
        return
    previous = signal.signal(signal.SIGINT, flag)
    try:
        yield flag
    finally:
        signal.signal(signal.SIGINT, previous)


def _ignore_sigint() -> None:
    # Workers finish their prompt on Ctrl-C; the parent decides when to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _jobs(options: AutomateOptions, out_dir: Path) -> list[PromptJob]:
    from scenec.knowledge.lookup import names
    from scenec.knowledge.world import build_world

    home = options.home
    world = build_world(home, options.knowledge_overlays)
    registry = world.registry
    prompts = generate_prompts(options.count, seed=options.seed, objects=world.objects,
                               places=world.places, vocabulary=world.vocabulary,
                               time_names=names(registry, "time"), mood_names=names(registry, "mood"))
    return [PromptJob(i + 1, p, options.seed + i, options.workflow, home, out_dir, options.knowledge_overlays)
            for i, p in enumerate(prompts)]


def automate(options: AutomateOptions, on_done: Callable[[PromptOutcome, int | None], None] | None = None,
             stop: _StopFlag | None = None) -> BatchResult:
    """Run the batch; `on_done(outcome, run_id)` after each prompt is recorded (for progress)."""
    if options.count < 1:
        raise ValueError(f"--count must be 1 or more, got {options.count}")
    if options.workers < 1:
        raise ValueError(f"--workers must be 1 or more, got {options.workers}")
    out_dir = options.out_dir or options.home / "automate" / time.strftime("%Y%m%d-%H%M%S")
    if "render" in options.workflow.steps:
        out_dir.mkdir(parents=True, exist_ok=True)
    store = open_store(options.home)
    jobs = _jobs(options, out_dir)
    outcomes: list[PromptOutcome] = []
    run_ids: list[int] = []
    warnings: list[str] = []

    def finish(outcome: PromptOutcome) -> None:
        run_id = None
        if outcome.run is not None:
            run_id, problems = store_or_spool(store, outcome.run)
            if run_id is not None:
                run_ids.append(run_id)
            warnings.extend(f"prompt {outcome.index}: {problem}" for problem in problems)
        outcomes.append(outcome)
        if on_done is not None:
            on_done(outcome, run_id)

    with _graceful_interrupt() as flag:
        flag = stop or flag
        if options.executor == "dask":
            _run_on_dask(jobs, options, flag, finish)
        elif options.workers == 1:
            for job in jobs:
                if flag.set:
                    break
                finish(run_prompt(job))
        else:
            _run_parallel(jobs, options.workers, flag, finish)
    suggestions: tuple[Suggestion, ...] = ()
    if "suggest" in options.workflow.steps and not flag.set:
        from scenec.knowledge.learning.suggest import refresh
        try:
            suggestions = refresh(store, options.home, options.knowledge_overlays)
        except StoreError as error:
            warnings.append(f"suggestions not refreshed: {error}")
    return BatchResult(tuple(sorted(outcomes, key=lambda o: o.index)), tuple(run_ids), flag.set,
                       suggestions, tuple(warnings))


def _run_on_dask(jobs: list[PromptJob], options: AutomateOptions, flag: _StopFlag,
                 finish: Callable[[PromptOutcome], None]) -> None:
    """Whole prompts as tasks on a Dask cluster. Runs are recorded here, by the client, as results
    arrive; the films are written by the workers, so with a remote cluster `out_dir` must be a
    folder the workers share with this machine (docs/cluster.md)."""
    from scenec.runtime.dask_executor import DaskExecutor

    with DaskExecutor(options.scheduler, options.workers if options.scheduler is None else None) as executor:
        from distributed import as_completed

        client = executor.client
        futures = [client.submit(run_prompt, job, pure=False, retries=1) for job in jobs]
        for future in as_completed(futures, loop=client.loop):  # this client is not the default one
            if flag.set:
                client.cancel([f for f in futures if not f.done()])
                break
            finish(future.result())


def _run_parallel(jobs: list[PromptJob], workers: int, flag: _StopFlag,
                  finish: Callable[[PromptOutcome], None]) -> None:
    context = multiprocessing.get_context("spawn")  # no forking a process that holds threads and locks
    pending = list(reversed(jobs))
    running: set[Future[PromptOutcome]] = set()
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_ignore_sigint) as pool:
        while pending or running:
            while pending and len(running) < workers and not flag.set:
                running.add(pool.submit(run_prompt, pending.pop()))
            if not running:
                break
            done, running = wait(running, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in done:
                finish(future.result())

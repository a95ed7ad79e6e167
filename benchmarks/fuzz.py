"""Mutation fuzzing of the whole pipeline: `python benchmarks/fuzz.py --check 100000 --render 5000`.

Mutates every example (`fuzz_mutate.py`: tokens and lines deleted,
duplicated and swapped, numbers blown up, deep nesting, long strings,
unknown names, splices from another example, template recursion and
fan-out, long let and palette chains, many shots), runs each mutant through
`check`, and mutants that check clean through `compile` and a tiny render
(32x18: its first two frames and its last, with the sound of its last frames).

Workers are long-lived processes that each run many mutants: each draws its
own mutants from (seed, index), so nothing big is shipped, and runs them
under an address-space limit (`resource.setrlimit(RLIMIT_AS)`) and a
per-mutant CPU-time timer (`signal.setitimer(ITIMER_PROF)`: a starved process
is not a slow one), with a hard watchdog in the parent for work a timer cannot
interrupt. A worker that dies, overruns, or raises is
replaced; the mutant it was on is the finding, and is re-run alone in a
fresh worker to verify it (one that does not reproduce is listed apart).

A finding is any exception out of check, compile or render (a clean
diagnostic is not one), a numpy RuntimeWarning (it would print on the user's
terminal), a timeout, or a worker killed. Findings are
deduplicated by site: the exception type and the innermost scenec frame.
Deterministic for a `--seed`. Prints checks/s, totals and sites; exits 1 on
any verified finding.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz_mutate import EXAMPLES, ROOT, mutant, mutant_at, mutate_once, seeds  # noqa: E402,F401 - re-exported

MEMORY_BYTES = 3 * 1024 ** 3  # per worker: a mutant past this is a finding (MemoryError)
# Time guards count CPU seconds, not wall-clock ones: the campaign runs at nice 19 on a shared
# machine, where a mutant can wait many times its own cost for a core.
TIMEOUT_S = 20.0  # CPU seconds per mutant, all its stages: the worker's own timer (ITIMER_PROF)
HARD_TIMEOUT_S = 40.0  # the parent kills a worker that spent this much CPU on one mutant (stuck in C code)
WALL_TIMEOUT_S = 900.0  # ... or this long by the clock (blocked: a FIFO, a lock)
RECYCLE_AFTER = 4000  # mutants per worker before a fresh one replaces it (caches stay small)
CHUNK = {"check": 40, "render": 6}


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) process `pid` has used, from /proc (0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _Timeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Timeout()


def site(exc: BaseException) -> str:
    """Exception type and innermost scenec frame: where a crash comes from."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/scenec/" in f.filename
              or f.filename.startswith(str(ROOT))]
    frames = [f for f in frames if not f.filename.endswith(("fuzz.py", "fuzz_mutate.py"))] or frames
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno} {frames[-1].name}" if frames else "?"
    return f"{type(exc).__name__} at {where}"


def run_mutant(text: str, stage: str, project: Path, world) -> tuple[str, str | None, str]:
    """(stage reached, crash site or None, traceback) for one mutant, in this process."""
    from scenec.api import check_file, compile_file
    from scenec.runtime.frame import FrameRenderer
    from scenec.runtime.soundtrack import SAMPLE_RATE, soundtrack

    path = project / "mutant.scene"
    path.write_text(text, encoding="utf-8")
    reached = "check"
    signal.setitimer(signal.ITIMER_PROF, TIMEOUT_S)
    try:
        if stage == "check":
            check_file(path, world=world)
            return reached, None, ""
        plan, _ = compile_file(path, world=world)
        if plan is None:
            return reached, None, ""
        reached = "compile"
        renderer = FrameRenderer(plan, assets_root=str(project), size=(32, 18))
        frames = sorted({0, min(1, plan.frames - 1), plan.frames - 1})
        reached = "render"
        for frame in frames:
            renderer.render(frame)
        # at the rate films are made: an effect's frequencies are checked against its Nyquist limit
        soundtrack(plan, max(0, plan.frames - 3), plan.frames, sample_rate=SAMPLE_RATE)
        return reached, None, ""
    except _Timeout:
        return reached, f"Timeout in {reached}", traceback.format_exc(limit=-6)
    except (Exception, MemoryError, RecursionError) as exc:  # noqa: BLE001 - any exception is the finding
        return reached, f"{site(exc)} ({reached})", traceback.format_exc(limit=-8)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


def _worker(conn, slot, project: str, seed: int, memory_bytes: int) -> None:
    """Run chunks of mutants until told to stop; report findings, chunk totals, and exit after a finding."""
    resource_limit(memory_bytes)
    signal.signal(signal.SIGPROF, _alarm)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends its workers
    # numpy's float warnings would reach a user's terminal: each is a finding too
    warnings.simplefilter("error", RuntimeWarning)
    from scenec.knowledge.world import build_world

    root = Path(project)
    world = build_world(root / "home")
    texts = seeds()
    while True:
        message = conn.recv()
        if message[0] == "stop":
            return
        _, stage, start, stop = message
        reached_render = 0
        for index in range(start, stop):
            slot[0], slot[1], slot[2] = index, time.monotonic(), time.process_time()
            text = mutant_at(texts, seed, stage, index)
            reached, crash, tb = run_mutant(text, stage, root, world)
            reached_render += reached != "check"
            if crash:
                conn.send(("crash", index, stage, crash, tb))
                return  # its state may be damaged: the parent starts a fresh worker for the rest
        slot[0] = -1
        conn.send(("done", stage, stop - start, reached_render))


def resource_limit(memory_bytes: int) -> None:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


@dataclass
class _Worker:
    process: mp.Process
    conn: object
    slot: object
    chunk: tuple[str, int, int] | None = None
    ran: int = 0
    reported: set[int] = field(default_factory=set)


@dataclass
class Campaign:
    """Runs chunks of (stage, start, stop) over a pool of guarded workers."""

    project: Path
    seed: int
    workers: int
    memory_bytes: int
    ctx: object = None
    pool: list[_Worker] = field(default_factory=list)
    findings: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)  # site -> [(stage, index, tb)]
    done: dict[str, int] = field(default_factory=lambda: {"check": 0, "render": 0, "reached_render": 0})
    loud: bool = False  # print each new site as it is found

    def spawn(self) -> _Worker:
        mine, theirs = self.ctx.Pipe()
        slot = self.ctx.RawArray("d", [-1.0, 0.0, 0.0])  # mutant index, its start: clock and CPU time
        process = self.ctx.Process(target=_worker, args=(theirs, slot, str(self.project), self.seed,
                                                         self.memory_bytes), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, mine, slot)

    def finding(self, name: str, stage: str, index: int, tb: str) -> None:
        if name not in self.findings and self.loud:
            print(f"  new site: {name} ({stage} {index})", file=sys.stderr, flush=True)
        self.findings.setdefault(name, []).append((stage, index, tb))

    def _lost(self, worker: _Worker, queue: list, why: str) -> None:
        """The worker ended inside its chunk: blame the mutant it was on, requeue the rest."""
        stage, start, stop = worker.chunk
        index = int(worker.slot[0]) if worker.slot[0] >= 0 else start
        if index not in worker.reported:
            self.finding(f"{why} in {stage}", stage, index, "")
        self.done[stage] += index + 1 - start
        if index + 1 < stop:
            queue.insert(0, (stage, index + 1, stop))

    def run(self, chunks, enough=None) -> None:
        """Run every chunk from the iterator `chunks` (stopping early once `enough()`)."""
        queue: list[tuple[str, int, int]] = []
        source = iter(chunks)
        while len(self.pool) < self.workers:
            self.pool.append(self.spawn())
        while True:
            for worker in self.pool:
                if worker.chunk is None and not (enough and enough()):
                    job = queue.pop(0) if queue else next(source, None)
                    if job is not None:
                        worker.chunk, worker.reported = job, set()
                        worker.conn.send(("run", *job))
            busy = [w for w in self.pool if w.chunk is not None]
            if not busy:
                return
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=1.0)
            for i, worker in enumerate(list(self.pool)):
                if worker.chunk is None:
                    continue
                ended = False
                while worker.conn.poll():
                    try:
                        message = worker.conn.recv()
                    except EOFError:
                        break
                    if message[0] == "done":
                        _, stage, count, reached = message
                        self.done[stage] += count
                        self.done["reached_render"] += reached
                        worker.ran += count
                        worker.chunk = None
                        break
                    _, index, stage, name, tb = message
                    self.finding(name, stage, index, tb)
                    worker.reported.add(index)
                stuck = worker.slot[0] >= 0 and (_cpu_s(worker.process.pid) - worker.slot[2] > HARD_TIMEOUT_S
                                                 or time.monotonic() - worker.slot[1] > WALL_TIMEOUT_S)
                if worker.chunk is not None and (not worker.process.is_alive() or stuck):
                    if stuck:
                        worker.process.kill()
                    worker.process.join()
                    code = worker.process.exitcode
                    self._lost(worker, queue, "hard timeout" if stuck else f"worker died (exit {code})")
                    ended = True
                elif worker.chunk is None and worker.ran >= RECYCLE_AFTER:
                    worker.conn.send(("stop",))
                    worker.process.join(10)
                    ended = True
                if ended:
                    worker.conn.close()
                    self.pool[i] = self.spawn()

    def close(self) -> None:
        for worker in self.pool:
            if worker.process.is_alive():
                worker.process.kill()
            worker.process.join()


def _verify(opts, project: Path, findings: dict) -> tuple[dict, dict]:
    """Re-run each site's first mutant alone in a fresh worker: (reproduced, not reproduced)."""
    confirmed, flaky = {}, {}
    for name, cases in findings.items():
        stage, index, tb = cases[0]
        alone = Campaign(project, opts.seed, 1, opts.memory_gb * 1024 ** 3, mp.get_context("forkserver"))
        try:
            alone.run([(stage, index, index + 1)])
        finally:
            alone.close()
        (confirmed if alone.findings else flaky)[name] = (cases, alone.findings)
    return confirmed, flaky


def _interleaved(campaign: Campaign, opts, deadline: float):
    """Chunks of both stages, whichever is behind in its share of the target: stopped early (a time
    budget, Ctrl-C), a campaign has run both in proportion. Render mutants are drawn until enough of
    them checked clean and reached compile and render (at most 20 tries per one wanted)."""
    next_index = {"check": 0, "render": 0}
    render_cap = max(opts.render * 20, 100)
    while time.monotonic() < deadline:
        check_left = next_index["check"] < opts.check
        render_left = campaign.done["reached_render"] < opts.render and next_index["render"] < render_cap
        if not (check_left or render_left):
            return
        behind_check = next_index["check"] / max(opts.check, 1)
        behind_render = campaign.done["reached_render"] / max(opts.render, 1)
        stage = "check" if check_left and (not render_left or behind_check <= behind_render) else "render"
        first = next_index[stage]
        last = min(first + CHUNK[stage], opts.check if stage == "check" else render_cap)
        next_index[stage] = last
        yield stage, first, last


def _on_term(_signum, _frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--check", type=int, default=100_000, help="mutants through check")
    args.add_argument("--render", type=int, default=5_000, help="mutants that check clean through compile+render")
    args.add_argument("--seed", type=int, default=0)
    args.add_argument("--workers", type=int, default=2)
    args.add_argument("--memory-gb", type=int, default=MEMORY_BYTES // 1024 ** 3, help="address-space cap per worker")
    args.add_argument("--minutes", type=float, default=None,
                      help="stop starting new mutants after this long and report what ran (as Ctrl-C does)")
    args.add_argument("--out", type=Path, default=None, help="write each crash's mutant and traceback here")
    opts = args.parse_args(argv)

    os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core per worker: no thread pools fighting
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    signal.signal(signal.SIGTERM, _on_term)
    project = Path(tempfile.mkdtemp(prefix="scenec-fuzz-"))
    for item in ("assets", "lib"):
        if (EXAMPLES / item).is_dir():
            shutil.copytree(EXAMPLES / item, project / item)
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["scenec.api", "scenec.runtime.frame", "scenec.runtime.soundtrack"])
    campaign = Campaign(project, opts.seed, opts.workers, opts.memory_gb * 1024 ** 3, ctx, loud=True)
    started = time.monotonic()
    deadline = started + (opts.minutes * 60 if opts.minutes is not None else float("inf"))
    stopped = ""

    def progress():
        reported = 0
        for job in _interleaved(campaign, opts, deadline):
            done = campaign.done
            if done["check"] >= reported + max(opts.check // 20, 1):
                reported = done["check"]
                elapsed = time.monotonic() - started
                print(f"  {done['check']} checked ({done['check'] / elapsed:.0f}/s), {done['reached_render']} "
                      f"compiled and rendered, {len(campaign.findings)} sites, {elapsed:.0f}s",
                      file=sys.stderr, flush=True)
            yield job

    try:
        campaign.run(progress(), enough=lambda: False)
        if time.monotonic() >= deadline:
            stopped = f" (stopped at the {opts.minutes:g}-minute budget)"
    except KeyboardInterrupt:
        stopped = " (interrupted)"
    finally:
        campaign.close()
    elapsed = time.monotonic() - started
    try:
        confirmed, flaky = _verify(opts, project, campaign.findings)
    finally:
        shutil.rmtree(project, ignore_errors=True)
    done = campaign.done
    print(f"{done['check']} mutants checked ({done['check'] / max(elapsed, 1e-9):.1f} checks/s), "
          f"{done['reached_render']} of {done['render']} render-stage mutants checked clean and were compiled "
          f"and rendered; {elapsed:.0f}s in all{stopped}, {opts.workers} workers, seed {opts.seed}; "
          f"{len(confirmed)} crash site(s), {len(flaky)} not reproduced alone")
    texts = seeds()
    for label, group in (("", confirmed), ("(not reproduced alone) ", flaky)):
        for name, (cases, _) in sorted(group.items()):
            stage, index, tb = cases[0]
            print(f"- {label}{name}  ({len(cases)} mutant(s); first: {stage} {index})")
            if opts.out:
                opts.out.mkdir(parents=True, exist_ok=True)
                text = mutant_at(texts, opts.seed, stage, index)
                (opts.out / f"crash-{stage}-{index}.txt").write_text(f"{name}\n{tb}", encoding="utf-8")
                (opts.out / f"crash-{stage}-{index}.scene").write_text(text, encoding="utf-8")
    return 1 if confirmed else 0


if __name__ == "__main__":
    raise SystemExit(main())

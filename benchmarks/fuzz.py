"""Mutation fuzzing of the whole pipeline: `python benchmarks/fuzz.py --check 100000 --render 5000`.

Mutates every example (token deletions, insertions and duplications, numbers
blown up to 0, huge, tiny and negative, bracket noise, splices of lines from
another example), runs each mutant through `check`, and those that check
clean through `compile` and a tiny render (32x18, its first frames, with the
audio of those frames). Each mutant runs in a worker process under an
address-space limit (`resource.setrlimit`) and an alarm, and a worker that
dies is replaced; so a mutant that asks for too much is a finding, not a
dead campaign.

A finding is any exception out of check, compile or render (a clean
diagnostic is not one), a timeout, or a worker killed. Findings are
deduplicated by site: the exception type and the innermost scenec frame.
Seeded: the same `--seed` gives the same mutants. Exits 1 on any finding.
The mutators are importable (`mutant(texts, rng)`): `tests/test_fuzz_sample.py`
runs a seeded sample of them in the suite.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import re
import resource
import signal
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
MEMORY_BYTES = 3 * 1024 ** 3  # per worker: a mutant past this is a finding (MemoryError)
TIMEOUT_S = 20  # per mutant, per stage

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[A-Za-z%]*|#[0-9A-Fa-f]+|'
                    r"@?[A-Za-z_][\w-]*|//[^\n]*|\s+|.", re.S)
_NUMBER = re.compile(r"(-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([A-Za-z%]*)")
BLOW_UPS = ("0", "-1", "1e308", "-1e308", "1e9", "99999999", "0.000001", "1e-300", "2147483648", "3000", "65536",
            "100000", "1e6")
BRACKETS = "()[]{}"


def seeds() -> list[str]:
    """The text of every example (libraries included), sorted by path."""
    return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.rglob("*.scene"))]


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def mutate_once(text: str, others: list[str], rng: random.Random) -> str:
    """One edit of `text` at token level, or a splice from another seed."""
    tokens = _tokens(text)
    if not tokens:
        return text
    kind = rng.randrange(7)
    at = rng.randrange(len(tokens))
    if kind == 0:  # delete a token or a short run
        del tokens[at:at + rng.randint(1, 3)]
    elif kind == 1:  # insert a token taken from anywhere in the seeds
        donor = _tokens(rng.choice(others) if others else text) or tokens
        tokens.insert(at, rng.choice(donor))
    elif kind == 2:  # duplicate a run (a layer, an argument, a statement piece)
        run = tokens[at:at + rng.randint(1, 30)]
        tokens[at:at] = run * rng.randint(1, 4)
    elif kind == 3:  # blow a number up, keeping its unit
        numbers = [i for i, t in enumerate(tokens) if _NUMBER.fullmatch(t)]
        if numbers:
            i = rng.choice(numbers)
            unit = _NUMBER.fullmatch(tokens[i]).group(2)
            tokens[i] = rng.choice(BLOW_UPS) + unit
    elif kind == 4:  # bracket noise
        tokens.insert(at, rng.choice(BRACKETS) * rng.randint(1, 3))
    elif kind == 5:  # splice lines of another seed into this one
        donor = (rng.choice(others) if others else text).split("\n")
        start = rng.randrange(len(donor))
        piece = donor[start:start + rng.randint(1, 8)]
        lines = "".join(tokens).split("\n")
        where = rng.randrange(len(lines) + 1)
        return "\n".join(lines[:where] + piece + lines[where:])
    else:  # swap two tokens
        j = rng.randrange(len(tokens))
        tokens[at], tokens[j] = tokens[j], tokens[at]
    return "".join(tokens)


def mutant(texts: list[str], rng: random.Random, edits: int | None = None) -> str:
    """`edits` edits of one seed (by default one to three)."""
    text = rng.choice(texts)
    for _ in range(edits if edits is not None else rng.randint(1, 3)):
        text = mutate_once(text, texts, rng)
    return text


def site(exc: BaseException) -> str:
    """Exception type and innermost scenec frame: where a crash comes from."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/scenec/" in f.filename
              or f.filename.startswith(str(ROOT))]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno} {frames[-1].name}" if frames else "?"
    return f"{type(exc).__name__} at {where}"


class _Timeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Timeout()


def run_mutant(text: str, render: bool, project: str, world) -> tuple[str, str | None, str]:
    """(stage reached, crash site or None, traceback) for one mutant, in this process."""
    from scenec.api import compile_file
    from scenec.runtime.frame import FrameRenderer
    from scenec.runtime.soundtrack import soundtrack

    path = Path(project) / "mutant.scene"
    path.write_text(text, encoding="utf-8")
    stage = "check"
    signal.alarm(TIMEOUT_S)
    try:
        if not render:
            from scenec.api import check_file
            check_file(path, world=world)
            return stage, None, ""
        stage = "compile"
        plan, check = compile_file(path, world=world)
        if plan is None:
            return "check", None, ""
        stage = "render"
        renderer = FrameRenderer(plan, assets_root=project, size=(32, 18))
        last = min(plan.frames, 3)
        for frame in range(last):
            renderer.render(frame)
        soundtrack(plan, 0, last, sample_rate=22050)
        return "render", None, ""
    except _Timeout as exc:
        return stage, f"Timeout in {stage}", traceback.format_exc(limit=-6) if exc else ""
    except (Exception, MemoryError, RecursionError) as exc:  # noqa: BLE001 - any exception is the finding
        return stage, f"{site(exc)} ({stage})", traceback.format_exc(limit=-8)
    finally:
        signal.alarm(0)


_WORLD = None
_PROJECT = ""


def _init(project: str) -> None:
    global _WORLD, _PROJECT
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    signal.signal(signal.SIGALRM, _alarm)
    from scenec.api import default_world
    _PROJECT = project
    _WORLD = default_world(Path(project) / "mutant.scene")


def _job(job: tuple[int, str, bool]) -> tuple[int, str, str | None, str]:
    index, text, render = job
    stage, crash, tb = run_mutant(text, render, _PROJECT, _WORLD)
    return index, stage, crash, (tb + "\n--- mutant ---\n" + text) if crash else ""


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--check", type=int, default=100_000, help="mutants through check")
    args.add_argument("--render", type=int, default=5_000, help="mutants that check clean through compile+render")
    args.add_argument("--seed", type=int, default=0)
    args.add_argument("--workers", type=int, default=2)
    args.add_argument("--out", type=Path, default=None, help="write each crash's mutant and traceback here")
    opts = args.parse_args(argv)

    import shutil
    import tempfile
    texts = seeds()
    rng = random.Random(opts.seed)
    project = Path(tempfile.mkdtemp(prefix="scenec-fuzz-"))
    for item in ("assets", "lib"):
        if (EXAMPLES / item).is_dir():
            shutil.copytree(EXAMPLES / item, project / item)
    sites: dict[str, tuple[int, str, str]] = {}
    counts = {"check": 0, "clean": 0, "render": 0}
    started = time.monotonic()
    # forkserver, not fork: a worker replaced after `maxtasksperchild` was forked while another thread
    # of this process held an import lock, and hung on it forever.
    pool = mp.get_context("forkserver").Pool(opts.workers, _init, (str(project),), maxtasksperchild=500)
    try:
        jobs = ((i, mutant(texts, rng), False) for i in range(opts.check))
        cleans: list[str] = []
        for index, stage, crash, tb in pool.imap_unordered(_job, jobs, chunksize=8):
            counts["check"] += 1
            if crash:
                sites.setdefault(crash, (index, tb, ""))
            if counts["check"] % 5000 == 0:
                print(f"  {counts['check']} checked, {len(sites)} sites, {time.monotonic() - started:.0f}s",
                      file=sys.stderr)
        # The compile+render stage draws fresh mutants until enough of them checked clean.
        from scenec.api import check_text  # noqa: F401 - warm imports before forking is not needed
        rng = random.Random(opts.seed + 1)
        attempts = 0
        while counts["render"] < opts.render and attempts < opts.render * 20:
            # One edit each: more of them check clean, and reach compile and render.
            batch = [(attempts + i, mutant(texts, rng, edits=1), True) for i in range(64)]
            attempts += len(batch)
            for index, stage, crash, tb in pool.imap_unordered(_job, batch, chunksize=4):
                if stage == "check" and not crash:
                    continue
                counts["render"] += 1
                if crash:
                    sites.setdefault(crash, (index, tb, ""))
    finally:
        pool.terminate()
        shutil.rmtree(project, ignore_errors=True)
    elapsed = time.monotonic() - started
    print(f"{counts['check']} mutants checked, {counts['render']} clean ones compiled and rendered, "
          f"{elapsed:.0f}s, {len(sites)} crash site(s)")
    for name, (index, tb, _) in sorted(sites.items()):
        print(f"- {name}  (first: mutant {index})")
        if opts.out:
            opts.out.mkdir(parents=True, exist_ok=True)
            (opts.out / f"crash-{index}.txt").write_text(f"{name}\n{tb}", encoding="utf-8")
    return 1 if sites else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The Dask executor: segments (or whole films) as tasks on a `dask.distributed` cluster.

`DaskExecutor` stands beside `LocalExecutor` behind the `Executor`
protocol. With no scheduler address it starts a `LocalCluster` of worker
processes on the loopback interface (in a process of its own,
`dask_cluster.py`); with one (`tcp://HOST:8786`) it joins a running
cluster. Each `SegmentJob` becomes a task that renders into a
temporary folder on its worker and returns the encoded file's bytes (or,
with `shared_dir`, leaves the file in a folder every machine sees); the
client writes the file at the job's path, so `render_film` caches and
joins it without re-encoding exactly as it does local segments, and the
film is the same as a local render.

Tasks are never pinned to a worker: when a worker dies, the scheduler
reruns its tasks elsewhere. `retries` covers transient failures outside
the renderer; a job that fails on its input (`SegmentError`) or on a bug
(`WorkerCrash`) comes back as a value and is not retried. A scheduler that
cannot be reached, or is lost mid-render, raises `ClusterError` with a
plain message; `render_film`'s atomic output then leaves nothing behind.

`map_films` runs whole renders as tasks (one film per task), for batches
of files: each worker renders a film in its own process and sends the
finished file back.

`dask` and `distributed` are an optional extra; they are imported only
here, inside functions, so `scenec.runtime` imports without them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenec.compiler.plan import Plan
from scenec.runtime.dask_cluster import ClusterError, LocalClusterProcess
from scenec.runtime.executor import (
    LocalExecutor, ProgressCallback, SegmentError, SegmentJob, SegmentResult, WorkerCrash, render_segment,
)
from scenec.runtime.leftovers import partial_prefix, pid_tag
from scenec.runtime.render import RenderError, RenderOptions, RenderResult, render_film

__all__ = ["MISSING_EXTRA", "ClusterError", "DaskExecutor", "FilmJob", "FilmOutcome"]

MISSING_EXTRA = "the dask executor needs the dask extra: pip install 'scenec[dask]'"
# Transient failures (a full temp folder on one worker) are worth another
# try; a worker that dies is handled by the scheduler, not by retries.
RETRIES = 2
_LOGGERS = ("distributed", "tornado", "bokeh")


@dataclass(frozen=True, slots=True)
class FilmJob:
    """One whole render for `map_films`: a plan and where it goes."""

    plan: Plan
    options: RenderOptions


@dataclass(frozen=True, slots=True)
class FilmOutcome:
    """A finished `FilmJob`: its result, or the error that stopped it."""

    job: FilmJob
    result: RenderResult | None = None
    error: Exception | None = None


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ClusterError(MISSING_EXTRA) from None
    return distributed


# ---------------------------------------------------------------- on a worker


@dataclass(frozen=True, slots=True)
class _Failure:
    """A job that failed on its input or a bug: returned, so it is not retried."""

    error: Exception


def _segment_task(job: SegmentJob, shared_dir: str | None) -> tuple[SegmentResult, bytes | str] | _Failure:
    """Render `job` on this worker. Returns the encoded bytes, or with
    `shared_dir` the path of the file left there."""
    folder = Path(tempfile.mkdtemp(prefix="scenec-segment-", dir=shared_dir))
    try:
        local = dataclasses.replace(job, path=str(folder / Path(job.path).name))
        try:
            result = render_segment(local)
        except (SegmentError, WorkerCrash) as error:
            return _Failure(error)
        result = dataclasses.replace(result, job=job)
        if shared_dir is not None:
            return result, local.path
        return result, Path(local.path).read_bytes()
    finally:
        if shared_dir is None:
            shutil.rmtree(folder, ignore_errors=True)


_FILM_ERRORS = (ValueError, OSError)  # RenderError, EncodeError, SegmentError, PlanError, AudioError


def _film_task(job: FilmJob) -> tuple[RenderResult, bytes] | _Failure:
    """Render a whole film in this worker's process, without the client's
    cache (its folder is on another machine), and return the file."""
    folder = Path(tempfile.mkdtemp(prefix="scenec-film-"))
    try:
        options = dataclasses.replace(job.options, output=folder / job.options.output.name, cache_dir=None)
        try:
            with LocalExecutor(1) as executor:
                result = render_film(job.plan, options, executor=executor)
        except _FILM_ERRORS as error:
            return _Failure(error)
        return dataclasses.replace(result, output=job.options.output), options.output.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- on the client


def _write_atomically(path: Path, data: bytes) -> None:
    temp = path.with_name(f"{partial_prefix(path)}{pid_tag()}{secrets.token_hex(4)}{path.suffix}")
    try:
        temp.write_bytes(data)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _place(path: Path, produced: bytes | str) -> None:
    """Put a worker's segment at `path`: bytes, or a file in the shared folder."""
    if isinstance(produced, bytes):
        _write_atomically(path, produced)
        return
    source = Path(produced)
    try:
        shutil.move(source, path)  # a rename when both are on one file system
    except OSError as error:
        raise ClusterError(f"cannot take segment {source} from the shared folder: {error.strerror or error}") from None
    finally:
        shutil.rmtree(source.parent, ignore_errors=True)


def _security(scheduler: str | None, tls: tuple[str | None, str | None, str | None] | None) -> Any:
    """Dask's `Security` for the TLS files, None without them; the files must exist and the scheduler
    must be a `tls://` one (certificates would otherwise be silently unused)."""
    if tls is None or not any(tls):
        return None
    if scheduler is None or not scheduler.startswith("tls://"):
        raise ClusterError("TLS certificates need a tls:// scheduler address (--scheduler tls://HOST:8786)")
    for name, path in zip(("CA file", "certificate", "key"), tls):
        if path is not None and not Path(path).is_file():
            raise ClusterError(f"the TLS {name} {path} is not a file")
    from distributed.security import Security

    ca, cert, key = tls
    return Security(tls_ca_file=ca, tls_client_cert=cert, tls_client_key=key, require_encryption=True)


class DaskExecutor:
    """Segments as tasks on a Dask cluster; see the module docstring.

    `scheduler`: a running scheduler's address, or None for a `LocalCluster`
    of `workers` processes (default: one per core) with one thread each.
    `connect_timeout_s` bounds connecting to a scheduler; `worker_timeout_s`
    how long to wait for its first worker. `shared_dir`: a folder every
    worker and this machine see at the same path; workers leave segments
    there instead of sending them back. The cluster starts on first use and
    is kept until `close()`. `tls`: (CA file, certificate, key) for a
    `tls://` scheduler, handed to Dask's own `distributed.security.Security`
    (encryption required); each may be None where the cluster does not ask
    for it.
    """

    def __init__(self, scheduler: str | None = None, workers: int | None = None, *,
                 connect_timeout_s: float = 10.0, worker_timeout_s: float = 60.0,
                 shared_dir: str | os.PathLike[str] | None = None, quiet: bool = True,
                 announce: Callable[[str], None] | None = None,
                 tls: tuple[str | None, str | None, str | None] | None = None) -> None:
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be 1 or more, got {workers}")
        if scheduler is not None and workers is not None:
            raise ClusterError("the number of workers is the cluster's own when joining a scheduler; "
                               "leave out workers or the scheduler address")
        if shared_dir is not None and not Path(shared_dir).is_dir():
            raise ClusterError(f"the shared folder {shared_dir} does not exist")
        _distributed()  # fail now, naming the extra, rather than mid-render
        self.security = _security(scheduler, tls)
        self.scheduler = scheduler
        self.workers = workers or os.cpu_count() or 1
        self.connect_timeout_s = connect_timeout_s
        self.worker_timeout_s = worker_timeout_s
        self.shared_dir = None if shared_dir is None else os.fspath(Path(shared_dir).resolve())
        self.quiet = quiet
        self.announce = announce
        self._cluster: Any = None
        self._client: Any = None
        self._log_levels: dict[str, int] = {}

    # -------------------------------------------------------- connection

    @property
    def client(self) -> Any:
        """The `distributed.Client`, starting or joining the cluster on first use."""
        if self._client is None:
            self._start()
        return self._client

    @property
    def where(self) -> str:
        return self.scheduler or "a local cluster"

    def _quiet_logs(self) -> None:
        # distributed logs each lost connection and restarted worker; the
        # render reports what matters to the user itself.
        if self.quiet and not self._log_levels:
            for name in _LOGGERS:
                logger = logging.getLogger(name)
                self._log_levels[name] = logger.level
                logger.setLevel(logging.CRITICAL)

    def _restore_logs(self) -> None:
        for name, level in self._log_levels.items():
            logging.getLogger(name).setLevel(level)
        self._log_levels.clear()

    def _start(self) -> None:
        distributed = _distributed()
        self._quiet_logs()
        try:
            self._connect(distributed)
        except BaseException as error:
            self.close()
            if isinstance(error, ClusterError):
                raise
            if isinstance(error, Exception):
                raise ClusterError(self._start_failure(error)) from None
            raise
        try:
            self._client.wait_for_workers(1, timeout=self.worker_timeout_s)
        except BaseException as error:
            self.close()
            if isinstance(error, Exception):
                hint = f"start one with `dask worker {self.scheduler}`" if self.scheduler else "none started"
                raise ClusterError(f"the Dask scheduler at {self.where} has no workers after "
                                   f"{self.worker_timeout_s:g}s; {hint}") from None
            raise

    def _connect(self, distributed: Any) -> None:
        if self.scheduler is None:
            self._cluster = LocalClusterProcess(self.workers, self.quiet, dashboard=self.announce is not None)
            address = self._cluster.address
        else:
            address = self.scheduler
        extra = {} if self.security is None else {"security": self.security}
        self._client = distributed.Client(address, timeout=self.connect_timeout_s, set_as_default=False, **extra)
        if self.announce is not None:
            link = self.dashboard_link
            if link:
                self.announce(link)

    @property
    def dashboard_link(self) -> str | None:
        """The cluster's dashboard address, when its scheduler serves one."""
        try:
            return self._client.dashboard_link if self._client is not None else None
        except Exception:  # noqa: BLE001 - a scheduler without a dashboard answers in several ways
            return None

    def _start_failure(self, error: Exception) -> str:
        if self.scheduler is None:
            return f"cannot start a local Dask cluster: {error}"
        return (f"cannot reach the Dask scheduler at {self.scheduler} ({error}); "
                "is `dask scheduler` running there?")

    def _lost(self, error: BaseException) -> ClusterError:
        if isinstance(error, _distributed().KilledWorker):
            return ClusterError(f"Dask workers kept dying on one task ({error}); are they out of memory?")
        return ClusterError(f"lost the Dask cluster at {self.where} mid-render ({type(error).__name__}: "
                            f"{error or 'cancelled'})")

    # -------------------------------------------------------- running

    def _gather(self, futures: list[Any]) -> Iterator[Any]:
        """Each future's value as it completes; on any exit before the end
        (an error, Ctrl-C, the caller closing the iterator) the rest are cancelled."""
        distributed = _distributed()
        lost = (distributed.client.FutureCancelledError, distributed.comm.CommClosedError, OSError,
                TimeoutError, distributed.KilledWorker)
        finished = False
        try:
            for future in distributed.as_completed(futures, loop=self._client.loop):
                try:
                    value = future.result()
                except lost as error:
                    raise self._lost(error) from None
                if isinstance(value, _Failure):
                    raise value.error
                yield value
            finished = True
        finally:
            if not finished:
                with contextlib.suppress(Exception):
                    self._client.cancel(futures, force=True)

    def map_segments(self, jobs: Sequence[SegmentJob],
                     on_frames: ProgressCallback | None = None) -> Iterator[SegmentResult]:
        jobs = list(jobs)
        if not jobs:
            return
        client = self.client
        futures = [client.submit(_segment_task, job, self.shared_dir, pure=False, retries=RETRIES,
                                 key=f"scenec-segment-{job.start_frame}-{secrets.token_hex(6)}")
                   for job in jobs]
        for result, produced in self._gather(futures):
            _place(Path(result.job.path), produced)
            if on_frames is not None:
                on_frames(result.frames)
            yield result

    def map_films(self, jobs: Sequence[FilmJob]) -> Iterator[FilmOutcome]:
        """Render whole films as tasks, each on one worker, and write each
        output (atomically) as it arrives; in completion order. A film that
        fails on its input is an outcome with `error`; a lost cluster raises."""
        jobs = list(jobs)
        for job in jobs:
            if job.options.output.suffix.lower() == ".png":
                raise RenderError(f"{job.options.output}: a PNG sequence cannot be rendered as a whole-film task; "
                                  "render a video file")
        if not jobs:
            return
        client = self.client
        futures = [client.submit(_safe_film_task, job, pure=False, retries=RETRIES,
                                 key=f"scenec-film-{job.options.output.stem}-{secrets.token_hex(6)}")
                   for job in jobs]
        for value in self._gather(futures):
            job, outcome = value
            if isinstance(outcome, _Failure):
                yield FilmOutcome(job, error=outcome.error)
                continue
            result, data = outcome
            started = time.perf_counter()
            try:
                _write_atomically(job.options.output, data)
            except OSError as error:
                yield FilmOutcome(job, error=RenderError(f"cannot write {job.options.output}: "
                                                         f"{error.strerror or error}"))
                continue
            yield FilmOutcome(job, result=dataclasses.replace(
                result, seconds=result.seconds + time.perf_counter() - started))

    # -------------------------------------------------------- shutdown

    def close(self) -> None:
        client, self._client = self._client, None
        cluster, self._cluster = self._cluster, None
        with contextlib.suppress(Exception):
            if client is not None:
                client.close(timeout=5)
        if cluster is not None:
            cluster.close()
        self._restore_logs()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _safe_film_task(job: FilmJob) -> tuple[FilmJob, tuple[RenderResult, bytes] | _Failure]:
    """`_film_task`, paired with its job so a failure still names its film."""
    return job, _film_task(job)

"""A Dask `LocalCluster` in a process of its own, for the Dask executor.

`LocalClusterProcess(workers, quiet)` starts `serve_local_cluster` in a
child Python in a new session: it starts a `LocalCluster` (worker
processes with one thread each, loopback only, no dashboard), prints the
scheduler's address on stdout and keeps the cluster until its stdin
closes. The client then connects to that address like to any scheduler.

Why a separate session: Ctrl-C in a terminal goes to the whole foreground
process group. Worker processes caught half-started by it print
tracebacks, and a `LocalCluster` constructor interrupted in the client
leaves a half-made cluster behind. Out of the group, only the client sees
Ctrl-C and closes the cluster itself. The stdin pipe ties the cluster's
life to the client's, so killing the client outright still stops it; so
does a parent-death signal and watchdog (`worker_process.die_with_parent`). The
cluster's worker processes are its nannies' children, which Dask stops
when the cluster closes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import tempfile

from scenec.runtime.render import RenderError

__all__ = ["ClusterError", "LocalClusterProcess", "serve_local_cluster"]


class ClusterError(RenderError):
    """The cluster cannot be started or reached, or was lost mid-render."""


def serve_local_cluster(workers: int, quiet: bool, dashboard: bool = False, owner_pid: int | None = None) -> None:
    """The body of the local cluster's process: start a `LocalCluster`, print
    its address, and keep it until stdin closes (the client is done, or died)."""
    import distributed

    from scenec.runtime.worker_process import die_with_parent

    owner_pid = os.getppid() if owner_pid is None else owner_pid

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    # Killed outright, the client cannot close the cluster: stop it (SIGTERM, so it closes its workers)
    # when the client is gone, as the closed stdin also says, in case something still holds stdin open.
    die_with_parent(owner_pid, signal.SIGTERM)
    cluster = distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address="127.0.0.1:0" if dashboard and _has_bokeh() else None,
        silence_logs=logging.CRITICAL if quiet else logging.WARNING,
        preload=["scenec.runtime.executor"])  # imported as workers start, not on their first task
    try:
        print(cluster.scheduler_address, flush=True)
        sys.stdin.read()
    finally:
        cluster.close(timeout=10)


def _has_bokeh() -> bool:
    """Dask's dashboard needs bokeh (in scenec's dask extra); without it the cluster runs without one."""
    import importlib.util

    return importlib.util.find_spec("bokeh") is not None


class LocalClusterProcess:
    """A `LocalCluster` of `workers` processes in a child of its own
    session; `address` is its scheduler's; `close()` stops it."""

    def __init__(self, workers: int, quiet: bool, dashboard: bool = False) -> None:
        self._log = tempfile.TemporaryFile()
        code = (f"from {__name__} import serve_local_cluster as serve; "
                f"serve({workers}, {quiet}, {dashboard}, {os.getpid()})")
        self._process = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=self._log if quiet else None, start_new_session=True)
        self.address = ""
        try:
            self.address = self._process.stdout.readline().decode().strip()
            if not self.address:
                self._process.wait(timeout=10)
                self._log.seek(0)
                lines = self._log.read().decode(errors="replace").strip().splitlines()
                raise ClusterError(f"cannot start a local Dask cluster: {lines[-1] if lines else 'its process exited'}")
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        process = self._process
        with contextlib.suppress(OSError):
            process.stdin.close()
        if not self.address:  # stopped while starting: no need to wait for a cluster first
            process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        finally:
            process.stdout.close()
            self._log.close()

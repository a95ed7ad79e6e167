"""Dask over TLS: `--scheduler tls://…` with certificates handed to Dask's own `Security`; files
that are missing, or given with a tcp:// address, are plain errors."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'scenec[dask]'")

from scenec.cli import main  # noqa: E402
from scenec.runtime.dask_executor import ClusterError, DaskExecutor  # noqa: E402

BIN = Path(sys.executable).parent
FILM = "scene { size 64x48\n fps 8\n shot 1s { layer bg: gradient(from: navy, to: black) } }\n"


def _openssl(*argv: str, cwd: Path) -> None:
    subprocess.run(["openssl", *argv], cwd=cwd, check=True, capture_output=True)


def _certificates(folder: Path) -> Path:
    """A CA and, signed by it, a certificate for the scheduler, the worker and the client."""
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=scenec test CA", cwd=folder)
    for name in ("scheduler", "worker", "client"):
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
                 "-subj", "/CN=127.0.0.1", cwd=folder)
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                 "-out", f"{name}.pem", "-days", "2", cwd=folder)
    return folder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_tls_files_need_a_tls_scheduler_and_must_exist(tmp_path: Path) -> None:
    (tmp_path / "ca.pem").write_text("x")
    with pytest.raises(ClusterError, match="tls:// scheduler"):
        DaskExecutor("tcp://127.0.0.1:1", tls=(str(tmp_path / "ca.pem"), None, None))
    with pytest.raises(ClusterError, match="is not a file"):
        DaskExecutor("tls://127.0.0.1:1", tls=(str(tmp_path / "missing.pem"), None, None))
    executor = DaskExecutor("tls://127.0.0.1:1", tls=(str(tmp_path / "ca.pem"), None, None))
    assert executor.security.require_encryption and executor.security.tls_ca_file == str(tmp_path / "ca.pem")


def test_the_tls_flags_need_a_tls_scheduler_on_the_command_line(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path / "home"))
    film = tmp_path / "f.scene"
    film.write_text(FILM)
    assert main(["render", str(film), "--executor", "dask", "--scheduler", "tcp://127.0.0.1:1",
                 "--tls-ca-file", "ca.pem"]) == 2
    assert "need a tls:// scheduler" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make certificates")
def test_a_render_through_a_tls_scheduler(tmp_path: Path, monkeypatch, capsys) -> None:
    certs = _certificates(tmp_path)
    port = _free_port()
    address = f"tls://127.0.0.1:{port}"
    tls = lambda name: ["--tls-ca-file", str(certs / "ca.pem"), "--tls-cert", str(certs / f"{name}.pem"),  # noqa: E731
                        "--tls-key", str(certs / f"{name}.key")]
    log = open(tmp_path / "cluster.log", "wb")  # noqa: SIM115 - shared by the processes below
    processes = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                   "--protocol", "tls", "--no-dashboard", *tls("scheduler")],
                                  cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)]
    try:
        deadline = time.monotonic() + 30
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            assert time.monotonic() < deadline and processes[0].poll() is None, (tmp_path / "cluster.log").read_text()
            time.sleep(0.2)
        processes.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-nanny",
                                           "--no-dashboard", "--host", "127.0.0.1", *tls("worker")],
                                          cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT))
        monkeypatch.setenv("SCENEC_HOME", str(tmp_path / "home"))
        film = tmp_path / "f.scene"
        film.write_text(FILM)
        assert main(["render", str(film), "--no-audio", "--quiet", "--executor", "dask", "--scheduler", address,
                     "--connect-timeout", "20", *tls("client")]) == 0, capsys.readouterr().err
        assert (tmp_path / "f.mp4").stat().st_size > 0
        # Without certificates the scheduler cannot be reached: a plain error, nothing written.
        assert main(["render", str(film), "-o", str(tmp_path / "plain.mp4"), "--no-audio", "--quiet", "--no-cache",
                     "--executor", "dask", "--scheduler", address, "--connect-timeout", "3"]) == 1
        assert "Traceback" not in capsys.readouterr().err and not (tmp_path / "plain.mp4").exists()
    finally:
        for process in reversed(processes):
            process.kill()
            process.wait(timeout=10)
        log.close()

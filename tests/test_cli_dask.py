"""`scenec render` with `--executor dask` and with several inputs: the same
films as locally, batches each to its default name, flags that do not fit,
a missing scheduler or extra, and Ctrl-C while the local cluster starts."""

from __future__ import annotations

import argparse
import json
import re
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
import pytest

from scenec.commands import render_cmd

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'scenec[dask]'")

SCENE = """scene "t" {
  size 64x36
  fps 24
  shot a 2s {
    layer bg: gradient(from: COLOR, to: black)
    layer ball: circle(at: (20%, 50%), radius: 10%, fill: gold)
    animate ball.at to (80%, 50%) over 2s
  }
  shot b 2s {
    layer bg: gradient(from: black, to: COLOR)
  }
}
"""
# The commands as `scenec` runs them, for subprocesses (cli.py's list is edited by others).
MAIN = ("import argparse, sys\nfrom scenec.commands import render_cmd\n"
        "p = argparse.ArgumentParser(prog='scenec'); render_cmd.register(p.add_subparsers())\n"
        "a = p.parse_args(sys.argv[1:])\ntry:\n    sys.exit(a.func(a))\n"
        "except KeyboardInterrupt:\n    print('scenec: interrupted', file=sys.stderr); sys.exit(130)\n")


def cli(*argv: object) -> int:
    parser = argparse.ArgumentParser(prog="scenec")
    render_cmd.register(parser.add_subparsers())
    try:
        args = parser.parse_args([str(a) for a in argv])
    except SystemExit as exit:
        return int(exit.code)
    return args.func(args)


def _scene(folder: Path, name: str, color: str = "navy") -> Path:
    path = folder / f"{name}.scene"
    path.write_text(SCENE.replace("COLOR", color))
    return path


def _decode(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def _same(one: Path, other: Path) -> bool:
    """The same film within H.264 encoder noise (see `_assert_same_film` in tests/runtime/test_dask_executor.py)."""
    a, b = _decode(one), _decode(other)
    if not len(a) == len(b) > 0:
        return False
    diffs = [np.abs(x.astype(int) - y.astype(int)) for x, y in zip(a, b)]
    return all(d.mean() <= 2.0 for d in diffs)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_a_local_dask_cluster_renders_the_same_film(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scene = _scene(tmp_path, "film")
    assert cli("render", scene, "--executor", "dask", "--workers", "2", "--json", "-o", tmp_path / "d.mp4") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["frames"] == 96 and report["rendered_chunks"] == 2
    assert cli("render", scene, "--workers", "1", "--quiet", "--no-cache", "-o", tmp_path / "l.mp4") == 0
    assert _same(tmp_path / "d.mp4", tmp_path / "l.mp4")


def test_a_dask_render_prints_the_clusters_dashboard(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scene = _scene(tmp_path, "film")
    assert cli("render", scene, "--executor", "dask", "--workers", "1", "--no-cache", "-o", tmp_path / "d.mp4") == 0
    err = capsys.readouterr().err
    assert re.search(r"^Dask dashboard: http://127\.0\.0\.1:\d+/status$", err, re.M), err


def test_several_files_render_in_turn_each_to_its_own_name(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    a, b = _scene(tmp_path, "a"), _scene(tmp_path, "b", "maroon")
    broken = tmp_path / "broken.scene"
    broken.write_text('scene "x" {\n  shot a 1s {\n    layer bg: nosuchthing()\n  }\n}\n')
    assert cli("render", a, b, "--workers", "1", "--no-audio") == 0
    err = capsys.readouterr().err
    assert "wrote" in err and "rendered 2 of 2 films" in err
    assert len(_decode(tmp_path / "a.mp4")) == len(_decode(tmp_path / "b.mp4")) == 96
    assert not _same(tmp_path / "a.mp4", tmp_path / "b.mp4")
    (tmp_path / "a.mp4").unlink()
    assert cli("render", broken, a, "--workers", "1", "--json") == 1  # the broken one does not stop the rest
    report = json.loads(capsys.readouterr().out)
    assert not report["ok"] and [f["ok"] for f in report["films"]] == [False, True]
    assert "nothing rendered" in report["films"][0]["error"] and (tmp_path / "a.mp4").exists()


def test_several_files_spread_over_a_dask_cluster_as_whole_films(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    scenes = [_scene(tmp_path, name, color) for name, color in (("a", "navy"), ("b", "maroon"), ("c", "teal"))]
    assert cli("render", *scenes, "--executor", "dask", "--workers", "2", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and sorted(f["output"] for f in report["films"]) == [str(tmp_path / f"{n}.mp4") for n in "abc"]
    for name, scene in zip("abc", scenes):
        assert cli("render", scene, "--workers", "1", "--quiet", "--no-cache", "-o", tmp_path / f"{name}-local.mp4") == 0
        assert _same(tmp_path / f"{name}.mp4", tmp_path / f"{name}-local.mp4")
    assert not list(tmp_path.glob(".*partial*"))


@pytest.mark.parametrize(("argv", "message"), [
    (["a.scene", "b.scene", "-o", "x.mp4"], "-o names one output"),
    (["a.scene", "--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --executor dask"),
    (["a.scene", "--shared-dir", "."], "--shared-dir needs --executor dask"),
    (["a.scene", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:8786", "--workers", "2"], "--workers sizes"),
    (["a.scene", "sub/../a.scene"], "the same output"),
])
def test_flags_that_do_not_fit_are_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch, argv: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("render", *argv) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_without_the_dask_extra_the_message_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    assert cli("render", _scene(tmp_path, "film"), "--executor", "dask") == 1
    assert "pip install 'scenec[dask]'" in capsys.readouterr().err
    assert not (tmp_path / "film.mp4").exists()


def test_no_scheduler_at_the_address_is_a_clean_quick_error(tmp_path: Path) -> None:
    scene = _scene(tmp_path, "film")
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MAIN, "render", str(scene), "--executor", "dask",
                           "--scheduler", address, "--connect-timeout", "1"],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "SCENEC_HOME": str(tmp_path / "h")})
    assert time.perf_counter() - started < 15  # one second of trying plus start-up
    assert done.returncode == 1
    assert f"cannot reach the Dask scheduler at {address}" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "film.mp4").exists()


def _cluster_process(parent: int) -> int | None:
    """The pid of `parent`'s local-cluster child, once it exists."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent and b"serve_local_cluster" in cmdline:
                return int(entry.name)
    return None


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the cluster's process through /proc")
def test_ctrl_c_while_the_local_cluster_starts_stops_everything_quietly(tmp_path: Path) -> None:
    scene = _scene(tmp_path, "film")
    process = subprocess.Popen([sys.executable, "-c", MAIN, "render", str(scene), "--executor", "dask"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                               env={**os.environ, "SCENEC_HOME": str(tmp_path / "h")})
    try:
        deadline = time.monotonic() + 30
        while (cluster := _cluster_process(process.pid)) is None and process.poll() is None:
            assert time.monotonic() < deadline, "the local cluster's process never started"
            time.sleep(0.02)
        assert cluster is not None
        os.killpg(process.pid, signal.SIGINT)  # as a terminal sends Ctrl-C: to the whole group
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130 and "Traceback" not in err, err
    assert not (tmp_path / "film.mp4").exists()
    deadline = time.monotonic() + 15
    while left := _in_session(cluster):  # the cluster's process leads a session; its workers are in it
        assert time.monotonic() < deadline, f"the local cluster outlived the render: {left}"
        time.sleep(0.1)


def _in_session(session: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def test_automate_spreads_whole_prompts_over_a_dask_cluster(tmp_path: Path) -> None:
    from scenec.automation import AutomateOptions, automate
    from scenec.knowledge.learning.store import open_store
    from scenec.knowledge.learning.workflows import workflow

    result = automate(AutomateOptions(home=tmp_path / "home", count=2, workflow=workflow("quick"), seed=3,
                                      workers=2, executor="dask"))
    assert not result.stopped and len(result.run_ids) == 2
    assert all(o.error is None and o.output and Path(o.output).exists() for o in result.outcomes)
    assert len(open_store(tmp_path / "home").runs()) == 2

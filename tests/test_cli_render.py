"""`scenec render`, `still` and `watch` from the command line: outputs, flags,
clean errors, the cache through SCENEC_HOME, SIGTERM and watch in subprocesses."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from scenec.commands import render_cmd, render_report
from scenec.compiler.plan import (
    CameraTrack, Key, LayerPlan, Plan, Primitive, Segment, Track, TransitionKind, TransitionPlan,
)
from scenec.compiler.plan_io import write_plan
from scenec.runtime.encode import png_frame_path, probe

W, H, FPS = 64, 36, 24
SCENE = """scene "t" {
  size 64x36
  fps 30
  shot a 1s {
    layer bg: gradient(from: navy, to: black)
    layer ball: circle(at: (20%, 50%), radius: 10%, fill: gold)
    animate ball.at to (80%, 50%) over 1s
  }
}
"""
# The commands as `scenec` runs them, for subprocesses (cli.py may not list them yet).
MAIN = ("import argparse, sys\nfrom scenec.commands import render_cmd\n"
        "p = argparse.ArgumentParser(prog='scenec'); render_cmd.register(p.add_subparsers())\n"
        "a = p.parse_args(sys.argv[1:])\ntry:\n    sys.exit(a.func(a))\n"
        "except KeyboardInterrupt:\n    sys.exit(130)\n")


def _shot(name: str, start: int, end: int, color: tuple[float, ...]) -> Segment:
    ball = LayerPlan("ball", Primitive.CIRCLE, params=(("radius", 6.0), ("fill", (1.0, 0.9, 0.2, 1.0))),
                     tracks=(Track("at", (Key(0, (8.0, 18.0)), Key(end - start - 1, (56.0, 18.0)))),))
    bg = LayerPlan("bg", Primitive.GRADIENT, params=(("from", color), ("to", (0.0, 0.0, 0.2, 1.0))))
    return Segment(name=name, start_frame=start, end_frame=end, camera=CameraTrack.still(W, H), layers=(bg, ball))


def _plan_file(folder: Path, frames: int = 24, color: tuple[float, ...] = (0.1, 0.5, 0.9, 1.0),
               name: str = "film.plan.json", dissolve: bool = True) -> Path:
    cut = frames // 2
    plan = Plan(width=W, height=H, fps=FPS, frames=frames, seed=1,
                segments=(_shot("a", 0, cut, (0.9, 0.3, 0.1, 1.0)), _shot("b", cut, frames, color)),
                transitions=(TransitionPlan(TransitionKind.DISSOLVE, cut - 2, cut + 2, "a", "b"),) if dissolve else ())
    write_plan(plan, folder / name)
    return folder / name


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="scenec")
    render_cmd.register(parser.add_subparsers())
    try:
        args = parser.parse_args([str(a) for a in argv])
    except SystemExit as exit:
        return int(exit.code)
    return args.func(args)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_a_plan_renders_beside_itself_and_reports_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = _plan_file(tmp_path)
    assert cli("render", plan, "--json", "--workers", "1") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["output"] == str(tmp_path / "film.mp4") and report["frames"] == 24
    info = probe(tmp_path / "film.mp4")
    assert (info["frames"], info["width"], info["height"], info["has_audio"]) == (24, W, H, False)


def test_the_second_render_comes_from_the_cache_in_the_data_dir(tmp_path: Path, home: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    plan = _plan_file(tmp_path, dissolve=False)
    assert cli("render", plan, "--json", "-o", tmp_path / "a.mp4") == 0
    assert cli("render", plan, "--json", "-o", tmp_path / "b.mp4") == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert (first["cached_chunks"], second["cached_chunks"]) == (0, 2)
    assert len(list((home / "cache" / "segments").glob("*.mp4"))) == 2
    assert cli("render", plan, "--json", "--no-cache", "-o", tmp_path / "c.mp4") == 0
    assert json.loads(capsys.readouterr().out)["cached_chunks"] == 0


def test_a_scene_file_compiles_with_size_and_fps_overrides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.scene").write_text(SCENE)
    assert cli("render", tmp_path / "t.scene", "--size", "96x54", "--fps", "20", "--no-audio", "--quiet") == 0
    info = probe(tmp_path / "t.mp4")
    assert (info["frames"], info["width"], info["height"], info["has_audio"]) == (20, 96, 54, False)
    assert info["fps"] == pytest.approx(20)
    assert capsys.readouterr().err == ""


def test_preview_is_half_size_and_at_most_15_fps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.scene").write_text(SCENE)
    assert cli("render", tmp_path / "t.scene", "--preview", "-o", tmp_path / "p.webm") == 0
    info = probe(tmp_path / "p.webm")
    assert (info["frames"], info["width"], info["height"]) == (15, 32, 18)
    assert "wrote" in capsys.readouterr().err  # not a terminal: a one-line summary


def test_frames_and_png_output(tmp_path: Path) -> None:
    plan = _plan_file(tmp_path)
    (tmp_path / "frames").mkdir()
    assert cli("render", plan, "--frames", "6:18", "-o", tmp_path / "frames" / "f.png", "--quiet") == 0
    assert probe(tmp_path / "frames" / "f.png")["frames"] == 12
    assert not png_frame_path(tmp_path / "frames" / "f.png", 12).exists()
    assert cli("render", plan, "--frames", "20:", "-o", tmp_path / "tail.gif", "--quiet") == 0
    assert probe(tmp_path / "tail.gif")["frames"] == 4


@pytest.mark.parametrize(("flags", "status", "message"), [
    (["--size", "12x"], 2, "WIDTHxHEIGHT"),
    (["--frames", "9:3"], 2, "A below B"),
    (["--workers", "0"], 2, "1 or more"),
    (["--scheduler", "tcp://x:8786"], 2, "needs --executor dask"),
    (["--fps", "30"], 2, "cannot change the frame rate of a plan"),
    (["--size", "64x64"], 2, "would stretch"),
    (["--frames", "10:99"], 1, "not a range inside the film"),
    (["-o", "nowhere/f.mp4"], 1, "does not exist"),
    (["-o", "f.avi"], 1, "extension must be"),
])
def test_bad_requests_get_one_clean_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch, flags: list[str], status: int,
                                            message: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("render", _plan_file(tmp_path), *flags) == status
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["film.plan.json"]


def test_json_errors_are_json_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("render", _plan_file(tmp_path), "--json", "-o", tmp_path / "no" / "f.mp4") == 1
    assert json.loads(capsys.readouterr().out) == {"ok": False, "error": f"cannot write {tmp_path / 'no' / 'f.mp4'}: "
                                                                           f"folder {tmp_path / 'no'} does not exist"}


def test_a_scene_with_errors_prints_its_diagnostics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.scene").write_text("scene { shot 1s { layer x: nope() } }\n")
    assert cli("render", tmp_path / "bad.scene") == 1
    err = capsys.readouterr().err
    assert "E2015" in err and "1 error; nothing rendered" in err
    assert not (tmp_path / "bad.mp4").exists()


@pytest.mark.parametrize(("at", "frame"), [("0.5s", 12), ("7f", 7), ("0.25", 6)])
def test_still_at_a_time(tmp_path: Path, capsys: pytest.CaptureFixture[str], at: str, frame: int) -> None:
    assert cli("still", _plan_file(tmp_path), "--at", at, "-o", tmp_path / "s.png") == 0
    assert f"(frame {frame})" in capsys.readouterr().err
    assert probe(png_frame_path(tmp_path / "s.png", 0).with_name("s.png"))["width"] == W


def test_still_out_of_range_or_malformed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = _plan_file(tmp_path)
    assert cli("still", plan, "--at", "2s") == 1
    assert "past the end of the film" in capsys.readouterr().err
    assert cli("still", plan, "--at", "soon") == 2
    assert not (tmp_path / "film.png").exists()


def _descendants(pid: int) -> set[int]:
    """Every process below `pid` (pool workers are the forkserver's children)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _wait_for(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads child processes from /proc")
def test_sigterm_leaves_no_output_no_scratch_and_no_workers(tmp_path: Path, home: Path) -> None:
    plan = _plan_file(tmp_path, frames=4800)  # minutes of rendering: it is still going when killed
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "SCENEC_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-c", MAIN, "render", str(plan), "-o", str(out / "f.mp4"),
                             "--workers", "2", "--quiet"], env=env, stderr=subprocess.PIPE, text=True)
    try:
        cache = home / "cache" / "segments"

        def encoding() -> bool:  # a worker has opened its chunk's temporary file
            return cache.is_dir() and any(p.name.startswith(".work-") and any(p.iterdir()) for p in cache.iterdir())

        _wait_for(encoding)
        processes = _descendants(proc.pid)
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 143, err
    assert "scenec: interrupted by SIGTERM; nothing written" in err and "Traceback" not in err
    assert list(out.iterdir()) == []
    # Chunks finished before the signal stay cached (a rerun resumes); nothing partial does.
    assert [p.name for p in cache.iterdir() if p.name.startswith(".")] == []
    assert len(processes) >= 3  # forkserver and workers at least
    _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in processes), timeout=30)  # a hang guard


def test_watch_renders_again_after_a_save_and_stops_cleanly_on_ctrl_c(tmp_path: Path, home: Path) -> None:
    plan = _plan_file(tmp_path)
    env = {**os.environ, "SCENEC_HOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-c", MAIN, "watch", str(plan), "--workers", "1"],
                            env=env, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(proc.stderr.readline, "")), daemon=True)
    reader.start()
    try:
        _wait_for(lambda: sum("rendered" in line for line in lines) == 1)
        assert (tmp_path / "film.preview.mp4").exists()  # a preview never overwrites the film
        time.sleep(0.05)
        _plan_file(tmp_path, color=(0.2, 0.9, 0.2, 1.0))
        _wait_for(lambda: sum("rendered" in line for line in lines) == 2)
        (tmp_path / "film.plan.json").write_text("{")
        _wait_for(lambda: any("error" in line for line in lines))
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
    finally:
        proc.kill()
    reader.join(timeout=5)
    assert proc.returncode == 0, lines
    assert lines[-1].rstrip().endswith("stopped watching")
    assert all(line.startswith("[") for line in lines)
    assert probe(tmp_path / "film.preview.mp4")["width"] == W // 2


def test_a_plain_render_records_no_analysis_and_analyze_adds_it(tmp_path: Path, home: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    from scenec.knowledge.learning.store import open_store

    (tmp_path / "t.scene").write_text(SCENE)
    assert cli("render", tmp_path / "t.scene", "--no-audio", "-o", tmp_path / "plain.mp4") == 0
    plain_err = capsys.readouterr().err
    assert "analysed" not in plain_err
    assert cli("render", tmp_path / "t.scene", "--no-audio", "--analyze", "-o", tmp_path / "measured.mp4") == 0
    measured_err = capsys.readouterr().err
    assert "analysed in" in measured_err and "intent match" in measured_err
    assert cli("render", tmp_path / "t.scene", "--no-audio", "--analyze", "--json", "-o", tmp_path / "j.mp4") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["analysis"]["frames"] == 30 and report["intent_match"]["checks"]
    plain, measured, as_json = open_store(home).runs()
    assert plain.analysis is None and "analyze_s" not in plain.timings
    assert measured.analysis["frames"] == 30 and measured.intent_match["checks"] and measured.timings["analyze_s"] >= 0
    assert as_json.analysis == report["analysis"]


def test_analyze_of_part_of_a_film_measures_it_without_an_intent_match(tmp_path: Path, home: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.scene").write_text(SCENE)
    assert cli("render", tmp_path / "t.scene", "--no-audio", "--analyze", "--frames", "0:10") == 0
    assert "no intent match for a partial film" in capsys.readouterr().err


def test_analyze_needs_a_video(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.scene").write_text(SCENE)
    assert cli("render", tmp_path / "t.scene", "--analyze", "-o", tmp_path / "f.png") == 2
    assert "--analyze measures a video" in capsys.readouterr().err
    assert not list(tmp_path.glob("f_*.png"))


def test_a_folder_given_as_input_is_named_as_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("render", tmp_path) == 1
    assert f"{tmp_path} is a folder; give a .scene file or a plan (for every scene in it: {tmp_path}/*.scene)" \
        in capsys.readouterr().err
    assert cli("still", tmp_path, "--at", "0") == 1
    assert "is a folder" in capsys.readouterr().err


def test_output_into_a_folder_takes_the_inputs_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.scene").write_text(SCENE)
    assert cli("render", tmp_path / "t.scene", "--no-audio", "--quiet", "-o", f"{tmp_path / 'films'}/") == 0
    assert probe(tmp_path / "films" / "t.mp4")["frames"] == 30
    (tmp_path / "stills").mkdir()
    assert cli("still", tmp_path / "t.scene", "--at", "0", "-o", tmp_path / "stills") == 0
    assert (tmp_path / "stills" / "t.png").is_file()


def test_an_output_without_an_extension_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "t.scene").write_text(SCENE)
    assert cli("render", tmp_path / "t.scene", "-o", tmp_path / "film") == 2
    err = capsys.readouterr().err
    assert "name the file with its format's extension" in err and "end it with / to write into a folder" in err
    assert not (tmp_path / "film").exists()


def test_watching_a_missing_file_fails_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("watch", tmp_path / "missing.scene") == 1
    assert "missing.scene: no such file" in capsys.readouterr().err


def test_a_preview_goes_beside_the_film_not_over_it(tmp_path: Path) -> None:
    (tmp_path / "t.scene").write_text(SCENE)
    assert cli("render", tmp_path / "t.scene", "--no-audio", "--quiet") == 0
    assert cli("render", tmp_path / "t.scene", "--no-audio", "--quiet", "--preview") == 0
    assert probe(tmp_path / "t.mp4")["width"] == 64 and probe(tmp_path / "t.preview.mp4")["width"] == 32


def test_render_in_out_names_the_output_as_typst_compile_does(tmp_path: Path) -> None:
    (tmp_path / "t.scene").write_text(SCENE)
    assert cli("render", tmp_path / "t.scene", tmp_path / "named.webm", "--no-audio", "--quiet") == 0
    assert probe(tmp_path / "named.webm")["frames"] == 30 and not (tmp_path / "t.mp4").exists()


def test_a_scene_piped_on_stdin_renders(tmp_path: Path, monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SCENE.encode())))
    assert cli("render", "-", "-o", "piped.mp4", "--no-audio", "--quiet") == 0
    assert probe(tmp_path / "piped.mp4")["frames"] == 30
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"scene { shot 1s { layer x: nope() } }")))
    assert cli("render", "-", "-o", "bad.mp4") == 1
    err = capsys.readouterr().err
    assert "--> stdin.scene:1:28" in err and "stdin: 1 error; nothing rendered" in err
    assert cli("render", "-") == 2
    assert "name it with -o" in capsys.readouterr().err


def test_open_hands_the_film_to_the_system_viewer(tmp_path: Path, monkeypatch) -> None:
    viewer = tmp_path / "bin" / "xdg-open"
    viewer.parent.mkdir()
    viewer.write_text(f"#!/bin/sh\necho \"$1\" > {tmp_path / 'opened.txt'}\n")
    viewer.chmod(0o755)
    monkeypatch.setenv("PATH", f"{viewer.parent}{os.pathsep}{os.environ['PATH']}")
    (tmp_path / "t.scene").write_text(SCENE)
    assert cli("render", tmp_path / "t.scene", "--no-audio", "--quiet", "--open") == 0
    _wait_for(lambda: (tmp_path / "opened.txt").exists() and (tmp_path / "opened.txt").read_text().strip())
    assert (tmp_path / "opened.txt").read_text().strip() == str(tmp_path / "t.mp4")


@pytest.mark.parametrize(("elapsed", "done", "total", "left"), [
    (0.5, 10, 100, None),  # too early to tell
    (10.0, 2, 100, None),  # too little done
    (10.0, 50, 100, 10.0),
    (30.0, 75, 100, 10.0),
])
def test_the_eta_is_the_average_pace_so_far(elapsed, done, total, left) -> None:
    assert render_report.eta_seconds(elapsed, done, total) == left

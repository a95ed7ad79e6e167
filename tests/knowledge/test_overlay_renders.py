"""A user's knowledge reaches the film: an overlay in `$SCENEC_HOME/knowledge/`
defining a LUT, an ambient sound, a music mood and a mood is used by a scene
that checks, compiles and renders with sound through the `scenec` CLI, as a
scene using built-ins does; and its plan, written to disk, renders with no
overlay at all (the plan holds the numbers, not the names)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest

OVERLAY = Path(__file__).parent / "overlay_film"
SCENEC = Path(sys.executable).with_name("scenec")
SIZE, FPS, SECONDS = (64, 36), 4, 2.0


def _scenec(home: Path, *argv: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SCENEC_HOME": str(home)}
    return subprocess.run([str(SCENEC), *map(str, argv)], capture_output=True, text=True, env=env, timeout=600)


def _decode(path: Path) -> tuple[int, np.ndarray, int]:
    """(video frames, audio samples as (channels, n), audio sample rate)."""
    with av.open(str(path)) as container:
        frames = sum(1 for _ in container.decode(video=0))
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        chunks = [frame.to_ndarray() for frame in container.decode(stream)]
        rate = stream.rate
    samples = np.concatenate([c.reshape(-1, c.shape[-1]) if c.ndim == 2 else c[None] for c in chunks], axis=1)
    return frames, samples.astype(np.float64), rate


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    shutil.copytree(OVERLAY / "knowledge", home / "knowledge")
    return home


def test_without_the_overlay_the_scene_does_not_check(tmp_path: Path) -> None:
    result = _scenec(tmp_path / "empty-home", "check", OVERLAY / "harbour.scene")
    assert result.returncode == 1
    assert "harbour-dusk" in result.stderr or "harbour-dusk" in result.stdout


def test_overlay_knowledge_renders_with_picture_and_sound(home: Path, tmp_path: Path) -> None:
    scene = OVERLAY / "harbour.scene"
    checked = _scenec(home, "check", scene)
    assert checked.returncode == 0, checked.stderr
    film = tmp_path / "harbour.mp4"
    rendered = _scenec(home, "render", scene, "-o", film, "--size", "x".join(map(str, SIZE)), "--fps", FPS,
                       "--no-cache", "--quiet")
    assert rendered.returncode == 0, rendered.stderr
    frames, samples, rate = _decode(film)
    assert frames == round(SECONDS * FPS)
    assert samples.shape[1] / rate == pytest.approx(SECONDS, abs=0.05)
    assert np.sqrt(np.mean(samples ** 2)) > 1e-3  # the harbour bed and the lullaby are heard


def test_the_written_plan_renders_without_the_overlay(home: Path, tmp_path: Path) -> None:
    plan = tmp_path / "harbour.plan.json"
    compiled = _scenec(home, "compile", OVERLAY / "harbour.scene", "-o", plan, "--size", "64x36", "--fps", FPS)
    assert compiled.returncode == 0, compiled.stderr
    text = plan.read_text(encoding="utf-8")
    assert "harbour" not in text.replace("Harbour", "").replace("harbour.scene", "") and "lullaby" not in text
    film = tmp_path / "from-plan.mp4"
    rendered = _scenec(tmp_path / "empty-home", "render", plan, "-o", film, "--no-cache", "--quiet")
    assert rendered.returncode == 0, rendered.stderr
    frames, samples, rate = _decode(film)
    assert frames == round(SECONDS * FPS) and samples.shape[1] / rate == pytest.approx(SECONDS, abs=0.05)

"""What a killed render leaves is removed by the next one: names carry host and pid, and only those
of processes that are gone are removed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scenec.compiler.plan import CameraTrack, LayerPlan, Plan, Primitive, Segment
from scenec.runtime.executor import LocalExecutor
from scenec.runtime.leftovers import RENDER_TEMP_PREFIX, owner_is_gone, partial_prefix, pid_tag
from scenec.runtime.render import RenderOptions, render_film


def _dead_tag() -> str:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return pid_tag().replace(f"~{os.getpid()}~", f"~{child.pid}~")


def _plan() -> Plan:
    bg = LayerPlan("bg", Primitive.GRADIENT, params=(("from", (0.9, 0.3, 0.1, 1.0)), ("to", (0.0, 0.0, 0.2, 1.0))))
    return Plan(width=64, height=48, fps=8, frames=8, seed=1,
                segments=(Segment(name="a", start_frame=0, end_frame=8, camera=CameraTrack.still(64, 48), layers=(bg,)),))


def test_owner_is_gone_tells_dead_live_and_unknown_apart() -> None:
    assert owner_is_gone(f".x.partial-{_dead_tag()}ab.mp4", ".x.partial-") is True
    assert owner_is_gone(f".x.partial-{pid_tag()}ab.mp4", ".x.partial-") is False
    assert owner_is_gone(".x.partial-otherhost~1~ab.mp4", ".x.partial-") is None  # another machine's
    assert owner_is_gone(".x.partial-1234abcd.mp4", ".x.partial-") is None  # no tag


def test_a_render_removes_partial_files_and_temp_folders_of_dead_renders(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)  # TMPDIR is read again
    output = tmp_path / "film.mp4"
    dead, live = _dead_tag(), pid_tag()
    dead_partial = tmp_path / f"{partial_prefix(output)}{dead}0a0a.mp4"
    live_partial = tmp_path / f"{partial_prefix(output)}{live}0b0b.mp4"
    other_film = tmp_path / f"{partial_prefix(tmp_path / 'other.mp4')}{live}0c0c.mp4"
    dead_frames = tmp_path / f"{partial_prefix(output)}{dead}frames"
    dead_scratch = tmp_path / "tmp" / f"{RENDER_TEMP_PREFIX}{dead}x1"
    for path in (dead_partial, live_partial, other_film):
        path.write_bytes(b"half a film")
    for folder in (dead_frames, dead_scratch):
        folder.mkdir()
        (folder / "part").write_bytes(b"half")
    with LocalExecutor(1) as executor:
        render_film(_plan(), RenderOptions(output=output, audio=False), executor=executor)
    assert output.is_file()
    assert not dead_partial.exists() and not dead_frames.exists() and not dead_scratch.exists()
    assert live_partial.exists() and other_film.exists()  # a live render's, and another film's, are kept

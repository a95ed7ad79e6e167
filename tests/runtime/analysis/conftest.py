"""Fixtures for the analysis tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest
from analysis_films import write_video


@pytest.fixture
def film(tmp_path: Path) -> Callable[..., Path]:
    """`film(frames, fps=25, audio=None, name="f.mp4")` writes a video into tmp_path."""

    def make(frames: Sequence[np.ndarray], fps: int = 25, audio: np.ndarray | None = None, name: str = "f.mp4") -> Path:
        return write_video(tmp_path / name, frames, fps=fps, audio=audio)

    return make

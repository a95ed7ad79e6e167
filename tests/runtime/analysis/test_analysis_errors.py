"""Bad input gives AnalysisError with a plain message, never a PyAV traceback."""

from __future__ import annotations

import numpy as np
import pytest
from analysis_films import H, W

from scenec.runtime.analysis import AnalysisError, analyze, match_intent


def test_garbage_file(tmp_path):
    path = tmp_path / "junk.mp4"
    path.write_bytes(np.random.default_rng(0).integers(0, 256, 5000, dtype=np.uint8).tobytes())
    with pytest.raises(AnalysisError, match="junk.mp4: not a readable video file"):
        analyze(path)


def test_error_is_a_value_error(tmp_path):
    assert issubclass(AnalysisError, ValueError)
    with pytest.raises(ValueError, match="no such file"):
        analyze(tmp_path / "missing.mp4")
    with pytest.raises(AnalysisError, match="directory"):
        analyze(tmp_path)


def test_audio_only_file_has_no_video(tmp_path):
    import av

    path = tmp_path / "tone.m4a"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("aac", rate=48000, layout="mono")
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), dtype=np.float32), format="fltp", layout="mono")
        frame.sample_rate = 48000
        for packet in stream.encode(frame):
            container.mux(packet)
        container.mux(stream.encode())
    with pytest.raises(AnalysisError, match="no video stream"):
        analyze(path)


def test_bad_arguments(film):
    path = film([np.zeros((H, W, 3), dtype=np.uint8)] * 3)
    with pytest.raises(AnalysisError, match="max_frames"):
        analyze(path, max_frames=0)
    with pytest.raises(AnalysisError, match="sample_fps"):
        analyze(path, sample_fps=-1)
    analysis = analyze(path)
    with pytest.raises(AnalysisError, match="intent"):
        match_intent(analysis, ["not", "a", "dict"])
    with pytest.raises(AnalysisError, match="#rrggbb"):
        match_intent(analysis, {"palette": ["orange"]})

"""Every film a user can copy is rendered as a user renders it, with sound.

Reads: `examples/*.scene` and every ```scene block of `README.md` and
`docs/*.md`. Each goes through the real CLI, in-process through
`scenec.cli.main` (measured on 2 cores: 0.7-1.2 s a film in-process against
2.1-2.5 s for a `scenec` subprocess, almost all of it interpreter start-up):

    scenec compile FILE --size 64x36 --fps 4           -> the plan (its `frames`)
    scenec render FILE -o x.mp4 --size 64x36 --fps 4 --no-cache

with `SCENEC_HOME` in a tmp dir. The video is then decoded with PyAV, not
with scenec's own probe, and must have the plan's frame count, an audio
stream as long as the film (within one video frame or one AAC frame), and a
middle frame whose mean color is the one the runtime's frame function draws
for that frame (so a black, garbled or wrongly graded video fails).

Doc blocks: a ```scene block is a film when the real parser finds a `scene`
in it; such a block is rendered. Any other ```scene block is a fragment
(a palette or template to paste into a film): it must parse and check clean
as a library, so a broken fragment fails too and no film is skipped by
accident (`test_doc_blocks_are_all_films_or_clean_fragments`).
"""

from __future__ import annotations

import re
from pathlib import Path

import av
import numpy as np
import pytest

from scenec.api import check_file
from scenec.cli import main
from scenec.compiler.plan import Plan
from scenec.compiler.plan_io import loads
from scenec.lang.parser import parse
from scenec.runtime.frame import render_frame

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.scene"))
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SIZE, FPS = "64x36", 4
AAC_FRAME_SAMPLES = 1024
# A mean over 64x36 pixels survives 4:2:0 chroma and the encoder's quantising
# to within a few levels; a black, inverted or ungraded frame is far outside.
MEAN_TOLERANCE = 12.0


def _doc_blocks() -> list[tuple[str, str]]:
    blocks = []
    for doc in DOCS:
        for i, block in enumerate(re.findall(r"^```scene\n(.*?)^```", doc.read_text(encoding="utf-8"), re.S | re.M)):
            blocks.append((f"{doc.relative_to(ROOT).as_posix()}#{i}", block))
    return blocks


DOC_BLOCKS = _doc_blocks()


def _is_film(block: str) -> bool:
    result = parse(block, "block.scene")
    return result.file is not None and bool(result.file.scenes)


DOC_FILMS = [(name, block) for name, block in DOC_BLOCKS if _is_film(block)]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "home"
    monkeypatch.setenv("SCENEC_HOME", str(data))
    monkeypatch.chdir(tmp_path)
    return data


def _compile(path: Path, capsys: pytest.CaptureFixture[str]) -> Plan:
    capsys.readouterr()
    code = main(["compile", str(path), "--size", SIZE, "--fps", str(FPS)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return loads(out, "json")


def _render(path: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code = main(["render", str(path), "-o", str(out), "--size", SIZE, "--fps", str(FPS), "--no-cache"])
    _, err = capsys.readouterr()
    assert code == 0, f"scenec render {path.name} failed: {err.strip()}"


def _decode(video: Path, wanted_frame: int) -> tuple[int, np.ndarray | None, bool, int, int]:
    """Frame count, the RGB pixels of `wanted_frame`, whether there is audio, its samples and rate."""
    with av.open(str(video)) as container:
        count, picture = 0, None
        for frame in container.decode(video=0):
            if count == wanted_frame:
                picture = frame.to_ndarray(format="rgb24")
            count += 1
    with av.open(str(video)) as container:
        if not container.streams.audio:
            return count, picture, False, 0, 1
        samples, rate = 0, 1
        for frame in container.decode(audio=0):
            samples += frame.samples
            rate = frame.sample_rate
    return count, picture, True, samples, rate


def _check_film(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = _compile(path, capsys)
    assert (plan.width, plan.height, plan.fps) == (64, 36, FPS)
    out = tmp_path / "x.mp4"
    _render(path, out, capsys)
    middle = plan.frames // 2
    count, picture, has_audio, samples, rate = _decode(out, middle)
    assert count == plan.frames
    assert has_audio, "the film has no audio stream"
    film_s = plan.frames / plan.fps
    audio_s = samples / rate
    assert abs(audio_s - film_s) <= max(1 / plan.fps, AAC_FRAME_SAMPLES / rate), (audio_s, film_s)
    assert picture is not None and picture.shape == (36, 64, 3)
    drawn = render_frame(plan, middle, assets_root=str(path.parent))
    decoded_mean = picture.reshape(-1, 3).mean(axis=0)
    drawn_mean = drawn.reshape(-1, 3).astype(np.float64).mean(axis=0)
    assert np.abs(decoded_mean - drawn_mean).max() <= MEAN_TOLERANCE, (decoded_mean, drawn_mean)
    if drawn.reshape(-1, 3).std(axis=0).max() > 8:  # the scene draws something: so must the video
        assert picture.reshape(-1, 3).std(axis=0).max() > 4


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_renders_with_sound(path: Path, home: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    _check_film(path, tmp_path, capsys)


@pytest.mark.parametrize(("name", "block"), DOC_FILMS, ids=[name for name, _ in DOC_FILMS])
def test_doc_film_renders_with_sound(name: str, block: str, home: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "block.scene"
    path.write_text(block, encoding="utf-8")
    _check_film(path, tmp_path, capsys)


def test_doc_blocks_are_all_films_or_clean_fragments(tmp_path: Path) -> None:
    """The rule above, checked: a block that is not rendered must at least parse and check as a library."""
    assert len(DOC_FILMS) >= 5  # the README's film and the language guide's
    for name, block in DOC_BLOCKS:
        if _is_film(block):
            continue
        path = tmp_path / "fragment.scene"
        path.write_text(block, encoding="utf-8")
        result = check_file(path)
        assert result.ok, (name, [f"{d.code} {d.message}" for d in result.diagnostics])

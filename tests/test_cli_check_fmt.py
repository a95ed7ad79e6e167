"""`scenec check` and `scenec fmt` as scripts use them: exit codes, output formats, files left alone."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from scenec import __version__
from scenec.cli import main

CLEAN = "scene {\n  shot 1s {\n    layer a: rect()\n  }\n}\n"
MESSY = "scene{shot 1s{layer a:rect( )}}"
BROKEN = "scene { shot 1s { layer a: circle(radius: red) } }\n"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path / "home"))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_check_exit_codes_and_every_file_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = write(tmp_path, "good.scene", CLEAN), write(tmp_path, "bad.scene", BROKEN)
    assert main(["check", str(good)]) == 0
    assert main(["check", str(good), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "good.scene: ok" in err and "error[E2001]" in err and "bad.scene: 1 error" in err
    assert main(["check"]) == 2  # usage errors are a status, not an exception, for callers of main()


def test_check_short_and_json_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, "bad.scene", BROKEN)
    assert main(["check", str(bad), "--diagnostic-format", "short"]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"{bad}:1:43: error[E2001]: ")
    assert main(["check", str(bad), "--diagnostic-format", "json"]) == 1
    (document,) = json.loads(capsys.readouterr().out)
    assert document["ok"] is False
    assert [(d["code"], d["line"], d["column"]) for d in document["diagnostics"]] == [("E2001", 1, 43)]


def test_fmt_rewrites_in_place_and_check_mode_only_reports(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    messy = write(tmp_path, "messy.scene", MESSY)
    assert main(["fmt", "--check", str(messy)]) == 1
    assert messy.read_text() == MESSY and "would be reformatted" in capsys.readouterr().err
    assert main(["fmt", "--diff", str(messy)]) == 0
    assert "+    layer a: rect()" in capsys.readouterr().out and messy.read_text() == MESSY
    assert main(["fmt", str(messy)]) == 0
    assert messy.read_text() == CLEAN
    assert main(["fmt", "--check", str(messy)]) == 0
    assert not list(tmp_path.glob(".*partial"))


def test_fmt_leaves_a_file_with_errors_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = write(tmp_path, "broken.scene", "scene { shot 1s { layer a rect() } }")
    assert main(["fmt", str(broken)]) == 1
    assert broken.read_text() == "scene { shot 1s { layer a rect() } }"
    assert "missing `:` after the layer name" in capsys.readouterr().err
    assert main(["fmt", str(tmp_path / "missing.scene")]) == 1


def test_fmt_reads_stdin_and_writes_stdout(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(MESSY.encode())))
    assert main(["fmt", "-"]) == 0
    assert capsys.readouterr().out == CLEAN


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0 and capsys.readouterr().out.strip() == f"scenec {__version__}"


def test_terminal_colors_change_no_text() -> None:
    import re

    from scenec.api import check_text
    from scenec.lang.diagnostics import render_human
    from scenec.report import colorize

    result = check_text("scene { shot 1s { layer a: circle(radius: red) } }")
    (diagnostic,) = result.diagnostics
    plain = render_human(diagnostic, result.graph.sources[diagnostic.span.file])
    colored = colorize(plain, diagnostic)
    assert re.sub(r"\x1b\[[0-9;]*m", "", colored) == plain
    caret = next(line for line in colored.splitlines() if "^^^" in line)
    assert "\x1b[31;1m" in caret


def test_written_files_get_the_usual_mode_not_an_owner_only_one(tmp_path: Path) -> None:
    import os
    import stat

    from scenec.files import write_text_atomic

    old = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "new.plan.json", "{}")
        kept = tmp_path / "kept.scene"
        kept.write_text("x")
        kept.chmod(0o600)
        write_text_atomic(kept, "y")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.plan.json").stat().st_mode) == 0o644
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and kept.read_text() == "y"

"""An untrusted project stays in its folder: imports and images are judged by their real path
(links resolved), only regular files of bounded size are read, and a plan's images stay in its
assets folder. Nothing outside is read, echoed or rendered."""

from __future__ import annotations

import json
import os
import struct
import zlib
from pathlib import Path

import pytest

from scenec.cli import main

SECRET = "root:x:0:0:the secret line\n"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path / "home"))


def _project(tmp_path: Path, scene: str) -> Path:
    project = tmp_path / "project"
    (project / "lib").mkdir(parents=True)
    (project / "scenec.toml").write_text("")
    (project / "main.scene").write_text(scene)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "notes.scene").write_text(SECRET)
    return project


def _png(path: Path, width: int, height: int) -> None:
    """A PNG whose header declares `width`x`height`; its pixel data is a few bytes, as in a bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
                     + chunk(b"IEND", b""))


def _check(project: Path, capsys) -> tuple[int, str]:
    status = main(["check", str(project / "main.scene"), "--diagnostic-format", "short"])
    return status, capsys.readouterr().err


IMPORT = 'import "lib/notes.scene"\nscene { shot 1s { layer bg: gradient(from: navy, to: black) } }\n'


def test_an_import_through_a_link_out_of_the_root_is_refused_unread(tmp_path: Path, capsys) -> None:
    project = _project(tmp_path, IMPORT)
    (project / "lib" / "notes.scene").symlink_to(tmp_path / "outside" / "notes.scene")
    status, err = _check(project, capsys)
    assert status == 1 and "error[E5002]" in err
    assert f"leaves the project folder: it links to {tmp_path / 'outside' / 'notes.scene'}" in err
    assert "secret" not in err and "root:x" not in err


def test_a_linked_folder_out_of_the_root_is_refused(tmp_path: Path, capsys) -> None:
    project = _project(tmp_path, 'import "lib/outdir/notes.scene"\nscene { shot 1s { layer bg: '
                                 'gradient(from: navy, to: black) } }\n')
    (project / "lib" / "outdir").symlink_to(tmp_path / "outside", target_is_directory=True)
    status, err = _check(project, capsys)
    assert status == 1 and "error[E5002]" in err and "it links to" in err and "secret" not in err


def test_links_that_stay_inside_the_root_are_followed(tmp_path: Path, capsys) -> None:
    project = _project(tmp_path, IMPORT)
    (project / "shared").mkdir()
    (project / "shared" / "notes.scene").write_text("palette p { a: #ff0000 }\n")
    (project / "lib" / "notes.scene").symlink_to(project / "shared" / "notes.scene")
    assert _check(project, capsys)[0] == 0


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_only_regular_files_are_read(kind: str, tmp_path: Path, capsys) -> None:
    project = _project(tmp_path, IMPORT)
    target = project / "lib" / "notes.scene"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        (project / "zero").symlink_to("/dev/zero")  # inside the root by path, a device by nature
        target.symlink_to(project / "zero")
    else:
        target.mkdir()
    status, err = _check(project, capsys)
    assert status == 1 and "lib/notes.scene" in err
    assert {"fifo": "it is a FIFO", "device": "it links to /dev/zero", "folder": "is a directory"}[kind] in err


def test_a_device_is_never_read(tmp_path: Path) -> None:
    from scenec.files import read_regular
    from scenec.lang.modules import LoadError

    with pytest.raises(LoadError, match="it is a device, not a regular file"):
        read_regular("/dev/zero", 1024)


def test_an_oversized_source_is_refused_before_it_is_read(tmp_path: Path, capsys) -> None:
    from scenec.lang.limits import MAX_SOURCE_BYTES

    project = _project(tmp_path, "scene { shot 1s { layer bg: gradient(from: navy, to: black) } }\n")
    with open(project / "main.scene", "ab") as handle:
        handle.truncate(MAX_SOURCE_BYTES + 1)  # sparse: nothing is written, the size is what counts
    status, err = _check(project, capsys)
    assert status == 1 and "error[E5004]" in err and f"may be at most {MAX_SOURCE_BYTES // 2**20} MiB" in err


def test_an_image_through_a_link_out_of_the_root_is_refused(tmp_path: Path, capsys) -> None:
    project = _project(tmp_path, 'scene { shot 1s { layer i: image(path: "lib/img.png", at: (50%, 50%), '
                                 'size: (50%, 50%)) } }\n')
    _png(tmp_path / "outside" / "img.png", 4, 4)
    (project / "lib" / "img.png").symlink_to(tmp_path / "outside" / "img.png")
    status, err = _check(project, capsys)
    assert status == 1 and "error[E5002]" in err and "image `lib/img.png` is outside the project folder: it links to" in err
    assert main(["still", str(project / "main.scene"), "--at", "0", "-o", str(tmp_path / "s.png")]) == 1
    assert not (tmp_path / "s.png").exists()


def _plan_with_image(tmp_path: Path, path: str) -> Path:
    project = _project(tmp_path, 'scene { size 64x36\n fps 4\n shot 1s { layer i: image(path: "lib/img.png", '
                                 'at: (50%, 50%), size: (50%, 50%)) } }\n')
    _png(project / "lib" / "img.png", 4, 4)
    plan_path = project / "film.plan.json"
    assert main(["compile", str(project / "main.scene"), "-o", str(plan_path)]) == 0
    plan = json.loads(plan_path.read_text())
    for segment in plan["segments"]:
        for layer in segment["layers"]:
            if "path" in layer.get("params", {}):
                layer["params"]["path"] = path
    plan_path.write_text(json.dumps(plan))
    return plan_path


@pytest.mark.parametrize("path", ["{outside}/img.png", "../outside/img.png", "lib/link.png"])
def test_a_plans_images_stay_in_its_assets_folder(path: str, tmp_path: Path, capsys) -> None:
    plan = _plan_with_image(tmp_path, path.format(outside=tmp_path / "outside"))
    _png(tmp_path / "outside" / "img.png", 4, 4)
    (plan.parent / "lib" / "link.png").symlink_to(tmp_path / "outside" / "img.png")
    capsys.readouterr()
    assert main(["render", str(plan), "-o", str(tmp_path / "f.mp4"), "--no-cache", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert ("absolute path" in err or "leads outside the assets folder" in err) and "Traceback" not in err
    assert not (tmp_path / "f.mp4").exists()


def test_a_plan_renders_its_images_from_the_assets_folder_given(tmp_path: Path, capsys) -> None:
    plan = _plan_with_image(tmp_path, "img.png")
    assets = tmp_path / "assets"
    assets.mkdir()
    _png(assets / "img.png", 4, 4)
    assert main(["render", str(plan), "-o", str(tmp_path / "a.mp4"), "--no-cache", "--quiet"]) == 1
    assert main(["render", str(plan), "-o", str(tmp_path / "b.mp4"), "--no-cache", "--quiet",
                 "--assets", str(assets)]) == 0


def test_an_image_declaring_huge_dimensions_is_refused_before_decoding(tmp_path: Path, capsys) -> None:
    project = _project(tmp_path, 'scene { size 64x36\n fps 4\n shot 1s { layer i: image(path: "lib/img.png", '
                                 'at: (50%, 50%), size: (50%, 50%)) } }\n')
    _png(project / "lib" / "img.png", 30000, 30000)  # past Pillow's own guard too
    assert main(["render", str(project / "main.scene"), "-o", str(tmp_path / "f.mp4"), "--no-cache", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "error[E2018]" in err and "declares 30000x30000 pixels" in err and "main.scene:3:" in err  # checked
    assert "Traceback" not in err and "internal error" not in err
    _png(project / "lib" / "img.png", 17000, 100)  # past our side limit, far under Pillow's own guard
    assert main(["check", str(project / "main.scene")]) == 1
    assert "declares 17000x100 pixels" in capsys.readouterr().err
    # A plan is untrusted input too: the image changed after it was compiled is refused when drawn.
    _png(project / "lib" / "img.png", 8, 8)
    assert main(["compile", str(project / "main.scene"), "-o", str(project / "f.json")]) == 0
    _png(project / "lib" / "img.png", 30000, 30000)
    capsys.readouterr()
    assert main(["render", str(project / "f.json"), "-o", str(tmp_path / "f.mp4"), "--no-cache", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "than images may have: at most 16384 pixels a side" in err and "Traceback" not in err

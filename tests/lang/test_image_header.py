"""An image's size is read from its header, and the checker refuses what the renderer would:
an image declaring too many pixels, a file that is not a PNG or JPEG, a file that is not a
regular one. Each case here checked clean and failed the render before."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from scenec.api import check_file, compile_file
from scenec.lang import image_header


def _png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = zlib.compress(b"\0" + b"\0" * 3)
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
            + struct.pack(">I", len(row)) + b"IDAT" + row + struct.pack(">I", zlib.crc32(b"IDAT" + row)))


def _encoded(fmt: str, size: tuple[int, int], **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, fmt, **save)
    return out.getvalue()


def test_sizes_come_from_png_and_jpeg_headers() -> None:
    assert image_header.dimensions(_encoded("PNG", (37, 21))) == (37, 21)
    assert image_header.dimensions(_encoded("JPEG", (37, 21))) == (37, 21)
    assert image_header.dimensions(_encoded("JPEG", (40, 30), progressive=True)) == (40, 30)
    exif = Image.Exif()
    exif[0x010E] = "x" * 60_000  # a big description before the size marker
    assert image_header.dimensions(_encoded("JPEG", (12, 34), exif=exif.tobytes())) == (12, 34)
    assert image_header.dimensions(_png_header(30000, 30000)) == (30000, 30000)


@pytest.mark.parametrize("data", [b"", b"garbage", b"GIF89a" + b"\0" * 20, b"\x89PNG\r\n\x1a\n\0\0", b"\xff\xd8\xff\xd9"])
def test_what_is_not_a_png_or_jpeg_is_said_so(data: bytes) -> None:
    with pytest.raises(image_header.NotAnImage):
        image_header.dimensions(data)


def _scene(folder: Path, image: str) -> Path:
    path = folder / "film.scene"
    path.write_text(f'scene {{ size 160x90\n shot a 1s {{ layer i: image(path: "{image}") }} }}\n')
    return path


def test_the_checker_refuses_what_the_renderer_would(tmp_path: Path) -> None:
    (tmp_path / "bomb.png").write_bytes(_png_header(30000, 30000))
    (tmp_path / "wide.png").write_bytes(_png_header(20000, 2))
    (tmp_path / "junk.png").write_bytes(b"garbage, not a picture")
    (tmp_path / "photo.jpg").write_bytes(_png_header(1, 1)[:8])  # a cut-short header
    os.mkfifo(tmp_path / "pipe.png")
    expected = {"bomb.png": "E2018", "wide.png": "E2018", "junk.png": "E5005", "photo.jpg": "E5005",
                "pipe.png": "E5004"}
    for name, code in expected.items():
        result = check_file(str(_scene(tmp_path, name)))
        assert [d.code for d in result.diagnostics] == [code], (name, result.diagnostics)
        assert result.diagnostics[0].span.line == 2


def test_an_image_that_checks_clean_compiles(tmp_path: Path) -> None:
    (tmp_path / "ok.jpg").write_bytes(_encoded("JPEG", (64, 48)))
    path = _scene(tmp_path, "ok.jpg")
    assert check_file(str(path)).ok
    plan, _ = compile_file(str(path))
    assert plan is not None

"""The PNG a still is written as: any image reads back pixel for pixel."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from scenec.runtime.still import png_bytes


@pytest.mark.parametrize(("height", "width"), [(1, 1), (3, 5), (37, 64)])
def test_an_image_reads_back_exactly(height: int, width: int) -> None:
    rgb = np.random.default_rng(height * 100 + width).integers(0, 256, (height, width, 3), dtype=np.uint8)
    with Image.open(io.BytesIO(png_bytes(rgb))) as img:
        assert img.mode == "RGB" and img.size == (width, height)
        assert np.array_equal(np.asarray(img), rgb)


def test_a_gradient_compresses() -> None:
    ramp = np.linspace(0, 255, 360).astype(np.uint8)
    rgb = np.repeat(np.repeat(ramp[:, None, None], 640, axis=1), 3, axis=2)
    assert len(png_bytes(rgb)) < rgb.nbytes // 50

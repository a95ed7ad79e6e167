"""An image's size from its header, without decoding it: PNG's IHDR and JPEG's SOF marker.

The checker reads the first bytes of an image a scene names (through the loader) and refuses one
that declares more pixels than the renderer draws (`limits.MAX_IMAGE_SIDE_PX`,
`MAX_IMAGE_PIXELS`) or that is not a PNG or JPEG at all, so a scene that checks clean renders.
"""

from __future__ import annotations

import struct

HEAD_BYTES = 256 * 1024  # a JPEG's size marker follows its metadata (EXIF is at most 64 KiB a segment)

_PNG = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers: every SOFn but DHT (C4), JPG (C8) and DAC (CC).
_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})


class NotAnImage(ValueError):
    """The bytes are neither a PNG nor a JPEG."""


def dimensions(head: bytes) -> tuple[int, int] | None:
    """(width, height) declared by the image whose first bytes are `head` (the whole file when
    shorter than HEAD_BYTES); None for a JPEG whose size marker lies past `head`; NotAnImage when
    the bytes are not a PNG or JPEG, or are cut short before its size."""
    if head.startswith(_PNG):
        if len(head) < 24 or head[12:16] != b"IHDR":
            raise NotAnImage("its PNG header is cut short or damaged")
        return struct.unpack(">II", head[16:24])
    if head.startswith(b"\xff\xd8"):
        size = _jpeg(head)
        if size is None and len(head) < HEAD_BYTES:  # the whole file was read
            raise NotAnImage("its JPEG header is cut short")
        return size
    raise NotAnImage("it is not a PNG or JPEG file")


def _jpeg(head: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 2 <= len(head):
        if head[at] != 0xFF:
            raise NotAnImage("its JPEG markers are damaged")
        marker = head[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            at += 2
            continue
        if marker == 0xD9 or marker == 0xDA:  # end of image, or the scan began before any size
            raise NotAnImage("its JPEG header declares no size")
        if at + 4 > len(head):
            return None
        (length,) = struct.unpack(">H", head[at + 2:at + 4])
        if length < 2:
            raise NotAnImage("its JPEG markers are damaged")
        if marker in _SOF:
            if at + 9 > len(head):
                return None
            height, width = struct.unpack(">HH", head[at + 5:at + 9])
            return width, height
        at += 2 + length
    return None

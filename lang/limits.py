"""The hard limits of scenec: how much any one input may ask for, in one place.

Each limit is checked before the work or allocation it guards, and a
request past one is a located diagnostic or a one-line error, never an
out-of-memory kill. The checker, the compiler and the runtime all read
these constants (the runtime may import this module and nothing else from
`lang/`: a plan file is untrusted input too). `docs/language.md` lists them.
"""

from __future__ import annotations

# Source files: a scene, a library it imports, a project file or knowledge overlay.
MAX_SOURCE_BYTES = 8 * 1024 * 1024

# Images a scene places: the file on disk, and the picture its header declares (checked
# before any pixel is decoded, so a few-kilobyte decompression bomb is refused).
MAX_IMAGE_BYTES = 64 * 1024 * 1024
MAX_IMAGE_SIDE_PX = 16384
MAX_IMAGE_PIXELS = 64 * 1024 * 1024

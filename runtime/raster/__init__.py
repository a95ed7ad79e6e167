"""scenec.runtime.raster: rasterise primitives into premultiplied planar RGBA and composite them.

Buffers are float32 ``(4, H, W)`` premultiplied RGBA; primitives return a
`Patch` covering their screen bounding box (or None), given scene-space
geometry and an `Affine` from scene to screen. `composite` lays patches into
a frame, `transition` blends two frames, `apply_grade` grades the flattened
RGB, and `to_rgb24` hands the encoder interleaved bytes. All functions are
pure and deterministic for a given seed.
"""

from scenec.runtime.raster.affine import Affine
from scenec.runtime.raster.buffer import (
    FrameUpdate, Patch, RasterError, Rect, clip_rect, flatten, merge_rects, new_frame, premultiplied, to_rgb24,
)
from scenec.runtime.raster.composite import BLEND_MODES, blur, composite
from scenec.runtime.raster.fills import gradient, radial
from scenec.runtime.raster.grade import Grade, apply_grade, lerp_grade
from scenec.runtime.raster.image import FITS, image
from scenec.runtime.raster.noise import NOISE_KINDS, noise
from scenec.runtime.raster.particles import PARTICLE_KINDS, particles
from scenec.runtime.raster.polys import line, path, polygon, star
from scenec.runtime.raster.shapes import circle, ellipse, rect
from scenec.runtime.raster.text import text
from scenec.runtime.raster.transitions import DIRECTIONS, TRANSITION_KINDS, transition

__all__ = [
    "Affine", "Patch", "RasterError", "new_frame", "flatten", "premultiplied", "to_rgb24",
    "FrameUpdate", "Rect", "clip_rect", "merge_rects",
    "composite", "blur", "BLEND_MODES",
    "rect", "circle", "ellipse", "polygon", "star", "line", "path",
    "gradient", "radial", "noise", "NOISE_KINDS", "particles", "PARTICLE_KINDS",
    "text", "image", "FITS",
    "transition", "TRANSITION_KINDS", "DIRECTIONS",
    "Grade", "apply_grade", "lerp_grade",
]

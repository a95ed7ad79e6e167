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

# Lets whose value holds other lets (`let b = mix(a, a, 50%)`) are evaluated by recursion, so
# their nesting is capped; a chain of plain aliases (`let b = a`) is followed in a loop, uncapped.
MAX_LET_NESTING = 64
# A palette `extends` chain, walked in a loop; each palette holds its bases' colors.
MAX_PALETTE_CHAIN = 64

# The frame: what H.264 and VP9 encode (even sides, at most 8K UHD wide) and a pixel cap
# (8K UHD), checked before a frame buffer is allocated.
MIN_FRAME_SIDE_PX = 16
MAX_FRAME_SIDE_PX = 7680
MAX_FRAME_PIXELS = 7680 * 4320

# Time: the frame rate, and the film's length; in seconds, so that a frame rate given on the
# command line cannot lengthen a checked film past MAX_FILM_FRAMES.
MIN_FPS = 1
MAX_FPS = 120
MAX_FILM_S = 3600
MAX_FILM_FRAMES = MAX_FILM_S * MAX_FPS

# The film's structure, counted before templates are expanded: shots per film, layers per
# shot after expansion, layers the whole film expands to, and templates inside templates.
MAX_SHOTS = 1000
MAX_LAYERS_PER_SHOT = 20_000  # a crowd of built-in people (about 130 layers each) fits
MAX_FILM_LAYERS = 200_000
MAX_TEMPLATE_DEPTH = 16
# Sounds (`audio` statements) mixed at once: in the scene (each lasts the film) and in one shot
# (each lasts the shot); each is synthesised for the whole time it lasts, so the count is capped.
MAX_AUDIO_PER_BLOCK = 32

# What one layer may ask for.
MAX_PARTICLES = 20_000
# Particles one shot draws, templates' included (a count set by a parameter or a let counts as
# MAX_PARTICLES): each keeps its state for the whole shot and is drawn every frame.
MAX_PARTICLES_PER_SHOT = 500_000
# A particle's size (% of the frame's shorter side, or px) and speed (times the kind's own):
# past these each particle's streak or splat covers the frame, at a cost in proportion to it.
MAX_PARTICLE_SIZE = 10
MAX_PARTICLE_SPEED = 20
# Sizes a picture divides by: a noise's feature size and a radial gradient's radius (% or px),
# and a camera zoom factor.
MIN_EXTENT = 0.1
MIN_ZOOM = 0.01
MAX_POLYGON_POINTS = 4096
MAX_TEXT_CHARS = 2000
# A blur radius, as a share of the frame's longer side: wider ones draw the same even haze,
# at a cost (and a padded patch) that grows with the radius squared.
MAX_BLUR_SHARE = 0.25

# Literals: a string's length (checked on the token, before its value is built) and any
# number's magnitude, so every value computed from checked ones stays finite.
MAX_STRING_CHARS = 10_000
MAX_NUMBER_MAGNITUDE = 1e12  # whole numbers (a seed) may be this large; other numbers MAX_NUMBER
MAX_NUMBER = 1e9

# Diagnostics: one file reports at most this many, then one "and N more".
MAX_DIAGNOSTICS_PER_FILE = 200


def frame_size_problem(width: int, height: int, *, even: bool = True) -> str | None:
    """Why a frame of `width`x`height` pixels cannot be made, or None when it can; `even=False`
    for a still or a size the renderer rounds to even sides itself."""
    for side, what in ((width, "width"), (height, "height")):
        if not MIN_FRAME_SIDE_PX <= side <= MAX_FRAME_SIDE_PX or (even and side % 2):
            return (f"the frame {what} must be {'even and ' if even else ''}between {MIN_FRAME_SIDE_PX} and {MAX_FRAME_SIDE_PX} "
                    f"pixels, found {side}")
    if width * height > MAX_FRAME_PIXELS:
        return f"the frame has {width * height} pixels, more than the {MAX_FRAME_PIXELS} (7680x4320) allowed"
    return None

# The sane range of each kind of quantity (in the unit written: px or %, degrees or turns, x,
# dB, Hz or bpm, seconds), past which a value means nothing on screen or in the mix.
MAX_LENGTH = 1e6
MAX_ANGLE = 1e6
MAX_FACTOR = 1e4
MIN_DECIBEL, MAX_DECIBEL = -200.0, 40.0
MAX_FREQUENCY = 1e6

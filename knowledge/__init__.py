"""scenec.knowledge: registries of film knowledge, data plus pure lookups.

Nothing here imports the compiler, the runtime or the TUI. Typical use:

    world = build_world(data_dir)          # built once at the edge (CLI, TUI, LSP), passed down
    reg = world.registry
    palette(reg, "sunset").color("sky")    # RGBA floats 0..1
    names(reg, Kind.GENRE)                 # for enum checks
"""

from scenec.knowledge.arcs import intensity
from scenec.knowledge.colors import (
    RGBA,
    alpha,
    darken,
    hsl,
    hsl_to_rgb,
    lighten,
    mix,
    named,
    oklab_to_srgb,
    parse_color,
    parse_hex,
    rgb,
    srgb_to_oklab,
    to_hex,
)
from scenec.knowledge.errors import ColorError, KnowledgeError, UnknownEntry
from scenec.knowledge.lookup import (
    ambient_sound,
    arc,
    genre,
    get,
    lut,
    mood,
    music_mood,
    names,
    origin,
    palette,
    sfx,
    style,
    time_of_day,
    wave,
    weather,
)
from scenec.knowledge.paths import data_dir
from scenec.knowledge.registry import Registry, load_registry
from scenec.knowledge.specs import Kind
from scenec.knowledge.suggest import suggest
from scenec.knowledge.world import Knowledge, build_world

__all__ = [
    "RGBA", "ColorError", "Kind", "Knowledge", "KnowledgeError", "Registry", "UnknownEntry",
    "alpha", "ambient_sound", "arc", "build_world", "darken", "data_dir", "genre", "get",
    "hsl", "hsl_to_rgb", "intensity", "lighten", "load_registry", "lut", "mix", "mood",
    "music_mood", "named", "names", "oklab_to_srgb", "origin", "palette", "parse_color",
    "parse_hex", "rgb", "sfx", "srgb_to_oklab", "style", "suggest", "time_of_day", "to_hex",
    "wave", "weather",
]  # fmt: skip

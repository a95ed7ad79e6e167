"""scenec.knowledge: registries of film knowledge, data plus pure lookups.

Nothing here imports the compiler, the runtime or the TUI. Typical use:

    world = build_world(data_dir)          # built once at the edge (CLI, TUI, LSP), passed down
    reg = world.registry
    palette(reg, "sunset").color("sky")    # RGBA floats 0..1
    names(reg, Kind.GENRE)                 # for enum checks
"""

import importlib

# Each public name and the module that defines it, imported on first use (PEP 562): a
# `check` that needs the registry does not pay for arcs, colour science or the object catalog.
_EXPORTS: dict[str, str] = {
    "intensity": "arcs",
    "RGBA": "colors", "alpha": "colors", "darken": "colors", "hsl": "colors",
    "hsl_to_rgb": "colors", "lighten": "colors", "mix": "colors", "named": "colors",
    "oklab_to_srgb": "colors", "parse_color": "colors", "parse_hex": "colors", "rgb": "colors",
    "srgb_to_oklab": "colors", "to_hex": "colors",
    "ColorError": "errors", "KnowledgeError": "errors", "UnknownEntry": "errors",
    "ambient_sound": "lookup", "arc": "lookup", "genre": "lookup", "get": "lookup", "lut": "lookup",
    "mood": "lookup", "music_mood": "lookup", "names": "lookup", "origin": "lookup",
    "palette": "lookup", "sfx": "lookup", "style": "lookup", "time_of_day": "lookup",
    "wave": "lookup", "weather": "lookup",
    "data_dir": "paths",
    "Registry": "registry", "load_registry": "registry",
    "Kind": "specs",
    "suggest": "suggest",
    "Knowledge": "world", "build_world": "world",
}


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'scenec.knowledge' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"scenec.knowledge.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


__all__ = [
    "RGBA", "ColorError", "Kind", "Knowledge", "KnowledgeError", "Registry", "UnknownEntry",
    "alpha", "ambient_sound", "arc", "build_world", "darken", "data_dir", "genre", "get",
    "hsl", "hsl_to_rgb", "intensity", "lighten", "load_registry", "lut", "mix", "mood",
    "music_mood", "named", "names", "oklab_to_srgb", "origin", "palette", "parse_color",
    "parse_hex", "rgb", "sfx", "srgb_to_oklab", "style", "suggest", "time_of_day", "to_hex",
    "wave", "weather",
]  # fmt: skip

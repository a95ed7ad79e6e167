"""What the dashboard is started with: built once by the CLI (or a test)
and passed to `make_app`; nothing in the app reads the environment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from scenec.tui.pixels import graphics_protocol


@dataclass(frozen=True, slots=True)
class TuiOptions:
    path: Path | None = None  # the file to open; None: a new untitled scene
    data_home: Path | None = None  # the data directory (cache, learning store, learned knowledge); None: none used
    knowledge_overlays: tuple[Path, ...] = ()  # the project's knowledge-overlays folders, under the learned ones
    render_size: tuple[int, int] | None = None  # None: the scene's own size
    render_workers: int | None = None  # None: a segment per core at once (threads of the render's process on up to 2 cores)
    render_cache: bool = True
    check_delay_s: float = 0.15  # debounce between an edit and its check
    graphics: str | None = None  # 'kitty', 'iterm', 'sixel' or None for half blocks


def options_from_environment(path: Path | None, environ: Mapping[str, str], data_home: Path | None,
                             **overrides) -> TuiOptions:
    """`data_home` and `knowledge_overlays` (an override) come from the CLI's edge, which resolved them."""
    return TuiOptions(path=path, data_home=data_home, graphics=graphics_protocol(environ), **overrides)

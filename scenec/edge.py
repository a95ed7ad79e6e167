"""The edge of one command run: the data directory, resolved once, and the knowledge worlds built from it.

`scenec.cli.main` makes one `Edge` per command from the settings of the
command's project (the input file's, else the working folder's): the data
directory is `$SCENEC_HOME` (else the platform's), moved by a `data-dir` in
scenec.toml, exactly once. Commands read `args.edge.data_dir` and ask for a
world with `world()` (the command's project) or `world_for(path)` (an input
file's project, for commands over many files); a world is built once per
(data directory, project overlays) and handed down, never looked up below.
Nothing is stored in the environment or in a module global.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scenec.config import ConfigError, Settings, load_settings
from scenec.knowledge.world import Knowledge, build_world


@dataclass(frozen=True, slots=True)
class Edge:
    """What a command knows of its surroundings; `settings` is None when the project's scenec.toml is broken
    (the command reports that where it reads settings itself)."""

    data_dir: Path
    settings: Settings | None = None
    _worlds: dict[tuple[Path, tuple[Path, ...]], Knowledge] = field(default_factory=dict, repr=False)

    @classmethod
    def at(cls, start: Path) -> Edge:
        """The edge for a command started on `start` (a file or folder)."""
        try:
            settings = load_settings(start)
        except (ConfigError, OSError):
            from scenec.knowledge.paths import data_dir
            return cls(data_dir())
        assert settings.data_dir is not None  # load_settings always resolves one
        return cls(settings.data_dir, settings)

    def world(self) -> Knowledge:
        """The world of the command's project: its overlays, then the data directory's learned ones."""
        overlays = self.settings.knowledge_overlays if self.settings is not None else ()
        return self._world(self.data_dir, overlays)

    def world_of(self, settings: Settings) -> Knowledge:
        """The world for a file whose project settings are `settings`."""
        assert settings.data_dir is not None
        return self._world(settings.data_dir, settings.knowledge_overlays)

    def world_for(self, path: str | Path) -> Knowledge:
        """The world for `path`'s project; raises ConfigError for a broken scenec.toml."""
        return self.world_of(load_settings(Path(path)))

    def _world(self, home: Path, overlays: tuple[Path, ...]) -> Knowledge:
        key = (home, overlays)
        if key not in self._worlds:
            self._worlds[key] = build_world(home, overlays)
        return self._worlds[key]


def edge_of(args) -> Edge:
    """The command's edge: the one `scenec.cli.main` made, else (a command run called directly) one
    for its input file or the working folder."""
    edge = getattr(args, "edge", None)
    if edge is not None:
        return edge
    file = getattr(args, "file", None)
    return Edge.at(Path(file) if file and file != "-" else Path.cwd())

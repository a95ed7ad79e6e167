"""The edge of one command run: the data directory, resolved once, and the knowledge worlds built from it.

`scenec.cli.main` makes one `Edge` per command from the settings of the
command's project (the input file's, else the working folder's): the data
directory is `$SCENEC_HOME` (else the platform's), moved by a `data-dir` in
the user's config.toml (or, with `--trust-project`, in scenec.toml), exactly
once. Project settings left out at the trust boundary are warned about once
per run (`warn_ignored`), one line each. Commands read `args.edge.data_dir` and ask for a
world with `world()` (the command's project) or `world_for(path)` (an input
file's project, for commands over many files); a world is built once per
(data directory, project overlays) and handed down, never looked up below.
Nothing is stored in the environment or in a module global.
"""

from __future__ import annotations

import sys
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
    trust_project: bool = False
    config_error: ConfigError | None = None  # why `settings` is None
    _worlds: dict[tuple[Path, tuple[Path, ...]], Knowledge] = field(default_factory=dict, repr=False)
    _warned: set[tuple[str, str]] = field(default_factory=set, repr=False)

    @classmethod
    def at(cls, start: Path, trust_project: bool = False) -> Edge:
        """The edge for a command started on `start` (a file or folder)."""
        try:
            settings = load_settings(start, trust_project=trust_project)
        except ConfigError as error:
            from scenec.knowledge.paths import data_dir
            return cls(data_dir(), trust_project=trust_project, config_error=error)
        except OSError:
            from scenec.knowledge.paths import data_dir
            return cls(data_dir(), trust_project=trust_project)
        assert settings.data_dir is not None  # load_settings always resolves one
        return cls(settings.data_dir, settings, trust_project)

    def settings_problem(self) -> str | None:
        """The rendered diagnostic of a broken settings file, for commands that use the data directory
        without reading settings themselves (their data directory would otherwise be a guess)."""
        return self.config_error.render() if self.config_error is not None else None

    def warn_ignored(self, settings: Settings | None = None) -> None:
        """One warning line on stderr per project setting left out at the trust boundary, once per run."""
        settings = settings if settings is not None else self.settings
        if settings is None:
            return
        for ignored in settings.ignored:
            key = (str(settings.project_file), ignored.key)
            if key not in self._warned:
                self._warned.add(key)
                print(ignored.warning(), file=sys.stderr)

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
        settings = load_settings(Path(path), trust_project=self.trust_project)
        self.warn_ignored(settings)
        return self.world_of(settings)

    def _world(self, home: Path, overlays: tuple[Path, ...]) -> Knowledge:
        key = (home, overlays)
        if key not in self._worlds:
            from scenec.knowledge.diskcache import install_folder

            self._worlds[key] = build_world(home, overlays, shared_cache=install_folder())
        return self._worlds[key]


def edge_of(args) -> Edge:
    """The command's edge: the one `scenec.cli.main` made, else (a command run called directly) one
    for its input file or the working folder."""
    edge = getattr(args, "edge", None)
    if edge is not None:
        return edge
    file = getattr(args, "file", None)
    return Edge.at(Path(file) if file and file != "-" else Path.cwd(), bool(getattr(args, "trust_project", False)))

"""The knowledge world: everything a check, compile, translation, LSP or TUI session knows.

Reads the built-in knowledge shipped in `scenec.knowledge/data`, then the
overlay folders in order of precedence, lowest first:

    built-ins < the project's `knowledge-overlays` folders (scenec.toml order) < learned (`<data dir>/knowledge/`)

and produces one frozen `Knowledge`: the registry, objects, places,
vocabulary, name syllables and the sources of the built-in templates. It is
built at the edge (the CLI per command, the TUI and the LSP per session) and
handed down explicitly; nothing below the edge loads knowledge behind its
back, and there is no process-global cache to clear. A change to the
overlays (a learned suggestion applied or reverted) is seen by building a
new world (`Knowledge.rebuilt()`).

Parts derived from a world that are costly to compute (the parsed built-in
templates, the checker's name tables) are memoised on the world itself with
`Knowledge.memo`, so they live exactly as long as the world does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from scenec.knowledge.names import Syllables, load_syllables
from scenec.knowledge.objects import Objects, load_objects
from scenec.knowledge.paths import overlay_folders
from scenec.knowledge.places import Places, load_places
from scenec.knowledge.registry import Registry, load_registry
from scenec.knowledge.vocabulary import Vocabulary, load_vocabulary

T = TypeVar("T")


@dataclass(frozen=True, slots=True, eq=False)
class Knowledge:
    """One consistent view of the knowledge; compared by identity, never mutated.

    `data_dir` is the data directory whose learned overlays were read (None:
    built-ins and project overlays only); `project_overlays` the project's
    folders; `overlay_dirs` every folder read after the built-ins, lowest
    precedence first. `template_sources` maps a shipped object library's file
    name to its text (`lang.builtins.builtin_templates(world)` parses them).
    """

    registry: Registry
    objects: Objects
    places: Places
    vocabulary: Vocabulary
    syllables: Mapping[str, Syllables]
    template_sources: Mapping[str, str]
    data_dir: Path | None
    project_overlays: tuple[Path, ...]
    overlay_dirs: tuple[Path, ...]
    # Derived parts, computed at most once per world (see `memo`); not part of the world's identity.
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """The part `key` derived from this world, computed by `compute()` the first time it is asked for.

        Keys are namespaced by the module that derives the part ("lang.templates").
        """
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def rebuilt(self) -> Knowledge:
        """A new world from the same folders, read again (after an overlay changed)."""
        return build_world(self.data_dir, self.project_overlays)


def builtin_template_sources() -> Mapping[str, str]:
    """File name → text of every shipped object library (`data/objects/*.scene`), in name order."""
    folder = resources.files("scenec.knowledge").joinpath("data").joinpath("objects")
    if not folder.is_dir():
        return MappingProxyType({})
    return MappingProxyType({entry.name: entry.read_text(encoding="utf-8")
                             for entry in sorted(folder.iterdir(), key=lambda e: e.name)
                             if entry.name.endswith(".scene")})


def build_world(data_dir: Path | None = None, project_overlays: Sequence[Path] = ()) -> Knowledge:
    """Read and validate every registry once: built-ins < `project_overlays` < `data_dir/knowledge/`.

    Raises `KnowledgeError` naming the file, entry and key of the first problem.
    """
    home = Path(data_dir) if data_dir is not None else None
    projects = tuple(Path(folder) for folder in project_overlays)
    return Knowledge(
        registry=load_registry(home, projects),
        objects=load_objects(home, projects),
        places=load_places(home, projects),
        vocabulary=load_vocabulary(home, projects),
        syllables=MappingProxyType(load_syllables(home, projects)),
        template_sources=builtin_template_sources(),
        data_dir=home,
        project_overlays=projects,
        overlay_dirs=overlay_folders(home, projects),
    )

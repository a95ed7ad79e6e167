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

The registry is read when the world is built. The parts only the translator
and the name reserve need (objects, places, vocabulary, syllables) are read
from the same folders the first time they are asked for, so `scenec check`
does not pay for them; `loaded()` reads them all at once (to validate every
file, as applying a suggestion does). They, and other costly derived parts
(the parsed built-in templates, the checker's name tables), are memoised on
the world itself with `Knowledge.memo`, so they live exactly as long as the
world does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from scenec.knowledge.diskcache import DiskCache
from scenec.knowledge.paths import overlay_folders
from scenec.knowledge.registry import Registry, load_registry

if TYPE_CHECKING:  # each part's module is imported when the part is first read: `check` reads none
    from scenec.knowledge.names import Syllables
    from scenec.knowledge.objects import Objects
    from scenec.knowledge.places import Places
    from scenec.knowledge.vocabulary import Vocabulary

T = TypeVar("T")


@dataclass(frozen=True, slots=True, eq=False)
class Knowledge:
    """One view of the knowledge; compared by identity, never changed once a part is read.

    `data_dir` is the data directory whose learned overlays are read (None:
    built-ins and project overlays only); `project_overlays` the project's
    folders; `overlay_dirs` every folder read after the built-ins, lowest
    precedence first. `template_sources` maps a shipped object library's file
    name to its text (`lang.builtins.builtin_templates(world)` parses them).
    """

    registry: Registry
    template_sources: Mapping[str, str]
    data_dir: Path | None
    project_overlays: tuple[Path, ...]
    overlay_dirs: tuple[Path, ...]
    # Where derived data (the built registry, parsed built-in templates) is kept between runs:
    # `<data_dir>/cache/derived/`, None without a data directory (see diskcache.py).
    cache: DiskCache | None = None
    # Parts computed at most once per world (see `memo`); not part of the world's identity.
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """The part `key` of this world, computed by `compute()` the first time it is asked for.

        Keys are namespaced by the module that derives the part ("lang.templates").
        Two threads asking at once may both compute; the first value stored is kept.
        """
        if key not in self._memo:
            value = compute()
            return self._memo.setdefault(key, value)
        return self._memo[key]

    @property
    def objects(self) -> Objects:
        """The things a sentence can name (`objects.yaml` and its overlays)."""
        from scenec.knowledge.objects import load_objects

        return self.memo("knowledge.objects", lambda: load_objects(self.data_dir, self.project_overlays, self.cache))

    @property
    def places(self) -> Places:
        """The backdrops a sentence can set a film in (`places.yaml` and its overlays)."""
        from scenec.knowledge.places import load_places

        return self.memo("knowledge.places", lambda: load_places(self.data_dir, self.project_overlays, self.cache))

    @property
    def vocabulary(self) -> Vocabulary:
        """The translator's words (`words.yaml`, overlays and learned words)."""
        from scenec.knowledge.vocabulary import load_vocabulary

        return self.memo("knowledge.vocabulary", lambda: load_vocabulary(self.data_dir, self.project_overlays))

    @property
    def syllables(self) -> Mapping[str, Syllables]:
        """The name generator's syllables by kind (`names.yaml` and its overlays)."""
        from scenec.knowledge.names import load_syllables

        return self.memo("knowledge.syllables",
                         lambda: MappingProxyType(load_syllables(self.data_dir, self.project_overlays)))

    def loaded(self) -> Knowledge:
        """This world with every part read, so a broken file of any kind raises `KnowledgeError` now."""
        for part in (self.objects, self.places, self.vocabulary, self.syllables):
            assert part is not None
        return self

    def rebuilt(self) -> Knowledge:
        """A new world from the same folders, read again (after an overlay changed)."""
        return build_world(self.data_dir, self.project_overlays, self.cache.shared if self.cache else None)


def builtin_template_sources() -> Mapping[str, str]:
    """File name → text of every shipped object library (`data/objects/*.scene`), in name order."""
    folder = resources.files("scenec.knowledge").joinpath("data").joinpath("objects")
    if not folder.is_dir():
        return MappingProxyType({})
    return MappingProxyType({entry.name: entry.read_text(encoding="utf-8")
                             for entry in sorted(folder.iterdir(), key=lambda e: e.name)
                             if entry.name.endswith(".scene")})


def build_world(data_dir: Path | None = None, project_overlays: Sequence[Path] = (),
                shared_cache: Path | None = None) -> Knowledge:
    """The world of built-ins < `project_overlays` < `data_dir/knowledge/`, its registry read and validated.

    `shared_cache` is the install's folder of derived data (`diskcache.install_folder()`; the CLI
    passes it), read before the data directory's.

    Raises `KnowledgeError` naming the file, entry and key of the first problem
    in a registry file (other parts raise when first read; see `loaded`).
    """
    home = Path(data_dir) if data_dir is not None else None
    projects = tuple(Path(folder) for folder in project_overlays)
    cache = DiskCache(home / "cache" / "derived", shared_cache) if home is not None else None
    return Knowledge(
        registry=load_registry(home, projects, cache),
        template_sources=builtin_template_sources(),
        data_dir=home,
        project_overlays=projects,
        overlay_dirs=overlay_folders(home, projects),
        cache=cache,
    )

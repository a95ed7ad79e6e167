"""The knowledge a translation reads, loaded once per data directory and passed down."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from scenec.knowledge.objects import Objects, load_objects
from scenec.knowledge.places import Places, load_places
from scenec.knowledge.registry import Registry, load_registry
from scenec.knowledge.vocabulary import Vocabulary, load_vocabulary
from scenec.lang.builtins import builtin_templates


@dataclass(frozen=True, slots=True, eq=False)
class Knowledge:
    vocab: Vocabulary
    objects: Objects
    places: Places
    registry: Registry
    templates: frozenset[str]


@functools.cache
def load_knowledge(data_dir: Path | None = None) -> Knowledge:
    return Knowledge(load_vocabulary(data_dir), load_objects(data_dir), load_places(data_dir),
                     load_registry(data_dir), frozenset(builtin_templates()))


def clear_caches() -> None:
    """Forget loaded knowledge (after learning a word or editing an overlay in a long-running process)."""
    load_knowledge.cache_clear()
    load_vocabulary.cache_clear()
    load_objects.cache_clear()
    load_places.cache_clear()

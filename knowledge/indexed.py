"""Registries looked up by name and by the words people use for their entries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from scenec.knowledge.errors import UnknownEntry
from scenec.knowledge.suggest import suggest

T = TypeVar("T")


def normalise_word(text: str) -> str:
    """Lower case, single spaces: "Teddy  Bear" → "teddy bear"."""
    return " ".join(text.lower().split())


@dataclass(frozen=True, slots=True, eq=False)
class WordIndexed(Generic[T]):
    """Entries by name, and an index from words and multi-word terms to entry names."""

    entries: Mapping[str, T]
    word_index: Mapping[str, str]
    KIND: ClassVar[str] = "entry"

    def names(self) -> tuple[str, ...]:
        return tuple(self.entries)

    def lookup(self, name: str) -> T:
        """The entry `name`; raises `UnknownEntry` (with a did-you-mean) when there is none."""
        if name not in self.entries:
            raise UnknownEntry(self.KIND, name, suggest(name, self.entries), tuple(self.entries))
        return self.entries[name]

    def by_word(self, word: str) -> T | None:
        """The entry a word or term means ("puppies", "City  Street"), or None."""
        name = self.word_index.get(normalise_word(word))
        return None if name is None else self.entries[name]

    def words(self) -> dict[str, str]:
        """Every word and multi-word term → the entry name it means."""
        return dict(self.word_index)

"""Exceptions raised by the knowledge registries."""

from __future__ import annotations


class KnowledgeError(ValueError):
    """A knowledge data file is malformed; the message names file, entry and key."""


class ColorError(ValueError):
    """A color literal or color function argument is invalid."""


class UnknownEntry(KeyError):
    """A lookup named an entry that the registry does not hold.

    `str()` gives the plain message (KeyError would otherwise quote it);
    `name`, `kind` and `suggestion` let a caller build its own diagnostic.
    """

    def __init__(self, kind: str, name: str, suggestion: str | None, known: tuple[str, ...]) -> None:
        hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
        message = f"unknown {kind} '{name}'{hint}; known: {', '.join(known)}"
        super().__init__(message)
        self.kind = kind
        self.name = name
        self.suggestion = suggestion
        self.known = known
        self.message = message

    def __str__(self) -> str:
        return self.message

"""What every pass may read besides its IR: the knowledge world, its registry and the options.

The world is built at the edge (CLI, TUI, LSP, `scenec.api`) and handed
down here; passes read `registry` (the world's, kept as a field because the
`lookup.*(ctx.registry, …)` calls take a `Registry`) and never load
knowledge themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from scenec.compiler.options import CompileOptions
from scenec.knowledge.registry import Registry
from scenec.knowledge.world import Knowledge


@dataclass(frozen=True)
class PassContext:
    registry: Registry
    options: CompileOptions = CompileOptions()
    knowledge: Knowledge | None = None  # the world `registry` came from, when the caller had one

    @classmethod
    def of(cls, world: Knowledge, options: CompileOptions | None = None) -> PassContext:
        """The context for compiling against `world`."""
        return cls(world.registry, options or CompileOptions(), world)

"""What every pass may read besides its IR: the knowledge registry and the options."""

from __future__ import annotations

from dataclasses import dataclass

from scenec.compiler.options import CompileOptions
from scenec.knowledge.registry import Registry


@dataclass(frozen=True)
class PassContext:
    registry: Registry
    options: CompileOptions = CompileOptions()

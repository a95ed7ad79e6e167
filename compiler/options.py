"""Compile options: built once by the CLI or dashboard, passed down, never global."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CompileOptions:
    size: tuple[int, int] | None = None  # override the scene's `size`
    fps: int | None = None  # override the scene's `fps`

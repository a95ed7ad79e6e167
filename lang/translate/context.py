"""The knowledge a translation reads: the `Knowledge` world, built at the edge and passed down.

The translator reads the world's vocabulary, objects, places and registry,
and the names of its built-in templates (`template_names`, memoised on the
world). It loads nothing itself: a caller without a world of its own gets
`build_world(data_dir)` in `translate`, read afresh.
"""

from __future__ import annotations

from scenec.knowledge.world import Knowledge, build_world
from scenec.lang.builtins import builtin_templates

__all__ = ["Knowledge", "build_world", "template_names"]


def template_names(world: Knowledge) -> frozenset[str]:
    """The names of the world's built-in templates (what an object entry may draw with)."""
    return world.memo("lang.translate.template_names", lambda: frozenset(builtin_templates(world)))

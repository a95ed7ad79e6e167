"""The compiler pipeline: a tuple of passes run in order, as sqlglot's optimizer does.

`resolve` turns the checked AST into the scene IR; every later pass is a
pure function `run(ir, ctx) -> ir`; `plan` returns the render plan. A
callback after each pass gives `--dump-after PASS` for free.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable

from scenec.compiler.context import PassContext
from scenec.compiler.passes import audio, cinematography, defaults, depth, lighting, narrative, plan, resolve
from scenec.compiler.plan import Plan
from scenec.lang.checker import CheckResult
from scenec.lang.gcpause import gc_paused
from scenec.lang.span import Span

PASSES = (resolve, narrative, cinematography, depth, lighting, audio, plan)
PASS_NAMES = tuple(p.NAME for p in PASSES)


def describe_passes() -> list[tuple[str, str]]:
    """Each pass's name and the first line of its contract."""
    return [(p.NAME, (p.__doc__ or "").strip().splitlines()[0]) for p in PASSES]


def run_passes(check: CheckResult, ctx: PassContext,
               after: Callable[[str, object], None] | None = None) -> Plan:
    cache = ctx.knowledge.cache if ctx.knowledge is not None else None
    # see lang/gcpause.py: the IRs only grow while the passes run; signature defaults are
    # read back parsed (passes/defaults.py)
    with gc_paused(), defaults.kept_in(cache):
        ir = resolve.run(check, ctx.options)
        if after is not None:
            after(resolve.NAME, ir)
        for module in PASSES[1:]:
            ir = module.run(ir, ctx)
            if after is not None:
                after(module.NAME, ir)
        return ir


def dump(value) -> object:
    """An IR (or plan) as plain JSON-ready data, spans as `file:line:col`."""
    if isinstance(value, Span):
        return f"{value.file}:{value.line}:{value.column}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [dump(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(dump(v) for v in value)
    if isinstance(value, dict):
        return {str(k): dump(v) for k, v in value.items()}
    return value

"""Signature help: the parameters of the call the cursor is in, the one being written marked.

Reads the text before the cursor the way completion does (`complete.context_at`:
the innermost open `(` that is a call, and the argument the cursor is in),
and the parameter tables (`analysis.callee_params`: primitives and templates
after `layer NAME:`, motions after `motion`, grade operations, color
functions). The active parameter is the one named before `:` in the current
argument, else the positional one; a tuple inside an argument (`at: (…)`)
keeps its argument active.
"""

from __future__ import annotations

import re

from lsprotocol import types

from scenec.lang.signatures import PRIMITIVES
from scenec.lsp.analysis import Analysis, callee_params, describe_param
from scenec.lsp.complete import blank_comments_and_strings, context_at

_NAMED = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_-]*)\s*:")
_KIND_WORD = {"layer": "primitive", "motion": "motion", "grade": "grade operation", "call": "color function"}


def signature_help(text: str, offset: int, analysis: Analysis | None) -> types.SignatureHelp | None:
    ctx = context_at(text, offset)
    if ctx.in_tuple:  # `at: (10%, |`: the argument holding the tuple is the active one
        ctx = context_at(text, _tuple_start(text, offset))
    if ctx.call is None or ctx.call_kind is None:
        return None
    if analysis is not None:
        specs = callee_params(analysis, ctx.call_kind, ctx.call)
    else:
        specs = PRIMITIVES.get(ctx.call) if ctx.call_kind == "layer" else _builtin_params(ctx)
    if specs is None:
        return None
    labels = [describe_param(s).split("  range")[0] for s in specs]
    head = f"{ctx.call}("
    parameters, at = [], len(head)
    for spec, label in zip(specs, labels):
        parameters.append(types.ParameterInformation(label=(at, at + len(label)), documentation=spec.doc or None))
        at += len(label) + 2
    named = _NAMED.match(ctx.arg_text)
    if named:
        active = next((i for i, s in enumerate(specs) if s.name == named.group(1)), None)
    else:
        active = ctx.arg_index if ctx.arg_index < len(specs) else None
    kind = _KIND_WORD.get(ctx.call_kind, "")
    if ctx.call_kind == "layer" and ctx.call not in PRIMITIVES:
        kind = "template"
    signature = types.SignatureInformation(label=head + ", ".join(labels) + ")", documentation=kind or None,
                                           parameters=parameters, active_parameter=active)
    return types.SignatureHelp(signatures=[signature], active_signature=0, active_parameter=active)


def _builtin_params(ctx):
    """The built-in tables alone (no analysis yet: the first check has not finished)."""
    from scenec.lang.signatures import COLOR_FUNCTIONS, GRADE_OPS, MOTIONS
    return {"motion": MOTIONS, "grade": GRADE_OPS, "call": COLOR_FUNCTIONS}.get(ctx.call_kind, {}).get(ctx.call)


def _tuple_start(text: str, offset: int) -> int:
    """The offset of the innermost unclosed `(` before `offset`."""
    before = blank_comments_and_strings(text[:offset])
    depth = 0
    for i in range(offset - 1, -1, -1):
        c = before[i]
        if c in ")]":
            depth += 1
        elif c in "([":
            if depth == 0:
                return i
            depth -= 1
    return offset

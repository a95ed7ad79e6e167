"""What an unparsed statement seems to define, read from its text alone (no parser needed).

Error recovery (`recover.py`) keeps the text of a statement that did not
parse as an `ast.ErrorStatement`/`ast.ErrorItem`; the checker asks these
functions which name it would have defined, so that its uses are not
reported again. Kept apart from `recover.py` so that the checker imports no
Lark: a check whose trees come from the disk cache never loads the parser.
"""

from __future__ import annotations

import re

_DEFINES = re.compile(r"(?:[A-Za-z_][\w-]*\s+)?([A-Za-z_][\w-]*)\s*:")
ANY_NAME = "*"


def defined_name(text: str) -> str | None:
    """The name the text of an unparsed statement seems to define, so that its uses are
    not reported again: `layr sea: rect(…)` → `sea`, `sun: circle(…)` → `sun`;
    `ANY_NAME` for a `layer` whose name is lost."""
    text = text.lstrip("([{\" ")  # a slip before the statement: `(layer sun: …`
    found = _DEFINES.match(text)
    if found and found.group(1) != "layer":
        return found.group(1)
    return ANY_NAME if text.startswith("layer") else None


_DEFINES_LET = re.compile(r"(?:let\s+)?([A-Za-z_][\w-]*)\s*=")


def defined_let(text: str) -> str | None:
    """The `let` name the text of an unparsed item seems to define; `ANY_NAME` if it is lost,
    or if the item looks like an import (whose file may define any name)."""
    if text.startswith("import") or '.scene"' in text:
        return ANY_NAME
    text = text.lstrip("([{\" ")
    found = _DEFINES_LET.match(text)
    if found and found.group(1) != "let":
        return found.group(1)
    return ANY_NAME if text.startswith("let") else None

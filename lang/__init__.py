"""scenec.lang: grammar, parser, typed AST, checker, diagnostics, formatter.

Lark imports interegular, when it is installed, for the regex-collision
check of `strict=True`, which only the grammar's test runs (interegular is a
test dependency); its import is a tenth of `scenec check`'s start-up. So
Lark is first imported here with interegular hidden, and `parser._Front`
hands it to Lark's lexer module when a strict grammar is asked for.
"""

import sys

if "lark" not in sys.modules and "interegular" not in sys.modules:
    sys.modules["interegular"] = None  # type: ignore[assignment]  # `import interegular` raises ImportError
    try:
        import lark.lexer  # noqa: F401
    finally:
        del sys.modules["interegular"]

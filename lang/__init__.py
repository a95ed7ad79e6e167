"""scenec.lang: grammar, parser, typed AST, checker, diagnostics, formatter."""

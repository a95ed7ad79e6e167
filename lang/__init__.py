"""scenec.lang: grammar, parser, typed AST, checker, diagnostics, formatter.

Lark is imported by the parser when it first parses (`parser._import_lark`,
with interegular hidden from it: only the grammar's strict test needs it), so
a command whose files' trees come from the disk cache imports no Lark.
"""

"""scenec.lsp: the language server."""

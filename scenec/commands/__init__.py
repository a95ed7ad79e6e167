"""One module per command group of the `scenec` CLI."""

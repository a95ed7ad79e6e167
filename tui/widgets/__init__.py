"""scenec.tui.widgets."""

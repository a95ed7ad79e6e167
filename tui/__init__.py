"""scenec.tui: the Textual dashboard."""

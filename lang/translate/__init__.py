"""scenec.lang.translate."""

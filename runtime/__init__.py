"""scenec.runtime: executes a render plan into frames, sound and files."""

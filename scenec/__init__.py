"""scenec: compile a declarative scene language into video."""

__version__ = "0.1.0"

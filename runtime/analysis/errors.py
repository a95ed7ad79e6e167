"""The one exception analysis raises for bad input: unreadable files, no video, bad arguments."""


class AnalysisError(ValueError):
    """A video could not be analysed; the message says why in plain words."""

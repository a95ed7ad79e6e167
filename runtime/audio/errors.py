"""The one exception type of the audio package."""


class AudioError(ValueError):
    """A sound request the synthesizer cannot honour (unknown name, bad value),
    with a plain message fit to show a user."""

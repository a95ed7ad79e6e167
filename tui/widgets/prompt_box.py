"""The prompt box: describe a film in words, get a `.scene` in a new buffer.

Translation (`scenec.lang.translate.translate`) runs in a thread worker with
the app's knowledge world (`app.world`: the project's and the user's learned
overlays, as `scenec translate` uses); the result goes up as
`SceneTranslated` and the app opens it in a new buffer.
Until the translator exists the box says so instead of failing.
"""

from __future__ import annotations

import importlib

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from scenec.tui.messages import SceneTranslated

UNAVAILABLE = "translation is not available in this version of scenec yet"


def find_translator():
    """`translate(prompt, knowledge=world) -> str | object with .text`, or None."""
    try:
        module = importlib.import_module("scenec.lang.translate")
    except ImportError:
        return None
    return getattr(module, "translate", None)


def _scene_text(result: object) -> str:
    if isinstance(result, str):
        return result
    for name in ("text", "source", "scene"):
        value = getattr(result, name, None)
        if isinstance(value, str):
            return value
    raise ValueError(f"the translator returned {type(result).__name__}, not scene text")


class PromptBox(Vertical):
    DEFAULT_CSS = """
    PromptBox { padding: 0 1; }
    PromptBox > Input { margin: 1 0 0 0; }
    PromptBox > Static { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Describe a film; Enter turns it into a scene in a new buffer.")
        yield Input(placeholder="a calm sunset over the sea, two shots", id="prompt-input")
        yield Static("", id="prompt-status")

    @property
    def status(self) -> str:
        return str(self.query_one("#prompt-status", Static).render())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        prompt = event.value.strip()
        if not prompt:
            self._set_status(Text("type a description first", style="yellow"))
            return
        translator = find_translator()
        if translator is None:
            self._set_status(Text(UNAVAILABLE, style="yellow"))
            return
        self._set_status(Text("translating…", style="dim"))
        self._translate(translator, prompt, self.app.world)

    @work(thread=True, exclusive=True, group="translate")
    def _translate(self, translator, prompt: str, world) -> None:
        try:
            text = _scene_text(translator(prompt, knowledge=world))
        except (ValueError, KeyError, LookupError) as error:
            self.app.call_from_thread(self._set_status, Text(f"cannot translate: {error}", style="red"))
            return
        self.app.call_from_thread(self._set_status, Text("translated into a new buffer", style="green"))
        self.post_message(SceneTranslated(prompt, text))

    def _set_status(self, text: Text) -> None:
        self.query_one("#prompt-status", Static).update(text)

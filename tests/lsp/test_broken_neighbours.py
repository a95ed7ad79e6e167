"""Hover, definition and the outline answer on untouched lines whatever else in the file is broken.

Driven through a real `scenec lsp` subprocess (the client of `test_lsp_server.py`); each test
breaks one statement and asks about the statements around it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_lsp_server import Client, position  # noqa: E402

from scenec.lsp.navigate import definition, hover  # noqa: E402

SHOT = """\
scene {
  shot one 2s {
    layer sun: circle(at: center, radius: 7%)
    animate sun.opacity from 0% to 100% over 1s
  }
}
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    env = dict(os.environ, SCENEC_HOME=str(tmp_path_factory.mktemp("home")))
    c = Client(env)
    c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    c.notify("initialized", {})
    yield c
    c.shut_down()


def ask(client, method: str, uri: str, text: str, needle: str, after: int = 0):
    return client.request(method, {"textDocument": {"uri": uri}, "position": position(text, needle, after)})


@pytest.mark.parametrize("slip", ["layr sun: circle(", "sun: circle(", "layer sun: circle((", 'layer sun: circle("'])
def test_hover_and_definition_on_a_reference_to_a_layer_whose_line_did_not_parse(client, tmp_path, slip):
    text = SHOT.replace("layer sun: circle(", slip)
    uri = client.open(tmp_path / f"ref{len(slip)}{slip[-1] == '('}.scene", text)
    assert client.diagnostics_for(uri)
    on_property = ask(client, "textDocument/hover", uri, text, "sun.opacity", 5)
    assert on_property is not None and "opacity: percent" in on_property["contents"]["value"]
    assert "sun" in on_property["contents"]["value"].split("property of")[1]
    on_layer = ask(client, "textDocument/hover", uri, text, "sun.opacity", 1)
    assert on_layer is not None and "sun" in on_layer["contents"]["value"]
    where = ask(client, "textDocument/definition", uri, text, "sun.opacity", 1)
    assert where is not None and where["range"]["start"] == position(text, "sun:")


def test_hover_on_a_property_of_a_layer_the_shot_lacks_still_says_what_it_is(client, tmp_path):
    text = SHOT.replace("layer sun:", "layer moon:")
    uri = client.open(tmp_path / "nolayer.scene", text)
    assert client.diagnostics_for(uri)
    on_property = ask(client, "textDocument/hover", uri, text, "sun.opacity", 5)
    assert "opacity: percent" in on_property["contents"]["value"]
    assert "no layer `sun`" in on_property["contents"]["value"]


def test_hover_and_definition_answer_from_the_new_text_with_only_an_older_check(tmp_path):
    # In process, so that no check of the new text can come first: the server holds only the
    # check of the text before the edit, and answers from the new text's parse.
    from scenec.lsp.analysis import analyze
    from scenec.lsp.server import SceneServer
    from scenec.lsp.worker import Worker

    path = tmp_path / "now.scene"
    text = ("palette dusk { sky: #1d2b53  sun: #ffd36b }\n"
            "scene {\n  palette dusk\n  shot 2s {\n    layer sun: circle(fill: @sun)\n"
            "    animate sun.opacity to 50% over 1s\n  }\n}\n")
    edited = text.replace("    layer sun:", "    layer moon: circle(fill: @sky)\n    layer sun:")
    server = SceneServer()
    server.analyses["uri"] = analyze(str(path), text)
    server.text = lambda uri: edited
    server._worker = Worker(lambda job, result: None)
    try:
        now = server.now("uri")
    finally:
        server._worker.stop()
    assert now.text == edited and now.check is not server.analyses["uri"].check
    found, span = hover(now, edited.index("@sun") + 2)
    assert "#ffd36b" in found and span.start == edited.index("@sun")
    on_ref, _ = hover(now, edited.index("sun.opacity") + 1)
    assert "layer sun: circle(fill: @sun)" in on_ref
    assert definition(now, edited.index("sun.opacity") + 1).span.start == edited.index("sun: circle")
    assert definition(now, edited.index("palette dusk\n") + 9).span.start == edited.index("dusk")


def test_hover_right_after_an_edit_answers_from_the_new_text(client, tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from big_scene import big_scene

    text = big_scene(300)
    uri = client.open(tmp_path / "after-edit.scene", text)
    client.diagnostics_for(uri)
    # A new layer line at the top of the first shot: every line below it moves down one.
    edited = text.replace("    layer sky:", "    layer moon: circle(fill: @sky)\n    layer sky:", 1)
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": edited}]})
    on_color = ask(client, "textDocument/hover", uri, edited, "fill: @sun", 7)
    where = ask(client, "textDocument/definition", uri, edited, "fill: @sun", 7)
    assert "#ffd36b" in on_color["contents"]["value"]
    assert on_color["range"]["start"] == position(edited, "fill: @sun", 6)
    assert where["range"]["start"] == position(edited, "sun: #ffd36b")
    assert client.diagnostics_for(uri) == []

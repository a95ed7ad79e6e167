"""`scenec lsp` end to end: a subprocess spoken to over pipes with Content-Length framing.

One server is started for the module (startup imports the checker once);
each test opens its own documents under tmp paths.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from scenec.lsp.positions import LineIndex

TIMEOUT_S = 20


class Client:
    """The smallest JSON-RPC client: requests wait for their reply, notifications queue up."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "scenec.cli", "lsp"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.next_id = 0
        self.replies: dict[int, dict] = {}
        self.notifications: queue.Queue = queue.Queue()
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                key, _, value = line.partition(":")
                headers[key.lower()] = value.strip()
            message = json.loads(stream.read(int(headers["content-length"])))
            if "id" in message and "method" not in message:
                with self.lock:
                    self.replies[message["id"]] = message
                    self.lock.notify_all()
            elif "method" in message and "id" not in message:
                self.notifications.put(message)
            else:  # a request from the server (e.g. registerCapability): answer it
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})

    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def request(self, method: str, params) -> dict:
        self.next_id += 1
        ident = self.next_id
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        with self.lock:
            if not self.lock.wait_for(lambda: ident in self.replies, TIMEOUT_S):
                raise AssertionError(f"no reply to {method} in {TIMEOUT_S}s")
            reply = self.replies.pop(ident)
        assert "error" not in reply, reply
        return reply["result"]

    def notify(self, method: str, params) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics_for(self, uri: str) -> list[dict]:
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                message = self.notifications.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if message["method"] == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                return message["params"]["diagnostics"]
        raise AssertionError(f"no diagnostics published for {uri}")

    def shut_down(self) -> None:
        """`shutdown` and `exit` as an editor ends a session: the server exits with status 0."""
        self.request("shutdown", None)
        self.notify("exit", None)
        assert self.process.wait(timeout=TIMEOUT_S) == 0
        for stream in (self.process.stdout, self.process.stdin, self.process.stderr):
            stream.close()

    def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "scene", "version": 1,
                                                              "text": text}})
        return uri


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    env = dict(os.environ, SCENEC_HOME=str(tmp_path_factory.mktemp("home")))
    c = Client(env)
    result = c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    assert result["capabilities"]["completionProvider"]["triggerCharacters"]
    c.notify("initialized", {})
    yield c
    c.shut_down()


def position(text: str, needle: str, after: int = 0) -> dict:
    """The LSP position (UTF-16) of `needle` in `text`, plus `after` characters."""
    at = LineIndex(text).position(text.index(needle) + after)
    return {"line": at.line, "character": at.character}


GOOD = """\
palette dusk {
  sky: #1d2b53
  sun: #ffd36b
}

scene "Test" {
  palette dusk
  shot one wide 2s {
    layer sky: gradient(from: @sky, to: black)
    layer sun: circle(at: center, radius: 7%, fill: @sun)
    animate sun.at to (50%, 80%) over 2s ease out-cubic
  }
}
"""


def test_an_error_is_published_with_its_range(client, tmp_path):
    # An emoji before the error: the column must count UTF-16 units, not code points.
    text = 'scene "🌅" { shot 2s { layer sun: circle(radius: red) } }\n'
    uri = client.open(tmp_path / "bad.scene", text)
    diagnostics = client.diagnostics_for(uri)
    assert [d["code"] for d in diagnostics] == ["E2001"]
    start = text.index("red")
    assert diagnostics[0]["range"] == {"start": {"line": 0, "character": start + 1},
                                       "end": {"line": 0, "character": start + 4}}
    assert diagnostics[0]["severity"] == 1


def test_a_fix_while_typing_clears_the_diagnostic(client, tmp_path):
    uri = client.open(tmp_path / "typing.scene", "scene { shot 2s { layer a: circle(radius: red) } }\n")
    assert client.diagnostics_for(uri)
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"range": {"start": {"line": 0, "character": 42}, "end": {"line": 0, "character": 45}},
                            "text": "5%"}]})
    assert client.diagnostics_for(uri) == []


def labels(result) -> list[str]:
    items = result["items"] if isinstance(result, dict) else result
    return [item["label"] for item in items]


def test_completion_of_parameters_inside_a_call(client, tmp_path):
    text = "scene { shot 2s { layer x: circle( } }\n"
    uri = client.open(tmp_path / "complete.scene", text)
    client.diagnostics_for(uri)
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                        "position": position(text, "circle(", 7)})
    assert {"at:", "radius:", "fill:", "glow:"} <= set(labels(result))


def test_completion_of_enum_words_and_palette_entries(client, tmp_path):
    text = GOOD.replace("fill: @sun)", "fill: @)").replace("ease out-cubic", "ease ")
    uri = client.open(tmp_path / "palette.scene", text)
    client.diagnostics_for(uri)
    after_at = client.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                          "position": position(text, "fill: @", 7)})
    assert set(labels(after_at)) == {"sky", "sun"}
    after_ease = client.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                            "position": position(text, "ease ", 5)})
    assert "in-out-sine" in labels(after_ease)
    text2 = "scene { shot 2s { layer t: text(content: \"hi\", font:  ) } }\n"
    uri2 = client.open(tmp_path / "enum.scene", text2)
    client.diagnostics_for(uri2)
    words = client.request("textDocument/completion", {"textDocument": {"uri": uri2},
                                                       "position": position(text2, "font: ", 6)})
    assert labels(words) == ["sans", "serif", "mono"]


def test_completion_of_layer_names_and_statements(client, tmp_path):
    text = GOOD.replace("    animate sun.at", "    animate s\n    animate sun.at")
    uri = client.open(tmp_path / "layers.scene", text)
    client.diagnostics_for(uri)
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                        "position": position(text, "animate s\n", 9)})
    assert {"sky", "sun"} <= set(labels(result))
    text2 = "scene {\n  \n}\n"
    uri2 = client.open(tmp_path / "statements.scene", text2)
    client.diagnostics_for(uri2)
    statements = client.request("textDocument/completion", {"textDocument": {"uri": uri2},
                                                            "position": {"line": 1, "character": 2}})
    assert {"shot", "size", "genre", "transition"} <= set(labels(statements))
    assert "layer" not in labels(statements)


def test_hover_on_a_parameter_and_a_palette_color(client, tmp_path):
    uri = client.open(tmp_path / "hover.scene", GOOD)
    assert client.diagnostics_for(uri) == []
    on_param = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                     "position": position(GOOD, "radius: 7%", 2)})
    assert "radius: length = 10%" in on_param["contents"]["value"]
    on_color = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                     "position": position(GOOD, "@sun", 2)})
    assert "#ffd36b" in on_color["contents"]["value"]


def test_formatting_returns_an_edit(client, tmp_path):
    text = "scene{shot 2s{layer a:circle(radius:5%)}}\n"
    uri = client.open(tmp_path / "fmt.scene", text)
    client.diagnostics_for(uri)
    edits = client.request("textDocument/formatting", {"textDocument": {"uri": uri},
                                                       "options": {"tabSize": 2, "insertSpaces": True}})
    assert len(edits) == 1
    assert "layer a: circle(radius: 5%)" in edits[0]["newText"]
    assert edits[0]["range"]["start"] == {"line": 0, "character": 0}


def test_definition_of_a_template_across_an_import(client, tmp_path):
    (tmp_path / "scenec.toml").write_text("")
    lib = tmp_path / "lib" / "objects.scene"
    lib.parent.mkdir()
    lib.write_text("// objects\ntemplate lamp(at: vec, color: color = #ffcc66) {\n"
                   "  layer glow: circle(at: at, radius: 5%, fill: color)\n}\n")
    text = 'import "lib/objects.scene"\nscene { shot 2s { layer l1: lamp(at: center) } }\n'
    uri = client.open(tmp_path / "main.scene", text)
    assert client.diagnostics_for(uri) == []
    where = client.request("textDocument/definition", {"textDocument": {"uri": uri},
                                                       "position": position(text, "lamp(", 1)})
    assert where["uri"] == lib.as_uri()
    assert where["range"]["start"] == {"line": 1, "character": 9}
    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": position(text, "lamp(", 1)})
    assert "template lamp(at: vec, color: color = #ffcc66)" in hover["contents"]["value"]


def test_document_symbols_nest_scene_shots_layers(client, tmp_path):
    uri = client.open(tmp_path / "symbols.scene", GOOD)
    client.diagnostics_for(uri)
    symbols = client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    assert [s["name"] for s in symbols] == ["dusk", "Test"]
    shots = symbols[1]["children"]
    assert [s["name"] for s in shots] == ["one"]
    assert [layer["name"] for layer in shots[0]["children"]] == ["sky", "sun"]


def test_the_outline_over_the_protocol_keeps_shot_numbers_past_a_broken_header(client, tmp_path):
    text = ('scene {\n  shot first 2s "The t"itle" {\n    layer a: circle()\n  }\n'
            '  shot 1s {\n    layer b: circle()\n  }\n  shot 1s {\n    layer c: circle()\n  }\n}\n')
    uri = client.open(tmp_path / "broken.scene", text)
    client.diagnostics_for(uri)
    symbols = client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    assert [s["name"] for s in symbols[0]["children"]] == ["shot 2", "shot 3"]
    assert [layer["name"] for layer in symbols[0]["children"][1]["children"]] == ["c"]


# ---------------------------------------------------------------- in process: the lookups behind the protocol

from scenec.lsp.analysis import analyze  # noqa: E402
from scenec.lsp.complete import complete, context_at  # noqa: E402
from scenec.lsp.navigate import definition, hover  # noqa: E402
from scenec.lsp.positions import utf16_length  # noqa: E402

LETS = """\
let warm = #ff8800
palette base { ink: #101010 }
palette mine extends base { glow: warm }
scene {
  palette mine
  shot a 2s {
    layer dot: circle(fill: warm, stroke: @ink)
    focus dot
  }
}
"""


@pytest.fixture()
def lets(tmp_path, monkeypatch):
    monkeypatch.setenv("SCENEC_HOME", str(tmp_path / "home"))
    return analyze(str(tmp_path / "lets.scene"), LETS)


def test_hover_on_a_let_shows_its_value(lets):
    text, _span = hover(lets, LETS.index("fill: warm") + 7)
    assert "let warm = #ff8800" in text


def test_definitions_of_lets_inherited_palette_entries_and_layers(lets):
    let = definition(lets, LETS.index("fill: warm") + 7)
    assert let.span.line == 1 and let.span.column == 5
    ink = definition(lets, LETS.index("@ink") + 1)  # found through `extends`
    assert (ink.span.line, ink.span.column) == (2, 16)
    palette = definition(lets, LETS.index("palette mine\n") + 9)
    assert (palette.span.line, palette.span.column) == (3, 9)
    layer = definition(lets, LETS.index("focus dot") + 7)
    assert (layer.span.line, layer.span.column) == (7, 11)


def test_hover_on_inherited_palette_color_and_primitive(lets):
    text, _ = hover(lets, LETS.index("@ink") + 2)
    assert "#101010" in text
    text, _ = hover(lets, LETS.index("circle") + 1)
    assert "radius: length = 10%" in text and "glow: number = 0" in text


def test_completion_contexts():
    text = "scene { shot 2s { layer a: rect(size: (1%, 2%), "
    ctx = context_at(text, len(text))
    assert (ctx.block, ctx.call, ctx.call_kind, ctx.arg_text) == ("shot", "rect", "layer", " ")
    nested = "scene { shot 2s { layer a: circle(fill: mix(red, "
    assert context_at(nested, len(nested)).call_kind == "call"
    motion = "template t() { layer a: circle() motion float("
    ctx = context_at(motion, len(motion))
    assert (ctx.block, ctx.call_kind) == ("template", "motion")
    assert context_at('// a { comment\nscene { shot "{" ', 36).block == "scene"


def test_completion_of_dotted_properties_and_camera_words(tmp_path):
    text = "scene { shot 2s { layer sun: circle()\n animate sun."
    labels = [i.label for i in complete(text, len(text), analyze(str(tmp_path / "a.scene"), text))]
    assert {"radius", "glow", "opacity", "scale"} <= set(labels)
    camera = "scene { shot 2s { camera zoom "
    assert [i.label for i in complete(camera, len(camera), None)] == ["in", "out"]


def test_utf16_positions_round_trip():
    text = "a😀b\nc"
    index = LineIndex(text)
    assert utf16_length("😀") == 2
    assert index.position(2).character == 3
    assert index.offset(index.position(2)) == 2
    assert index.offset(index.position(5)) == 5


def test_project_overlays_are_known_and_a_changed_overlay_rebuilds_the_world(client, tmp_path):
    (tmp_path / "scenec.toml").write_text('[project]\nknowledge-overlays = ["knowledge"]\n', encoding="utf-8")
    (tmp_path / "knowledge").mkdir()
    overlay = tmp_path / "knowledge" / "palettes.yaml"
    overlay.write_text("harbour:\n  description: d\n  colors: {sky: '#204060'}\n", encoding="utf-8")
    text = 'scene { palette harbour\n shot 1s { layer bg: gradient(from: @sky, to: black) } }\n'
    assert client.diagnostics_for(client.open(tmp_path / "harbour.scene", text)) == []
    later = text.replace("harbour", "later")
    uri = client.open(tmp_path / "later.scene", later)
    (problem,) = client.diagnostics_for(uri)
    assert problem["message"].startswith("unknown palette `later`")
    overlay.write_text(overlay.read_text() + "later:\n  description: d\n  colors: {sky: '#000000'}\n",
                       encoding="utf-8")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": overlay.as_uri(), "type": 2}]})
    assert client.diagnostics_for(uri) == []


def _settings_notices(client, uri: str) -> tuple[list[dict], list[str]]:
    """The diagnostics published on a settings file and the messages shown before them."""
    messages = []
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        message = client.notifications.get(timeout=max(0.01, deadline - time.monotonic()))
        if message["method"] == "window/showMessage":
            messages.append(message["params"]["message"])
        elif message["method"] == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
            return message["params"]["diagnostics"], messages
    raise AssertionError(f"no diagnostics published for {uri}")


def test_a_broken_scenec_toml_is_shown_on_the_file_and_in_a_message_then_cleared(client, tmp_path):
    settings = tmp_path / "scenec.toml"
    settings.write_text('[render]\nsize = "12x"\n', encoding="utf-8")
    client.open(tmp_path / "broken-settings.scene", "scene { shot 1s { layer a: rect() } }\n")
    (problem,), messages = _settings_notices(client, settings.as_uri())
    assert problem["code"] == "E5006" and problem["severity"] == 1 and "size" in problem["message"]
    assert problem["range"]["start"]["line"] == 1
    assert any("scenec.toml" in m and "size" in m for m in messages)
    settings.write_text('[render]\nsize = "1280x720"\n', encoding="utf-8")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": settings.as_uri(), "type": 2}]})
    assert _settings_notices(client, settings.as_uri())[0] == []


@pytest.mark.parametrize("slip", ["circle((at: center", 'circle(at: "center'])
def test_completion_after_a_layer_below_an_unclosed_bracket_or_string(client, tmp_path, slip):
    # The `(` or `"` left open on the sun's line ends with that statement, as the parser's
    # splitter ends it: the next layer line is in the shot again, not in a call.
    text = GOOD.replace("circle(at: center", slip).replace("    animate sun.at", "    layer b: \n    animate sun.at")
    uri = client.open(tmp_path / f"unclosed{len(slip)}.scene", text)
    assert client.diagnostics_for(uri)
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                        "position": position(text, "layer b: ", 9)})
    assert {"circle", "rect", "gradient"} <= set(labels(result))


@pytest.mark.parametrize("slip", ["  sky: mix(#1d2b53\n", "  (sky: #1d2b53\n", "  sky #1d2b53\n"])
def test_hover_on_a_palette_entry_below_a_broken_one(client, tmp_path, slip):
    # The broken entry ends at its line: the next entry stays in the tree, with its hover.
    text = GOOD.replace("  sky: #1d2b53\n", slip)
    uri = client.open(tmp_path / f"palette{len(slip)}.scene", text)
    assert client.diagnostics_for(uri)
    on_entry = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                     "position": position(text, "  sun: #ffd36b", 3)})
    assert on_entry is not None and "#ffd36b" in on_entry["contents"]["value"]
    on_use = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                   "position": position(text, "@sun", 2)})
    assert on_use is not None and "#ffd36b" in on_use["contents"]["value"]


def test_the_outline_keeps_shot_numbers_while_a_shot_header_is_broken(tmp_path):
    from scenec.lsp.navigate import document_symbols
    text = ('scene {\n  shot first 2s "The t"itle" {\n    layer a: circle()\n  }\n'
            '  shot 1s {\n    layer b: circle()\n  }\n  shot 1s {\n    layer c: circle()\n  }\n}\n')
    symbols = document_symbols(analyze(str(tmp_path / "a.scene"), text), lambda span: None)
    assert [s.name for s in symbols[0].children] == ["shot 2", "shot 3"]
    whole = text.replace('"The t"itle"', '"The title"')
    symbols = document_symbols(analyze(str(tmp_path / "a.scene"), whole), lambda span: None)
    assert [s.name for s in symbols[0].children] == ["first", "shot 2", "shot 3"]
    stray = whole.replace('  shot first', '  "shot first')
    symbols = document_symbols(analyze(str(tmp_path / "a.scene"), stray), lambda span: None)
    assert [s.name for s in symbols[0].children] == ["shot 2", "shot 3"]

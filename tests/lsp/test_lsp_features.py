"""The editor features beyond the basics, each driven through a real `scenec lsp` subprocess.

Signature help, references and rename across an import, quick fixes, semantic
tokens, folding, completion by context, publishing only the current version's
diagnostics, re-checking an importer after its import changes, and
`$/cancelRequest` cancelling a request that waits for a check.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_lsp_server import TIMEOUT_S, Client, labels, position  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from big_scene import big_scene  # noqa: E402


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    env = dict(os.environ, SCENEC_HOME=str(tmp_path_factory.mktemp("home")))
    c = Client(env)
    result = c.request("initialize", {"processId": None, "rootUri": None,
                                      "capabilities": {"textDocument": {"rename": {"prepareSupport": True}}}})
    capabilities = result["capabilities"]
    assert capabilities["renameProvider"]["prepareProvider"] and capabilities["signatureHelpProvider"]
    assert capabilities["semanticTokensProvider"]["legend"]["tokenTypes"]
    c.legend = capabilities["semanticTokensProvider"]["legend"]
    c.notify("initialized", {})
    yield c
    c.shut_down()


def doc(uri: str) -> dict:
    return {"uri": uri}


def change(client, uri: str, version: int, text: str) -> None:
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                             "contentChanges": [{"text": text}]})


LIB = """\
let size = 7%
palette dusk {
  sky: #1d2b53
  sun: #ffd36b
}
template grove(h: length = 10%) {
  layer trunk: rect(size: (2%, h), fill: brown)
}
"""

MAIN = """\
import "lib.scene"
scene "T" {
  palette dusk
  shot one wide 2s {
    layer sun: circle(radius: size, fill: @sun)
    layer t: grove(h: 20%)
    animate sun.radius to 9% over 1s
  }
}
"""


@pytest.fixture()
def project(client, tmp_path):
    (tmp_path / "lib.scene").write_text(LIB, encoding="utf-8")
    lib = client.open(tmp_path / "lib.scene", LIB)
    main = client.open(tmp_path / "main.scene", MAIN)
    assert [d for d in client.diagnostics_for(lib) if d.get("severity") == 1] == []  # a library: no errors
    assert client.diagnostics_for(main) == []
    return lib, main


def test_signature_help_tracks_the_active_parameter(client, tmp_path):
    text = "scene { shot 2s { layer a: circle(radius: 5%, fill: "
    uri = client.open(tmp_path / "sig.scene", text + ") } }\n")
    client.diagnostics_for(uri)
    help_ = client.request("textDocument/signatureHelp", {"textDocument": doc(uri), "position": position(text, "fill: ", 6)})
    signature = help_["signatures"][0]
    assert signature["label"].startswith("circle(")
    start, end = signature["parameters"][help_["activeParameter"]]["label"]
    assert signature["label"][start:end].startswith("fill: color")
    second = client.request("textDocument/signatureHelp", {"textDocument": doc(uri),
                                                           "position": position(text, "radius: ", 8)})
    start, end = second["signatures"][0]["parameters"][second["activeParameter"]]["label"]
    assert second["signatures"][0]["label"][start:end].startswith("radius")


def test_references_and_rename_of_a_let_reach_the_file_defining_it(client, project):
    lib, main = project
    where = {"textDocument": doc(main), "position": position(MAIN, "size,")}
    found = client.request("textDocument/references", {**where, "context": {"includeDeclaration": True}})
    assert sorted((r["uri"] == lib, r["range"]["start"]["line"]) for r in found) == [(False, 4), (True, 0)]
    edit = client.request("textDocument/rename", {**where, "newName": "radius_s"})
    assert set(edit["changes"]) == {lib, main}
    assert [e["newText"] for e in edit["changes"][lib]] == ["radius_s"]
    assert edit["changes"][lib][0]["range"]["start"] == {"line": 0, "character": 4}


def test_rename_of_a_template_a_layer_and_a_palette_entry(client, project):
    lib, main = project
    edit = client.request("textDocument/rename", {"textDocument": doc(main), "position": position(MAIN, "grove("),
                                                  "newName": "thicket"})
    assert len(edit["changes"][lib]) == 1 and len(edit["changes"][main]) == 1
    edit = client.request("textDocument/rename", {"textDocument": doc(main), "position": position(MAIN, "sun:"),
                                                  "newName": "moon"})
    assert [e["range"]["start"]["line"] for e in edit["changes"][main]] == [4, 6]
    edit = client.request("textDocument/rename", {"textDocument": doc(main), "position": position(MAIN, "@sun", 1),
                                                  "newName": "glow"})
    assert {e["range"]["start"]["line"] for e in edit["changes"][lib]} == {3}
    assert [e["range"]["start"]["character"] for e in edit["changes"][main]] == [MAIN.split("\n")[4].index("@") + 1]


def test_rename_of_a_template_parameter_reaches_its_body_and_its_calls_across_an_import(client, project):
    lib, main = project
    for document, text, needle in ((main, MAIN, "h: 20%"), (lib, LIB, "h: length"), (lib, LIB, "h), fill")):
        where = {"textDocument": doc(document), "position": position(text, needle)}
        edit = client.request("textDocument/rename", {**where, "newName": "height"})
        assert sorted((e["range"]["start"]["line"], e["range"]["start"]["character"])
                      for e in edit["changes"][lib]) == [(5, 15), (6, 31)], needle
        assert [(e["range"]["start"]["line"], e["range"]["start"]["character"], e["newText"])
                for e in edit["changes"][main]] == [(5, 19, "height")], needle
        found = client.request("textDocument/references", {**where, "context": {"includeDeclaration": False}})
        assert sorted((r["uri"] == lib, r["range"]["start"]["line"]) for r in found) == [(False, 5), (True, 6)]


def test_rename_of_a_shot_name(client, project):
    _lib, main = project
    edit = client.request("textDocument/rename", {"textDocument": doc(main), "position": position(MAIN, "one"),
                                                  "newName": "opening"})
    assert [(e["range"]["start"], e["newText"]) for e in edit["changes"][main]] == \
        [({"line": 3, "character": 7}, "opening")]


@pytest.mark.parametrize("new_name, needle, why", [
    ("big", "circle", "built-in primitive"),
    ("r", "radius:", "parameter of the built-in primitive `circle`"),
    ("scene", "one", "keyword"),
    ("1x", "size,", "not a name"),
    ("layer", "size,", "keyword"),
    ("t", "sun:", "already a layer"),
])
def test_rename_refuses_with_a_reason(client, project, new_name, needle, why):
    _lib, main = project
    client.next_id += 1
    ident = client.next_id
    client._send({"jsonrpc": "2.0", "id": ident, "method": "textDocument/rename",
                  "params": {"textDocument": doc(main), "position": position(MAIN, needle), "newName": new_name}})
    reply = wait_reply(client, ident)
    assert why in reply["error"]["message"]


def wait_reply(client, ident: int) -> dict:
    with client.lock:
        assert client.lock.wait_for(lambda: ident in client.replies, TIMEOUT_S)
        return client.replies.pop(ident)


def test_a_quick_fix_applies_the_did_you_mean(client, tmp_path):
    text = "scene { shot 2s { layer a: circel(radius: 5%) } }\n"
    uri = client.open(tmp_path / "fix.scene", text)
    (d,) = client.diagnostics_for(uri)
    actions = client.request("textDocument/codeAction", {"textDocument": doc(uri), "range": d["range"],
                                                         "context": {"diagnostics": [d]}})
    assert actions[0]["kind"] == "quickfix" and actions[0]["isPreferred"]
    (e,) = actions[0]["edit"]["changes"][uri]
    assert e["newText"] == "circle" and e["range"] == d["range"]
    assert actions[0]["diagnostics"] == [d]


def test_a_quick_fix_imports_the_file_defining_a_template(client, tmp_path):
    (tmp_path / "scenec.toml").write_text("", encoding="utf-8")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "trees.scene").write_text("template bramble() { layer a: circle(radius: 5%) }\n")
    text = "scene { shot 2s { layer a: bramble() } }\n"
    uri = client.open(tmp_path / "imp.scene", text)
    (d,) = client.diagnostics_for(uri)
    actions = client.request("textDocument/codeAction", {"textDocument": doc(uri), "range": d["range"],
                                                         "context": {"diagnostics": [d]}})
    # the import comes first and is the preferred fix, even where a built-in's name is near (ambulance)
    assert actions[0]["edit"]["changes"][uri][0]["newText"] == 'import "lib/trees.scene"\n'
    assert [a.get("isPreferred", False) for a in actions] == [True] + [False] * (len(actions) - 1)


def decode(data: list[int], text: str, legend: dict) -> dict[str, str]:
    lines, line, column, out = text.split("\n"), 0, 0, {}
    for i in range(0, len(data), 5):
        delta_line, delta_column, length, kind, _bits = data[i:i + 5]
        line += delta_line
        column = column + delta_column if delta_line == 0 else delta_column
        out.setdefault(lines[line][column:column + length], legend["tokenTypes"][kind])
    return out


def test_semantic_tokens_come_from_the_tree(client, project):
    _lib, main = project
    data = client.request("textDocument/semanticTokens/full", {"textDocument": doc(main)})["data"]
    kinds = decode(data, MAIN, client.legend)
    assert kinds["import"] == "keyword" and kinds['"lib.scene"'] == "string"
    assert kinds["sun"] == "variable" and kinds["circle"] == "function" and kinds["grove"] == "class"
    assert kinds["radius"] == "parameter" and kinds["size"] == "variable" and kinds["9%"] == "number"
    assert kinds["dusk"] == "type" and kinds["wide"] == "enumMember"


def test_folding_ranges_cover_blocks_multiline_calls_and_comment_runs(client, tmp_path):
    text = ("// one\n// two\npalette p {\n  a: #fff\n}\nscene {\n  shot 2s {\n"
            "    layer a: circle(\n      radius: 5%,\n      fill: @a)\n  }\n}\n")
    uri = client.open(tmp_path / "fold.scene", text)
    client.diagnostics_for(uri)
    ranges = client.request("textDocument/foldingRange", {"textDocument": doc(uri)})
    spans = {(r["startLine"], r["endLine"], r.get("kind")) for r in ranges}
    assert {(0, 1, "comment"), (2, 3, "region"), (5, 10, "region"), (6, 9, "region"), (7, 9, "region")} <= spans


def test_completion_knows_where_it_is(client, tmp_path):
    text = ("palette p { sun: #fff }\nscene {\n  palette p\n  shot 2s {\n"
            "    layer a: circle(radius: 5%, at: (10%, 20%)) enter \n    layer \n    layer b: \n  }\n}\n")
    uri = client.open(tmp_path / "ctx.scene", text)
    client.diagnostics_for(uri)

    def at(needle: str, after: int) -> list[str]:
        return labels(client.request("textDocument/completion",
                                     {"textDocument": doc(uri), "position": position(text, needle, after)}))

    assert "fade" in at(") enter ", 8)
    assert at("    layer \n", 10) == ["layer1"]  # a name comes next, no keyword
    assert at("(10%, ", 6) == []  # inside a point
    given = at("radius: 5%, ", 12)
    assert "radius:" not in given and "at:" not in given and "fill:" in given
    items = client.request("textDocument/completion", {"textDocument": doc(uri),
                                                       "position": position(text, "layer b: ", 9)})["items"]
    line = next(i for i in items if i["label"] == "line")
    assert line["insertText"] == "line(from: ${1:from}, to: ${2:to})" and line["insertTextFormat"] == 2
    assert next(i for i in items if i["label"] == "circle")["insertText"] == "circle($1)"


def test_only_the_current_version_gets_diagnostics(client, tmp_path):
    text = big_scene(300)
    uri = client.open(tmp_path / "versions.scene", text)
    client.diagnostics_for(uri)
    for version in range(2, 12):  # a burst of keystrokes, each a new wrong color
        change(client, uri, version, text.replace("fill: gold", f"fill: gol{version}", 1))
    message = next_publish(client, uri)
    assert message["version"] == 11
    assert [d["message"].split(" (")[0] for d in message["diagnostics"]] == ["unknown color `gol11`"]


def next_publish(client, uri: str) -> dict:
    while True:
        message = client.notifications.get(timeout=TIMEOUT_S)
        if message["method"] == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
            return message["params"]


def test_an_importer_is_checked_again_when_its_import_changes(client, project):
    lib, main = project
    change(client, lib, 2, LIB.replace("template grove(", "template grove2("))
    assert [d["code"] for d in client.diagnostics_for(main)] == ["E2015"]


def test_cancel_request_cancels_a_request_waiting_for_a_check(client, tmp_path):
    text = big_scene(2000)
    uri = client.open(tmp_path / "cancel.scene", text)
    client.diagnostics_for(uri)
    change(client, uri, 2, text.replace("fill: gold", "fill: gol", 1))
    client.next_id += 1
    ident = client.next_id
    # (hover and definition answer at once from the new text's parse; the outline waits)
    client._send({"jsonrpc": "2.0", "id": ident, "method": "textDocument/documentSymbol",
                  "params": {"textDocument": doc(uri)}})
    client.notify("$/cancelRequest", {"id": ident})
    reply = wait_reply(client, ident)
    assert reply["error"]["code"] == -32800  # RequestCancelled
    # The check itself still finishes and is published.
    assert [d["code"] for d in client.diagnostics_for(uri)] == ["E3001"]


def test_prepare_rename_gives_the_name_or_says_why_not(client, project):
    _lib, main = project
    found = client.request("textDocument/prepareRename", {"textDocument": doc(main),
                                                           "position": position(MAIN, "sun:", 1)})
    assert found["placeholder"] == "sun"
    client.next_id += 1
    ident = client.next_id
    client._send({"jsonrpc": "2.0", "id": ident, "method": "textDocument/prepareRename",
                  "params": {"textDocument": doc(main), "position": position(MAIN, "circle")}})
    assert "built-in primitive" in wait_reply(client, ident)["error"]["message"]

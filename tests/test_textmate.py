"""The TextMate grammar: generated from the tables, every regex compiles, every example tokenises cleanly.

`editors/gen_grammar.py` writes the grammar from the language's tables; the
committed file must equal its output. Where `npx` exists,
`vscode-tmgrammar-test` (the editors' own tokeniser, vscode-textmate with
Oniguruma) checks the scopes fixture `editors/tests/scopes.scene` and that
no character of any example is scoped invalid. Without npx, a small
line-based tokeniser with TextMate's rule (at each point, the
earliest match wins, ties go to the first pattern; begin/end rules may span
lines) applies the top-level patterns; every non-whitespace character of
every example must fall inside a token, and no token of a valid example may
be scoped `invalid`.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from scenec.lang.diagnostics import ValueProblem
from scenec.lang.literals import parse_hex, parse_string
from scenec.lang.signatures import COLOR_FUNCTIONS, GRADE_OPS, MOTIONS, PRIMITIVES, SHOT_TYPES
from scenec.lang.types import EASINGS

ROOT = Path(__file__).resolve().parents[1]
GRAMMAR = json.loads((ROOT / "editors" / "scene.tmLanguage.json").read_text(encoding="utf-8"))
EXAMPLES = sorted((ROOT / "examples").rglob("*.scene"))


def flatten(patterns: list[dict]) -> list[dict]:
    out = []
    for pattern in patterns:
        if "include" in pattern:
            name = pattern["include"]
            assert name.startswith("#"), f"only repository includes are used: {name}"
            out += flatten(GRAMMAR["repository"][name[1:]]["patterns"])
        else:
            out.append(pattern)
    return out


RULES = flatten(GRAMMAR["patterns"])


def compiled(pattern: dict, key: str) -> re.Pattern:
    return re.compile(pattern[key])


def test_grammar_identity():
    assert GRAMMAR["scopeName"] == "source.scene"
    assert "scene" in GRAMMAR["fileTypes"]


def test_every_regex_compiles_and_scopes_are_namespaced():
    def visit(pattern: dict) -> None:
        for key in ("match", "begin", "end"):
            if key in pattern:
                regex = re.compile(pattern[key])
                assert regex.match("") is None or key == "end", f"{pattern[key]} matches the empty string"
        names = [pattern.get("name")] + [c["name"] for k in ("captures", "beginCaptures", "endCaptures")
                                          for c in pattern.get(k, {}).values()]
        for name in filter(None, names):
            assert name.endswith(".scene"), name
        for inner in pattern.get("patterns", []):
            visit(inner)
    for rule in RULES:
        visit(rule)


def test_word_lists_follow_the_signature_tables():
    text = json.dumps(GRAMMAR).replace("\\\\-", "-")
    for word in (*PRIMITIVES, *SHOT_TYPES, *EASINGS, *MOTIONS, *GRADE_OPS, *COLOR_FUNCTIONS):
        assert re.search(rf"[|(]{re.escape(word)}[|)]", text), f"`{word}` is missing from the grammar"


def tokenize(text: str) -> list[tuple[int, int, int, str]]:
    """(line, start, end, scope) tokens; raises AssertionError at the first gap."""
    tokens = []
    open_rule: dict | None = None
    for number, line in enumerate(text.split("\n"), 1):
        pos = 0
        while pos < len(line):
            if open_rule is not None:
                end = compiled(open_rule, "end").search(line, pos)
                # Inner patterns (a string's escapes) are tried before the end, as TextMate does.
                inner = [m for m in (compiled(p, "match").search(line, pos) for p in open_rule.get("patterns", []))
                         if m and (end is None or m.start() < end.start())]
                if inner:
                    pos = min(inner, key=lambda m: m.start()).end()
                    continue
                stop = end.end() if end else len(line)
                tokens.append((number, pos, stop, open_rule["name"]))
                pos = stop
                if end is None:
                    break
                open_rule = None
                continue
            best = None
            for rule in RULES:
                found = compiled(rule, "match" if "match" in rule else "begin").search(line, pos)
                if found and (best is None or found.start() < best[1].start()):
                    best = (rule, found)
            start = best[1].start() if best else len(line)
            gap = line[pos:start]
            assert not gap.strip(), f"line {number}: no rule covers {gap.strip()!r} in {line!r}"
            if best is None:
                break
            rule, found = best
            tokens.append((number, found.start(), found.end(), _scope(rule, found)))
            pos = found.end()
            if "begin" in rule:
                open_rule = rule
        if open_rule is not None and compiled(open_rule, "end").pattern.endswith("|$"):
            open_rule = None  # a string ends at the end of its line
    return tokens


def _scope(rule: dict, found: re.Match) -> str:
    if "name" in rule:
        return rule["name"]
    return " ".join(c["name"] for key, c in rule.get("captures", {}).items() if found.group(int(key)))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_tokenises_without_gaps(path):
    tokens = tokenize(path.read_text(encoding="utf-8"))
    assert tokens
    invalid = [t for t in tokens if "invalid" in t[3]]
    assert invalid == []


def test_tokens_carry_the_expected_scopes():
    text = ('palette p { sun: #ffd36b }\nscene "a \\"b\\"" { shot intro close 2s {\n'
            "  layer sun: circle(radius: 7%, fill: @sun) // note\n"
            "  animate sun.radius to 9% ease in-out-sine /* more */ } }")
    # first token of each text wins: `radius` is a parameter in the call, a property after `sun.`
    scopes: dict[str, str] = {}
    for line, start, end, scope in tokenize(text):
        scopes.setdefault(text.split("\n")[line - 1][start:end], scope)
    assert scopes["#ffd36b"].startswith("constant.other.color")
    assert scopes["circle"] == "support.function.primitive.scene"
    assert scopes["@sun"] == "punctuation.definition.variable.scene variable.other.constant.palette.scene"
    assert scopes["7%"] == "constant.numeric.scene keyword.other.unit.scene"
    assert scopes["in-out-sine"] == "support.constant.easing.scene"
    assert scopes["close"] == "support.constant.shot-type.scene"
    assert scopes["shot intro"] == "keyword.other.shot.scene entity.name.section.shot.scene"
    assert scopes["radius"] == "variable.parameter.scene"
    assert scopes["// note"].startswith("comment.line")
    assert scopes['"'] == "string.quoted.double.scene"
    assert "b" not in scopes and "a" not in scopes  # inside the string, escaped quotes and all
    assert scopes["/*"] == "comment.block.scene" and "more" not in scopes


def test_a_shot_without_a_name_keeps_its_type():
    scopes = [scope for _l, _s, _e, scope in tokenize("shot close 3s {")]
    assert scopes[:2] == ["keyword.other.shot.scene", "support.constant.shot-type.scene"]


def test_the_vscode_extension_registers_the_language_grammar_and_server():
    folder = ROOT / "editors" / "vscode"
    package = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    language = package["contributes"]["languages"][0]
    assert language["extensions"] == [".scene"]
    assert (folder / language["configuration"]).is_file()
    configuration = json.loads((folder / language["configuration"]).read_text(encoding="utf-8"))
    assert configuration["comments"] == {"lineComment": "//", "blockComment": ["/*", "*/"]}
    assert package["contributes"]["grammars"][0]["scopeName"] == GRAMMAR["scopeName"]
    assert "scene.tmLanguage.json" in package["scripts"]["prepare"]  # copied in from editors/
    assert '["lsp"]' in (folder / "extension.js").read_text(encoding="utf-8")


# ---------------------------------------------------------------- generated from the tables


def _generator():
    spec = importlib.util.spec_from_file_location("gen_grammar", ROOT / "editors" / "gen_grammar.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_grammar_is_the_generated_one():
    committed = (ROOT / "editors" / "scene.tmLanguage.json").read_text(encoding="utf-8")
    assert committed == _generator().render(), "run `python editors/gen_grammar.py --write`"


def _rule(repository_key: str, scope: str) -> re.Pattern:
    patterns = GRAMMAR["repository"][repository_key]["patterns"]
    found = [p for p in patterns if p.get("name") == scope]
    found += [inner for p in patterns for inner in p.get("patterns", []) if inner.get("name") == scope]
    return re.compile(found[0]["match"])


def _accepted(parse, text: str) -> bool:
    try:
        parse(text)
    except ValueProblem:
        return False
    return True


@pytest.mark.parametrize("escape", ["\\n", "\\t", "\\r", "\\0", '\\"', "\\\\", "\\u00e9", "\\u00E9",
                                    "\\q", "\\u12", "\\x41"])
def test_string_escapes_are_valid_exactly_when_the_language_reads_them(escape):
    valid = _rule("strings", "constant.character.escape.scene").fullmatch(escape) is not None
    assert valid == _accepted(parse_string, f'"{escape}"')


@pytest.mark.parametrize("digits", range(1, 10))
def test_hex_colors_are_valid_exactly_when_the_checker_accepts_them(digits):
    text = "#" + "abcdef123"[:digits]
    valid = _rule("colors", "constant.other.color.rgb-value.hex.scene").fullmatch(text) is not None
    assert valid == _accepted(parse_hex, text)


def test_scene_is_a_declaration_not_an_import():
    scopes = [scope for _l, _s, _e, scope in tokenize('scene "a" {')]
    assert scopes[0] == "storage.type.scene.scene"
    assert [scope for _l, _s, _e, scope in tokenize('import "x.scene"')][0] == "keyword.control.import.scene"


# ---------------------------------------------------------------- the editors' own tokeniser

INVALID = ("invalid.illegal.escape.scene", "invalid.illegal.color.scene", "invalid.illegal.unit.scene")


def as_syntax_test(text: str, name: str) -> str:
    """`text` as a vscode-tmgrammar-test file asserting no character of it is scoped invalid."""
    forbid = " - " + " ".join(INVALID)
    out = [f'// SYNTAX TEST "{GRAMMAR["scopeName"]}" "{name}"']
    for line in text.split("\n"):
        out.append(line)
        head = [i for i in (0, 1) if i < len(line) and not line[i].isspace()]
        if head:  # the first two columns sit under the assertion's own `//`
            out.append("// <" + "-" * (max(head) + 1) + forbid)
        carets = "".join("^" if not c.isspace() else " " for c in line[2:]).rstrip()
        if carets:
            out.append("//" + carets + forbid)
    return "\n".join(out) + "\n"


def _tmgrammar_test(*files: Path) -> subprocess.CompletedProcess:
    npx = shutil.which("npx")
    if npx is None:
        pytest.skip("npx is not installed: vscode-tmgrammar-test (npm) cannot run; install Node.js to run it")
    # npm's cache in a temporary folder: nothing is installed globally or in the user's home.
    cache = Path(tempfile.gettempdir()) / "scenec-npm-cache"
    grammar = str(ROOT / "editors" / "scene.tmLanguage.json")
    command = [npx, "--yes", "vscode-tmgrammar-test", "--compact", "-g", grammar]
    env = {"PATH": str(Path(npx).parent) + ":/usr/bin:/bin", "npm_config_cache": str(cache), "HOME": str(cache)}
    probe = subprocess.run([npx, "--yes", "vscode-tmgrammar-test", "--version"], capture_output=True, text=True,
                           env=env, cwd=cache.parent)
    if probe.returncode != 0:
        pytest.skip(f"npx could not fetch vscode-tmgrammar-test: {probe.stderr.strip()[-300:]}")
    return subprocess.run([*command, *map(str, files)], capture_output=True, text=True, env=env, cwd=cache.parent)


def test_the_scopes_fixture_passes_in_vscode_textmate():
    result = _tmgrammar_test(ROOT / "editors" / "tests" / "scopes.scene")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_example_has_no_invalid_token_in_vscode_textmate(tmp_path):
    files = []
    for path in EXAMPLES:
        target = tmp_path / path.relative_to(ROOT / "examples")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(as_syntax_test(path.read_text(encoding="utf-8"), path.name), encoding="utf-8")
        files.append(target)
    result = _tmgrammar_test(*files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_example_check_catches_an_invalid_token(tmp_path):
    bad = tmp_path / "bad.scene"
    bad.write_text(as_syntax_test('let a = #ff880\nlet b = "x\\q"\n', "bad"), encoding="utf-8")
    result = _tmgrammar_test(bad)
    assert result.returncode != 0 and "invalid.illegal.color.scene" in result.stdout + result.stderr

"""Parse results kept on disk: the same trees as a parse, one entry per file, never stale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scenec.knowledge.diskcache import DiskCache
from scenec.lang.parsecache import DiskParses
from scenec.lang.parser import parse_source
from scenec.lang.span import Source

TEXT = "scene {\n  shot 1s {\n    layer bg: gradient(from: navy, to: black) // sky\n  }\n}\n"
BROKEN = "scene {\n  shot 1s {\n    layr bg: circle()\n  }\n}\n"


def test_a_tree_read_back_is_the_tree_a_parse_builds(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "c")
    for text in (TEXT, BROKEN):
        source = Source("a.scene", text)
        first = DiskParses(cache).parse(source)
        again = DiskParses(cache)
        assert again.parse(source) == first == parse_source(source)
        assert again.parses == 0  # read back, not parsed
    assert not DiskParses(cache).parse(Source("a.scene", BROKEN)).ok


def test_an_edit_is_parsed_again_and_replaces_the_files_entry(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "c")
    DiskParses(cache).parse(Source("a.scene", TEXT))
    edited = Source("a.scene", TEXT.replace("navy", "teal"))
    parses = DiskParses(cache)
    assert parses.parse(edited) == parse_source(edited) and parses.parses == 1
    assert len(list((tmp_path / "c").glob("parse-*"))) == 1
    DiskParses(cache).parse(Source("b.scene", TEXT))  # another path: its own entry (spans name the file)
    assert len(list((tmp_path / "c").glob("parse-*"))) == 2


def test_a_damaged_entry_is_parsed_again(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "c")
    source = Source("a.scene", TEXT)
    DiskParses(cache).parse(source)
    (entry,) = (tmp_path / "c").glob("parse-*")
    entry.write_bytes(entry.read_bytes()[:-3])
    parses = DiskParses(cache)
    assert parses.parse(source) == parse_source(source) and parses.parses == 1


def test_a_check_of_a_new_or_unchanged_file_imports_no_lark_and_a_broken_one_does(tmp_path: Path) -> None:
    from scenec.lang import plainparse

    assert plainparse.available()  # the plain tables are kept (made now if they were not)
    scene = tmp_path / "s.scene"
    scene.write_text(TEXT)
    env = {**os.environ, "SCENEC_HOME": str(tmp_path / "home")}
    code = ("import sys\nfrom scenec.cli import main\nstatus = main(['check', sys.argv[1]])\n"
            "print(status, 'lark' in sys.modules)")

    def run() -> list[str]:
        return subprocess.run([sys.executable, "-c", code, str(scene)], capture_output=True, text=True, env=env,
                              timeout=120).stdout.split()[-2:]

    assert [run(), run()] == [["0", "False"], ["0", "False"]]  # parsed without Lark, then read back
    scene.write_text(TEXT.replace("{", "{ §", 1))
    assert run() == ["1", "True"]  # recovery is Lark's


def test_a_big_file_is_parsed_but_not_kept(tmp_path: Path, monkeypatch) -> None:
    from scenec.lang import parsecache

    monkeypatch.setattr(parsecache, "MAX_KEPT_CHARS", len(TEXT) - 1)
    cache = DiskCache(tmp_path / "c")
    source = Source("a.scene", TEXT)
    assert DiskParses(cache).parse(source) == parse_source(source)
    assert not list((tmp_path / "c").glob("parse-*"))


def test_lark_is_imported_without_interegular_whoever_imports_it_first() -> None:
    pytest.importorskip("interegular")
    code = ("import sys\nimport scenec.lang.translate\nimport lark.lexer\n"
            "print(lark.lexer.has_interegular, 'interegular' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120).stdout.split()
    assert out == ["False", "False"]  # no regex-collision check on every grammar Lark builds

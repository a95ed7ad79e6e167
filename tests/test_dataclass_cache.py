"""The cache of compiled dataclass methods: the classes it makes are the classes `dataclasses` makes."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scenec import dataclass_cache


def _make(cache: dataclass_cache._Cache):
    """A frozen slotted dataclass made with `cache` compiling its generated methods."""
    previous = dataclass_cache._cache
    dataclass_cache._cache = cache
    try:
        namespace: dict = {}
        dataclass_cache._exec(
            "import dataclasses\n"
            "@dataclasses.dataclass(frozen=True, slots=True, order=True)\n"
            "class Point:\n    x: int\n    y: tuple = (1, 2)\n", namespace)
        return namespace["Point"]
    finally:
        dataclass_cache._cache = previous


def test_methods_read_back_from_the_file_behave_as_compiled_ones(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(dataclasses, "exec", dataclass_cache._exec, raising=False)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = tmp_path / "fns.marshal"
    first = dataclass_cache._Cache(path)
    Made = _make(first)
    assert first.new and first.used
    first.write()
    second = dataclass_cache._Cache(path)
    assert set(second.stored) == set(first.used)
    Again = _make(second)
    assert not second.new  # every method came from the file
    for cls in (Made, Again):
        p = cls(3)
        assert p == cls(3, (1, 2)) and p < cls(4) and hash(p) == hash(cls(3))
        assert repr(p) == "Point(x=3, y=(1, 2))" and cls.__slots__ == ("x", "y")
        with pytest.raises(dataclasses.FrozenInstanceError):
            p.x = 4  # type: ignore[misc]


def test_a_damaged_file_is_ignored(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(dataclasses, "exec", dataclass_cache._exec, raising=False)
    path = tmp_path / "fns.marshal"
    path.write_bytes(b"scenec-dataclass-fns 1\n" + b"\x00garbage")
    cache = dataclass_cache._Cache(path)
    assert cache.stored == {}
    assert _make(cache)(1).x == 1


def test_nothing_is_written_when_python_writes_no_bytecode(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    cache = dataclass_cache._Cache(tmp_path / "fns.marshal")
    _make(cache)
    cache.write()
    assert not (tmp_path / "fns.marshal").exists()


def test_the_cli_installs_it_before_any_command_makes_its_classes() -> None:
    code = ("import sys, dataclasses; from scenec import cli\n"
            "sys.argv = ['scenec', 'check', '--help']\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "from scenec import dataclass_cache\n"
            "assert dataclasses.exec is dataclass_cache._exec\n"
            "assert dataclass_cache._cache.used, 'no dataclass method went through the cache'\n")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})  # no file written by the test

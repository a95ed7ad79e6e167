"""Signature defaults parsed once and kept between runs: the same values as a parse."""

from __future__ import annotations

from pathlib import Path

from scenec.compiler.passes import defaults
from scenec.knowledge.diskcache import DiskCache
from scenec.lang.parser import parse


def test_defaults_kept_on_disk_read_back_as_parsed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(defaults, "_values", {})
    monkeypatch.setattr(defaults, "_loaded", set())
    cache = DiskCache(tmp_path / "c")
    with defaults.kept_in(cache):
        made = defaults.default_value("(20%, 10%)")
    assert made == parse("let _ = (20%, 10%)", "<default>").file.items[0].value
    assert list((tmp_path / "c").glob("defaults-*"))
    monkeypatch.setattr(defaults, "_values", {})
    monkeypatch.setattr(defaults, "_loaded", set())
    with defaults.kept_in(cache):
        assert "(20%, 10%)" in defaults._values  # read back, not parsed
        assert defaults.default_value("(20%, 10%)") == made

"""The disk cache of derived knowledge: atomic, verified, healing, and never stale."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scenec.knowledge.diskcache import DiskCache, key_of
from scenec.knowledge.registry import load_registry
from scenec.knowledge.world import build_world
from scenec.lang.builtins import LazyTemplates, builtin_templates


@pytest.fixture(autouse=True)
def _bytecode_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the shell says (PYTHONDONTWRITEBYTECODE), these tests write beside the bytecode."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def _entries(registry):
    return {kind: dict(entries) for kind, entries in registry.entries.items()}


def test_a_stored_value_reads_back_and_is_made_once(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "c")
    made = []
    for _ in range(2):
        assert cache.memo("thing", key_of("a"), lambda: made.append(1) or {"x": (1, 2.5)}) == {"x": (1, 2.5)}
    assert made == [1]
    assert not list((tmp_path / "c").glob("*.tmp"))  # written through a temporary file, renamed


def test_a_corrupted_entry_is_dropped_and_made_again(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    key = key_of("b")
    cache.memo("thing", key, lambda: [1, 2, 3])
    (entry,) = tmp_path.glob("thing-*.pickle")
    data = bytearray(entry.read_bytes())
    data[-1] ^= 0xFF  # one flipped bit in the payload
    entry.write_bytes(bytes(data))
    assert cache.read("thing", key) is None and not entry.exists()
    assert cache.memo("thing", key, lambda: [4]) == [4]
    assert cache.memo("thing", key, lambda: [5]) == [4]  # healed: stored again


def test_keys_separate_their_parts() -> None:
    assert key_of("ab", "c") != key_of("a", "bc")


def test_an_unwritable_cache_costs_nothing_but_time(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert DiskCache(blocked / "c").memo("thing", key_of("x"), lambda: 7) == 7


def test_the_cached_registry_is_the_registry_the_yaml_builds(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "c")
    fresh = load_registry(None, (), cache)
    assert list((tmp_path / "c").glob("registry-*.pickle"))
    again = load_registry(None, (), cache)
    assert _entries(again) == _entries(fresh) == _entries(load_registry(None))
    assert dict(again.origins) == dict(fresh.origins)


def test_an_overlay_edit_is_seen_through_the_cache(tmp_path: Path) -> None:
    home = tmp_path / "home"
    overlay = home / "knowledge"
    overlay.mkdir(parents=True)
    before = build_world(home).registry
    (overlay / "palettes.yaml").write_text(
        "tealish:\n  description: Teal.\n  colors:\n    sky: '#008080'\n    ground: '#004040'\n")
    after = build_world(home).registry
    assert "tealish" not in _entries(before)[next(k for k in _entries(before) if k.value == "palette")]
    assert "tealish" in _entries(after)[next(k for k in _entries(after) if k.value == "palette")]


def test_cached_templates_are_the_parsed_templates(tmp_path: Path) -> None:
    world = build_world(tmp_path / "home")
    parsed = {name: template for name, template in LazyTemplates(world.template_sources).items()}
    first = dict(builtin_templates(world))
    assert list((tmp_path / "home" / "cache" / "derived").glob("templates-*.pickle"))
    second = dict(LazyTemplates(world.template_sources, world.cache))  # read back from disk
    assert first == second == parsed


def test_cached_objects_and_places_are_what_the_yaml_builds(tmp_path: Path) -> None:
    from scenec.knowledge.objects import load_objects
    from scenec.knowledge.places import load_places

    cache = DiskCache(tmp_path / "c")
    for kind, load in (("objects", load_objects), ("places", load_places)):
        fresh = load(None, (), cache)
        assert list((tmp_path / "c").glob(f"{kind}-*.pickle"))
        again = load(None, (), cache)
        plain = load(None)
        assert dict(again.entries) == dict(fresh.entries) == dict(plain.entries)
        assert dict(again.word_index) == dict(plain.word_index)


def test_an_objects_overlay_edit_is_seen_through_the_cache(tmp_path: Path) -> None:
    from scenec.knowledge.objects import load_objects

    home = tmp_path / "home"
    overlay = home / "knowledge"
    overlay.mkdir(parents=True)
    cache = DiskCache(tmp_path / "c")
    entry = ("zorb:\n  template: dog\n  category: animal\n  words: [zorb]\n  box: [10, 10]\n"
             "  color_param: null\n  default_color: null\n  placement: ground\n  size_class: {size}\n")
    (overlay / "objects.yaml").write_text(entry.format(size="small"))
    assert load_objects(home, (), cache).entries["zorb"].size_class == "small"
    (overlay / "objects.yaml").write_text(entry.format(size="large"))
    assert load_objects(home, (), cache).entries["zorb"].size_class == "large"


def test_shipped_kinds_are_made_once_per_install_and_read_from_any_data_dir(tmp_path: Path) -> None:
    shared = tmp_path / "install"
    made = []
    first = DiskCache(tmp_path / "home-a", shared)
    assert first.memo("templates", key_of("t"), lambda: made.append(1) or ("tree",)) == ("tree",)
    assert list(shared.glob("templates-*.pickle")) and not (tmp_path / "home-a").exists()
    other = DiskCache(tmp_path / "home-b", shared)  # a new, empty data directory
    assert other.memo("templates", key_of("t"), lambda: made.append(2) or ("other",)) == ("tree",)
    assert made == [1]
    # a user's own files' parses stay in their data directory
    other.write("parse", key_of("p"), b"x")
    assert not list(shared.glob("parse-*")) and list((tmp_path / "home-b").glob("parse-*.pickle"))


def test_an_unwritable_install_folder_falls_back_to_the_data_dir(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    cache = DiskCache(tmp_path / "home", blocked / "install")
    assert cache.memo("registry", key_of("r"), lambda: 3) == 3
    assert list((tmp_path / "home").glob("registry-*.pickle"))
    assert DiskCache(tmp_path / "home", blocked / "install").memo("registry", key_of("r"), lambda: 4) == 3


def test_a_corrupted_install_entry_is_dropped_and_made_again(tmp_path: Path) -> None:
    shared = tmp_path / "install"
    cache = DiskCache(tmp_path / "home", shared)
    cache.memo("objects", key_of("o"), lambda: [1])
    (entry,) = shared.glob("objects-*.pickle")
    entry.write_bytes(entry.read_bytes()[:-1])  # truncated
    assert DiskCache(tmp_path / "other", shared).memo("objects", key_of("o"), lambda: [2]) == [2]
    assert DiskCache(tmp_path / "third", shared).memo("objects", key_of("o"), lambda: [3]) == [2]


def test_the_install_folder_keeps_a_bounded_number_of_entries_per_kind(tmp_path: Path) -> None:
    import os

    from scenec.knowledge.diskcache import SHARED_PER_KIND

    shared = tmp_path / "install"
    cache = DiskCache(tmp_path / "home", shared)
    for n in range(SHARED_PER_KIND + 3):
        cache.write("places", key_of(str(n)), b"payload")
        entry = shared / f"places-{key_of(str(n))}.pickle"
        os.utime(entry, ns=(n * 10**9, n * 10**9))  # written in this order, whatever the clock's grain
    cache.write("registry", key_of("other kind"), b"payload")
    kept = {p.name for p in shared.glob("places-*.pickle")}
    assert len(kept) == SHARED_PER_KIND
    assert f"places-{key_of('0')}.pickle" not in kept and f"places-{key_of(str(SHARED_PER_KIND + 2))}.pickle" in kept


def test_the_cli_reads_shipped_kinds_from_the_install(tmp_path: Path, monkeypatch) -> None:
    from scenec.edge import Edge
    from scenec.knowledge.diskcache import install_folder

    monkeypatch.setenv("SCENEC_HOME", str(tmp_path / "home"))
    world = Edge.at(tmp_path).world()
    assert world.cache is not None and world.cache.shared == install_folder() is not None
    assert world.cache.folder == tmp_path / "home" / "cache" / "derived"
    assert world.rebuilt().cache.shared == world.cache.shared


def test_nothing_is_written_beside_the_bytecode_when_python_is_told_not_to(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    shared = tmp_path / "install"
    cache = DiskCache(tmp_path / "home", shared)
    assert cache.memo("templates", key_of("t"), lambda: ("tree",)) == ("tree",)
    assert not shared.exists() and list((tmp_path / "home").glob("templates-*.pickle"))

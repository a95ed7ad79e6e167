"""The signature tables' defaults as AST values, parsed once and kept between runs.

Reads the default of a parameter as `lang/signatures.py` writes it (scene
source: `50%`, `(20%, 10%)`, `[#000000, #ffffff]`) and produces its AST
value, parsed as `let _ = TEXT`. Values are kept for the process, and with
`kept_in(cache)` around a compile (the pipeline does, with the world's
disk cache) they are read from and written back to the data directory's
derived-data cache (`knowledge/diskcache.py`) under the parser's key
(`parsecache.parser_key`), so a compile whose scene parsed from the cache
imports no Lark at all. The values are frozen AST nodes, safe to share.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from scenec.knowledge import diskcache
from scenec.lang import ast
from scenec.lang.parsecache import parser_key
from scenec.lang.parser import parse

_values: dict[str, ast.Value] = {}
_lock = threading.Lock()
_loaded: set[str] = set()  # the cache folders already read by this process


def default_value(text: str) -> ast.Value:
    """The default `text`, written as scene source, as an AST value."""
    value = _values.get(text)
    if value is None:
        result = parse(f"let _ = {text}", "<default>")
        assert result.ok, f"bad default in the signature tables: {text}"
        value = _values.setdefault(text, result.file.items[0].value)
    return value


@contextlib.contextmanager
def kept_in(cache: diskcache.DiskCache | None) -> Iterator[None]:
    """Read the defaults parsed in earlier runs from `cache`, and store them again afterwards
    when this run parsed any new ones. Without a cache, nothing is read or written."""
    if cache is None:
        yield
        return
    import pickle

    key = diskcache.key_of(parser_key(), "signature defaults")
    with _lock:
        if str(cache.folder) not in _loaded:
            _loaded.add(str(cache.folder))
            payload = cache.read("defaults", key)
            try:
                stored = pickle.loads(payload) if payload is not None else {}  # noqa: S301 - our own, verified
            except Exception:  # noqa: BLE001 - an entry that does not load is made again
                stored = {}
            if isinstance(stored, dict):
                for text, value in stored.items():
                    _values.setdefault(text, value)
        known = len(_values)
    try:
        yield
    finally:
        with _lock:
            if len(_values) != known:
                cache.write("defaults", key, pickle.dumps(dict(_values), protocol=pickle.HIGHEST_PROTOCOL))

"""Parse results kept on disk by the hash of the text: a file parsed once is not parsed again.

Reads a `Source` (a path and its text); produces the `ParseResult`
`parser.parse_source` would, from the data directory's derived-data cache
(`knowledge/diskcache.py`: atomic, verified, self-healing) when the same
text at the same path was parsed before, else by parsing it and storing the
result. `check`, `still`, `render`, `watch` and every re-check of an
unchanged file thus skip Lark entirely (its import, its tables and its
lexers are most of a small check's time).

One entry per file: its key is the path (every span in a tree names its
file) and the parser itself (the fields of every AST, diagnostic and
parse-result class, and the text of the grammar and of every module that
turns text into a tree: `parser_key`, so a scenec whose parser changed never
reads a tree the old one built); the entry holds the hash of the text it was
parsed from, and a file whose text changed is parsed again and its entry
replaced, so edits do not pile up entries. Only files of up to
`MAX_KEPT_CHARS` are kept: storing a tree costs about as much as parsing it
(pickling a slotted dataclass runs Python code per node) and reading it
back about a third, so what a cache saves on a big file is small next to
what its first check would pay, while for a small file Lark's start-up is
the whole cost. `parses` counts the parses actually run (the misses).
"""

from __future__ import annotations

import functools
import pickle
from dataclasses import is_dataclass
from enum import Enum
from importlib import resources

from scenec.knowledge import diskcache
from scenec.lang import ast, diagnostics, parser
from scenec.lang.parser import ParseResult, parse_source
from scenec.lang.span import Source

# What turns text into a tree: a change to any of them changes the key.
MAX_KEPT_CHARS = 64_000  # about 900 lines of a typical scene
_PARSER_FILES = ("scene.lark", "parser.py", "build.py", "onepass.py", "plainparse.py", "tables.py", "scan.py",
                 "recover.py", "syntax_messages.py", "literals.py", "tokens.py", "span.py", "codes.py")


@functools.cache
def parser_key() -> str:
    """The shape of the classes a parse result is made of and the text of the code that makes it."""
    classes = [v for module in (ast, diagnostics, parser) for v in vars(module).values()
               if isinstance(v, type) and v.__module__ == module.__name__ and (is_dataclass(v) or issubclass(v, Enum))]
    folder = resources.files("scenec.lang")
    texts = []
    for name in _PARSER_FILES:
        entry = folder.joinpath(name)
        texts.append(entry.read_bytes() if entry.is_file() else b"")
    return diskcache.key_of(diskcache.shape_of(classes), *texts)


class DiskParses:
    """`parse(source)` through `cache` (a `DiskCache`; None: always parse), remembering this
    process's results too, so a file imported twice is read once."""

    def __init__(self, cache: diskcache.DiskCache | None) -> None:
        self.cache = cache
        self.parses = 0
        self._results: dict[tuple[str, str], ParseResult] = {}

    def parse(self, source: Source) -> ParseResult:
        known = self._results.get((source.path, source.text))
        if known is not None:
            return known
        kept = self.cache is not None and len(source.text) <= MAX_KEPT_CHARS
        key = diskcache.key_of(parser_key(), source.path) if kept else ""
        text_key = diskcache.key_of(source.text) if kept else ""
        result = self._read(key, text_key)
        if result is None:
            result = parse_source(source)
            self.parses += 1
            self._write(key, text_key, result)
        self._results[(source.path, source.text)] = result
        return result

    def _read(self, key: str, text_key: str) -> ParseResult | None:
        if self.cache is None or not key:
            return None
        payload = self.cache.read("parse", key)
        if payload is None:
            return None
        try:
            stored = pickle.loads(payload)  # noqa: S301 - our own data, verified, in the user's data directory
        except Exception:  # noqa: BLE001 - an entry that does not load is parsed again
            stored = None
        if not (isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[1], ParseResult)):
            self.cache.drop("parse", key)
            return None
        return stored[1] if stored[0] == text_key else None  # another text: parsed again, entry replaced

    def _write(self, key: str, text_key: str, result: ParseResult) -> None:
        if self.cache is None or not key:
            return
        try:
            payload = pickle.dumps((text_key, result), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - a tree that does not pickle is simply not kept
            return
        self.cache.write("parse", key, payload)

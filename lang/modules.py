"""Loading a file and what it imports, through a loader the caller supplies.

`lang/` reads no files itself (typst's `World`): a `Loader` hands over bytes
and says where the project root is. Paths are plain strings joined and
normalised with `posixpath`/`os.path` string functions only.

A long-lived consumer (the language server, the dashboard, `watch`) passes
a `ParseCache`, so checking again after an edit re-parses only the files
whose text changed.
"""

from __future__ import annotations

import hashlib
import os.path
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Protocol

from scenec.lang import ast
from scenec.lang.diagnostics import Diagnostic, error
from scenec.lang.parser import ParseResult, decode, parse_source
from scenec.lang.span import Source


class LoadError(Exception):
    """A loader could not read a file; the message says why, in plain words."""


class Loader(Protocol):
    def read(self, path: str) -> bytes:
        """The bytes of `path`; raises LoadError (or FileNotFoundError) when it cannot."""

    def project_root(self, path: str) -> str:
        """The folder imports from `path` may not leave."""

    def exists(self, path: str) -> bool:
        """Whether something is at `path` (an image a scene names); `image_head` says whether it can be read."""

    def escape(self, root: str, path: str) -> str | None:
        """Where `path` really leads when that is outside `root` (through `..`, an absolute path
        or a symbolic link anywhere on the way), else None."""

    def image_head(self, path: str) -> bytes:
        """The first `image_header.HEAD_BYTES` of an image file, enough for its size; raises
        LoadError when it is not a regular file of at most `limits.MAX_IMAGE_BYTES`."""


@dataclass
class MemoryLoader:
    """Files held in a dict: for tests, the dashboard's unsaved buffers and the LSP."""

    files: dict[str, str | bytes]
    root: str = "/"
    fallback: Loader | None = None

    def read(self, path: str) -> bytes:
        if path in self.files:
            data = self.files[path]
            return data.encode("utf-8") if isinstance(data, str) else data
        if self.fallback is not None:
            return self.fallback.read(path)
        raise FileNotFoundError(path)

    def project_root(self, path: str) -> str:
        if self.fallback is not None:
            return self.fallback.project_root(path)
        return self.root

    def exists(self, path: str) -> bool:
        return path in self.files or (self.fallback is not None and self.fallback.exists(path))

    def image_head(self, path: str) -> bytes:
        from scenec.lang.image_header import HEAD_BYTES

        if path in self.files:
            data = self.files[path]
            return (data.encode("utf-8") if isinstance(data, str) else data)[:HEAD_BYTES]
        if self.fallback is not None:
            return self.fallback.image_head(path)
        raise FileNotFoundError(path)

    def escape(self, root: str, path: str) -> str | None:
        if path not in self.files and self.fallback is not None:
            return self.fallback.escape(root, path)
        return None if inside_root(root, path) else path


class ParseCache:
    """Parse results by path and the hash of the text, the most recent `capacity` of them.

    The path is part of the key because every span in a tree names its file.
    `parses` counts the parses actually run (the misses), `spliced` those of them
    that re-parsed one block of the file's last one-pass tree (`incremental.py`)."""

    def __init__(self, capacity: int = 256) -> None:
        self.capacity = capacity
        self.parses = 0
        self.spliced = 0
        self._results: OrderedDict[tuple[str, bytes], ParseResult] = OrderedDict()
        self._bases: OrderedDict[str, ParseResult] = OrderedDict()  # path -> its latest one-pass parse

    def parse(self, source: Source) -> ParseResult:
        key = (source.path, hashlib.blake2b(source.text.encode("utf-8", "surrogatepass"), digest_size=16).digest())
        result = self._results.get(key)
        if result is not None:
            self._results.move_to_end(key)
            return result
        base = self._bases.get(source.path)
        result = None
        if base is not None:
            from scenec.lang.incremental import splice  # imports Lark: only once a file is edited

            result = splice(base, source)
        if result is None:
            result = parse_source(source)
        else:
            self.spliced += 1
        self.parses += 1
        if not result.recovered:
            self._bases[source.path] = result
            self._bases.move_to_end(source.path)
            if len(self._bases) > self.capacity:
                self._bases.popitem(last=False)
        self._results[key] = result
        if len(self._results) > self.capacity:
            self._results.popitem(last=False)
        return result


@dataclass
class Module:
    path: str
    result: ParseResult
    imports: tuple[tuple[ast.Import, str], ...] = ()  # each import and the path it names


@dataclass
class ModuleGraph:
    entry: str
    root: str
    modules: dict[str, Module] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    loader: Loader | None = None

    @property
    def files_read(self) -> tuple[str, ...]:
        return tuple(self.modules)


def load_graph(entry: str, loader: Loader, text: str | None = None, cache: ParseCache | None = None) -> ModuleGraph:
    """Parse `entry` and, transitively, every file it imports, reporting file problems."""
    entry = os.path.normpath(entry)
    graph = ModuleGraph(entry, os.path.normpath(loader.project_root(entry)), loader=loader)
    data = text.encode("utf-8") if text is not None else None
    _load(graph, loader, entry, data, chain=(entry,), entry_import=None, cache=cache)
    return graph


def _load(graph: ModuleGraph, loader: Loader, path: str, data: bytes | None,
          chain: tuple[str, ...], entry_import: ast.Import | None, cache: ParseCache | None) -> None:
    if data is None:
        try:
            data = loader.read(path)
        except FileNotFoundError:  # only for the entry: imports are read by the caller
            graph.diagnostics.append(error("E5001", f"cannot find {path}", None,
                                           "check the path; it is relative to the current folder"))
            return
        except (OSError, LoadError) as exc:
            graph.diagnostics.append(error("E5004", f"cannot read {path}: {_reason(exc)}", None))
            return
    source = decode(path, data)
    if isinstance(source, Diagnostic):
        graph.diagnostics.append(source)
        return
    graph.sources[path] = source
    result = cache.parse(source) if cache is not None else parse_source(source)
    module = Module(path, result)
    graph.modules[path] = module
    graph.diagnostics.extend(result.diagnostics)
    imports = []
    for item in result.file.items:
        if not isinstance(item, ast.Import):
            continue
        target = os.path.normpath(os.path.join(os.path.dirname(path), item.path.value))
        imports.append((item, target))
        at_entry = entry_import or item
        leads_to = loader.escape(graph.root, target)
        if leads_to is not None:
            graph.diagnostics.append(error(
                "E5002", f"`{item.path.value}` leaves the project folder{_via_link(target, leads_to)}",
                item.path.span, "imports stay inside the folder holding scenec.toml, or the compiled file's "
                "folder when there is none", label="outside the project"))
            continue
        if target in chain:
            names = " → ".join(os.path.basename(p) for p in (*chain, target))
            if at_entry is not None and not any(d.code == "E5003" and d.span == at_entry.path.span
                                                for d in graph.diagnostics):
                graph.diagnostics.append(error("E5003", f"import cycle: {names}", at_entry.path.span,
                                               "remove one of the imports in the cycle"))
            continue
        if target in graph.modules:
            continue
        try:
            raw = loader.read(target)
        except FileNotFoundError:
            graph.diagnostics.append(error("E5001", f"cannot find `{item.path.value}`", item.path.span,
                                           f"looked for {target}", label="no such file"))
            continue
        except (OSError, LoadError) as exc:
            graph.diagnostics.append(error("E5004", f"cannot read `{item.path.value}`: {_reason(exc)}",
                                           item.path.span))
            continue
        _load(graph, loader, target, raw, (*chain, target), at_entry if path == graph.entry else entry_import,
              cache)
    module.imports = tuple(imports)


def inside_root(root: str, path: str) -> bool:
    """Whether `path` lies in `root`; both absolute, or both relative to one folder."""
    root = os.path.normpath(root)
    if root == os.curdir:
        return not os.path.isabs(path) and path != os.pardir and not path.startswith(os.pardir + os.sep)
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _via_link(written: str, leads_to: str) -> str:
    """`: it links to /etc/passwd` when a link, not the path as written, is what leaves the root."""
    return "" if os.path.normpath(written) == os.path.normpath(leads_to) else f": it links to {leads_to}"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__

"""Derived data kept on disk by the hash of what it was derived from: start-up without re-parsing.

Every command reads the same shipped knowledge: the registry's YAML (read,
validated and built into entries) and the built-in template libraries
(parsed into the AST). Both are pure functions of their text, so the
result is stored in the data directory's `cache/derived/` folder under a
key that hashes everything it was made from (the texts, and the shape of
the classes it is made of, so a scenec whose types changed never reads an
old entry), and read back instead of being made again.

Guarantees: a write is atomic (a temporary file renamed into place), so a
reader sees a whole entry or none; a read is verified (a magic line and the
SHA-256 of the payload), and an entry that fails to verify or to load is
deleted and made again, so a corrupted cache heals itself. A cache that
cannot be written (read-only data directory) is skipped silently: it only
ever costs the time it would have saved.

The payload is a pickle of scenec's own frozen data (written by this
process for this user into their data directory, like Python's own
`__pycache__`); nothing else is ever read from there.

Made once per install: what derives from shipped text alone (the kinds in
`SHARED_KINDS`: registries, parsed template libraries, signature defaults)
is the same for every data directory, so the CLI gives its cache a `shared`
folder beside scenec's own bytecode (`install_folder()`, as `.pyc` files
are kept). Those kinds are read from there first, then from the data
directory, and written there when it can be written (else to the data
directory). The first command after installing fills it and every data
directory, even an empty one, reads it. Keys still hash everything an entry
was made from (overlays included), so a user's overlays only add entries;
at most `SHARED_PER_KIND` of each kind are kept there, the least recently
written dropped first. Parse results of a user's files (`parse`) stay in
the data directory.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_MAGIC = b"scenec-derived 1\n"
_DIGEST_BYTES = 32
# What derives from shipped text (and overlays, which are in the key) and not from a user's files.
SHARED_KINDS = frozenset({"registry", "objects", "places", "templates", "defaults"})
SHARED_PER_KIND = 128  # four times the shipped object libraries


def install_folder() -> Path | None:
    """`__pycache__/derived/` beside this package's bytecode (honouring `sys.pycache_prefix`), or None
    for an interpreter that keeps no bytecode."""
    import importlib.util
    import sys

    if sys.implementation.cache_tag is None:
        return None
    try:
        pyc = Path(importlib.util.cache_from_source(__file__))
    except (NotImplementedError, ValueError):
        return None
    return pyc.parent / "derived"


def key_of(*parts: str | bytes) -> str:
    """One hex key for `parts`, each length-prefixed so that no two lists of parts collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def shape_of(classes: Iterable[type]) -> str:
    """The names and fields of `classes` (dataclasses) and the members of enums, as one string:
    part of a key, so that a changed type never reads data pickled from the old one."""
    out = []
    for cls in classes:
        if is_dataclass(cls):
            out.append(f"{cls.__module__}.{cls.__qualname__}({','.join(f.name for f in fields(cls))})")
        elif hasattr(cls, "__members__"):
            out.append(f"{cls.__module__}.{cls.__qualname__}[{','.join(cls.__members__)}]")
    return ";".join(out)


@dataclass(frozen=True, slots=True)
class DiskCache:
    """Entries under `folder`, one file each, named by their kind and key; the `SHARED_KINDS` also
    under `shared` (see the module's docstring), which is tried first."""

    folder: Path
    shared: Path | None = None

    def _folders(self, kind: str) -> tuple[Path, ...]:
        if self.shared is not None and kind in SHARED_KINDS:
            return (self.shared, self.folder)
        return (self.folder,)

    def read(self, kind: str, key: str) -> bytes | None:
        """The payload stored under `key`, verified; None when there is none or it did not verify
        (then the file is removed)."""
        for folder in self._folders(kind):
            payload = _read(folder / _name(kind, key))
            if payload is not None:
                return payload
        return None

    def write(self, kind: str, key: str, payload: bytes) -> None:
        """Store `payload` under `key` atomically; a failure to write is ignored. Nothing is written
        beside the bytecode when Python is told not to write bytecode (`-B`, PYTHONDONTWRITEBYTECODE)."""
        import sys

        for folder in self._folders(kind):
            if folder == self.shared and sys.dont_write_bytecode:
                continue
            if _write(folder, _name(kind, key), payload, folder == self.shared):
                if folder == self.shared:
                    _prune(folder, kind)
                return

    def drop(self, kind: str, key: str) -> None:
        for folder in self._folders(kind):
            _unlink(folder / _name(kind, key))

    def memo(self, kind: str, key: str, compute: Callable[[], T]) -> T:
        """What `compute()` returns, read from the cache when it holds `key`, else computed and stored."""
        payload = self.read(kind, key)
        if payload is not None:
            try:
                return pickle.loads(payload)  # noqa: S301 - our own data, verified, in the user's data directory
            except Exception:  # noqa: BLE001 - an entry that does not load is made again
                self.drop(kind, key)
        value = compute()
        self.write(kind, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return value


def _name(kind: str, key: str) -> str:
    return f"{kind}-{key}.pickle"


def _read(path: Path) -> bytes | None:
    """The verified payload of the entry at `path`; a broken entry is removed."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC)
    payload = data[head + _DIGEST_BYTES:]
    if data[:head] == _MAGIC and data[head:head + _DIGEST_BYTES] == hashlib.sha256(payload).digest():
        return payload
    _unlink(path)
    return None


def _write(folder: Path, name: str, payload: bytes, shared: bool = False) -> bool:
    """Write the entry atomically (a temporary file renamed into place); False when it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name.split('-', 1)[0]}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            if shared:
                os.chmod(temporary, 0o644)  # as a `.pyc` is: every user of the install reads it
            os.replace(temporary, folder / name)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return False
    return True


def _prune(folder: Path, kind: str) -> None:
    """Keep the `SHARED_PER_KIND` most recently written entries of `kind` in `folder`."""
    def written(path: Path) -> int:
        try:
            return path.stat().st_mtime_ns
        except OSError:  # removed meanwhile by another process
            return 0

    try:
        entries = sorted(folder.glob(f"{kind}-*.pickle"), key=written, reverse=True)
    except OSError:
        return
    for stale in entries[SHARED_PER_KIND:]:
        _unlink(stale)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def memo(cache: DiskCache | None, kind: str, key: str, compute: Callable[[], T]) -> T:
    """`cache.memo(...)`, or just `compute()` without a cache."""
    return compute() if cache is None else cache.memo(kind, key, compute)

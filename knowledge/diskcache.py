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
    """Entries under `folder`, one file each, named by their kind and key."""

    folder: Path

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / f"{kind}-{key}.pickle"

    def read(self, kind: str, key: str) -> bytes | None:
        """The payload stored under `key`, verified; None when there is none or it did not verify
        (then the file is removed)."""
        path = self._path(kind, key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        head = len(_MAGIC)
        payload = data[head + _DIGEST_BYTES:]
        if data[:head] == _MAGIC and data[head:head + _DIGEST_BYTES] == hashlib.sha256(payload).digest():
            return payload
        self.drop(kind, key)
        return None

    def write(self, kind: str, key: str, payload: bytes) -> None:
        """Store `payload` under `key` atomically; a failure to write is ignored."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{kind}-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
                os.replace(temporary, self._path(kind, key))
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            pass

    def drop(self, kind: str, key: str) -> None:
        try:
            self._path(kind, key).unlink()
        except OSError:
            pass

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


def memo(cache: DiskCache | None, kind: str, key: str, compute: Callable[[], T]) -> T:
    """`cache.memo(...)`, or just `compute()` without a cache."""
    return compute() if cache is None else cache.memo(kind, key, compute)

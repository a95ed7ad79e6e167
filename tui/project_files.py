"""The `.scene` files of a project, for the open-file picker: listed once, then
shown folder by folder or filtered by what is typed.

`scan_project(root)` walks the project folder (hidden folders, `__pycache__`,
`node_modules` and virtual environments aside; links to files outside the
project left out, since they could not be opened) and keeps the `.scene`
files and the folders that hold one somewhere below them. It stops after
`limit` entries so that a dashboard started in a huge folder still opens its
picker, and says so. `shown(entries, folder, query)` is what the picker
lists: a folder's own folders and files, or, while a filter is typed, every
entry below the folder whose path holds each word of it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

_SKIPPED = frozenset({"__pycache__", "node_modules", "venv", "site-packages"})


@dataclass(frozen=True, slots=True)
class Entry:
    path: str  # relative to the project root, with `/` between parts
    is_dir: bool

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    @property
    def parent(self) -> str:
        parent = str(PurePosixPath(self.path).parent)
        return "" if parent == "." else parent


@dataclass(frozen=True, slots=True)
class Listing:
    entries: tuple[Entry, ...]
    complete: bool  # False when the walk stopped at its limit


def scan_project(root: Path, limit: int = 20_000) -> Listing:
    """Every `.scene` file under `root` and the folders that lead to one (at most `limit` folders
    and files looked at); unreadable folders are passed over."""
    root = root.resolve()
    files: list[str] = []
    seen = 0
    complete = True
    for folder, folders, names in os.walk(root, onerror=lambda error: None):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in _SKIPPED)
        seen += len(folders) + len(names)
        here = Path(folder)
        for name in sorted(names):
            if name.endswith(".scene") and not name.startswith("."):
                path = here / name
                if path.is_symlink():
                    target = path.resolve()
                    if root not in target.parents:
                        continue
                files.append(path.relative_to(root).as_posix())
        if seen > limit:
            complete = False
            break
    folders_used = {str(parent) for f in files for parent in PurePosixPath(f).parents if str(parent) != "."}
    entries = [Entry(f, True) for f in sorted(folders_used)] + [Entry(f, False) for f in files]
    return Listing(tuple(entries), complete)


def _below(entry: Entry, folder: str) -> str | None:
    """The entry's path relative to `folder`, or None when it is not below it."""
    if not folder:
        return entry.path
    return entry.path[len(folder) + 1:] if entry.path.startswith(folder + "/") else None


def shown(entries: tuple[Entry, ...], folder: str, query: str) -> list[Entry]:
    """What the picker lists in `folder` ("" is the root): with no `query`, its folders then its
    files; with one, every entry below it whose path relative to it holds each word of the query
    (case aside), names that start with the query first."""
    words = query.lower().split()
    if not words:
        inside = [e for e in entries if e.parent == folder]
        return sorted(inside, key=lambda e: (not e.is_dir, e.name.lower()))
    found = []
    for entry in entries:
        relative = _below(entry, folder)
        if relative is not None and all(word in relative.lower() for word in words):
            name = entry.name.lower()
            rank = 0 if name.startswith(words[0]) else 1 if words[0] in name else 2
            found.append((rank, entry.is_dir, relative.lower(), entry))
    found.sort(key=lambda item: item[:3])
    return [item[3] for item in found]

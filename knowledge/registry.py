"""Load, validate and overlay the knowledge registries.

`load_registry(data_dir, project_overlays)` reads the built-in YAML files
shipped in `scenec.knowledge/data`, then the same-named files in each
project overlay folder (in order), then those in `data_dir/knowledge/` (the
learned overlays) when `data_dir` is given. An overlay entry replaces the
entry of the same name whole (it must be complete) and new names extend the
registry; in `sounds.yaml` this happens per section. References between
registries (a genre's palette, a style's LUT) are checked after merging.

Nothing here reads the environment: the registry is built once per world
(`scenec.knowledge.world.build_world`) at the edge and passed down. Given
the world's `DiskCache`, the built entries are kept on disk by the hash of
every file's text (`diskcache.py`), so a command whose knowledge files did
not change reads them back instead of parsing and validating YAML again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from scenec.knowledge import diskcache, entries as entry_types
from scenec.knowledge.errors import KnowledgeError
from scenec.knowledge.paths import overlay_folders
from scenec.knowledge.schema import Context, MapOf
from scenec.knowledge.specs import BUILDERS, FILES, FileSpec, Kind
from scenec.knowledge.suggest import did_you_mean

BUILTIN = "built-in"


@dataclass(frozen=True, slots=True, eq=False)
class Registry:
    """Every entry by kind and name, and where each entry came from.

    `origins[(kind, name)]` is `"built-in"` or the overlay file's path;
    `overlay_dirs` the folders read after the built-ins, lowest first.
    Compared and hashed by identity: a registry is loaded once per world and shared.
    """

    entries: Mapping[Kind, Mapping[str, Any]]
    origins: Mapping[tuple[Kind, str], str]
    overlay_dirs: tuple[Path, ...]


def _validate(spec: FileSpec, data: Any, ctx: Context) -> dict[Kind, dict[str, dict[str, Any]]]:
    """Validate one file's parsed YAML into validated records per kind."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ctx.fail((), f"expected a mapping of entries at the top level, found {type(data).__name__}")
    flat = len(spec.sections) == 1 and spec.sections[0].key is None
    out: dict[Kind, dict[str, dict[str, Any]]] = {}
    if flat:
        section = spec.sections[0]
        out[section.kind] = MapOf(section.schema, label=section.kind.value).validate(data, (), ctx)
        return out
    keys = [s.key for s in spec.sections if s.key is not None]
    for key in data:
        if key not in keys:
            raise ctx.fail((), f"unknown section '{key}'{did_you_mean(str(key), keys)}; sections: {', '.join(keys)}")
    for section in spec.sections:
        if section.key in data:
            validated = MapOf(section.schema, label=section.kind.value).validate(data[section.key], (), ctx)
            out[section.kind] = validated
    return out


def _builtin_text(filename: str) -> str:
    return (resources.files("scenec.knowledge") / "data" / filename).read_text(encoding="utf-8")


def _check_refs(contexts: list[Context], merged: Mapping[Kind, Mapping[str, Any]]) -> None:
    for ctx in contexts:
        for kind, name, path in ctx.refs:
            known = merged.get(Kind(kind), {})
            if name not in known:
                raise ctx.fail(path, f"unknown {kind} '{name}'{did_you_mean(name, known)}")


def load_registry(data_dir: Path | None = None, project_overlays: Sequence[Path] = (),
                  cache: diskcache.DiskCache | None = None) -> Registry:
    """Load the built-in knowledge, overlaid by the project's folders, then `data_dir/knowledge/*.yaml`.

    Reads the files every call: keep the result (in a world) rather than
    calling again; with a `cache`, what was built from the same texts is
    read back from it. Raises `KnowledgeError`.
    """
    folders = overlay_folders(data_dir, project_overlays)
    sources: list[tuple[FileSpec, str, str, str]] = []  # (spec, label, origin, text), in precedence order
    for spec in FILES:
        sources.append((spec, spec.filename, BUILTIN, _builtin_text(spec.filename)))
        for path in (folder / spec.filename for folder in folders):
            if not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                raise KnowledgeError(f"{path}: cannot be read: {err}") from None
            sources.append((spec, str(path), str(path), text))
    key = diskcache.key_of(_shape(), *(part for _, label, origin, text in sources for part in (label, origin, text)))
    built, origins = diskcache.memo(cache, "registry", key, lambda: _build(sources))
    return Registry(MappingProxyType({kind: MappingProxyType(built[kind]) for kind in Kind}),
                    MappingProxyType(origins), folders)


def _shape() -> str:
    classes = [v for v in vars(entry_types).values() if isinstance(v, type) and v.__module__ == entry_types.__name__]
    return diskcache.shape_of([Kind, *classes])


def _build(sources: list[tuple[FileSpec, str, str, str]]):
    """Each kind's entries by name, and each entry's origin, from the files' texts."""
    from scenec.knowledge.yamlfile import parse_yaml  # YAML is read only when the cache does not hold it

    records: dict[Kind, dict[str, dict[str, Any]]] = {}
    origins: dict[tuple[Kind, str], str] = {}
    contexts: list[Context] = []
    for spec, label, origin, text in sources:
        ctx = Context(label)
        for kind, entries in _validate(spec, parse_yaml(text, label), ctx).items():
            for name, record in entries.items():
                records.setdefault(kind, {})[name] = record
                origins[(kind, name)] = origin
        contexts.append(ctx)
    _check_refs(contexts, records)
    built = {kind: {name: BUILDERS[kind](name, rec) for name, rec in records.get(kind, {}).items()} for kind in Kind}
    return built, origins

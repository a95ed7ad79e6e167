"""Apply a suggestion to the learned overlay in the data directory, and revert it exactly.

A suggestion's `change` names one overlay file under `<data dir>/knowledge/`
and the entries to write there:

    {"file": "palettes.yaml", "entries": {"dusk": {"description": ..., "colors": {...}}}}
    {"file": "objects.yaml", "entries": {"giraffe": {...the whole object entry...}}}
    {"file": "learned_words.yaml", "entries": {"lorry": {"kind": "object", "value": "truck"}}}

Registry overlays replace an entry whole, so entries carry complete records;
learned words go through `vocabulary.learn_word`, the vocabulary's own
writer. Before writing, the file's text (or its absence) is kept with the
suggestion; after writing, a whole new knowledge world is built from the
data directory to validate it, and a change that does not validate is undone
on the spot. Revert puts the kept text back, byte for byte, and refuses when
the file has changed since (revert the later suggestion first), so undoing
never loses someone else's edit. Each apply adds a comment line at the top
of the file saying who applied which suggestion, when and why. Nothing is
cached, so nothing is cleared: the caller builds a new world
(`Knowledge.rebuilt()`) and its next translation and compile see the change.
"""

from __future__ import annotations

import getpass
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from scenec.knowledge.errors import KnowledgeError
from scenec.knowledge.learning.store import RunStore, StoreError, Suggestion, now_iso
from scenec.knowledge.paths import knowledge_overlay_dir
from scenec.knowledge.world import Knowledge, build_world

LEARNED_WORDS = "learned_words.yaml"
# Files a suggestion may write: the registry overlays plus the learned words.
WRITABLE = ("palettes.yaml", "objects.yaml", "genres.yaml", "styles.yaml", "times.yaml", "weather.yaml",
            LEARNED_WORDS)
AUTOMATE_USER = "scenec automate"


class OverlayError(StoreError):
    """A suggestion cannot be applied or reverted; the message says why."""


def user_name(environ: Mapping[str, str] | None = None) -> str:
    """Who is applying a change, for the audit note: `USER`/`USERNAME` in `environ` (the CLI passes
    its environment), else the login name the operating system reports."""
    env = environ or {}
    name = env.get("USER") or env.get("USERNAME")
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def validate_knowledge(data_dir: Path, project_overlays: Sequence[Path] = ()) -> Knowledge:
    """Build the world the data directory's overlays make, every part read, which validates every file;
    raises KnowledgeError."""
    return build_world(Path(data_dir), project_overlays).loaded()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise OverlayError(f"{path}: cannot be read: {error}") from None


def _restore(path: Path, text: str | None) -> None:
    if text is None:
        path.unlink(missing_ok=True)
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _leading_comments(text: str | None) -> list[str]:
    lines = []
    for line in (text or "").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def _merged_registry_text(previous: str | None, entries: Mapping[str, Any], label: str) -> str:
    try:
        data = yaml.safe_load(previous) if previous else None
    except yaml.YAMLError as error:
        raise OverlayError(f"{label}: not valid YAML, so nothing can be merged into it: {error}") from None
    data = dict(data) if isinstance(data, dict) else {}
    data.update({str(name): record for name, record in entries.items()})
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _write_change(suggestion: Suggestion, folder: Path, path: Path, previous: str | None, note: str) -> str:
    """Write the change with `note` as its comment line; the file's new text."""
    entries = suggestion.change.get("entries") or {}
    if not isinstance(entries, dict) or not entries:
        raise OverlayError(f"suggestion {suggestion.id} has no entries to write")
    if path.name == LEARNED_WORDS:
        from scenec.knowledge.vocabulary import learn_word
        for word, entry in entries.items():
            learn_word(str(word), str(entry["kind"]), str(entry["value"]), folder.parent,
                       prompt=str(entry.get("prompt") or f"scenec learn suggestion {suggestion.id}"))
        body = _read(path) or ""
    else:
        body = _merged_registry_text(previous, entries, str(path))
    body = "\n".join(line for line in body.splitlines() if not line.startswith("# scenec learn:")) + "\n"
    kept = [line for line in _leading_comments(previous) if line.startswith("# scenec learn:")]
    text = "\n".join([*kept, note]) + "\n" + body
    _restore(path, text)
    return text


def apply_suggestion(store: RunStore, suggestion_id: int, data_dir: Path, *, by: str,
                     reason: str | None = None) -> Suggestion:
    """Write suggestion `suggestion_id` into the overlay; records who, when and why. Returns it updated."""
    suggestion = store.suggestion(suggestion_id)
    if suggestion.status == "applied":
        raise OverlayError(f"suggestion {suggestion.id} is already applied (by {suggestion.by} at "
                           f"{suggestion.applied_at}); `scenec learn revert {suggestion.id}` undoes it")
    if suggestion.status == "rejected":
        raise OverlayError(f"suggestion {suggestion.id} was rejected; it cannot be applied")
    filename = str(suggestion.change.get("file", ""))
    if filename not in WRITABLE:
        raise OverlayError(f"suggestion {suggestion.id} would write {filename!r}, which is not a learnable "
                           f"overlay ({', '.join(WRITABLE)})")
    folder = knowledge_overlay_dir(Path(data_dir))
    path = folder / filename
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OverlayError(f"cannot create {folder}: {error.strerror or error}") from None
    previous = _read(path)
    stamp = now_iso()
    try:
        note = f"# scenec learn: suggestion {suggestion.id} applied by {by} at {stamp}: {suggestion.title}"
        text = _write_change(suggestion, folder, path, previous, " ".join(note.split()))
        validate_knowledge(Path(data_dir))
    except (KnowledgeError, KeyError, TypeError) as error:
        _restore(path, previous)
        raise OverlayError(f"suggestion {suggestion.id} does not make valid knowledge, nothing changed: "
                           f"{error}") from None
    except OSError as error:
        _restore(path, previous)
        raise OverlayError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        store.mark(suggestion.id, "applied", by=by, reason=reason or suggestion.title,
                   previous={filename: previous}, written={filename: text})
    except StoreError:
        _restore(path, previous)  # an apply nobody could revert must not stay
        raise
    return store.suggestion(suggestion.id)


def revert_suggestion(store: RunStore, suggestion_id: int, data_dir: Path, *, by: str,
                      reason: str | None = None) -> Suggestion:
    """Put the overlay back exactly as it was before suggestion `suggestion_id` was applied."""
    suggestion = store.suggestion(suggestion_id)
    if suggestion.status != "applied" or not suggestion.previous:
        raise OverlayError(f"suggestion {suggestion.id} is {suggestion.status}, not applied; nothing to revert")
    folder = knowledge_overlay_dir(Path(data_dir))
    for filename, text in suggestion.previous.items():
        path = folder / filename
        expected = (suggestion.written or {}).get(filename)
        if _read(path) != expected:
            later = [s.id for s in store.suggestions("applied")
                     if s.id != suggestion.id and filename in (s.previous or {})]
            hint = f"revert suggestion {max(later)} first" if later else "it was edited by hand; restore it yourself"
            raise OverlayError(f"{path} changed after suggestion {suggestion.id} was applied; {hint}")
    for filename, text in suggestion.previous.items():
        try:
            _restore(folder / filename, text)
        except OSError as error:
            raise OverlayError(f"cannot write {folder / filename}: {error.strerror or error}") from None
    store.mark(suggestion.id, "reverted", by=by, reason=reason)
    return store.suggestion(suggestion.id)

"""Record a finished run in the learning store, without ever getting in its way.

`record_run(...)` is what `scenec render`, `scenec generate` and `scenec
automate` call once a film is written (the dashboard through
`record_dashboard_render`). It works out what can be known from
the run (source and plan hashes, the knowledge entries used: the scene's
palette, genre, style, time and weather, the plan's entity classes, the
words the translator had to guess) and stores it with a short busy timeout.
Whatever goes wrong (a locked or corrupt database, a full disk, odd data),
it prints one warning line and returns None: a render is never broken by
its log. `SCENEC_NO_RECORD=1` turns recording off.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import os
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

from scenec.knowledge.learning.aggregate import fallback_of
from scenec.knowledge.learning.spool import store_or_spool
from scenec.knowledge.learning.store import RECORD_TIMEOUT_S, NewRun, open_store

# The settings that name a registry entry (in a scene, and `time`/`weather` overrides in a shot).
_ENTRY_KINDS = frozenset({"palette", "genre", "style", "time", "weather"})


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scene_entries(text: str) -> set[tuple[str, str]]:
    """(kind, name) of the registry entries a scene names: its palette, genre, style, time and
    weather settings (however the statements are laid out on lines), the time and weather its shots
    override, and the palette a `palette X extends Y` builds on. Read from the parsed tree, which
    exists for any text; statements that did not parse name nothing."""
    from scenec.lang import ast
    from scenec.lang.parser import parse

    file = parse(text, "<recorded>").file
    found: set[tuple[str, str]] = set()
    for item in file.items:
        if isinstance(item, ast.Palette) and item.extends is not None:
            found.add(("palette", item.extends.name))
        if not isinstance(item, ast.Scene):
            continue
        settings = [s for s in item.body if isinstance(s, ast.Setting)]
        settings += [s for shot in item.body if isinstance(shot, ast.Shot)
                     for s in shot.body if isinstance(s, ast.Setting)]
        for setting in settings:
            if setting.key.name in _ENTRY_KINDS and isinstance(setting.value, ast.Ident):
                found.add((setting.key.name, setting.value.name))
    return found


def plain(value: Any) -> Any:
    """A JSON-ready copy of decisions and other small records (dataclasses, enums, tuples, paths)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def plan_facts(plan: Any) -> tuple[str | None, dict[str, str]]:
    """The plan's hash and its entities' classes by name; (None, {}) when there is no plan."""
    if plan is None:
        return None, {}
    from scenec.compiler.plan_io import plan_hash

    classes = {entity.name: entity.class_ for entity in plan.intent.entities}
    return plan_hash(plan), {k: v for k, v in classes.items() if k and v}


def _with_classes(intent_match: Mapping[str, Any] | None, classes: Mapping[str, str]) -> dict[str, Any] | None:
    """The intent match with each entity-colour check told its entity's class, for learning per object."""
    if intent_match is None:
        return None
    checks = []
    for check in intent_match.get("checks") or ():
        target = check.get("target")
        if check.get("kind") == "entity-color" and isinstance(target, Mapping) and target.get("name") in classes:
            check = {**check, "target": {**target, "class": classes[target["name"]]}}
        checks.append(check)
    return {**intent_match, "checks": checks}


def build_run(*, kind: str, prompt: str | None = None, source_path: str | Path | None = None,
              source_text: str | None = None, plan: Any = None, settings: Mapping[str, Any] | None = None,
              timings: Mapping[str, float] | None = None, output: str | Path | None = None,
              analysis: Mapping[str, Any] | None = None, intent_match: Mapping[str, Any] | None = None,
              decisions: Iterable[Any] = ()) -> NewRun:
    """The store record of a run, with the knowledge entries it used worked out."""
    plan_hash_, classes = plan_facts(plan)
    decided = [plain(d) for d in decisions]
    entries = scene_entries(source_text or "")
    entries |= {("object", cls) for cls in classes.values()}
    entries |= {("keyword", found[0]) for d in decided if isinstance(d, dict) and (found := fallback_of(d))}
    return NewRun(
        kind=kind, prompt=prompt, source_path=None if source_path is None else str(source_path),
        source_hash=None if source_text is None else source_hash(source_text), source_text=source_text,
        plan_hash=plan_hash_, settings={**plain(dict(settings or {})), "entities": classes},
        timings={k: round(float(v), 4) for k, v in (timings or {}).items()},
        output=None if output is None else str(output), analysis=plain(analysis) if analysis else None,
        intent_match=_with_classes(plain(intent_match) if intent_match else None, classes),
        decisions=tuple(decided), entries=tuple(sorted(entries)))


def record_render(args: Any, plan: Any, result: Any, *, measured: "Measured | None" = None,
                  home: Path | None = None, warn: TextIO | None = None) -> int | None:
    """Record a finished `scenec render` (or `generate`, which renders through it) from what the
    command has: its parsed `args`, the `plan` it rendered, the `RenderResult`, and the film's
    analysis when the user asked for one (`measured`). `generate` sets `record_kind="generate"`,
    `record_prompt` and `record_decisions` on the args it passes down. The store is `home`, else
    the data directory the command's edge resolved (`args.edge`). Never raises."""
    edge = getattr(args, "edge", None)
    if home is None and edge is not None:
        home = edge.data_dir
    try:
        source = Path(str(getattr(args, "file", "") or ""))
        text = source.read_text(encoding="utf-8") if source.suffix.lower() == ".scene" and source.is_file() else None
        settings = {key: plain(getattr(args, key)) for key in ("size", "fps", "preview", "quality", "frames",
                                                               "audio", "workers", "executor")
                    if getattr(args, key, None) is not None}
        settings.update({"width": result.width, "height": result.height, "frames": result.frames,
                         "film_fps": result.fps, "chunks": result.chunks, "cached_chunks": result.cached_chunks})
        kind = getattr(args, "record_kind", None) or "render"
        # A generated scene lives in a temporary file; only a kept one has a path worth storing.
        path = getattr(args, "keep_scene", None) if kind == "generate" else (source.resolve() if source.name else None)
        timings = {"render_s": result.seconds}
        if measured is not None:
            timings["analyze_s"] = measured.seconds
        facts = dict(kind=kind, prompt=getattr(args, "record_prompt", None),
                     source_path=None if path is None else str(path), source_text=text, plan=plan,
                     settings=settings, timings=timings, output=str(result.output),
                     analysis=None if measured is None else measured.analysis,
                     intent_match=None if measured is None else measured.intent_match,
                     decisions=tuple(getattr(args, "record_decisions", None) or ()))
    except Exception as error:  # noqa: BLE001 - recording must never break the run it records
        print(f"scenec: warning: run not recorded: {type(error).__name__}: {error}", file=warn or sys.stderr)
        return None
    return record_run(home=home, warn=warn, **facts)


def record_dashboard_render(*, source_path: Path | None, source_text: str, plan: Any, result: Any,
                            settings: Mapping[str, Any], home: Path | None, warn: TextIO | None = None) -> int | None:
    """Record a film the dashboard rendered, as `record_render` does for `scenec render`: the
    buffer's text as it was rendered (saved or not), its plan and the `RenderResult`. Never raises."""
    try:
        facts = dict(kind="render", source_path=None if source_path is None else str(source_path.resolve()),
                     source_text=source_text, plan=plan,
                     settings={**settings, "from": "dashboard", "width": result.width, "height": result.height,
                               "frames": result.frames, "film_fps": result.fps, "chunks": result.chunks,
                               "cached_chunks": result.cached_chunks},
                     timings={"render_s": result.seconds}, output=str(result.output))
    except Exception as error:  # noqa: BLE001 - recording must never break the run it records
        print(f"scenec: warning: run not recorded: {type(error).__name__}: {error}", file=warn or sys.stderr)
        return None
    return record_run(home=home, warn=warn, **facts)


@dataclasses.dataclass(frozen=True, slots=True)
class Measured:
    """A rendered film's Analysis JSON and, for a whole film, its match against the plan's intent."""

    analysis: Mapping[str, Any]
    intent_match: Mapping[str, Any] | None
    seconds: float


def measure_render(plan: Any, result: Any) -> Measured:
    """Analyse the film a render wrote, as `--analyze` asks. A partial render (`--frames`) is
    measured without an intent match: the plan's cuts and tracks describe the whole film.
    Raises `AnalysisError` for a film that cannot be decoded."""
    from scenec.measure import intent_of_plan, measure

    started = time.perf_counter()
    whole = not result.first_frame and result.frames >= plan.frames
    analysis, match = measure(Path(str(result.output)), intent_of_plan(plan) if whole else None)
    return Measured(analysis.to_json(), match, round(time.perf_counter() - started, 3))


def record_run(*, home: Path | None = None, warn: TextIO | None = None, **facts: Any) -> int | None:
    """Store one run (keywords as for `build_run`) in `home`'s run store (default: the user's data
    directory, `$SCENEC_HOME` or the platform's, read here at the edge).
    Returns its id, or None after printing one warning line: this never raises.
    `SCENEC_NO_RECORD=1` in the environment turns recording off (benchmarks, scripts)."""
    if os.environ.get("SCENEC_NO_RECORD", "") not in ("", "0"):
        return None
    try:
        if home is None:
            from scenec.knowledge.paths import data_dir
            home = data_dir()
        run_id, problems = store_or_spool(open_store(home, timeout_s=RECORD_TIMEOUT_S), build_run(**facts))
    except Exception as error:  # noqa: BLE001 - recording must never break the run it records
        run_id, problems = None, (f"run not recorded: {type(error).__name__}: {error}",)
    for problem in problems:
        print(f"scenec: warning: {problem}", file=warn or sys.stderr)
    return run_id

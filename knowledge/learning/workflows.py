"""Automation workflows: named step lists read from YAML.

The shipped `data/workflows.yaml` holds `default`, `quick` and
`translate-only`; `<data dir>/workflows.yaml` adds workflows or replaces one
whole. Each workflow is its steps in order, checked on load (known steps, each
after what it needs), plus the render size, frame rate and quality.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any


from scenec.knowledge.errors import KnowledgeError
from scenec.knowledge.suggest import did_you_mean
from scenec.knowledge.yamlfile import parse_mapping

FILENAME = "workflows.yaml"
STEPS = ("translate", "render", "analyze", "record", "suggest")
# step -> the step that must come before it
NEEDS = {"render": "translate", "analyze": "render"}
QUALITIES = ("preview", "normal", "high")
KEYS = ("description", "steps", "size", "fps", "quality")
_SIZE = re.compile(r"^(\d+)x(\d+)$")


@dataclass(frozen=True, slots=True)
class Workflow:
    name: str
    description: str
    steps: tuple[str, ...]
    size: tuple[int, int] = (160, 90)
    fps: int | None = 12
    quality: str = "preview"
    origin: str = "built-in"


def _fail(label: str, name: str, message: str) -> KnowledgeError:
    return KnowledgeError(f"{label}: workflow '{name}': {message}")


def _workflow(name: str, raw: Any, label: str) -> Workflow:
    if isinstance(raw, list):
        raw = {"steps": raw}
    if not isinstance(raw, dict):
        raise _fail(label, name, "expected a list of steps or a mapping with `steps`")
    unknown = set(raw) - set(KEYS)
    if unknown:
        key = sorted(unknown)[0]
        raise _fail(label, name, f"unknown key '{key}'{did_you_mean(key, KEYS)}; keys: {', '.join(KEYS)}")
    steps = raw.get("steps")
    if not isinstance(steps, list) or not steps:
        raise _fail(label, name, "`steps` must be a non-empty list, e.g. [translate, render, analyze, record]")
    for index, step in enumerate(steps):
        if step not in STEPS:
            raise _fail(label, name,
                        f"unknown step '{step}'{did_you_mean(str(step), STEPS)}; steps: {', '.join(STEPS)}")
        need = NEEDS.get(step)
        if need is not None and need not in steps[:index]:
            raise _fail(label, name, f"step '{step}' needs '{need}' before it")
    if len(set(steps)) != len(steps):
        raise _fail(label, name, "a step is listed twice")
    size_text = str(raw.get("size", "160x90"))
    match = _SIZE.match(size_text)
    sides = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    if min(sides) < 16 or sides[0] % 2 or sides[1] % 2:
        raise _fail(label, name,
                    f"size must be WIDTHxHEIGHT with even sides of 16 or more, like 160x90, not {size_text!r}")
    fps = raw.get("fps", 12)
    if fps is not None and (not isinstance(fps, int) or isinstance(fps, bool) or not 1 <= fps <= 120):
        raise _fail(label, name, f"fps must be a whole number from 1 to 120, not {fps!r}")
    quality = raw.get("quality", "preview")
    if quality not in QUALITIES:
        raise _fail(label, name, f"quality must be one of {', '.join(QUALITIES)}, not {quality!r}")
    return Workflow(name, str(raw.get("description", "")), tuple(steps), sides, fps, quality, label)


def _read(text: str, label: str) -> dict[str, Workflow]:
    data = parse_mapping(text, label, "a mapping of workflow name to steps")
    return {str(name): _workflow(str(name), raw, label) for name, raw in data.items()}


def load_workflows(data_dir: Path | None = None) -> dict[str, Workflow]:
    """The shipped workflows, with the data directory's `workflows.yaml` on top. Raises KnowledgeError."""
    text = (resources.files("scenec.knowledge") / "data" / FILENAME).read_text(encoding="utf-8")
    flows = {name: flow for name, flow in _read(text, "built-in").items()}
    if data_dir is not None:
        path = Path(data_dir) / FILENAME
        if path.is_file():
            try:
                flows.update(_read(path.read_text(encoding="utf-8"), str(path)))
            except (OSError, UnicodeDecodeError) as err:
                raise KnowledgeError(f"{path}: cannot be read: {err}") from None
    return flows


def workflow(name: str, data_dir: Path | None = None) -> Workflow:
    flows = load_workflows(data_dir)
    if name not in flows:
        raise KnowledgeError(f"no workflow '{name}'{did_you_mean(name, tuple(flows))}; workflows: {', '.join(flows)}")
    return flows[name]

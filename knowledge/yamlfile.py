"""Reading a knowledge YAML file: one parser, one error message for every registry.

A mistake in a user's overlay must read like any other scenec error (the
file, the line and column, what is wrong), never a PyYAML traceback.
"""

from __future__ import annotations

from typing import Any

import yaml

from scenec.knowledge.errors import KnowledgeError

# libyaml's loader where PyYAML was built with it (its wheels are): the same safe subset, parsed in
# C, five times faster; every command reads the registries, so this is start-up time.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, label: str) -> Any:
    """The YAML document in `text`; `label` names the file in the error."""
    try:
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err)
        raise KnowledgeError(f"{label}: not valid YAML: {where}{problem}") from None


def parse_mapping(text: str, label: str, expected: str) -> dict:
    """A YAML document that must be a mapping (or empty); `expected` describes it for the error."""
    data = parse_yaml(text, label)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise KnowledgeError(f"{label}: expected {expected}, found {type(data).__name__}")
    return data

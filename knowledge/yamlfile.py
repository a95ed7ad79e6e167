"""Reading a knowledge YAML file: one parser, one error message for every registry.

A mistake in a user's overlay must read like any other scenec error (the
file, the line and column, what is wrong), never a PyYAML traceback.
"""

from __future__ import annotations

from typing import Any

from scenec.knowledge.errors import KnowledgeError


def parse_yaml(text: str, label: str) -> Any:
    """The YAML document in `text`; `label` names the file in the error."""
    # Imported here: the registries are usually read back from the disk cache, so most commands
    # never parse YAML and need not pay PyYAML's import.
    import yaml

    # libyaml's loader where PyYAML was built with it (its wheels are): the same safe subset,
    # parsed in C, five times faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, C or Python
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

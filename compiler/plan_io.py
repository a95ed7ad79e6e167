"""Render plans to and from JSON, YAML and TOML; their hashes and JSON Schema.

One codec, driven by the dataclass fields and type hints of `plan.py`,
serves every format and the schema, so the three stay in step. `to_dict`
writes every key, None as null; TOML has no null, so its writer leaves None
fields out and `from_dict` reads a missing optional field as its default.
`from_dict` checks types and names the key path of the first bad field.

Floats are written with `repr` by all three writers and so read back
exactly; lists come back as tuples. JSON output is byte-stable, which
`plan_hash` and `segment_hash` (the render cache key) rely on.

    python -m scenec.compiler.plan_io --schema > docs/plan.schema.json
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import json
import os
import sys
import tempfile
import tomllib
import types
import typing
from pathlib import Path
from typing import Any

from scenec.compiler.plan import PLAN_VERSION, Params, ParamValue, Plan, PlanError

__all__ = [
    "FORMATS", "PlanError", "dumps", "format_for", "from_dict", "loads", "plan_hash",
    "read_plan", "schema", "segment_hash", "to_dict", "write_plan",
]

FORMATS = ("json", "yaml", "toml")
_EXTENSIONS = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".toml": "toml"}
_SCALARS = {int: "integer", float: "number", str: "string", bool: "boolean"}
_EXPECTED = {int: "an integer", float: "a number", str: "a string", bool: "a bool"}


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, str, Any, bool], ...]:
    """(python name, json key, type hint, required) for each field of `cls`."""
    hints = typing.get_type_hints(cls)
    return tuple(
        (
            f.name,
            f.metadata.get("json", f.name),
            hints[f.name],
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
        )
        for f in dataclasses.fields(cls)
    )


def _optional(tp: Any) -> Any | None:
    """The inner type of `X | None`, or None when `tp` is not optional."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(tp)) == 2:
            return args[0]
    return None


# ---------------------------------------------------------------- encoding


def _encode_param(value: Any) -> Any:
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return [_encode_param(item) for item in value]


def _encode(value: Any, tp: Any) -> Any:
    if value is None:
        return None
    if tp == ParamValue:
        return _encode_param(value)
    if tp == Params:
        return {name: _encode_param(item) for name, item in value}
    inner = _optional(tp)
    if inner is not None:
        return _encode(value, inner)
    if dataclasses.is_dataclass(tp):
        return {key: _encode(getattr(value, name), hint) for name, key, hint, _ in _fields(tp)}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return value.value
    if tp in _SCALARS:
        return tp(value)
    args = typing.get_args(tp)
    if len(args) == 2 and args[1] is Ellipsis:
        return [_encode(item, args[0]) for item in value]
    return [_encode(item, hint) for item, hint in zip(value, args)]


def to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON data, keys in the contract's order."""
    return _encode(plan, Plan)


# ---------------------------------------------------------------- decoding


def _describe(value: Any) -> str:
    kind = {dict: "an object", list: "a list", type(None): "null", bool: "a bool", str: "a string"}
    return kind.get(type(value), type(value).__name__) + ("" if isinstance(value, dict | list) else f" {value!r}")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _decode_param(data: Any, path: str) -> ParamValue:
    if isinstance(data, bool | int | str):
        return data
    if isinstance(data, float):
        if data != data or data in (float("inf"), float("-inf")):
            raise PlanError("expected a finite number", path)
        return data
    if isinstance(data, list | tuple):
        return tuple(_decode_param(item, f"{path}[{i}]") for i, item in enumerate(data))
    raise PlanError(f"expected a number, string, bool or list, found {_describe(data)}", path)


def _decode_scalar(data: Any, tp: type, path: str) -> Any:
    if tp is float and isinstance(data, int | float) and not isinstance(data, bool):
        return float(data)
    if type(data) is tp:
        return data
    raise PlanError(f"expected {_EXPECTED[tp]}, found {_describe(data)}", path)


def _decode_dataclass(data: Any, cls: type, path: str) -> Any:
    if not isinstance(data, dict):
        raise PlanError(f"expected an object, found {_describe(data)}", path)
    fields = _fields(cls)
    known = {key for _, key, _, _ in fields}
    unknown = sorted(set(data) - known)
    if unknown:
        raise PlanError(f"unknown key {unknown[0]!r}; expected one of {', '.join(sorted(known))}", path)
    values: dict[str, Any] = {}
    for name, key, hint, required in fields:
        if key in data:
            values[name] = _decode(data[key], hint, _join(path, key))
        elif required:
            raise PlanError(f"missing key {key!r}", path)
    try:
        return cls(**values)
    except PlanError as error:
        raise error.under(path) from None


def _decode(data: Any, tp: Any, path: str) -> Any:
    if tp == ParamValue:
        return _decode_param(data, path)
    if tp == Params:
        if not isinstance(data, dict):
            raise PlanError(f"expected an object of parameters, found {_describe(data)}", path)
        for name in data:
            if not isinstance(name, str):
                raise PlanError(f"parameter names must be strings, found {_describe(name)}", path)
        return tuple((name, _decode_param(value, _join(path, name))) for name, value in data.items())
    inner = _optional(tp)
    if inner is not None:
        return None if data is None else _decode(data, inner, path)
    if dataclasses.is_dataclass(tp):
        return _decode_dataclass(data, tp, path)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        allowed = [member.value for member in tp]
        if data not in allowed:
            raise PlanError(f"expected one of {', '.join(allowed)}, found {_describe(data)}", path)
        return tp(data)
    if tp in _SCALARS:
        return _decode_scalar(data, tp, path)
    if not isinstance(data, list | tuple):
        raise PlanError(f"expected a list, found {_describe(data)}", path)
    args = typing.get_args(tp)
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(_decode(item, args[0], f"{path}[{i}]") for i, item in enumerate(data))
    if len(data) != len(args):
        raise PlanError(f"expected a list of {len(args)} items, found {len(data)}", path)
    return tuple(_decode(item, hint, f"{path}[{i}]") for i, (item, hint) in enumerate(zip(data, args)))


def from_dict(data: Any) -> Plan:
    """A plan from plain data; raises PlanError naming the bad key's path."""
    if not isinstance(data, dict):
        raise PlanError(f"a plan must be an object, found {_describe(data)}")
    version = data.get("version", PLAN_VERSION)
    if version != PLAN_VERSION:
        raise PlanError(f"unsupported plan version {version!r}; this scenec reads version {PLAN_VERSION}", "version")
    return _decode(data, Plan, "")


# ---------------------------------------------------------------- formats


def _strip_none(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip_none(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_strip_none(item) for item in data]
    return data


def dumps(plan: Plan, fmt: str) -> str:
    """The plan as text in `fmt` (json, yaml or toml)."""
    data = to_dict(plan)
    try:
        if fmt == "json":
            return json.dumps(data, indent=1, sort_keys=False, ensure_ascii=False, allow_nan=False) + "\n"
        if fmt == "yaml":
            import yaml  # here: PyYAML and tomli-w are imported only by the commands that write them

            return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100)
        if fmt == "toml":
            import tomli_w

            return tomli_w.dumps(_strip_none(data))
    except (ValueError, TypeError) as error:
        raise PlanError(f"cannot write the plan as {fmt}: {error}") from None
    raise PlanError(f"unknown plan format {fmt!r}; expected one of {', '.join(FORMATS)}")


def loads(text: str, fmt: str) -> Plan:
    """A plan from text in `fmt` (json, yaml or toml)."""
    try:
        if fmt == "json":
            data = json.loads(text)
        elif fmt == "yaml":
            data = _yaml_load(text)
        elif fmt == "toml":
            data = tomllib.loads(text)
        else:
            raise PlanError(f"unknown plan format {fmt!r}; expected one of {', '.join(FORMATS)}")
    except (json.JSONDecodeError, _YamlError, tomllib.TOMLDecodeError) as error:
        raise PlanError(f"not valid {fmt}: {error}") from None
    return from_dict(data)


class _YamlError(ValueError):
    """PyYAML's error, under a name `loads` can catch without importing PyYAML first."""


def _yaml_load(text: str) -> Any:
    """The YAML document in `text`; a YAML error is raised as a `_YamlError` with its message."""
    import yaml  # here: only a YAML plan needs PyYAML

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise _YamlError(str(error)) from None


def format_for(path: str | os.PathLike[str]) -> str:
    """The plan format implied by a file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in _EXTENSIONS:
        raise PlanError(f"cannot tell the plan format of {os.fspath(path)!r}; use .json, .yaml or .toml")
    return _EXTENSIONS[suffix]


def write_plan(plan: Plan, path: str | os.PathLike[str]) -> None:
    """Write atomically: readers see the old file or the whole new one."""
    target = Path(path)
    text = dumps(plan, format_for(target))
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def read_plan(path: str | os.PathLike[str]) -> Plan:
    fmt = format_for(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise PlanError(f"cannot read plan {os.fspath(path)!r}: {error.strerror}") from None
    return loads(text, fmt)


# ---------------------------------------------------------------- hashes


def _digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def plan_hash(plan: Plan) -> str:
    """sha256 of the plan's canonical JSON."""
    return _digest(to_dict(plan))


def segment_hash(plan: Plan, index: int) -> str:
    """Cache key of segment `index`: everything its frames' pixels depend on.

    A transition window shows both shots, so a non-cut transition touching
    this segment brings the neighbouring segment's content into the key.
    Audio, intent, source map and other segments are left out.
    """
    if not 0 <= index < len(plan.segments):
        raise PlanError(f"segment index {index} out of range (0..{len(plan.segments) - 1})")
    data = to_dict(plan)
    segment = plan.segments[index]
    touching = [
        (t, raw) for t, raw in zip(plan.transitions, data["transitions"])
        if segment.name in (t.from_segment, t.to_segment)
    ]
    neighbours = sorted({
        name for t, _ in touching if t.start_frame != t.end_frame
        for name in (t.from_segment, t.to_segment) if name != segment.name
    })
    by_name = {s.name: raw for s, raw in zip(plan.segments, data["segments"])}
    key = {
        "version": data["version"],
        "size": [plan.width, plan.height],
        "fps": plan.fps,
        "seed": plan.seed,
        "background": data["background"],
        "segment": data["segments"][index],
        "transitions": [raw for _, raw in touching],
        "neighbours": [by_name[name] for name in neighbours],
    }
    return _digest(key)


# ---------------------------------------------------------------- schema


def _schema_for(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if tp == ParamValue:
        return {"$ref": "#/$defs/ParamValue"}
    if tp == Params:
        return {"type": "object", "additionalProperties": {"$ref": "#/$defs/ParamValue"}}
    inner = _optional(tp)
    if inner is not None:
        return {"anyOf": [_schema_for(inner, defs), {"type": "null"}]}
    if dataclasses.is_dataclass(tp):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # reserve first: classes may refer to each other
            defs[tp.__name__] = _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"type": "string", "enum": [member.value for member in tp]}
    if tp in _SCALARS:
        return {"type": _SCALARS[tp]}
    args = typing.get_args(tp)
    if len(args) == 2 and args[1] is Ellipsis:
        return {"type": "array", "items": _schema_for(args[0], defs)}
    return {
        "type": "array",
        "prefixItems": [_schema_for(hint, defs) for hint in args],
        "items": False,
        "minItems": len(args),
        "maxItems": len(args),
    }


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for f, (_, key, hint, _) in zip(dataclasses.fields(cls), _fields(cls)):
        properties[key] = _schema_for(hint, defs)
        if "const" in f.metadata:
            properties[key] = {**properties[key], "enum": [f.metadata["const"]]}
    result: dict[str, Any] = {"type": "object"}
    if cls.__doc__:
        result["description"] = cls.__doc__.strip().splitlines()[0]
    result["properties"] = properties
    result["required"] = [key for _, key, _, required in _fields(cls) if required]
    result["additionalProperties"] = False
    return result


def schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the plan's JSON, generated from the model."""
    defs: dict[str, Any] = {
        "ParamValue": {
            "anyOf": [
                {"type": "number"},
                {"type": "string"},
                {"type": "boolean"},
                {"type": "array", "items": {"$ref": "#/$defs/ParamValue"}},
            ]
        }
    }
    root = _object_schema(Plan, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://scenec.dev/schema/plan-v{PLAN_VERSION}.json",
        "title": f"scenec render plan, version {PLAN_VERSION}",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def main(argv: list[str]) -> int:
    if argv != ["--schema"]:
        print("usage: python -m scenec.compiler.plan_io --schema", file=sys.stderr)
        return 2
    sys.stdout.write(json.dumps(schema(), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

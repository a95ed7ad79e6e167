"""A small schema language for the knowledge YAML files, written in code.

Each schema node validates a parsed YAML value and returns it normalised
(lists become tuples, colors become RGBA tuples, records get their
defaults). Errors are `KnowledgeError`s whose message is the file, then the
path to the bad value in words, then what is wrong:
`palettes.yaml: palette 'dusk': color 'sky': '#12345' is not a color ...`.

References to entries of other registries (`Ref`) are collected in the
`Context` and checked once every file is loaded, so an overlay may refer to
an entry that another overlay file adds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeAlias

from scenec.knowledge.colors import parse_color
from scenec.knowledge.errors import ColorError, KnowledgeError
from scenec.knowledge.suggest import did_you_mean

Path: TypeAlias = tuple[str, ...]

# Entry and key names follow the language's name rule so every entry can be
# written in a `.scene` file.
NAME_PATTERN = r"[A-Za-z_][A-Za-z0-9_-]*"
_NAME = re.compile(NAME_PATTERN)


@dataclass(slots=True)
class Context:
    """Per-file validation state: the file's label and the references seen."""

    file: str
    refs: list[tuple[str, str, Path]] = field(default_factory=list)

    def fail(self, path: Path, message: str) -> KnowledgeError:
        where = ": ".join((self.file, *path))
        return KnowledgeError(f"{where}: {message}")


class Schema(Protocol):
    def validate(self, value: Any, path: Path, ctx: Context) -> Any: ...


def _show(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return repr(value)


@dataclass(frozen=True, slots=True)
class Num:
    """A number (bool rejected), optionally an integer, within `lo..hi`."""

    lo: float | None = None
    hi: float | None = None
    integer: bool = False

    def validate(self, value: Any, path: Path, ctx: Context) -> float | int:
        kind = "an integer" if self.integer else "a number"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ctx.fail(path, f"expected {kind}, found {_show(value)}")
        if self.integer and not (isinstance(value, int) or float(value).is_integer()):
            raise ctx.fail(path, f"expected {kind}, found {value!r}")
        if not math.isfinite(value):
            raise ctx.fail(path, f"{value!r} is not a finite number")
        if (self.lo is not None and value < self.lo) or (self.hi is not None and value > self.hi):
            lo = "-inf" if self.lo is None else f"{self.lo:g}"
            hi = "inf" if self.hi is None else f"{self.hi:g}"
            raise ctx.fail(path, f"{value!r} is outside {lo}..{hi}")
        return int(value) if self.integer else float(value)


@dataclass(frozen=True, slots=True)
class Str:
    """A string, optionally matching a regular expression described by `what`."""

    pattern: str | None = None
    what: str = "a string"

    def validate(self, value: Any, path: Path, ctx: Context) -> str:
        if not isinstance(value, str):
            raise ctx.fail(path, f"expected {self.what}, found {_show(value)}")
        if self.pattern is not None and re.fullmatch(self.pattern, value) is None:
            raise ctx.fail(path, f"'{value}' is not {self.what}")
        return value


@dataclass(frozen=True, slots=True)
class Bool:
    def validate(self, value: Any, path: Path, ctx: Context) -> bool:
        if not isinstance(value, bool):
            raise ctx.fail(path, f"expected true or false, found {_show(value)}")
        return value


@dataclass(frozen=True, slots=True)
class OneOf:
    """A word from a closed set."""

    values: tuple[str, ...]

    def validate(self, value: Any, path: Path, ctx: Context) -> str:
        if not isinstance(value, str) or value not in self.values:
            hint = did_you_mean(value, self.values) if isinstance(value, str) else ""
            raise ctx.fail(path, f"{_show(value)} is not one of {', '.join(self.values)}{hint}")
        return value


@dataclass(frozen=True, slots=True)
class Color:
    """A color string (hex, CSS name, rgb(), hsl()) normalised to RGBA."""

    def validate(self, value: Any, path: Path, ctx: Context) -> tuple[float, float, float, float]:
        if value is None:
            raise ctx.fail(path, "missing color (quote hex colors in YAML: '#ff8800', since # starts a comment)")
        try:
            return parse_color(value)
        except ColorError as err:
            raise ctx.fail(path, str(err)) from None


@dataclass(frozen=True, slots=True)
class Ref:
    """The name of an entry of another registry kind, checked after loading."""

    kind: str

    def validate(self, value: Any, path: Path, ctx: Context) -> str:
        if not isinstance(value, str) or _NAME.fullmatch(value) is None:
            raise ctx.fail(path, f"expected the name of a {self.kind}, found {_show(value)}")
        ctx.refs.append((self.kind, value, path))
        return value


@dataclass(frozen=True, slots=True)
class Anything:
    """Any value; a `Record` check narrows it (a grade op's value depends on its op)."""

    def validate(self, value: Any, path: Path, ctx: Context) -> Any:
        return value


@dataclass(frozen=True, slots=True)
class Tuple:
    """A fixed-length list such as `[0.5, 0.8]`, each element with its own schema."""

    items: tuple[Schema, ...]
    what: str = "a pair"

    def validate(self, value: Any, path: Path, ctx: Context) -> tuple[Any, ...]:
        if not isinstance(value, list) or len(value) != len(self.items):
            raise ctx.fail(path, f"expected {self.what} (a list of {len(self.items)}), found {_show(value)}")
        return tuple(s.validate(v, path, ctx) for s, v in zip(self.items, value))


@dataclass(frozen=True, slots=True)
class Nullable:
    """`inner`, or null (kept as None)."""

    inner: Schema

    def validate(self, value: Any, path: Path, ctx: Context) -> Any:
        return None if value is None else self.inner.validate(value, path, ctx)


@dataclass(frozen=True, slots=True)
class ListOf:
    """A list of `item`, returned as a tuple; elements are labelled `label N`."""

    item: Schema
    label: str = "item"
    min_len: int = 0
    max_len: int | None = None

    def validate(self, value: Any, path: Path, ctx: Context) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise ctx.fail(path, f"expected a list, found {_show(value)}")
        if len(value) < self.min_len or (self.max_len is not None and len(value) > self.max_len):
            bound = f"{self.min_len}..{self.max_len}" if self.max_len is not None else f"at least {self.min_len}"
            raise ctx.fail(path, f"needs {bound} {self.label}s, found {len(value)}")
        return tuple(self.item.validate(v, (*path, f"{self.label} {i + 1}"), ctx) for i, v in enumerate(value))


@dataclass(frozen=True, slots=True)
class MapOf:
    """A mapping from names to `value`; entries are labelled `label 'key'`."""

    value: Schema
    label: str = "entry"
    min_len: int = 0
    max_len: int | None = None

    def validate(self, value: Any, path: Path, ctx: Context) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ctx.fail(path, f"expected a mapping of {self.label}s, found {_show(value)}")
        if len(value) < self.min_len or (self.max_len is not None and len(value) > self.max_len):
            bound = f"{self.min_len}..{self.max_len}" if self.max_len is not None else f"at least {self.min_len}"
            raise ctx.fail(path, f"needs {bound} {self.label}s, found {len(value)}")
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str) or _NAME.fullmatch(key) is None:
                raise ctx.fail(path, f"{self.label} name {_show(key)} is not a name (letters, digits, - and _)")
            out[key] = self.value.validate(item, (*path, f"{self.label} '{key}'"), ctx)
        return out


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a `Record`; optional when `required` is False (then `default`)."""

    name: str
    schema: Schema
    required: bool = True
    default: Any = None


Check: TypeAlias = Callable[[dict[str, Any], Path, Context], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Record:
    """A mapping with known keys; `checks` see the validated dict and may rewrite it."""

    fields: tuple[Field, ...]
    checks: tuple[Check, ...] = ()

    def validate(self, value: Any, path: Path, ctx: Context) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ctx.fail(path, f"expected a mapping, found {_show(value)}")
        known = [f.name for f in self.fields]
        for key in value:
            if key not in known:
                raise ctx.fail(path, f"unknown key {_show(key)}{did_you_mean(str(key), known)}")
        out: dict[str, Any] = {}
        for f in self.fields:
            if f.name not in value:
                if f.required:
                    raise ctx.fail(path, f"missing required key '{f.name}'")
                out[f.name] = f.default
                continue
            # A labelled map or list names its items itself (`color 'sky'`), so
            # the field name would only repeat it.
            labelled = isinstance(f.schema, (MapOf, ListOf)) and f.schema.label != "item"
            sub_path = path if labelled else (*path, f.name)
            out[f.name] = f.schema.validate(value[f.name], sub_path, ctx)
        for check in self.checks:
            out = check(out, path, ctx)
        return out

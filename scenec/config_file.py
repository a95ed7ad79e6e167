"""Reading one settings file (`scenec.toml` or the user's `config.toml`) into located values.

`read_settings_file(path, keys, tables, base)` reads the file as UTF-8 TOML
(through `scenec.files.read_regular`, so a FIFO, a device or a huge file is
refused before it is read), validates every table and key against `keys`,
and returns each key's validated value with the line it is on. Anything
wrong, of any shape (bad syntax, brackets nested past `MAX_NESTING`, an
unknown key, a wrong type), raises `ConfigError`, which carries a located
`Diagnostic` (code E5006) rendered like the language's own: never a
traceback. Relative paths in the file are read against `base`.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenec.knowledge.suggest import suggest
from scenec.lang.diagnostics import Diagnostic, error, render_human
from scenec.lang.span import Source

__all__ = ["MAX_BYTES", "MAX_NESTING", "ConfigError", "KeySpec", "read_settings_file"]

MAX_BYTES = 1024 * 1024  # a settings file is a few lines; this is generous
# tomllib recurses once per nested array or inline table; Python's stack gives out near 1000.
MAX_NESTING = 32


class ConfigError(ValueError):
    """A settings file cannot be used; `diagnostic` says where and why."""

    def __init__(self, diagnostic: Diagnostic, source: Source, file: Path | None = None) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
        self.source = source
        self.file = file  # the settings file's absolute path (an editor shows the problem on it)

    def render(self) -> str:
        return render_human(self.diagnostic, self.source)


@dataclass(frozen=True, slots=True)
class KeySpec:
    """One setting: its table, its Settings attribute, how to read it, its flag."""

    table: str
    attr: str
    read: Callable[[Any, Path], Any]  # (toml value, base folder) -> value; raises ValueError
    flag: str | None = None


def read_settings_file(path: Path, keys: Mapping[str, KeySpec], base: Path) -> dict[str, tuple[Any, int]]:
    """Each key set in a settings file: its validated value and the line it is on.

    Raises `ConfigError` (its `file` the absolute path) for a file that cannot be used."""
    try:
        return _read_settings_file(path, keys, base)
    except ConfigError as exc:
        exc.file = Path(os.path.abspath(path))
        raise


def _read_settings_file(path: Path, keys: Mapping[str, KeySpec], base: Path) -> dict[str, tuple[Any, int]]:
    from scenec.files import read_regular
    from scenec.lang.modules import LoadError

    tables = {table: tuple(k for k, s in keys.items() if s.table == table)
              for table in dict.fromkeys(s.table for s in keys.values())}
    try:
        raw = read_regular(path, MAX_BYTES, "a settings file")
    except (OSError, LoadError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError(error("E5006", f"cannot read {path}: {reason}", None), Source(str(path), "")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        source = Source(str(path), "")
        raise ConfigError(error("E5006", f"{path} is not UTF-8 text", None, "save it as UTF-8"), source) from None
    source = Source(_display(path), text)
    too_deep = _too_deep(text)
    if too_deep is not None:
        raise ConfigError(error("E5006", f"invalid TOML: brackets nested more than {MAX_NESTING} deep",
                                _span(source, *too_deep, too_deep[1] + 1)), source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_syntax_diagnostic(source, exc), source) from None
    except RecursionError:  # the scan above should have caught it; never a traceback either way
        raise ConfigError(error("E5006", "invalid TOML: nested too deeply", _span(source, 1, 1, 1)), source) from None
    lines = _key_lines(text)
    out: dict[str, tuple[Any, int]] = {}
    for table, body in data.items():
        if table not in tables:
            raise ConfigError(_unknown(source, lines, (table,), table, tuple(tables), "table"), source)
        if not isinstance(body, dict):
            raise ConfigError(_at(source, lines, (table,), f"`{table}` must be a table: write [{table}] "
                                                           "above its keys"), source)
        for key, value in body.items():
            if key not in tables[table]:
                raise ConfigError(_unknown(source, lines, (table, key), key, tables[table], f"key in [{table}]"),
                                  source)
            try:
                result = keys[key].read(value, base)
            except ValueError as exc:
                raise ConfigError(_at(source, lines, (table, key), f"[{table}] {key}: {exc}"), source) from None
            out[key] = (result, _line_of(lines, (table, key)))
    return out


def _too_deep(text: str) -> tuple[int, int] | None:
    """(line, column) where `[`/`{` outside strings and comments first nest past MAX_NESTING."""
    depth, line, column, quote, comment = 0, 1, 0, "", False
    for char in text:
        column += 1
        if char == "\n":
            line, column, comment = line + 1, 0, False
            if quote in ("'", '"'):
                quote = ""  # an unclosed one-line string: tomllib reports it
            continue
        if comment:
            continue
        if quote:
            if char == quote:
                quote = ""
            continue
        if char in "'\"":
            quote = char
        elif char == "#":
            comment = True
        elif char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return line, column
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


def _display(path: Path) -> str:
    """Relative to the working folder when inside it, as diagnostics for .scene files are."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith(os.pardir) else relative


# ---------------------------------------------------------------- locating keys

# tomllib keeps no positions, so keys are found again by a line scanner that
# understands what a settings file uses: [table] headers and `key = value`
# lines, with dotted keys (`render.size = …`) counted too.
_HEADER = re.compile(r"\s*\[\s*([A-Za-z0-9_.\"' -]+?)\s*\]")
_KEY = re.compile(r"\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*=")


def _unquote(part: str) -> str:
    part = part.strip()
    return part[1:-1] if len(part) >= 2 and part[0] == part[-1] and part[0] in "\"'" else part


def _key_lines(text: str) -> dict[tuple[str, ...], tuple[int, int, int]]:
    """Key path -> (line, first column, end column), 1-based; first occurrence wins."""
    found: dict[tuple[str, ...], tuple[int, int, int]] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.split("\n"), 1):
        header = _HEADER.match(line)
        if header and not line.lstrip().startswith("[["):
            table = tuple(_unquote(p) for p in header.group(1).split("."))
            found.setdefault(table, (number, header.start(1) + 1, header.end(1) + 1))
            continue
        key = _KEY.match(line)
        if key:
            path = table + tuple(_unquote(p) for p in key.group(1).split("."))
            found.setdefault(path, (number, key.start(1) + 1, key.end(1) + 1))
    return found


def _line_of(lines: Mapping[tuple[str, ...], tuple[int, int, int]], path: tuple[str, ...]) -> int:
    for n in range(len(path), 0, -1):
        if path[:n] in lines:
            return lines[path[:n]][0]
    return 1


def _span(source: Source, line: int, column: int, end_column: int):
    start = _offset(source, line, column)
    return source.span(start, max(start, _offset(source, line, end_column)))


def _offset(source: Source, line: int, column: int) -> int:
    starts = [0] + [i + 1 for i, c in enumerate(source.text) if c == "\n"]
    line = max(1, min(line, len(starts)))
    line_end = starts[line] - 1 if line < len(starts) else len(source.text)
    return min(starts[line - 1] + column - 1, line_end)


def _at(source: Source, lines, path: tuple[str, ...], message: str, *hints: str) -> Diagnostic:
    for n in range(len(path), 0, -1):
        if path[:n] in lines:
            line, column, end = lines[path[:n]]
            return error("E5006", message, _span(source, line, column, end), *hints)
    return error("E5006", message, _span(source, 1, 1, 1), *hints)


def _unknown(source: Source, lines, path: tuple[str, ...], name: str, allowed: tuple[str, ...],
             what: str) -> Diagnostic:
    guess = suggest(name, allowed)
    hint = f"did you mean `{guess}`?" if guess else f"known: {', '.join(allowed)}"
    return _at(source, lines, path, f"unknown {what} `{name}`", hint)


def _syntax_diagnostic(source: Source, exc: tomllib.TOMLDecodeError) -> Diagnostic:
    message = str(exc)
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if match is None:
        match = re.search(r"\s*\(at end of document\)$", message)
        end = len(source.text)
        text = message[: match.start()] if match else message
        return error("E5006", f"invalid TOML: {text}", source.span(end, end))
    line, column = int(match.group(1)), int(match.group(2))
    start = _offset(source, line, column)
    return error("E5006", f"invalid TOML: {message[: match.start()]}", source.span(start, start + 1),
                 "see https://toml.io for the syntax")

"""Project settings: built-in defaults < `scenec.toml` < command-line flags.

`load_settings(start, flags)` finds the project file by walking up from
`start` (the same folder that bounds imports, `scenec.files.find_project_root`),
reads it with tomllib, validates every key and value, and records where each
effective setting came from (`"default"`, `"scenec.toml:LINE"`,
`"flag --size"`). A bad project file raises `ConfigError`, which carries a
located `Diagnostic` (code E5006) rendered like the language's own.

The file's layout:

    [render]
    size = "1280x720"      # overrides every scene's own size, as --size does
    fps = 30
    quality = "normal"     # preview | normal | high
    output = "out"         # folder for rendered films, relative to the project
    workers = 4
    executor = "local"     # local | dask
    scheduler = "tcp://127.0.0.1:8786"

    [project]
    data-dir = ".scenec"                      # instead of $SCENEC_HOME
    knowledge-overlays = ["knowledge"]        # folders of knowledge YAML overlays

This is the edge where the environment is read (`$SCENEC_HOME`, through
`knowledge.paths.data_dir`): `world_for(settings)` builds the knowledge
world a command uses — built-ins < the `knowledge-overlays` folders in the
order listed < the learned overlays in the data directory — and the command
passes it down.
"""

from __future__ import annotations

import argparse
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from scenec.files import PROJECT_FILE, find_project_root
from scenec.knowledge.paths import data_dir
from scenec.knowledge.suggest import suggest
from scenec.knowledge.world import Knowledge, build_world
from scenec.lang.diagnostics import Diagnostic, error, render_human
from scenec.lang.span import Source

QUALITIES = ("preview", "normal", "high")  # the encoder's; kept here so reading settings needs no PyAV
EXECUTORS = ("local", "dask")
MIN_SIDE, MAX_SIDE = 16, 7680
MAX_FPS = 120


class ConfigError(ValueError):
    """`scenec.toml` cannot be used; `diagnostic` says where and why."""

    def __init__(self, diagnostic: Diagnostic, source: Source) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
        self.source = source

    def render(self) -> str:
        return render_human(self.diagnostic, self.source)


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective settings; `sources[key]` says where each value came from."""

    size: tuple[int, int] | None = None  # None: each scene's own `size`
    fps: int | None = None  # None: each scene's own `fps`
    quality: str = "normal"
    output: Path | None = None  # folder for films; None: beside the source file
    workers: int | None = None  # None: one per core
    executor: str = "local"
    scheduler: str | None = None
    data_dir: Path | None = None
    knowledge_overlays: tuple[Path, ...] = ()
    project_root: Path | None = None
    project_file: Path | None = None  # None when there is no scenec.toml
    sources: Mapping[str, str] = field(default_factory=dict)

    def output_path(self, source: Path, suffix: str) -> Path:
        """Where a film of `source` goes by default: `output/NAME.suffix`, else beside it."""
        stem = source.name[: -len(source.suffix)] if source.suffix else source.name
        stem = stem.removesuffix(".plan")
        folder = self.output if self.output is not None else source.parent
        return folder / (stem + suffix)

    def to_json(self) -> dict[str, Any]:
        return {key: {"value": _plain(getattr(self, spec.attr)), "source": self.sources.get(key, "default")}
                for key, spec in KEYS.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return f"{value[0]}x{value[1]}"
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


# ---------------------------------------------------------------- the keys


@dataclass(frozen=True, slots=True)
class KeySpec:
    """One setting: its table, its Settings attribute, how to read it, its flag."""

    table: str
    attr: str
    read: Callable[[Any, Path], Any]  # (toml value, project root) -> value; raises ValueError
    flag: str | None = None


def _size(value: Any, _root: Path) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)x(\d+)", value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"expected a frame size as a string like \"1280x720\", found {_describe(value)}")
    width, height = int(match.group(1)), int(match.group(2))
    for side in (width, height):
        if not MIN_SIDE <= side <= MAX_SIDE or side % 2:
            raise ValueError(f"frame size {value}: each side must be even and {MIN_SIDE}..{MAX_SIDE}")
    return width, height


def _int_in(low: int, high: int | None) -> Callable[[Any, Path], int]:
    def read(value: Any, _root: Path) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number, found {_describe(value)}")
        if value < low or (high is not None and value > high):
            raise ValueError(f"{value} is out of range: expected {low}..{high}" if high is not None
                             else f"{value} is out of range: expected {low} or more")
        return value
    return read


def _choice(words: tuple[str, ...]) -> Callable[[Any, Path], str]:
    def read(value: Any, _root: Path) -> str:
        if not isinstance(value, str) or value not in words:
            guess = suggest(value, words) if isinstance(value, str) else None
            hint = f" (did you mean \"{guess}\"?)" if guess else ""
            raise ValueError(f"expected one of {', '.join(words)}, found {_describe(value)}{hint}")
        return value
    return read


def _text(value: Any, _root: Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty string, found {_describe(value)}")
    return value


def _folder(value: Any, root: Path) -> Path:
    return root / Path(_text(value, root)).expanduser()


def _folders(value: Any, root: Path) -> tuple[Path, ...]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of folder paths, found {_describe(value)}")
    return tuple(_folder(item, root) for item in value)


def _describe(value: Any) -> str:
    kind = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)
    return f"{kind} ({value!r})" if not isinstance(value, dict | list) else kind


KEYS: dict[str, KeySpec] = {
    "size": KeySpec("render", "size", _size, "--size"),
    "fps": KeySpec("render", "fps", _int_in(1, MAX_FPS), "--fps"),
    "quality": KeySpec("render", "quality", _choice(QUALITIES), "--quality"),
    "output": KeySpec("render", "output", _folder, "--output-dir"),
    "workers": KeySpec("render", "workers", _int_in(1, None), "--workers"),
    "executor": KeySpec("render", "executor", _choice(EXECUTORS), "--executor"),
    "scheduler": KeySpec("render", "scheduler", _text, "--scheduler"),
    "data-dir": KeySpec("project", "data_dir", _folder, None),
    "knowledge-overlays": KeySpec("project", "knowledge_overlays", _folders, None),
}
TABLES = {"render": tuple(k for k, s in KEYS.items() if s.table == "render"),
          "project": tuple(k for k, s in KEYS.items() if s.table == "project")}
# flags dict key (a Settings attribute) -> the flag's spelling in `sources`
FLAG_NAMES = {spec.attr: spec.flag for spec in KEYS.values() if spec.flag}


# ---------------------------------------------------------------- loading


def load_settings(start: Path, flags: Mapping[str, Any] | None = None,
                  environ: Mapping[str, str] | None = None) -> Settings:
    """Settings for a file or folder: defaults, then its project's scenec.toml, then `flags`.

    `flags` maps Settings attribute names (`size`, `fps`, `quality`, `output`,
    `workers`, `executor`, `scheduler`) to values already parsed by argparse;
    None means the flag was not given. Raises ConfigError for a bad project file.
    """
    root = find_project_root(start)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {key: "default" for key in KEYS}
    home = (os.environ if environ is None else environ).get("SCENEC_HOME", "")
    values["data_dir"] = data_dir(environ)
    if home:
        sources["data-dir"] = "env SCENEC_HOME"
    project_file = root / PROJECT_FILE
    if project_file.is_file():
        for key, (value, line) in read_project_file(project_file, root).items():
            values[KEYS[key].attr] = value
            sources[key] = f"{PROJECT_FILE}:{line}"
    else:
        project_file = None
    by_attr = {spec.attr: key for key, spec in KEYS.items()}
    for attr, value in (flags or {}).items():
        if value is None:
            continue
        if attr not in by_attr:
            raise KeyError(f"no setting named {attr!r}")
        if attr == "output":
            value = Path(value)
        values[attr] = value
        sources[by_attr[attr]] = f"flag {KEYS[by_attr[attr]].flag}"
    return Settings(**values, project_root=root, project_file=project_file,
                    sources=MappingProxyType(sources))


def world_for(settings: Settings) -> Knowledge:
    """The knowledge world for commands on this project's files: built-ins < its `knowledge-overlays`
    (in order) < the learned overlays in its data directory. Raises KnowledgeError."""
    return build_world(settings.data_dir, settings.knowledge_overlays)


def settings_for(path: str | os.PathLike, args: argparse.Namespace) -> Settings:
    """Settings for a command's input file, with the flags found on `args` on top.

    Reads `size`, `fps`, `quality`, `workers`, `executor`, `scheduler` and
    `output_dir` when `args` has them; an argparse default must be None for the
    project file to show through.
    """
    flags = {attr: getattr(args, attr, None)
             for attr in ("size", "fps", "quality", "workers", "executor", "scheduler")}
    flags["output"] = getattr(args, "output_dir", None)
    return load_settings(Path(path), flags)


def read_project_file(path: Path, root: Path) -> dict[str, tuple[Any, int]]:
    """Each key set in a scenec.toml: its validated value and the line it is on."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        source = Source(str(path), "")
        raise ConfigError(error("E5006", f"cannot read {path}: {exc.strerror or exc}", None), source) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        source = Source(str(path), "")
        raise ConfigError(error("E5006", f"{path} is not UTF-8 text", None, "save it as UTF-8"), source) from None
    source = Source(_display(path), text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_syntax_diagnostic(source, exc), source) from None
    lines = _key_lines(text)
    out: dict[str, tuple[Any, int]] = {}
    for table, body in data.items():
        if table not in TABLES:
            raise ConfigError(_unknown(source, lines, (table,), table, tuple(TABLES), "table"), source)
        if not isinstance(body, dict):
            raise ConfigError(_at(source, lines, (table,), f"`{table}` must be a table: write [{table}] "
                                                           "above its keys"), source)
        for key, value in body.items():
            if key not in TABLES[table]:
                raise ConfigError(_unknown(source, lines, (table, key), key, TABLES[table], f"key in [{table}]"),
                                  source)
            try:
                result = KEYS[key].read(value, root)
            except ValueError as exc:
                raise ConfigError(_at(source, lines, (table, key), f"[{table}] {key}: {exc}"), source) from None
            out[key] = (result, _line_of(lines, (table, key)))
    return out


def _display(path: Path) -> str:
    """Relative to the working folder when inside it, as diagnostics for .scene files are."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith(os.pardir) else relative


# ---------------------------------------------------------------- locating keys

# tomllib keeps no positions, so keys are found again by a line scanner that
# understands what scenec.toml uses: [table] headers and `key = value` lines,
# with dotted keys (`render.size = …`) counted too.
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

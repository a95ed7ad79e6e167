"""Settings: defaults < the user's config < `scenec.toml` < the environment < flags, with a trust boundary.

`load_settings(start, flags)` finds the project file by walking up from
`start` (the same folder that bounds imports, `scenec.files.find_project_root`),
reads it and the user's own `$SCENEC_HOME/config.toml` (`scenec.config_file`
validates both; a bad file raises `ConfigError` with a located E5006), and
records where each effective setting came from (`"default"`,
`"user config PATH:LINE"`, `"scenec.toml:LINE"`, `"env SCENEC_HOME"`,
`"flag --size"`). `$SCENEC_HOME` names the user's folder, so for `data-dir`
alone the user's config.toml (which lives there) outranks it.

The trust boundary: a project folder may come from anyone, so its
`scenec.toml` may set only what changes the film (`size`, `fps`, `quality`)
and folders inside the project (`output`, `knowledge-overlays`). Where work
runs and where the user's data lives (`executor`, `scheduler`, the TLS
files, `data-dir`, an output or overlay folder outside the project, more
`workers` than the machine has cores) come only from flags, the environment
or the user's config. A project file that sets them is not an error: each
such setting is left out and listed in `Settings.ignored` with the reason,
for the command to warn about, unless the user passed `--trust-project`.

The file's layout (both files):

    [render]
    size = "1280x720"      # overrides every scene's own size, as --size does
    fps = 30
    quality = "normal"     # preview | normal | high
    output = "out"         # folder for rendered films, relative to the file's folder
    workers = 4
    executor = "local"     # local | dask                      (user config only)
    scheduler = "tls://host:8786"                             # (user config only)
    tls-ca-file = "ca.pem"                                    # (user config only)
    tls-cert = "client.pem"                                   # (user config only)
    tls-key = "client.key"                                    # (user config only)

    [project]
    data-dir = ".scenec"                  # instead of $SCENEC_HOME  (user config only)
    knowledge-overlays = ["knowledge"]    # folders of knowledge YAML overlays

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from scenec.config_file import ConfigError, KeySpec, read_settings_file
from scenec.files import PROJECT_FILE, find_project_root
from scenec.knowledge.paths import data_dir
from scenec.knowledge.suggest import suggest
from scenec.knowledge.world import Knowledge, build_world

__all__ = ["KEYS", "ConfigError", "Ignored", "Settings", "USER_CONFIG", "load_settings", "settings_for",
           "user_config_path", "world_for"]

QUALITIES = ("preview", "normal", "high")  # the encoder's; kept here so reading settings needs no PyAV
EXECUTORS = ("local", "dask")
MIN_SIDE, MAX_SIDE = 16, 7680
MAX_FPS = 120
MAX_WORKERS = 512  # from any source: past this a machine thrashes rather than renders
USER_CONFIG = "config.toml"  # in the data directory named by $SCENEC_HOME (never a project's)
TRUST_FLAG = "--trust-project"


@dataclass(frozen=True, slots=True)
class Ignored:
    """A project-file setting left out at the trust boundary."""

    key: str
    where: str  # "scenec.toml:LINE"
    reason: str

    def warning(self) -> str:
        """One line for stderr: what, why, and how to allow it."""
        flag = KEYS[self.key].flag
        instead = f"pass {flag} or set it" if flag else "set it"
        return (f"scenec: warning: {self.where}: ignored `{self.key}`: {self.reason}; {instead} in your own "
                f"config ($SCENEC_HOME/{USER_CONFIG}), or pass {TRUST_FLAG} if you trust this project")


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective settings; `sources[key]` says where each value came from."""

    size: tuple[int, int] | None = None  # None: each scene's own `size`
    fps: int | None = None  # None: each scene's own `fps`
    quality: str = "normal"
    output: Path | None = None  # folder for films; None: beside the source file
    workers: int | None = None  # None: a segment per core at once (threads of the render's process on up to 2 cores)
    executor: str = "local"
    scheduler: str | None = None
    tls_ca_file: Path | None = None
    tls_cert: Path | None = None
    tls_key: Path | None = None
    data_dir: Path | None = None
    knowledge_overlays: tuple[Path, ...] = ()
    project_root: Path | None = None
    project_file: Path | None = None  # None when there is no scenec.toml
    user_file: Path | None = None  # None when there is no user config
    trusted: bool = False  # --trust-project: the project file may set everything
    sources: Mapping[str, str] = field(default_factory=dict)
    ignored: tuple[Ignored, ...] = ()

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


def _size(value: Any, _base: Path) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)x(\d+)", value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"expected a frame size as a string like \"1280x720\", found {_describe(value)}")
    width, height = int(match.group(1)), int(match.group(2))
    for side in (width, height):
        if not MIN_SIDE <= side <= MAX_SIDE or side % 2:
            raise ValueError(f"frame size {value}: each side must be even and {MIN_SIDE}..{MAX_SIDE}")
    return width, height


def _int_in(low: int, high: int) -> Callable[[Any, Path], int]:
    def read(value: Any, _base: Path) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number, found {_describe(value)}")
        if not low <= value <= high:
            raise ValueError(f"{value} is out of range: expected {low}..{high}")
        return value
    return read


def _choice(words: tuple[str, ...]) -> Callable[[Any, Path], str]:
    def read(value: Any, _base: Path) -> str:
        if not isinstance(value, str) or value not in words:
            guess = suggest(value, words) if isinstance(value, str) else None
            hint = f" (did you mean \"{guess}\"?)" if guess else ""
            raise ValueError(f"expected one of {', '.join(words)}, found {_describe(value)}{hint}")
        return value
    return read


def _text(value: Any, _base: Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty string, found {_describe(value)}")
    return value


def _scheduler(value: Any, base: Path) -> str:
    address = _text(value, base)
    if not re.fullmatch(r"(tcp|tls|inproc|ucx|ws|wss)://\S+", address):
        raise ValueError(f"expected a scheduler address like tcp://host:8786 or tls://host:8786, found {address!r}")
    return address


def _folder(value: Any, base: Path) -> Path:
    return base / Path(_text(value, base)).expanduser()


def _folders(value: Any, base: Path) -> tuple[Path, ...]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of folder paths, found {_describe(value)}")
    return tuple(_folder(item, base) for item in value)


def _describe(value: Any) -> str:
    kind = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)
    return f"{kind} ({value!r})" if not isinstance(value, dict | list) else kind


KEYS: dict[str, KeySpec] = {
    "size": KeySpec("render", "size", _size, "--size"),
    "fps": KeySpec("render", "fps", _int_in(1, MAX_FPS), "--fps"),
    "quality": KeySpec("render", "quality", _choice(QUALITIES), "--quality"),
    "output": KeySpec("render", "output", _folder, "--output-dir"),
    "workers": KeySpec("render", "workers", _int_in(1, MAX_WORKERS), "--workers"),
    "executor": KeySpec("render", "executor", _choice(EXECUTORS), "--executor"),
    "scheduler": KeySpec("render", "scheduler", _scheduler, "--scheduler"),
    "tls-ca-file": KeySpec("render", "tls_ca_file", _folder, "--tls-ca-file"),
    "tls-cert": KeySpec("render", "tls_cert", _folder, "--tls-cert"),
    "tls-key": KeySpec("render", "tls_key", _folder, "--tls-key"),
    "data-dir": KeySpec("project", "data_dir", _folder, None),
    "knowledge-overlays": KeySpec("project", "knowledge_overlays", _folders, None),
}
TABLES = {"render": tuple(k for k, s in KEYS.items() if s.table == "render"),
          "project": tuple(k for k, s in KEYS.items() if s.table == "project")}
# flags dict key (a Settings attribute) -> the flag's spelling in `sources`
FLAG_NAMES = {spec.attr: spec.flag for spec in KEYS.values() if spec.flag}
# What a project file may never choose, whatever the value: where work runs and where user data lives.
_UNTRUSTED = {
    "executor": "a project file may not choose where renders run",
    "scheduler": "a project file may not send renders to a Dask scheduler",
    "tls-ca-file": "a project file may not choose the certificates of a Dask connection",
    "tls-cert": "a project file may not choose the certificates of a Dask connection",
    "tls-key": "a project file may not choose the certificates of a Dask connection",
    "data-dir": "a project file may not move your data directory (run store and cache)",
}


# ---------------------------------------------------------------- loading


def user_config_path(environ: Mapping[str, str] | None = None) -> Path:
    """The user's own settings file: `config.toml` in the data directory `$SCENEC_HOME` names."""
    return data_dir(environ) / USER_CONFIG


def load_settings(start: Path, flags: Mapping[str, Any] | None = None,
                  environ: Mapping[str, str] | None = None, trust_project: bool = False) -> Settings:
    """Settings for a file or folder: defaults, the user's config, its project's scenec.toml (within the
    trust boundary unless `trust_project`), `$SCENEC_HOME`, then `flags`.

    `flags` maps Settings attribute names (`size`, `fps`, `quality`, `output`,
    `workers`, `executor`, `scheduler`, `tls_*`) to values already parsed by
    argparse; None means the flag was not given. Raises ConfigError for a bad
    settings file (user's or project's).
    """
    env = os.environ if environ is None else environ
    root = find_project_root(start)
    values: dict[str, Any] = {"data_dir": data_dir(env)}
    sources: dict[str, str] = {key: "default" for key in KEYS}
    if env.get("SCENEC_HOME", ""):  # it names the user's folder; the user's config.toml may move the data
        sources["data-dir"] = "env SCENEC_HOME"
    user_file: Path | None = user_config_path(env)
    if user_file.is_file():
        for key, (value, line) in read_settings_file(user_file, KEYS, user_file.parent).items():
            values[KEYS[key].attr] = value
            sources[key] = f"user config {user_file}:{line}"
    else:
        user_file = None
    ignored: list[Ignored] = []
    project_file: Path | None = root / PROJECT_FILE
    if project_file.is_file():
        for key, (value, line) in read_settings_file(project_file, KEYS, root).items():
            where = f"{PROJECT_FILE}:{line}"
            reason = None if trust_project else _beyond_project(key, value, root)
            if reason is not None:
                ignored.append(Ignored(key, where, reason))
                continue
            values[KEYS[key].attr] = value
            sources[key] = where + (" (trusted)" if trust_project else "")
    else:
        project_file = None
    by_attr = {spec.attr: key for key, spec in KEYS.items()}
    for attr, value in (flags or {}).items():
        if value is None:
            continue
        if attr not in by_attr:
            raise KeyError(f"no setting named {attr!r}")
        if attr == "output" or attr.startswith("tls_"):
            value = Path(value)
        values[attr] = value
        sources[by_attr[attr]] = f"flag {KEYS[by_attr[attr]].flag}"
    return Settings(**values, project_root=root, project_file=project_file, user_file=user_file,
                    trusted=trust_project, sources=MappingProxyType(sources), ignored=tuple(ignored))


def _beyond_project(key: str, value: Any, root: Path) -> str | None:
    """Why a project file may not set `key` to `value`, or None when it may."""
    if key in _UNTRUSTED:
        return _UNTRUSTED[key]
    if key == "workers":
        cores = os.cpu_count() or 1
        return None if value <= cores else f"{value} workers is more than this machine's {cores} cores"
    if key == "output" and not _inside(value, root):
        return f"the folder {value} is outside the project"
    if key == "knowledge-overlays":
        outside = [str(folder) for folder in value if not _inside(folder, root)]
        return f"{', '.join(outside)} is outside the project" if outside else None
    return None


def _inside(folder: Path, root: Path) -> bool:
    """Whether `folder`, links resolved (it need not exist yet), lies in `root`."""
    return folder.resolve().is_relative_to(root.resolve())


def world_for(settings: Settings) -> Knowledge:
    """The knowledge world for commands on this project's files: built-ins < its `knowledge-overlays`
    (in order) < the learned overlays in its data directory. Raises KnowledgeError."""
    return build_world(settings.data_dir, settings.knowledge_overlays)


def add_trust_flag(parser: argparse.ArgumentParser) -> None:
    """`--trust-project` on a command that reads a project's settings."""
    parser.add_argument(TRUST_FLAG, dest="trust_project", action="store_true",
                        help="let this project's scenec.toml also choose the executor, the Dask scheduler, the "
                             "data directory and folders outside the project (off: those come only from flags, "
                             "$SCENEC_HOME and your own config.toml)")


def settings_for(path: str | os.PathLike, args: argparse.Namespace) -> Settings:
    """Settings for a command's input file, with the flags found on `args` on top.

    Reads `size`, `fps`, `quality`, `workers`, `executor`, `scheduler`, the
    `tls_*` files, `output_dir` and `trust_project` when `args` has them; an
    argparse default must be None for the settings files to show through.
    """
    flags = {attr: getattr(args, attr, None)
             for attr in ("size", "fps", "quality", "workers", "executor", "scheduler", "tls_ca_file", "tls_cert",
                          "tls_key")}
    flags["output"] = getattr(args, "output_dir", None)
    return load_settings(Path(path), flags, trust_project=bool(getattr(args, "trust_project", False)))

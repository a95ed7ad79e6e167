"""`scenec init`, `scenec config show` and `scenec completion`: projects and the shell.

`init` writes a project (scenec.toml, a first scene, a .gitignore) and never
overwrites a file; `config show` prints the effective settings and where each
came from; `completion` prints a bash, zsh or fish script generated from the
argparse definition itself, so a new command or flag completes with no
change here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import tomli_w

from scenec.config import KEYS, TRUST_FLAG, USER_CONFIG, ConfigError, Settings, add_trust_flag, load_settings
from scenec.files import PROJECT_FILE

MAIN_SCENE = "main.scene"
GITIGNORE = """\
# Rendered films and plans: made by `scenec render` and `compile`, not edited. Images are
# left alone: a scene's PNG and JPEG assets belong in the repository.
out/
*.mp4
*.webm
*.gif
*.plan.json
.scenec/
"""
FIRST_SCENE = """\
// Your first film: 4 seconds of moonrise. `scenec render main.scene` writes out/main.mp4.
palette moonlight {
  deep: #0b1026
  dusk: #3b2a63
  moon: #f6efd2
  hill: #141a33
}

scene "Moonrise" {
  size 1280x720
  fps 30
  genre calm
  palette moonlight

  shot rise wide 2.5s "The moon comes up" {
    layer sky: gradient(from: @deep, to: @dusk, angle: 90deg)
    layer stars: particles(kind: stars, count: 150, color: #ffffff, size: 0.3%) depth 0.1
    layer moon: circle(at: (68%, 70%), radius: 9%, fill: @moon, glow: 0.6) depth 0.2
    layer hills: ellipse(at: (40%, 100%), size: (140%, 45%), fill: @hill) depth 0.8
    animate moon.at to (68%, 34%) over 2.5s ease out-cubic
  }

  transition dissolve 1s

  shot glow close 1.5s {
    focus moon
    layer sky: gradient(from: @deep, to: @dusk)
    layer moon: circle(at: (68%, 34%), radius: 9%, fill: @moon, glow: 0.9) motion pulse(amount: 4%)
    camera zoom in 1.2x ease in-out-sine
  }
}
"""


class ProjectError(ValueError):
    """A project cannot be created as asked."""


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "init", help="start a project: scenec.toml, a first scene, a .gitignore",
        description="Create a scenec project in DIR (default: the current folder, created when missing): "
                    f"{PROJECT_FILE}, {MAIN_SCENE} (a short film that renders) and .gitignore. "
                    "Nothing that exists is overwritten. Exit status: 0 created, 1 a file is in the way.")
    p.add_argument("dir", nargs="?", default=".", metavar="DIR", help="the project folder")
    p.set_defaults(func=run_init)

    c = subparsers.add_parser("config", help="show the effective project settings",
                              description="Inspect the settings that come from defaults, scenec.toml and flags.")
    config_sub = c.add_subparsers(dest="config_command", metavar="ACTION")
    show = config_sub.add_parser(
        "show", help="print every setting and where it came from",
        description="Print the effective settings for a file or folder (default: the current folder) and "
                    f"where each came from: default, your own $SCENEC_HOME/{USER_CONFIG}, the project's "
                    f"{PROJECT_FILE}, an environment variable or a flag; and the project settings left out "
                    "because a project file may not set them, with the reason.")
    show.add_argument("path", nargs="?", default=".", metavar="FILE|DIR")
    show.add_argument("--json", action="store_true", help="print a JSON object instead of a table")
    add_trust_flag(show)
    show.set_defaults(func=run_config_show)
    c.set_defaults(func=lambda args: _usage(c))

    s = subparsers.add_parser(
        "completion", help="print a shell completion script",
        description="Print a completion script for bash, zsh or fish, generated from scenec's own "
                    "command definitions. bash: `source <(scenec completion bash)`; zsh: save as `_scenec` "
                    "on $fpath; fish: `scenec completion fish > ~/.config/fish/completions/scenec.fish`.")
    s.add_argument("shell", choices=("bash", "zsh", "fish"))
    s.set_defaults(func=run_completion)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


# ---------------------------------------------------------------- init


def project_toml() -> str:
    """The scenec.toml `init` writes: a hand-written header, then tomli-w's TOML."""
    header = (
        "# scenec project settings. Command-line flags override these; `scenec config show` lists them.\n"
        "# Optional keys: [render] size = \"1280x720\" and fps = 30 override every scene's own;\n"
        "# workers = 4; [project] knowledge-overlays = [\"knowledge\"].\n"
        "# Where renders run and where your data lives (executor, scheduler, data-dir) belong in your\n"
        f"# own $SCENEC_HOME/{USER_CONFIG}, not here: a project file is not trusted with them.\n\n")
    body = {"render": {"quality": "normal", "output": "out"}}
    return header + tomli_w.dumps(body)


def init_project(folder: Path) -> tuple[Path, ...]:
    """Write a new project into `folder`; raises ProjectError when a file is in the way."""
    files = {folder / PROJECT_FILE: project_toml(), folder / MAIN_SCENE: FIRST_SCENE,
             folder / ".gitignore": GITIGNORE}
    if folder.exists() and not folder.is_dir():
        raise ProjectError(f"{folder} exists and is not a folder")
    for path in files:  # check all first: a refused init leaves nothing behind
        if path.exists() or path.is_symlink():
            raise ProjectError(f"{path} already exists; scenec init never overwrites files "
                               "(move it away or pick another folder)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            with open(path, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
    except OSError as exc:
        raise ProjectError(f"cannot create {exc.filename or folder}: {exc.strerror or exc}") from None
    return tuple(files)


def run_init(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    try:
        written = init_project(folder)
    except ProjectError as exc:
        print(f"scenec: error: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"created {path}", file=sys.stderr)
    where = "" if folder == Path(".") else f"cd {folder} && "
    print(f"next: {where}scenec render {MAIN_SCENE}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------- config show


def describe_settings(settings: Settings) -> str:
    """A table of key, value and source, like `manim cfg show`."""
    rows = []
    for key, value in settings.to_json().items():
        shown = value["value"]
        if shown is None:
            shown = "(scene's own)" if key in ("size", "fps") else \
                "(beside the source)" if key == "output" else \
                "(a segment per core)" if key == "workers" else "(none)"
        elif isinstance(shown, list):
            shown = ", ".join(shown) or "(none)"
        rows.append((f"[{KEYS[key].table}] {key}", str(shown), value["source"]))
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    where = f"project file: {settings.project_file}" if settings.project_file else \
        f"no {PROJECT_FILE} found; project root: {settings.project_root}"
    if settings.trusted:
        where += f" (trusted: {TRUST_FLAG})"
    user = f"user config: {settings.user_file}" if settings.user_file else f"no user config ({USER_CONFIG} in $SCENEC_HOME)"
    lines = [where, user] + [f"{a.ljust(widths[0])}  {b.ljust(widths[1])}  {c}" for a, b, c in rows]
    for ignored in settings.ignored:
        lines.append(f"ignored: [{KEYS[ignored.key].table}] {ignored.key} at {ignored.where}: {ignored.reason} "
                     f"(pass {TRUST_FLAG} to allow it)")
    return "\n".join(lines)


def run_config_show(args: argparse.Namespace) -> int:
    if not Path(args.path).exists():
        print(f"scenec: error: {args.path}: no such file or folder", file=sys.stderr)
        return 1
    try:
        settings = load_settings(Path(args.path), trust_project=args.trust_project)
    except ConfigError as exc:
        print(exc.render() + "\n", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"project_file": str(settings.project_file) if settings.project_file else None,
                          "project_root": str(settings.project_root),
                          "user_config": str(settings.user_file) if settings.user_file else None,
                          "trusted": settings.trusted,
                          "settings": settings.to_json(),
                          "ignored": [{"key": i.key, "where": i.where, "reason": i.reason}
                                      for i in settings.ignored]}, indent=2))
    else:
        print(describe_settings(settings))
    return 0


# ---------------------------------------------------------------- completion


def run_completion(args: argparse.Namespace) -> int:
    from scenec.cli import build_parser
    from scenec.commands.completion import completion_script
    print(completion_script(build_parser(), args.shell), end="")
    return 0

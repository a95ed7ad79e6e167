"""The `scenec` command line: argparse, one module per command group.

Every command returns an exit code: 0 success, 1 the input has errors (or a
render failed), 2 the command line itself is wrong. No Python traceback
reaches a user: unexpected exceptions are reported as an internal error with
a short message and a request to file a bug.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from scenec import __version__, dataclass_cache

if TYPE_CHECKING:
    from scenec.edge import Edge

# Which module in scenec.commands defines each command, so that one command imports only its own
# module (`scenec --version` imports none). Each module exposes `register(subparsers)` and sets
# `func` on its parsers; tests/test_completion.py checks this table against what they register.
COMMANDS: dict[str, str] = {
    "check": "check_cmd", "fmt": "fmt_cmd", "compile": "compile_cmd", "plan": "compile_cmd",
    "render": "render_cmd", "still": "render_cmd", "watch": "render_cmd",
    "translate": "translate_cmd", "generate": "translate_cmd", "knowledge": "translate_cmd",
    "analyze": "analyze_cmd", "learn": "learn_cmd", "automate": "automate_cmd", "tui": "tui_cmd",
    "init": "project_cmd", "config": "project_cmd", "completion": "project_cmd", "lsp": "lsp_cmd",
}


# Commands that read the settings themselves and report a broken scenec.toml or user config where they
# do (per input file, on every rebuild while watching, as an editor diagnostic), or that read none.
# Every other command reports it before it runs: never work on the defaults in silence.
REPORT_SETTINGS_THEMSELVES = frozenset({"check", "compile", "plan", "render", "still", "watch", "lsp", "config",
                                        "completion", "init"})


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is so that cleanup runs as for Ctrl-C (exit status 143)."""


class _Parser(argparse.ArgumentParser):
    """Remembers, on the namespace, the innermost (sub)parser that parsed the command line, so an
    unknown flag is reported with that command's usage and a suggestion."""

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]
        parsed, extras = super().parse_known_args(args, namespace)
        if not hasattr(parsed, "_scenec_parser"):  # inner parsers finish first
            setattr(parsed, "_scenec_parser", self)
        return parsed, extras


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `command`, only the module that defines it is imported and registered."""
    parser = _Parser(
        prog="scenec",
        description="Compile .scene files into films: check, format, compile, render.",
        epilog="Run `scenec COMMAND --help` for the options of a command. Any command stopped by Ctrl-C "
               "exits with 130 (SIGTERM: 143) and leaves no half-written file.",
    )
    parser.add_argument("--version", action="version", version=f"scenec {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [COMMANDS[command]] if command in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        importlib.import_module(f"scenec.commands.{name}").register(subparsers)
    _add_color_flag(parser)
    return parser


COLOR_MODES = ("auto", "always", "never")


def _add_color_flag(parser: argparse.ArgumentParser) -> None:
    """`--color auto|always|never` on every command and subcommand, as Typst and cargo have it."""
    parser.add_argument("--color", choices=COLOR_MODES, default=argparse.SUPPRESS,
                        help="color diagnostics and progress: auto (on a terminal, unless NO_COLOR is set), "
                             "always or never")
    for action in parser._actions:  # noqa: SLF001 - argparse keeps its subparsers here
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for sub in dict.fromkeys(action.choices.values()):
                _add_color_flag(sub)


def _apply_color(mode: str) -> None:
    """The process's color mode, through the variables every terminal library here honours."""
    if mode == "always":
        os.environ.pop("NO_COLOR", None)
        os.environ["FORCE_COLOR"] = "1"
    elif mode == "never":
        os.environ.pop("FORCE_COLOR", None)
        os.environ["NO_COLOR"] = "1"


def _did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _command_word(argv: list[str]) -> str | None:
    """The command named on the command line: the first word that is not a top-level option."""
    words = iter(argv)
    for arg in words:
        if arg == "--color":
            next(words, None)  # its value is not the command
        elif not arg.startswith("-"):
            return arg
    return None


def _parse(argv: list[str]) -> argparse.Namespace:
    word = _command_word(argv)
    if word is None and "--version" in argv and not {"-h", "--help"} & set(argv):
        print(f"scenec {__version__}")  # as argparse's version action, without importing any command
        raise SystemExit(0)
    dataclass_cache.install()  # before any command's module makes its classes
    if word is not None and word not in COMMANDS:
        usage = build_parser(next(iter(COMMANDS))).format_usage()  # the top level's usage: COMMAND ...
        sys.stderr.write(f"{usage.strip()}\nscenec: error: unknown command '{word}'{_did_you_mean(word, COMMANDS)}; "
                         "`scenec --help` lists the commands\n")
        raise SystemExit(2)
    parser = build_parser(word)
    args, extras = parser.parse_known_args(argv)
    if extras:
        target: argparse.ArgumentParser = getattr(args, "_scenec_parser", parser)
        flags = [s for s in target._option_string_actions if s.startswith("--")]  # noqa: SLF001 - argparse has no public list
        hints = "".join(_did_you_mean(extra.split("=", 1)[0], flags) for extra in extras if extra.startswith("--"))
        target.error(f"unrecognized arguments: {' '.join(extras)}{hints}")
    if not getattr(args, "func", None):
        build_parser().print_help()
        raise SystemExit(2)
    return args


def _edge(args: argparse.Namespace) -> Edge:
    """Resolve the command's surroundings once: the data directory (`$SCENEC_HOME`, moved by a
    `data-dir` in the user's config.toml) and the project whose knowledge overlays apply."""
    from scenec.edge import Edge  # not at the top: `scenec --version` imports no command code

    files = getattr(args, "files", None) or []
    start = getattr(args, "file", None) or (files[0] if files and files[0] != "-" else None) or os.getcwd()
    return Edge.at(Path(start), bool(getattr(args, "trust_project", False)))


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    """Run one command; Ctrl-C and SIGTERM at any point end with `scenec: interrupted` and no traceback."""
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if _main_thread() else None
    try:
        return _run(sys.argv[1:] if argv is None else list(argv))
    except KeyboardInterrupt as stop:
        print("scenec: interrupted", file=sys.stderr)
        return 143 if isinstance(stop, Terminated) else 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _run(argv: list[str]) -> int:
    try:
        args = _parse(argv)
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 2)
    _apply_color(getattr(args, "color", "auto"))
    try:
        args.edge = _edge(args)
        problem = args.edge.settings_problem()
        if problem is not None and getattr(args, "command", None) not in REPORT_SETTINGS_THEMSELVES:
            print(problem, file=sys.stderr)
            return 1
        return int(args.func(args) or 0)
    except BrokenPipeError:  # the reader went away (`scenec … | head`): stop quietly, as Unix tools do
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep interpreter shutdown from writing again
        except OSError:
            pass
        return 141
    except Exception as exc:  # a bug in scenec: say so plainly, never a traceback
        from scenec.knowledge.errors import KnowledgeError
        if isinstance(exc, KnowledgeError):
            print(f"scenec: knowledge data is invalid: {exc}", file=sys.stderr)
            return 1
        print(f"scenec: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in scenec; please report it with the command you ran.", file=sys.stderr)
        if "SCENEC_DEBUG" in os.environ:
            raise
        return 70


if __name__ == "__main__":  # `python -m scenec.cli`: run the imported module, so its classes are the ones raised
    from scenec.cli import main as _main

    sys.exit(_main())

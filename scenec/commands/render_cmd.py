"""`scenec render`, `scenec still` and `scenec watch`: films, single frames,
and a preview re-rendered on every save.

The input is a `.scene` file (compiled first) or a plan file written by
`scenec compile` (`.plan.json`, `.yaml`, `.toml`). Exit status: 0 done,
1 the input has errors or the render failed, 2 bad command line, 130 after
Ctrl-C, 143 after SIGTERM. The data directory (for the segment cache) is
looked up here and passed down; the runtime never reads the environment.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scenec.api import compile_file
from scenec.lang.limits import MAX_FPS, frame_size_problem
from scenec.compiler.options import CompileOptions
from scenec.edge import edge_of
from scenec.knowledge.world import Knowledge
from scenec.report import plural, print_diagnostics
from scenec.config import MAX_WORKERS, QUALITIES, ConfigError, add_trust_flag, settings_for
from scenec.files import missing_input, output_in_folder

if TYPE_CHECKING:
    from scenec.compiler.plan import Plan
    from scenec.recording import Measured
    from scenec.runtime.executor import Executor
    from scenec.runtime.render import RenderOptions, RenderResult

# The plan's types, the encoder, the executor, the soundtrack, the run store and the analysis are
# imported by the functions that use them, not here: `scenec still` needs few of them and
# `scenec translate` (which registers the render flags) none, and start-up is most of their time.


def user_errors() -> tuple[type[Exception], ...]:
    """The errors whose message is fit to show as is (imports the modules that raise them)."""
    from scenec.compiler.plan import PlanError
    from scenec.runtime.audio.errors import AudioError
    from scenec.runtime.encode import EncodeError
    from scenec.runtime.executor import SegmentError
    from scenec.runtime.still import RenderError

    return (RenderError, EncodeError, PlanError, AudioError, SegmentError, ConfigError)


def __getattr__(name: str) -> Any:
    if name == "USER_ERRORS":  # `from scenec.commands.render_cmd import USER_ERRORS`, made when first asked for
        return user_errors()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


PREVIEW_MAX_FPS = 15
_PLAN_SUFFIXES = (".json", ".yaml", ".yml", ".toml")
OUTPUT_SUFFIXES = (".mp4", ".webm", ".gif", ".png")  # what -o (or a second argument) may name


class InputError(ValueError):
    """The input file or a flag cannot be used; exit status 2 when `usage`."""

    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


# ---------------------------------------------------------------- flag values


def parse_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*[xX]\s*(\d+)\s*", text)
    if not match or int(match.group(1)) <= 0 or int(match.group(2)) <= 0:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT with positive whole numbers, like 1280x720, got {text!r}")
    if (problem := frame_size_problem(int(match.group(1)), int(match.group(2)), even=False)) is not None:
        raise argparse.ArgumentTypeError(f"--size {text.strip()}: {problem}")
    return int(match.group(1)), int(match.group(2))


def parse_frames(text: str) -> tuple[int | None, int | None]:
    match = re.fullmatch(r"\s*(\d*)\s*:\s*(\d*)\s*", text)
    if not match or (match.group(1) and match.group(2) and int(match.group(1)) >= int(match.group(2))):
        raise argparse.ArgumentTypeError(f"expected A:B with whole frame numbers, A below B (B excluded), like 0:48, got {text!r}")
    return (int(match.group(1)) if match.group(1) else None, int(match.group(2)) if match.group(2) else None)


def _positive(kind: str, most: int | None = None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not text.strip().isdigit() or int(text) < 1:
            raise argparse.ArgumentTypeError(f"{kind} must be a whole number, 1 or more, got {text!r}")
        if most is not None and int(text) > most:
            raise argparse.ArgumentTypeError(f"{kind} must be at most {most}, got {text}")
        return int(text)
    return parse


def parse_fps(text: str) -> int:
    fps = _positive("--fps")(text)
    if fps > MAX_FPS:
        raise argparse.ArgumentTypeError(f"--fps must be at most {MAX_FPS}, got {fps}")
    return fps


def parse_time(text: str, fps: int, frames: int) -> int:
    """`3.5s`, `90f` or `3.5` (seconds) as a film frame; checked against the film."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*(s|f)?\s*", text)
    if not match:
        raise InputError(f"expected a time like 3.5s, 90f or 2, got {text!r}", usage=True)
    value, unit = float(match.group(1)), match.group(2) or "s"
    if unit == "f" and not value.is_integer():
        raise InputError(f"a frame number must be whole, got {text!r}", usage=True)
    frame = int(value) if unit == "f" else int(value * fps + 1e-9)
    if frame >= frames:
        raise InputError(f"time {text.strip()} is past the end of the film: it lasts {frames / fps:g}s "
                         f"(frames 0..{frames - 1})")
    return frame


# ---------------------------------------------------------------- loading


@dataclass(frozen=True, slots=True)
class Loaded:
    """A plan, or None with diagnostics; the files read to make it."""

    plan: Plan | None
    files: tuple[Path, ...]
    check: Any = None  # the CheckResult of a compile


def is_plan_file(path: Path) -> bool:
    return path.suffix.lower() in _PLAN_SUFFIXES


def default_output(path: Path, suffix: str) -> Path:
    """sunset.scene -> sunset.mp4, sunset.plan.json -> sunset.mp4."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    stem = stem.removesuffix(".plan")
    return path.with_name(stem + suffix)


STDIN = "-"
# A scene read from standard input compiles as if it were this file in the working folder.
STDIN_NAME = "stdin.scene"


def load(path: Path, fps: int | None = None, size: tuple[int, int] | None = None, text: str | None = None,
         world: Knowledge | None = None) -> Loaded:
    """Compile a .scene file against `world` with `fps`/`size` overrides, or read a plan file
    (whose frame rate cannot change; its size changes at render time). `text` stands in for
    the contents of a .scene file that is not on disk (a scene read from stdin)."""
    problem = None if text is not None else missing_input(path, "a .scene file or a plan")
    if problem:
        raise InputError(problem)
    if is_plan_file(path):
        from scenec.compiler.plan import PlanError
        from scenec.compiler.plan_io import read_plan

        try:
            plan = read_plan(path)
        except PlanError as error:
            raise InputError(f"{path}: {error}") from None
        if fps is not None and fps != plan.fps:
            raise InputError(f"--fps cannot change the frame rate of a plan file ({plan.fps} fps); "
                             "render the .scene source with --fps instead", usage=True)
        if size is not None and abs(size[0] * plan.height - size[1] * plan.width) > 0.01 * size[0] * plan.height:
            raise InputError(f"--size {size[0]}x{size[1]} would stretch this plan, which is {plan.width}x{plan.height}; "
                             "keep its aspect ratio or render the .scene source with --size", usage=True)
        return Loaded(plan, (path,))
    if path.suffix.lower() != ".scene":
        raise InputError(f"{path}: expected a .scene file or a plan file (.json, .yaml, .toml)", usage=True)
    # Lay the scene out at the requested size and rate: better than scaling
    # a finished plan, and the only way to change its frame rate.
    plan, check = compile_file(path, options=CompileOptions(size=size, fps=fps), text=text, world=world)
    files = tuple(Path(name) for name in check.graph.files_read) or (path,)
    return Loaded(plan, files, check)


def read_stdin() -> str:
    """The scene text piped to `scenec render -`; undecodable bytes are a clear error."""
    try:
        return sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"stdin is not UTF-8 text (byte {error.start})") from None


def report_failed_compile(loaded: Loaded) -> int:
    """Print a failed compile's diagnostics; returns the error count."""
    diagnostics = list(loaded.check.diagnostics) if loaded.check is not None else []
    print_diagnostics(diagnostics, loaded.check.graph.sources if loaded.check is not None else {}, "human", sys.stderr)
    return sum(1 for d in diagnostics if d.is_error) or 1


def cache_folder(enabled: bool, home: Path) -> Path | None:
    """<data dir>/cache/segments, or None (with a warning) when it cannot be made."""
    if not enabled:
        return None
    folder = home / "cache" / "segments"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(f"scenec: warning: rendering without a cache: cannot create {folder}: {error.strerror}", file=sys.stderr)
        return None
    return folder


def _add_render_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--size", type=parse_size, metavar="WxH", help="frame size, overriding the scene's")
    p.add_argument("--fps", type=parse_fps, metavar="N", help="frame rate, overriding the scene's (.scene input)")
    p.add_argument("--workers", type=_positive("--workers", MAX_WORKERS), metavar="N",
                   help="render processes, a segment at a time each (default: a segment per core at once, "
                        "on threads of this process on up to 2 cores)")
    p.add_argument("--no-audio", dest="audio", action="store_false", help="leave out the soundtrack")
    p.add_argument("--no-cache", dest="cache", action="store_false",
                   help="neither read nor fill the segment cache in the data directory")
    add_trust_flag(p)


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "render", help="render a .scene file or a plan into a video",
        description="Render a .scene file (compiled first) or a plan file into .mp4 (default), .webm, .gif "
                    "or .png frames (-o out/f.png writes out/f_00000.png, ...). Segments render in parallel "
                    "and are cached, so a re-render after an edit redoes only the shots that changed. "
                    "Exit status: 0 done, 1 errors in the input or a failed render, 2 bad command line.")
    p.add_argument("files", nargs="+", metavar="FILE|PLAN",
                   help="a .scene file or a plan (.plan.json, .yaml, .toml), or - to read a scene from stdin "
                        "(with -o); several render one after another (with --executor dask, side by side on "
                        "the cluster), each to its default name. `render IN OUT.mp4` names the output as -o does")
    p.add_argument("-o", "--output", metavar="OUT", help="the video to write (one input only); default: FILE's name with .mp4")
    _add_render_flags(p)
    p.add_argument("--preview", action="store_true", help="half size, at most 15 fps, fastest encoder settings")
    p.add_argument("--quality", choices=QUALITIES, help="encoder settings (default: normal, preview with --preview)")
    p.add_argument("--frames", type=parse_frames, metavar="A:B", help="film frames A up to B (excluded) only")
    p.add_argument("--executor", choices=("local", "dask"), default=None,
                   help="where segments render: worker processes here, or a Dask cluster (docs/cluster.md)")
    p.add_argument("--scheduler", metavar="ADDR",
                   help="a running Dask scheduler, tcp://HOST:8786 (with --executor dask; default: a local cluster)")
    p.add_argument("--shared-dir", metavar="DIR",
                   help="a folder every Dask worker sees at this path; workers leave segments there")
    p.add_argument("--connect-timeout", type=_positive("--connect-timeout"), metavar="S",
                   help="seconds to wait for the Dask scheduler (default: 10)")
    for flag, what in (("--tls-ca-file", "the CA certificate that signed the scheduler's"),
                       ("--tls-cert", "this client's certificate"), ("--tls-key", "this client's private key")):
        p.add_argument(flag, metavar="PEM", help=f"for --scheduler tls://…: {what} (docs/cluster.md)")
    p.add_argument("--open", action="store_true", help="open the finished film in the system's viewer")
    p.add_argument("--assets", metavar="DIR", help="for a plan file: the folder its images are read from and "
                                                   "may not leave (default: the plan's folder)")
    p.add_argument("--analyze", action="store_true",
                   help="after rendering, measure the film and match it against the plan's intent "
                        "(recorded with the run for the learning loop)")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.add_argument("--json", action="store_true", help="print one JSON object describing the result")
    p.set_defaults(func=run)

    s = subparsers.add_parser(
        "still", help="render one frame as a PNG",
        description="Render the frame at a time (3.5s, 90f, or plain seconds) of a .scene file or plan as a PNG.")
    s.add_argument("file", metavar="FILE|PLAN")
    s.add_argument("--at", required=True, metavar="TIME", help="3.5s, 90f, or a number of seconds")
    s.add_argument("-o", "--output", metavar="PNG", help="default: FILE's name with .png")
    s.add_argument("--size", type=parse_size, metavar="WxH", help="frame size, overriding the scene's")
    s.add_argument("--open", action="store_true", help="open the still in the system's viewer")
    s.add_argument("--assets", metavar="DIR", help="for a plan file: the folder its images are read from")
    add_trust_flag(s)
    s.set_defaults(func=run_still)

    w = subparsers.add_parser(
        "watch", help="re-render a preview on every save",
        description="Render a preview, then again whenever a file the last compile read changes. Ctrl-C stops.")
    w.add_argument("file", metavar="FILE|PLAN")
    w.add_argument("-o", "--output", metavar="OUT", help="default: FILE's name with .mp4")
    _add_render_flags(w)
    w.add_argument("--full", action="store_true", help="render at full size and quality instead of a preview")
    w.set_defaults(func=run_watch, preview=True, quality=None, frames=None)


def _fail(message: str, status: int, as_json: bool = False) -> int:
    print(f"scenec: error: {message}", file=sys.stderr)
    if as_json:
        print(json.dumps({"ok": False, "error": message}))
    return status


def _terminated(what: str, as_json: bool = False) -> int:
    """SIGTERM stopped the render: said as Ctrl-C's `scenec: interrupted` is, with what was not written."""
    message = f"interrupted by SIGTERM; {what}"
    print(f"scenec: {message}", file=sys.stderr)
    if as_json:
        print(json.dumps({"ok": False, "error": message}))
    return 143


def _preview_size(plan: Plan) -> tuple[int, int]:
    # Even numbers suit every format.
    return max(2, plan.width // 4 * 2), max(2, plan.height // 4 * 2)


def prepare(args: argparse.Namespace) -> tuple[Loaded, RenderOptions | None]:
    """Load the input and build render options (None when the compile failed)."""
    text = None
    if args.file == STDIN:
        if not args.output:
            raise InputError("a scene read from stdin (-) has no name to give the film: name it with -o", usage=True)
        source, text = Path(STDIN_NAME), read_stdin()
    else:
        source = Path(args.file)
    from_plan = is_plan_file(source)
    settings = settings_for(source, args)  # flags over scenec.toml over defaults
    edge_of(args).warn_ignored(settings)
    # `generate` hands down the world it translated with; otherwise the file's project's world
    world = None if from_plan else (getattr(args, "knowledge", None) or edge_of(args).world_of(settings))
    loaded = load(source, settings.fps, settings.size, text, world)
    if loaded.plan is None:
        return loaded, None
    if args.preview and settings.fps is None and loaded.plan.fps > PREVIEW_MAX_FPS and not from_plan:
        loaded = load(source, PREVIEW_MAX_FPS, settings.size, text, world)
        if loaded.plan is None:
            return loaded, None
    plan = loaded.plan
    first, end = args.frames or (None, None)
    size = settings.size if from_plan else None  # a compiled plan already has it
    if args.preview and settings.size is None:
        size = _preview_size(plan)
    # A preview never overwrites the film: sunset.scene previews to sunset.preview.mp4.
    suffix = ".preview.mp4" if args.preview else ".mp4"
    try:
        output = output_in_folder(args.output, source, suffix) if args.output else settings.output_path(source, suffix)
    except ValueError as error:
        raise InputError(str(error), usage=True) from None
    if not args.output and settings.output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)  # the project's output folder is scenec's to make
    from scenec.runtime.render import RenderOptions

    options = RenderOptions(
        output=output,
        size=size,
        quality=args.quality or ("preview" if args.preview else settings.quality),
        frames=None if args.frames is None else (first or 0, plan.frames if end is None else end),
        audio=args.audio,
        cache_dir=cache_folder(args.cache, settings.data_dir),
        assets_root=assets_root(args, source),
    )
    return loaded, options


def assets_root(args: argparse.Namespace, source: Path) -> Path:
    """The folder image layers are read from, and may not leave: `--assets DIR` for a plan file,
    else the input's own folder (a scene's images were already confined to its project)."""
    folder = getattr(args, "assets", None)
    return Path(folder).resolve() if folder else source.resolve().parent


def run(args: argparse.Namespace) -> int:
    from scenec.commands import render_batch  # it builds on this module

    args = positional_output(args)
    try:  # where and how to render comes from the first file's project, under the flags
        settings = settings_for(Path(args.files[0]), args)
    except ConfigError as error:
        print(error.render(), file=sys.stderr)
        return 1
    edge_of(args).warn_ignored(settings)
    args = argparse.Namespace(**{**vars(args), "executor": settings.executor, "workers": settings.workers,
                                 "scheduler": settings.scheduler, "tls": (settings.tls_ca_file, settings.tls_cert,
                                                                          settings.tls_key)})
    problem = render_batch.flag_problem(args)
    if problem:
        return _fail(problem, 2, args.json)
    try:
        executor = render_batch.make_executor(args)
    except user_errors() as error:
        return _fail(str(error), 1, args.json)
    with executor:
        if len(args.files) > 1:
            return render_batch.run_many(args, executor)
        return render_one(argparse.Namespace(**{**vars(args), "file": args.files[0]}), executor)


def positional_output(args: argparse.Namespace) -> argparse.Namespace:
    """`scenec render in.scene out.mp4`, as `typst compile in out`: a last argument that names a
    film rather than an input (by its extension, and no -o given) is the output."""
    files = list(args.files)
    if len(files) == 2 and not getattr(args, "output", None) and Path(files[1]).suffix.lower() in OUTPUT_SUFFIXES:
        return argparse.Namespace(**{**vars(args), "files": files[:1], "output": files[1]})
    return args


def render_one(args: argparse.Namespace, executor: Executor) -> int:
    """Render `args.file` with `executor` and report it; the exit status."""
    from scenec.commands.render_report import open_in_viewer, progress_bar, summary_line
    from scenec.runtime.encode import png_frame_path
    from scenec.runtime.render import RenderCancelled, render_film

    try:
        loaded, options = prepare(args)
        if options is None:
            errors = report_failed_compile(loaded)
            name = "stdin" if args.file == STDIN else args.file
            return _fail(f"{name}: {plural(errors, 'error')}; nothing rendered", 1, args.json)
        show_bar = not (args.quiet or args.json) and sys.stderr.isatty()
        update, stop = progress_bar(options.frames[1] - options.frames[0] if options.frames else loaded.plan.frames,
                                    f"rendering {options.output.name}") if show_bar else (None, lambda: None)
        try:
            result = render_film(loaded.plan, options, executor=executor, progress=update)
        finally:
            stop()
    except RenderCancelled:
        return _terminated("nothing written", args.json)
    except InputError as error:
        return _fail(str(error), 2 if error.usage else 1, args.json)
    except ConfigError as error:
        print(error.render(), file=sys.stderr)
        return 1
    except user_errors() as error:
        return _fail(str(error), 1, args.json)
    except OSError as error:
        return _fail(f"{error.filename or args.file}: {error.strerror or error}", 1, args.json)
    if not (args.quiet or args.json):
        print(summary_line(result), file=sys.stderr)
    measured = finish(args, loaded.plan, result)
    if getattr(args, "open", False):
        open_in_viewer(png_frame_path(result.output, 0) if result.output.suffix.lower() == ".png" else result.output)
    if args.json:
        extra = {} if measured is None else {"analysis": measured.analysis, "intent_match": measured.intent_match}
        print(json.dumps({"ok": True, **result.to_json(), **extra}))
    return 0


def finish(args: argparse.Namespace, plan: Plan, result: RenderResult) -> Measured | None:
    """After a film is written: measure it when `--analyze` asked (`generate` always does), say
    how well it matched the plan, and record the run. The analysis is the only extra work."""
    from scenec.commands.render_report import analysis_line
    from scenec.recording import measure_render, record_render
    from scenec.runtime.analysis.errors import AnalysisError

    measured = None
    if getattr(args, "analyze", False):
        try:
            measured = measure_render(plan, result)
        except AnalysisError as error:
            print(f"scenec: warning: the film could not be analysed: {error}", file=sys.stderr)
        else:
            if not (args.quiet or args.json):
                print(analysis_line(measured), file=sys.stderr)
    record_render(args, plan, result, measured=measured)
    return measured


def run_still(args: argparse.Namespace) -> int:
    from scenec.runtime.still import render_still

    source = Path(args.file)
    try:
        world = None if is_plan_file(source) else edge_of(args).world_for(source)
        loaded = load(source, None, args.size, world=world)
        if loaded.plan is None:
            errors = report_failed_compile(loaded)
            return _fail(f"{args.file}: {plural(errors, 'error')}; nothing rendered", 1)
        frame = parse_time(args.at, loaded.plan.fps, loaded.plan.frames)
        try:
            output = output_in_folder(args.output, source, ".png") if args.output else default_output(source, ".png")
        except ValueError as error:
            raise InputError(str(error), usage=True) from None
        render_still(loaded.plan, frame, output, size=args.size if is_plan_file(source) else None,
                     assets_root=assets_root(args, source))
    except InputError as error:
        return _fail(str(error), 2 if error.usage else 1)
    except ConfigError as error:
        print(error.render(), file=sys.stderr)
        return 1
    except user_errors() as error:
        return _fail(str(error), 1)
    except OSError as error:
        return _fail(f"{error.filename or args.file}: {error.strerror or error}", 1)
    print(f"wrote {output} (frame {frame})", file=sys.stderr)
    if args.open:
        from scenec.commands.render_report import open_in_viewer

        open_in_viewer(output)
    return 0


def run_watch(args: argparse.Namespace) -> int:
    from scenec.commands.watch import run_watch as watch  # it builds on this module

    return watch(args)

"""`scenec translate`, `scenec generate` and `scenec knowledge list|show|search|names`.

`translate` writes the `.scene` file for a prompt (stdout, or `-o FILE`); `--explain` prints every
decision and the words behind it as a table on stderr. `generate` translates and renders in one
step through the same code path as `scenec render`. `knowledge` browses the registries. Every
command here reads the one knowledge world the CLI's edge built (`args.edge`: the working folder's
project overlays, then the learned overlays in the data directory) and passes it down.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from scenec.commands import render_cmd
from scenec.edge import edge_of
from scenec.knowledge import lookup
from scenec.knowledge.errors import KnowledgeError, UnknownEntry
from scenec.knowledge.names import KINDS as NAME_KINDS
from scenec.knowledge.names import draw
from scenec.knowledge.world import Knowledge
from scenec.lang.translate import Translation, TranslateError, translate

if TYPE_CHECKING:
    from rich.console import Console

# `knowledge list` kinds: registry kinds by their plural, plus the translator's own registries.
REGISTRY_KINDS = {"palettes": ("palette",), "genres": ("genre",), "moods": ("mood",), "arcs": ("arc",),
                  "times": ("time",), "weather": ("weather",), "styles": ("style",), "luts": ("lut",),
                  "sounds": ("ambient", "sfx", "music", "wave")}
OWN_KINDS = ("objects", "places", "words")
ALL_KINDS = tuple(REGISTRY_KINDS) + OWN_KINDS


def kind_word(word: str) -> str:
    """`palette` and `palettes` both name the palettes."""
    return word if word in ALL_KINDS or f"{word}s" not in ALL_KINDS else f"{word}s"


def _err(message: str, status: int = 1) -> int:
    print(f"scenec: error: {message}", file=sys.stderr)
    return status


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"the seed must be 0 or more, got {value}")
    return value


def _count(text: str) -> int:
    value = _seed(text)
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"expected 1..1000, got {value}")
    return value


def register(subparsers) -> None:
    t = subparsers.add_parser("translate", help="write a .scene file from a prompt",
                              description="Translate a prompt into a .scene file (deterministic for the same "
                                          "prompt, seed and knowledge). Exit status: 0 done, 1 the prompt "
                                          "cannot be translated, 2 bad command line.")
    t.add_argument("prompt", metavar="PROMPT")
    t.add_argument("-o", "--output", metavar="FILE", help="write the scene here instead of stdout")
    t.add_argument("--explain", action="store_true", help="print each decision and the words behind it (stderr)")
    t.add_argument("--seed", type=_seed, default=0, metavar="N", help="seed of the layout's choices (default 0)")
    t.set_defaults(func=run_translate)

    g = subparsers.add_parser("generate", help="prompt → scene → film in one step",
                              description="Translate a prompt and render it, as `scenec translate` then "
                                          "`scenec render` would.")
    g.add_argument("prompt", metavar="PROMPT")
    g.add_argument("-o", "--output", required=True, metavar="OUT", help="the film (.mp4, .webm, .gif, .png frames)")
    g.add_argument("--keep-scene", metavar="FILE", help="also keep the .scene file written for the prompt")
    g.add_argument("--seed", type=_seed, default=0, metavar="N", help="seed of the layout's choices (default 0)")
    g.add_argument("--explain", action="store_true", help="print each decision and the words behind it (stderr)")
    render_cmd._add_render_flags(g)
    g.add_argument("--preview", action="store_true", help="half size, at most 15 fps, fastest encoder settings")
    g.add_argument("--quality", choices=render_cmd.QUALITIES, help="encoder settings")
    g.add_argument("--quiet", action="store_true", help="print nothing but errors")
    g.add_argument("--json", action="store_true", help="print one JSON object describing the result")
    g.set_defaults(func=run_generate, frames=None, executor="local", scheduler=None, shared_dir=None,
                   connect_timeout=None)

    k = subparsers.add_parser("knowledge", help="browse the knowledge registries",
                              description="List, show and search palettes, genres, styles, sounds, objects, "
                                          "places and words; draw names.")
    ks = k.add_subparsers(dest="knowledge_command", metavar="ACTION")
    kl = ks.add_parser("list", help="list the entries of a kind (or the kinds)")
    kl.add_argument("kind", nargs="?", type=kind_word, choices=ALL_KINDS, metavar="KIND",
                    help=", ".join(ALL_KINDS) + " (singular works too)")
    kl.set_defaults(func=run_list)
    ksh = ks.add_parser("show", help="show one entry: `show KIND NAME`, or `show NAME` to search every kind")
    ksh.add_argument("names", nargs="+", metavar="[KIND] NAME")
    ksh.set_defaults(func=run_show)
    kse = ks.add_parser("search", help="which entries a word means or mentions")
    kse.add_argument("word")
    kse.set_defaults(func=run_search)
    kn = ks.add_parser("names", help="draw unique names from the reserve in the data directory")
    kn.add_argument("--count", type=_count, default=5, metavar="N")
    kn.add_argument("--kind", choices=NAME_KINDS, default="character")
    kn.set_defaults(func=run_names)
    k.set_defaults(func=lambda args: (k.print_help(), 2)[1])


# ---------------------------------------------------------------- translate / generate


def _translate(args: argparse.Namespace) -> Translation:
    return translate(args.prompt, seed=args.seed, knowledge=edge_of(args).world())


def explain(translation: Translation, console: Console) -> None:
    """The parse of each sentence (its words tagged, what was read from them), then every decision."""
    from rich.table import Table
    from rich.markup import escape

    for number, shot in enumerate(translation.shots or (translation.instruction,), start=1):
        parse = Table(title=f"shot {number}: {shot.prompt}", title_justify="left")
        for column in ("read", "as"):
            parse.add_column(column, overflow="fold")
        parse.add_row("parse", escape(shot.parse))
        parse.add_row("words", "  ".join(f"{text}/{tag}" for text, tag in shot.tags))
        for s in shot.subjects:
            drawn = s.object or "placeholder"
            extra = [f"×{s.count}"] + ([f"color {' '.join(s.color.words)}"] if s.color else [])
            extra += ([f"action {s.motion}"] if s.motion else []) + (["carried"] if s.carried else [])
            parse.add_row(f"entity {s.word}", f"{drawn} " + ", ".join(extra))
        for r in shot.relations:
            others = ", ".join(shot.subjects[o].word for o in r.others)
            parse.add_row("relation", f"{shot.subjects[r.subject].word} {r.kind} {others}".strip())
        setting = {k: getattr(shot, k) for k in ("place", "time", "weather", "season", "genre", "mood", "style")
                   if getattr(shot, k)}
        if setting:
            parse.add_row("setting", ", ".join(f"{k} {v}" for k, v in setting.items()))
        if shot.camera:
            parse.add_row("camera", ", ".join(shot.camera))
        console.print(parse)
    table = Table(title="decisions", title_justify="left")
    for column in ("field", "value", "because", "note"):
        table.add_column(column, overflow="fold")
    for d in translation.decisions:
        table.add_row(d.field, d.value, " ".join(f"“{w}”" for w in d.because if w), d.note)
    console.print(table)


def run_translate(args: argparse.Namespace) -> int:
    from rich.console import Console

    try:
        result = _translate(args)
    except (TranslateError, KnowledgeError) as error:
        return _err(str(error))
    if args.explain:
        explain(result, Console(stderr=True))
    if args.output:
        try:
            Path(args.output).write_text(result.text, encoding="utf-8")
        except OSError as error:
            return _err(f"{args.output}: {error.strerror or error}")
    else:
        sys.stdout.write(result.text)
    return 0


def run_generate(args: argparse.Namespace) -> int:
    from rich.console import Console

    try:
        result = _translate(args)
    except (TranslateError, KnowledgeError) as error:
        return _err(str(error))
    if args.explain:
        explain(result, Console(stderr=True))
    with tempfile.TemporaryDirectory(prefix="scenec-generate-") as tmp:
        scene = Path(args.keep_scene) if args.keep_scene else Path(tmp) / "prompt.scene"
        try:
            scene.write_text(result.text, encoding="utf-8")
        except OSError as error:
            return _err(f"{scene}: {error.strerror or error}")
        render_args = argparse.Namespace(**{**vars(args), "files": [str(scene)], "record_kind": "generate",
                                            # A film is measured for the learning loop; PNG frames are not.
                                            "analyze": Path(args.output).suffix.lower() != ".png",
                                            "record_prompt": args.prompt, "record_decisions": result.decisions,
                                            # the scene was written for this world: compile it against the same
                                            "knowledge": edge_of(args).world()})
        return render_cmd.run(render_args)


# ---------------------------------------------------------------- knowledge


def _entries(kind: str, kb: Knowledge) -> dict[str, object]:
    if kind in REGISTRY_KINDS:
        out = {}
        for sub in REGISTRY_KINDS[kind]:
            for name in lookup.names(kb.registry, sub):
                out[name if len(REGISTRY_KINDS[kind]) == 1 else f"{sub}:{name}"] = lookup.get(kb.registry, sub, name)
        return out
    if kind == "objects":
        return dict(kb.objects.entries)
    if kind == "places":
        return dict(kb.places.entries)
    return {f"{section}:{word}": value for section, words in kb.vocabulary.sections().items()
            for word, value in words.items()}


def _describe(value: object) -> str:
    if dataclasses.is_dataclass(value):
        data = dataclasses.asdict(value)
    else:
        data = value
    import yaml  # only `knowledge show` writes YAML

    return yaml.safe_dump(_plain(data), sort_keys=False, allow_unicode=True, width=100).strip()


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        if len(value) == 4 and all(isinstance(c, float) for c in value):
            return "#" + "".join(f"{round(c * 255):02x}" for c in value[:3])
        return [_plain(v) for v in value]
    if hasattr(value, "value") and not isinstance(value, (str, int, float)):
        return str(value.value)
    return value


def run_list(args: argparse.Namespace) -> int:
    from rich.console import Console

    console = Console()
    try:
        kb = edge_of(args).world()
        if args.kind is None:
            for kind in ALL_KINDS:
                console.print(f"{kind:10} {len(_entries(kind, kb))} entries")
            return 0
        for name in _entries(args.kind, kb):
            console.print(name, highlight=False)
    except KnowledgeError as error:
        return _err(str(error))
    return 0


def run_show(args: argparse.Namespace) -> int:
    if len(args.names) > 2:
        return _err("expected `show KIND NAME` or `show NAME`", 2)
    kinds = (kind_word(args.names[0]),) if len(args.names) == 2 else ALL_KINDS
    name = args.names[-1]
    if kinds[0] not in ALL_KINDS:
        return _err(f"unknown kind '{kinds[0]}'; kinds: {', '.join(ALL_KINDS)}", 2)
    try:
        kb = edge_of(args).world()
        found = [(kind, key, value) for kind in kinds for key, value in _entries(kind, kb).items()
                 if key == name or key.split(":", 1)[-1] == name]
    except (KnowledgeError, UnknownEntry) as error:
        return _err(str(error))
    if not found:
        return _err(f"no entry named '{name}' in {', '.join(kinds)}; try `scenec knowledge search {name}`")
    for kind, key, value in found:
        print(f"# {kind}: {key}")
        print(_describe(value))
    return 0


def run_search(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    word = args.word.lower().strip()
    if not word:
        return _err("give a word to search for", 2)
    try:
        kb = edge_of(args).world()
        rows = []
        entry = kb.objects.by_word(word)
        if entry is not None:
            rows.append(("objects", entry.name, f"the word '{word}' means it"))
        place = kb.places.by_word(word)
        if place is not None:
            rows.append(("places", place.name, f"the word '{word}' means it"))
        for kind in ALL_KINDS:
            for key in _entries(kind, kb):
                if word in key.lower() and (kind, key) not in [(r[0], r[1]) for r in rows]:
                    rows.append((kind, key, "name contains it"))
    except KnowledgeError as error:
        return _err(str(error))
    if not rows:
        return _err(f"nothing in the knowledge mentions '{word}'")
    table = Table()
    for column in ("kind", "entry", "why"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    return 0


def run_names(args: argparse.Namespace) -> int:
    try:
        edge = edge_of(args)
        names = draw(args.count, args.kind, edge.data_dir, edge.world().syllables)
    except (KnowledgeError, ValueError, OSError) as error:
        return _err(str(error))
    print("\n".join(names))
    return 0

"""Checks kept between edits of one file: a shot is checked again only when it, or what it sees, changed.

Reads a module graph and the knowledge names, as `check_graph` does, and
produces the `CheckResult` that `check_graph` would produce. A long-lived
consumer (the language server) keeps one `CheckCache`; while the user types
inside one shot, the other shots' problems are taken from the last check.

What a shot's check reports depends on the shot's own tree and on its
setting: the file around its shots (the lets, palettes, templates and scene
settings it sees, and the other shots' durations through its own), the files
imported, the knowledge names, its duration and frame rate, and the layers
the shots before it drew (only near the film's layer cap). So a kept check is
keyed by the shot's text and column, the text of the whole graph outside the
entry's shots, the knowledge names (by identity), its duration and rate, and
used only while the layers drawn before it either did not change or stay
clear of the cap; its diagnostics are moved with the shot. A shot's tree is a
function of its text only when the file parsed in one pass, so a file that
needed error recovery is checked in full. Checks that report beyond the
shot's own text, name a line in their words, or look for image files on the
disk are not kept: those depend on more than the key.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from scenec.lang import ast
from scenec.lang.checker import CheckResult, FileChecker, KnowledgeNames, check_graph
from scenec.lang.diagnostics import Diagnostic
from scenec.lang.limits import MAX_FILM_LAYERS
from scenec.lang.modules import ModuleGraph
from scenec.lang.span import Span

_new_span = tuple.__new__


@dataclass(frozen=True, slots=True)
class _Kept:
    knowledge: KnowledgeNames  # the names it was checked against (the key holds their id)
    start: int  # where the shot stood
    line: int
    diagnostics: tuple[Diagnostic, ...]
    layers_before: int  # drawn layers the shots before it added to the film's count
    layers: int  # and those it added


class CheckCache:
    """Kept shot checks, the most recent `capacity` of them. `shot_checks` counts the shots checked
    through it, `recalled` those answered from a kept check."""

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self.shot_checks = 0
        self.recalled = 0
        self._kept: OrderedDict[tuple, _Kept] = OrderedDict()

    def check(self, graph: ModuleGraph, knowledge: KnowledgeNames) -> CheckResult:
        module = graph.modules.get(graph.entry)
        source = graph.sources.get(graph.entry)
        if module is None or source is None or module.result.recovered:
            return check_graph(graph, knowledge)
        return check_graph(graph, knowledge, ShotChecks(self, _setting_key(graph, module.result.file, knowledge)))


def _setting_key(graph: ModuleGraph, file: ast.File, knowledge: KnowledgeNames) -> tuple:
    """What every shot of the entry sees, as one digest: the graph's text outside the entry's shots."""
    digest = hashlib.blake2b(digest_size=16)
    text = graph.sources[graph.entry].text
    at = 0
    for scene in file.scenes:
        for statement in scene.body:
            if isinstance(statement, ast.Shot):
                digest.update(text[at:statement.span.start].encode("utf-8", "surrogatepass"))
                digest.update(b"\0shot\0")
                at = statement.span.end
    digest.update(text[at:].encode("utf-8", "surrogatepass"))
    for path, source in sorted(graph.sources.items()):
        if path != graph.entry:
            digest.update(b"\0file\0" + path.encode("utf-8", "surrogatepass") + b"\0")
            digest.update(source.text.encode("utf-8", "surrogatepass"))
    return graph.entry, id(knowledge), digest.digest()


class ShotChecks:
    """The memo one check of the entry file uses (`checker.ShotMemo`)."""

    def __init__(self, cache: CheckCache, setting: tuple) -> None:
        self.cache = cache
        self.setting = setting

    def _key(self, fc: FileChecker, shot: ast.Shot, seconds: float, fps: int) -> tuple:
        text = fc.graph.sources[fc.path].text[shot.span.start:shot.span.end]
        return self.setting, text, shot.span.column, seconds, fps

    def recall(self, fc: FileChecker, shot: ast.Shot, seconds: float, fps: int) -> bool:
        key = self._key(fc, shot, seconds, fps)
        kept = self.cache._kept.get(key)
        if kept is None or kept.knowledge is not fc.knowledge:
            return False
        before = fc.film_layers
        if before != kept.layers_before and max(before, kept.layers_before) + kept.layers > MAX_FILM_LAYERS:
            return False  # the film's layer cap is reached in one of the two checks and maybe not the other
        self.cache._kept.move_to_end(key)
        delta, lines = shot.span.start - kept.start, shot.span.line - kept.line
        fc.diagnostics.extend(d if d.span is None else dataclasses.replace(d, span=_moved(d.span, delta, lines))
                              for d in kept.diagnostics)
        fc.film_layers += kept.layers
        self.cache.recalled += 1
        return True

    def remember(self, fc: FileChecker, shot: ast.Shot, seconds: float, fps: int, layers_before: int,
                 mark: int) -> None:
        cache = self.cache
        cache.shot_checks += 1
        found = tuple(fc.diagnostics[mark:])
        span = shot.span
        if any(d.span is not None and (d.span.file != fc.path or d.span.start < span.start or d.span.end > span.end)
               for d in found):
            return  # reported outside the shot: where, the key does not say
        if any("line" in d.message or "line" in d.label or any("line" in h for h in d.hints) for d in found):
            return  # "the first is on line 12": words that move with the file, not with the shot
        key = self._key(fc, shot, seconds, fps)
        if "image" in key[1]:
            return  # whether an image file exists is read from the disk at each check
        cache._kept[key] = _Kept(fc.knowledge, span.start, span.line, found, layers_before,
                                fc.film_layers - layers_before)
        if len(cache._kept) > cache.capacity:
            cache._kept.popitem(last=False)


def _moved(s: Span, delta: int, lines: int) -> Span:
    """A span inside a shot that moved by `delta` characters and `lines` lines (its column did not)."""
    return _new_span(Span, (s[0], s[1] + delta, s[2] + delta, s[3] + lines, s[4], s[5] + lines, s[6]))

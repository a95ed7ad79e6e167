"""The grammar's LALR tables and lexers as plain data, so a clean file parses without importing Lark.

Reads the loaded grammar (`parser.grammar()`: Lark, LALR, the contextual
lexer, the `Build` transformer, `_Front`'s lexer callbacks); produces
`Tables`: Lark's parse table with actions as integers, the rule each reduce
builds (its transformer method's name and Lark's tree-shaping wrappers: the
`?rule` single-child expansion and the child filter that inlines `_rule`s
and inserts `None` for absent `[optional]`s), and the contextual lexer's
per-state scanners (each state's terminals as Lark orders them, after Lark
folds keywords into the regexes that also match them, each pattern
prefixed with the whitespace to skip, as `onepass._WsScanner` does) with
the keyword maps of those folds and which terminals carry which of
`_Front`'s callbacks. Lark stays the source of truth: everything here is
read from it, never written by hand, and `lang/plainparse.py`'s results are
tested equal to Lark's.

The tables are generated once (importing Lark, about half a second) and
kept beside this package's bytecode (else in the temporary folder, where
Lark keeps its own cache), under a key that hashes the grammar, this module
and `parser.py` (Lark's options and callbacks) and the Python version; the
file is written atomically and verified when read (`knowledge/diskcache.py`),
so a broken one is generated again. `load()` returns None when the grammar
uses something this format does not carry; then Lark parses, as before.
"""

from __future__ import annotations

import functools
import importlib.util
import marshal
import sys
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from scenec.knowledge import diskcache

FORMAT = 3
_KIND = "lalr-tables"
# What `_Front`'s lexer callbacks do, by name: the plain parser does the same for these terminals.
CALLBACK_KINDS = ("comment", "open", "close", "keyword")


class Unsupported(Exception):
    """The grammar or its transformer uses something the plain tables do not carry."""


@dataclass(frozen=True, slots=True)
class Tables:
    start_state: int
    end_state: int
    # state -> terminal or rule name -> action: a shift (or goto) to state n is n >= 0; a reduce by
    # rule i is ~i (negative)
    states: tuple[dict[str, int], ...]
    # per rule: (children popped, the rule's name (its goto), its callback's name, `?rule` expansion,
    # child filter or None, Nones appended);
    # a child filter is a tuple of (child index, inline that `_rule`'s children, Nones before it)
    rules: tuple[tuple[int, str, str, bool, tuple[tuple[int, bool, int], ...] | None, int], ...]
    # per scanner: its patterns' (text, flags), the keywords a regex terminal turns into, and each
    # pattern as `re` compiles it (`_sre.compile`'s arguments, see `sre_args`), marshalled apart so
    # that only the scanners a file reaches are read (`compiled_args`)
    scanners: tuple[tuple[tuple[tuple[str, int], ...], dict[str, dict[str, str]], bytes], ...]
    state_scanner: tuple[int, ...]
    newline_types: frozenset[str]
    ignore_types: frozenset[str]
    callbacks: dict[str, str]  # terminal -> one of CALLBACK_KINDS
    sre_magic: int  # the `_sre.MAGIC` the compiled patterns are for


def sre_args(text: str, flags: int) -> tuple:
    """What `re.compile(text, flags)` hands `_sre.compile` (`re._compiler.compile`, Python 3.11-3.13):
    the pattern parsed and compiled to the regex engine's code in Python, which is most of the time
    compiling a scanner takes (a few milliseconds each, and a small file reaches about 20). Kept with
    the tables, as a `.pyc` keeps a code object, for the interpreter version in the tables' key."""
    from re import _compiler, _parser

    parsed = _parser.parse(text, flags)
    code = _compiler._code(parsed, flags)  # noqa: SLF001
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # plain ints: the code's opcodes are `int` subclasses, which `marshal` does not write
    return (text, int(flags | parsed.state.flags), [int(c) for c in code], int(parsed.state.groups - 1), groupindex,
            tuple(indexgroup))


def compiled_args(blob: bytes) -> list[tuple | None]:
    """The `sre_args` of a scanner's patterns, from its marshalled blob (None for a pattern without)."""
    return [tuple(args) if args is not None else None for args in marshal.loads(blob)]


def compile_pattern(text: str, flags: int, args: tuple | None, magic: int):
    """The pattern `re.compile(text, flags)` gives, from `args` when they were made by this engine."""
    import re

    if args is not None:
        import _sre

        if magic == _sre.MAGIC:
            try:
                return _sre.compile(*args)
            except (TypeError, ValueError, RuntimeError):
                pass
    return re.compile(text, flags)


def _texts() -> tuple[bytes, ...]:
    folder = resources.files("scenec.lang")
    return tuple(folder.joinpath(name).read_bytes() for name in ("scene.lark", "tables.py", "parser.py"))


def _prune(folder: Path) -> None:
    """Remove tables kept for another grammar or scenec from `folder`."""
    for stale in folder.glob(f"{_KIND}-*.pickle"):
        if stale.name != f"{_KIND}-{key()}.pickle":
            try:
                stale.unlink()
            except OSError:
                pass


@functools.cache
def key() -> str:
    return diskcache.key_of(str(FORMAT), sys.version, *_texts())


def folders() -> tuple[Path, ...]:
    """Where the tables are kept: beside this package's bytecode, else the temporary folder."""
    out = []
    if sys.implementation.cache_tag is not None:
        try:
            out.append(Path(importlib.util.cache_from_source(__file__)).parent)
        except (NotImplementedError, ValueError):
            pass
    # One folder per user: another user's tables are never read.
    # One folder per user where users share the temporary folder (Windows gives each their own).
    import os

    user = f"-{os.getuid()}" if hasattr(os, "getuid") else ""
    out.append(Path(tempfile.gettempdir()) / f"scenec-lalr{user}")
    return tuple(out)


def load() -> Tables | None:
    """The tables, read from where they are kept, else generated from Lark and kept; None when the
    grammar uses something they cannot carry or they could not be kept (Lark then parses: generating
    them again in every process would cost more than it saves)."""
    for folder in folders():
        if not _ours(folder):
            continue
        payload = diskcache.DiskCache(folder).read(_KIND, key())
        if payload is not None:
            try:
                return _decode(marshal.loads(payload))
            except (ValueError, EOFError, TypeError, KeyError):
                diskcache.DiskCache(folder).drop(_KIND, key())
    writable = [folder for folder in folders() if _writable(folder)]
    if not writable:
        return None  # made in every process, they would cost more than Lark's own cached load
    try:
        data = generate()
    except Unsupported:
        return None
    payload = marshal.dumps(data)
    for folder in writable:
        cache = diskcache.DiskCache(folder)
        cache.write(_KIND, key(), payload)
        if cache.read(_KIND, key()) is not None:
            _prune(folder)
            return _decode(data)
    return None


def _writable(folder: Path) -> bool:
    """Whether tables may be written to `folder`: not beside the bytecode when Python is told not to
    write bytecode (`-B`, PYTHONDONTWRITEBYTECODE), and only in a folder of this user's."""
    import os

    if sys.dont_write_bytecode and folder != folders()[-1]:
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return _ours(folder) and os.access(folder, os.W_OK)


def _ours(folder: Path) -> bool:
    """Whether `folder` belongs to this user (or does not exist yet); always so where there are no uids."""
    import os

    if not hasattr(os, "getuid"):
        return True
    try:
        return folder.stat().st_uid == os.getuid()
    except OSError:
        return True


def _decode(data: dict) -> Tables:
    if data["format"] != FORMAT:
        raise ValueError("another format")
    return Tables(data["start_state"], data["end_state"], tuple(data["states"]),
                  tuple(tuple(rule) for rule in data["rules"]),
                  tuple((tuple(tuple(p) for p in patterns), unless, compiled)
                        for patterns, unless, compiled in data["scanners"]),
                  tuple(data["state_scanner"]), frozenset(data["newline_types"]), frozenset(data["ignore_types"]),
                  data["callbacks"], data["sre_magic"])


def generate() -> dict:
    """The tables as plain data (dicts, lists, strings and ints: what `marshal` writes), read from the
    grammar Lark loaded for `parser.py`."""
    from lark.lexer import PatternStr, UnlessCallback, CallChain
    from lark.parse_tree_builder import ChildFilterLALR, ChildFilterLALR_NoPlaceholders, ExpandSingleChild
    from lark.parsers.lalr_analysis import Shift

    from scenec.lang import parser

    front = parser._front()  # noqa: SLF001 - the grammar as the parser loads it, with its callbacks
    lark = front.lark
    lalr = lark.parser.parser.parser
    table = lalr.parse_table
    if any(isinstance(k, str) for k in lalr.callbacks):
        raise Unsupported("the transformer has terminal callbacks")
    count = len(table.states)
    if sorted(table.states) != list(range(count)):
        raise Unsupported("states are not numbered 0..n-1")

    builders = {rule: chain for rule, chain in lark._parse_tree_builder.rule_builders}  # noqa: SLF001
    rule_index: dict = {}
    rules: list = []

    def rule_of(rule) -> int:
        if rule not in rule_index:
            rule_index[rule] = len(rules)
            rules.append(_rule(rule, builders[rule], ExpandSingleChild, ChildFilterLALR, ChildFilterLALR_NoPlaceholders))
        return rule_index[rule]

    states = []
    for state in range(count):
        actions = {}
        for symbol, (action, arg) in table.states[state].items():
            actions[symbol] = arg if action is Shift else ~rule_of(arg)
        states.append(actions)

    kinds = {front.comments.append: "comment", front._open: "open", front._close: "close",  # noqa: SLF001
             front._keyword: "keyword"}  # noqa: SLF001
    callbacks = {}
    for name, f in lark.lexer_conf.callbacks.items():
        if f not in kinds:
            raise Unsupported(f"an unknown lexer callback on {name}")
        callbacks[name] = kinds[f]
    lexers = lark.parser.lexer.lexers
    scanner_index: dict[int, int] = {}
    scanners = []
    state_scanner = []
    for state in range(count):
        lexer = lexers[state]
        if id(lexer) not in scanner_index:
            scanner_index[id(lexer)] = len(scanners)
            scanners.append(_scanner(lexer, callbacks, UnlessCallback, CallChain, PatternStr))
        state_scanner.append(scanner_index[id(lexer)])
    newline = set()
    for lexer in dict.fromkeys(lexers.values()):
        newline |= lexer.newline_types
    import _sre

    return {"format": FORMAT, "sre_magic": _sre.MAGIC, "start_state": table.start_states["start"], "end_state": table.end_states["start"],
            "states": states, "rules": rules, "scanners": scanners, "state_scanner": state_scanner,
            "newline_types": sorted(newline), "ignore_types": sorted(lark.lexer_conf.ignore), "callbacks": callbacks}


def _rule(rule, chain, expand_single, child_filter, child_filter_plain) -> list:
    name = rule.alias or rule.options.template_source or rule.origin.name
    expand1 = False
    include = None
    append_none = 0
    for wrapper in chain:
        if wrapper is expand_single:
            expand1 = True
        elif isinstance(wrapper, functools.partial) and wrapper.func is child_filter:
            steps, append_none = wrapper.args
            include = [[i, bool(expand), int(nones)] for i, expand, nones in steps]
        elif isinstance(wrapper, functools.partial) and wrapper.func is child_filter_plain:
            (steps,) = wrapper.args
            include = [[i, bool(expand), 0] for i, expand in steps]
        else:
            raise Unsupported(f"a tree wrapper of rule {name}: {wrapper!r}")
    return [len(rule.expansion), rule.origin.name, name, expand1, include, int(append_none)]


def _scanner(lexer, callbacks, unless_callback, call_chain, pattern_str) -> list:
    scanner = lexer.scanner  # built now, as the parser would on reaching a state that uses it
    if lexer.use_bytes or lexer.re.__name__ != "re":
        raise Unsupported("bytes or the regex module")
    patterns = [[mre.pattern, mre.flags] for mre in scanner._mres]  # noqa: SLF001
    unless = {}
    for name, f in lexer.callback.items():
        if isinstance(f, call_chain):
            f = f.callback1
        if isinstance(f, unless_callback):
            words = {}
            for terminal in f.scanner.terminals:
                if not isinstance(terminal.pattern, pattern_str) or terminal.pattern.flags:
                    raise Unsupported(f"a folded terminal {terminal.name} that is not a plain string")
                words[terminal.pattern.value] = terminal.name
            unless[name] = words
        elif name not in callbacks:
            raise Unsupported(f"a lexer callback on {name}")
    compiled = []
    for text, flags in patterns:
        try:
            args = sre_args(text, flags)
        except Exception:  # noqa: BLE001 - an interpreter whose `re` is built otherwise: compiled at parse
            args = None
        compiled.append(args)
    return [patterns, unless, marshal.dumps(compiled)]

"""Compiled dataclass methods kept between runs: start-up without compiling them again.

Reads and writes one file next to scenec's own bytecode
(`scenec/__pycache__/dataclass-fns.<interpreter>.marshal`, where Python
keeps `cli.<interpreter>.pyc`). Produces nothing visible: the classes made
are the same, only made faster.

Why: every `@dataclass` writes the source of its `__init__`, `__repr__`,
`__eq__`, `__hash__`, `__setattr__`... as text and compiles it with `exec`
when its module is imported. A command imports a few hundred such classes
(the AST, the knowledge entries, the IRs, the plan), and compiling their
generated methods was the larger half of creating them: about a tenth of a
`scenec still`. The text of a generated method depends only on the class's
definition, so its compiled code is looked up by the hash of that text.

How: `install()` gives the `dataclasses` module an `exec` of its own (a
module global shadowing the built-in, the name its code generator calls)
that compiles a string through this cache and runs the code object exactly
as the built-in would. Code objects are what `.pyc` files hold (`marshal`,
tied to the interpreter by the file name). Anything else given to `exec`,
and any entry that does not load, goes the ordinary way.

Guarantees: the classes made are identical (the same text compiled the same
way, with no inherited `__future__` flags, like `dataclasses`' own `exec`);
the file is written atomically, at exit, only when this process compiled
something new and Python may write bytecode (`sys.dont_write_bytecode`); it
is rewritten with only this process's entries when it has grown past
`MAX_ENTRIES`, so entries of changed classes do not accumulate; a file
that cannot be read or written only costs the time it would have saved.
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import hashlib
import importlib.util
import marshal
import os
import sys
from pathlib import Path
from types import CodeType

MAX_ENTRIES = 4000
_MAGIC = b"scenec-dataclass-fns 1\n"


class _Cache:
    """The compiled methods by the hash of their text: those read from the file, as bytes until
    first used, and those compiled by this process."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.stored: dict[bytes, bytes] = self._read() if path is not None else {}
        self.used: dict[bytes, bytes] = {}
        self.new = False

    def _read(self) -> dict[bytes, bytes]:
        try:
            data = self.path.read_bytes()
            if not data.startswith(_MAGIC):
                return {}
            stored = marshal.loads(data[len(_MAGIC):])
        except (OSError, ValueError, EOFError, TypeError):
            return {}
        return stored if isinstance(stored, dict) else {}

    def code(self, text: str) -> CodeType:
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        payload = self.stored.get(key)
        if payload is not None:
            try:
                code = marshal.loads(payload)
            except (ValueError, EOFError, TypeError):
                code = None
            if isinstance(code, CodeType):
                self.used[key] = payload
                return code
        code = compile(text, "<string>", "exec", dont_inherit=True)
        self.used[key] = marshal.dumps(code)
        self.new = True
        return code

    def write(self) -> None:
        if not self.new or self.path is None or sys.dont_write_bytecode:
            return
        merged = {**self._read(), **self.used}
        if len(merged) > MAX_ENTRIES:
            merged = dict(self.used)
        import tempfile  # here: only a process that compiled something new writes

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".dataclass-fns-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(_MAGIC + marshal.dumps(merged))
                os.replace(temporary, self.path)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            pass


_cache: _Cache | None = None


def _exec(source, globals=None, locals=None, /, **kwargs):  # noqa: A002 - the built-in's own names
    """`exec` as `dataclasses` calls it, compiling a string through the cache."""
    if isinstance(source, str) and _cache is not None and not kwargs:
        source = _cache.code(source)
    return builtins.exec(source, globals, locals, **kwargs)


def cache_path() -> Path | None:
    """Where the file is: beside this module's bytecode (honouring `sys.pycache_prefix`)."""
    try:
        pyc = importlib.util.cache_from_source(__file__)
    except (NotImplementedError, ValueError):  # no cache tag: an interpreter that keeps no bytecode
        return None
    tag = sys.implementation.cache_tag
    return Path(pyc).with_name(f"dataclass-fns.{tag}.marshal")


def install() -> None:
    """Route the `dataclasses` module's code generation through the cache (once per process)."""
    global _cache
    if _cache is not None:
        return
    _cache = _Cache(cache_path())
    dataclasses.exec = _exec  # a module global: `dataclasses` looks it up before the built-in
    atexit.register(_cache.write)

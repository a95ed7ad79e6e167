"""scenec.lang: grammar, parser, typed AST, checker, diagnostics, formatter.

Lark imports interegular, when it is installed, and then checks every pair
of terminals of every grammar it builds for regex collisions (the prompt
grammar's start-up tripled); that check serves only the strict grammar test
(interegular is a test dependency). So whoever first imports `lark.lexer`
(the scene parser when it first parses, the prompt translator) imports it
with interegular hidden: the finder below steps in for that one module and
nothing else, and `parser._Front` hands interegular to Lark when a strict
grammar is asked for. Lark itself is not imported here, so a command whose
trees come from the disk cache imports no Lark.
"""

import importlib.abc
import importlib.machinery
import sys


class _LarkWithoutInteregular(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports `lark.lexer` with `import interegular` failing, then leaves the import system alone."""

    def find_spec(self, name, path=None, target=None):
        if name != "lark.lexer":
            return None
        sys.meta_path.remove(self)  # once: find the real module, and never step in again
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        self._loader = spec.loader
        spec.loader = self
        return spec

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        hidden = "interegular" not in sys.modules
        if hidden:
            sys.modules["interegular"] = None  # type: ignore[assignment]  # `import interegular` raises ImportError
        try:
            self._loader.exec_module(module)
        finally:
            if hidden:
                del sys.modules["interegular"]


if "lark.lexer" not in sys.modules and "interegular" not in sys.modules:
    sys.meta_path.insert(0, _LarkWithoutInteregular())

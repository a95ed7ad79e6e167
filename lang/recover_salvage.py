"""Error recovery's salvage: a statement or block that failed, parsed again as it was meant.

Mixed into `recover.Recovery` (whose `block`, `node`, `build`, `source` and
`diagnostics` these use). Each repair reads the failed chunk of tokens and
returns its node when the repaired tokens parse cleanly, else None; the
caller reports the chunk's one diagnostic either way, so a repair changes the
tree, never the diagnostics: a block whose keyword was deleted or misspelt,
a block whose `{` was deleted, a bracket left open, an import whose line did
not parse but still names its file.
"""

from __future__ import annotations

import re

from lark import Token

from scenec.lang import ast

# The quoted `.scene` path of an import line that did not parse, and a word that is, or is close
# to, `import` (`imprt`).
_IMPORTED = re.compile(r'"([^"\n]*[^"\n/]\.scene)"')
_IMPORT_WORD = re.compile(r"\bi\w?m?p\w?o?r?t\b|\bimport")
# The block a block of a parent most likely is when its keyword is gone: (terminal, keyword).
_MISSING_KEYWORD = {"scene": ("SHOT", "shot"), "file": ("SCENE", "scene")}


def _near(word: str, keyword: str) -> bool:
    """Whether `word` is `keyword` with one letter dropped, added, changed or two swapped."""
    if abs(len(word) - len(keyword)) > 1 or word[:1] != keyword[:1] and word[1:2] != keyword[1:2]:
        return False
    short, long = sorted((word, keyword), key=len)
    if len(short) < len(long):
        return any(long[:i] + long[i + 1:] == short for i in range(len(long)))
    diffs = [i for i in range(len(word)) if word[i] != keyword[i]]
    return len(diffs) == 1 or len(diffs) == 2 and diffs[1] == diffs[0] + 1 and \
        word[diffs[0]] == keyword[diffs[1]] and word[diffs[1]] == keyword[diffs[0]]


def matching(chunk: list[Token], brace: int) -> int:
    depth = 0
    for i in range(brace, len(chunk)):
        kind = chunk[i].type
        if kind in ("LPAR", "LSQB", "LBRACE"):
            depth += 1
        elif kind in ("RPAR", "RSQB", "RBRACE"):
            depth -= 1
            if depth == 0:
                return i
    return len(chunk) - 1


class Salvage:
    """The repairs `Recovery` tries on a chunk that did not parse (see the module docstring)."""

    def keyword_restored(self, chunk: list[Token], brace: int, start: str, parent: str):
        """A block whose keyword was deleted or misspelt (`launch dutch 3s {`, `sht launch …`, in
        a scene): its node with the keyword put back, so its statements keep their tree; None when
        that does not parse either. The caller reports the slip."""
        missing = _MISSING_KEYWORD.get(parent)
        if missing is None:
            return None
        kind, word = missing
        first = chunk[0]
        tries = [[Token.new_borrow_pos(kind, word, first), *chunk]]
        if first.type == "NAME" and first.value != word and _near(first.value, word):
            tries.insert(0, [Token.new_borrow_pos(kind, word, first), *chunk[1:]])
        for tokens in tries:
            mark, reported = len(self.build.diagnostics), len(self.diagnostics)
            node = self.block(tokens, brace + len(tokens) - len(chunk), start, word)
            if node is not None and len(self.diagnostics) == reported:
                return node
            del self.build.diagnostics[mark:], self.diagnostics[reported:]
        return None

    def brace_restored(self, chunk: list[Token], start: str):
        """A block whose `{` was deleted (`shot launch dutch 3s` above its layers): its first line
        as the header and the lines below as its body (the scanner dropped the `}` that closed
        nothing); None when that does not parse either. The caller reports the slip."""
        cut = next((i for i in range(1, len(chunk)) if chunk[i].line > chunk[0].line), None)
        if cut is None:
            return None
        tokens = [*chunk[:cut], Token.new_borrow_pos("LBRACE", "{", chunk[cut - 1]), *chunk[cut:],
                  Token.new_borrow_pos("RBRACE", "}", chunk[-1])]
        mark, reported = len(self.build.diagnostics), len(self.diagnostics)
        node = self.block(tokens, cut, start, chunk[0].value)
        if node is None or len(self.diagnostics) != reported:
            del self.build.diagnostics[mark:], self.diagnostics[reported:]
            return None
        return node

    def stray_dropped(self, chunk: list[Token], parent: str):
        """The chunk's node without the bracket in it that was never closed (`(shot {`,
        `circle((at: …`: reported by the scanner, E1004, which closed it with a zero-width closer),
        when that parses cleanly; else None. The caller reports the slip."""
        for i, token in enumerate(chunk):
            if token.type not in ("LPAR", "LSQB", "LBRACE"):
                continue
            j = matching(chunk, i)
            if j > i and chunk[j].start_pos == chunk[j].end_pos and token.start_pos != token.end_pos:
                rest = [*chunk[:i], *chunk[i + 1:j], *chunk[j + 1:]]
                if not rest:
                    return None
                mark, reported = len(self.build.diagnostics), len(self.diagnostics)
                node = self.node(rest, parent)
                if len(self.diagnostics) == reported and not isinstance(node, ast.ErrorItem | ast.ErrorStatement) \
                        and not (isinstance(node, ast.File) and any(isinstance(x, ast.ErrorItem) for x in node.items)):
                    return node
                del self.build.diagnostics[mark:], self.diagnostics[reported:]
                return None
        return None

    def import_salvaged(self, chunk: list[Token]) -> ast.Import | None:
        """An import that did not parse but still names its file (`import ("lib/a.scene"`, its
        keyword deleted or misspelt, a stray quote before the path): it still imports that file,
        so the names the rest of the file takes from it stay defined. The caller reports the slip."""
        begin, end = chunk[0].start_pos, chunk[-1].end_pos
        text = self.source.text[begin:end]
        path = _IMPORTED.search(text)
        if path is None or "\n" in text.strip() or not (_IMPORT_WORD.search(text) or text.lstrip("([{ ")[:1] == '"'):
            return None
        at = begin + path.start(1)
        return ast.Import(ast.Str(path.group(1), self.source.span(at - 1, at + len(path.group(1)) + 1)),
                          self.source.span(begin, end))

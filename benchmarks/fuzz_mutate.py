"""The mutators of `benchmarks/fuzz.py`: hostile variants of the examples.

Reads the examples (`seeds()`); produces mutant source texts. A mutant is a
function of the seed texts and a `random.Random` only, and `mutant_at(texts,
seed, stage, index)` is a function of its arguments only, so a campaign's
workers draw their own mutants from (seed, index) and a finding reproduces
from its index alone.

The edits cover the kinds of hostile input issue 17 lists: tokens deleted,
inserted, duplicated and swapped; lines deleted, duplicated and swapped;
numbers blown up (huge, tiny, negative, zero, past float range); bracket
noise and deep nesting; long strings; unknown and misspelled names; lines
spliced from another example; and injected stress: template recursion and
fan-out, long let and palette chains, many copies of a shot.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[A-Za-z%]*|#[0-9A-Fa-f]+|'
                    r"@?[A-Za-z_][\w-]*|//[^\n]*|\s+|.", re.S)
_NUMBER = re.compile(r"(-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([A-Za-z%]*)")
_NAME = re.compile(r"@?[A-Za-z_][\w-]*")
BLOW_UPS = ("0", "-1", "1e308", "-1e308", "1e9", "99999999", "0.000001", "1e-300", "2147483648", "3000", "65536",
            "100000", "1e6", "1e999", "-0", "1e-320", "9" * 40, "0.5", "4294967297", "1e18")
BRACKETS = "()[]{}"


def seeds() -> list[str]:
    """The text of every example (libraries included), sorted by path."""
    return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.rglob("*.scene"))]


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _misspell(name: str, rng: random.Random) -> str:
    """A near miss (a letter dropped, doubled or changed) or a name nothing defines."""
    if rng.random() < 0.3 or len(name) < 3:
        return rng.choice(("zzz", "nosuch", "unknown-thing", "x" * rng.randint(1, 300), "_", "layer1"))
    i = rng.randrange(1, len(name))
    edit = rng.randrange(3)
    if edit == 0:
        return name[:i] + name[i + 1:]
    if edit == 1:
        return name[:i] + name[i] + name[i:]
    return name[:i] + rng.choice("aeiouxq") + name[i + 1:]


def _size(rng: random.Random, *sizes: int) -> int:
    """One of `sizes`, the larger ones rarer: each is a tenth as likely as the one before, so
    a campaign meets huge inputs now and then without spending most of its time on them."""
    weights = [10.0 ** -i for i in range(len(sizes))]
    return rng.choices(sizes, weights)[0]


def _token_edit(tokens: list[str], others: list[str], rng: random.Random) -> None:
    """One edit of the token list, in place."""
    kind = rng.randrange(9)
    at = rng.randrange(len(tokens))
    if kind == 0:  # delete a token or a short run
        del tokens[at:at + rng.randint(1, 3)]
    elif kind == 1:  # insert a token taken from anywhere in the seeds
        tokens.insert(at, rng.choice(_tokens(rng.choice(others)) or tokens))
    elif kind == 2:  # duplicate a run (a layer, an argument, a statement piece)
        run = tokens[at:at + rng.randint(1, 30)]
        tokens[at:at] = run * rng.randint(1, 4)
    elif kind == 3:  # blow a number up, keeping its unit
        numbers = [i for i, t in enumerate(tokens) if _NUMBER.fullmatch(t)]
        if numbers:
            i = rng.choice(numbers)
            tokens[i] = rng.choice(BLOW_UPS) + _NUMBER.fullmatch(tokens[i]).group(2)
    elif kind == 4:  # bracket noise
        tokens.insert(at, rng.choice(BRACKETS) * rng.randint(1, 3))
    elif kind == 5:  # deep nesting around a token
        depth = _size(rng, 8, 64, 500, 3000)
        opening = rng.choice(("(", "[", "-", "(-"))
        closing = {"(": ")", "[": "]", "-": "", "(-": ")"}[opening]
        tokens[at] = opening * depth + tokens[at] + closing * depth
    elif kind == 6:  # a long string
        strings = [i for i, t in enumerate(tokens) if t.startswith('"')]
        if strings:
            piece = rng.choice(("a", "lorem ipsum ", "\\n", "é", "{", "\\\\"))
            tokens[rng.choice(strings)] = '"' + piece * _size(rng, 100, 5000, 60000) + '"'
    elif kind == 7:  # an unknown or misspelled name
        names = [i for i, t in enumerate(tokens) if _NAME.fullmatch(t)]
        if names:
            i = rng.choice(names)
            tokens[i] = ("@" if tokens[i].startswith("@") else "") + _misspell(tokens[i].lstrip("@"), rng)
    else:  # swap two tokens
        j = rng.randrange(len(tokens))
        tokens[at], tokens[j] = tokens[j], tokens[at]


def _line_edit(lines: list[str], others: list[str], rng: random.Random) -> None:
    """One edit of the line list, in place."""
    kind = rng.randrange(4)
    at = rng.randrange(len(lines))
    if kind == 0:  # delete lines
        del lines[at:at + rng.randint(1, 3)]
    elif kind == 1:  # duplicate a line or a few, sometimes many times
        run = lines[at:at + rng.randint(1, 4)]
        lines[at:at] = run * _size(rng, 2, 10, 200)
    elif kind == 2:  # swap two lines
        j = rng.randrange(len(lines))
        lines[at], lines[j] = lines[j], lines[at]
    else:  # splice lines of another seed into this one
        donor = rng.choice(others).split("\n")
        start = rng.randrange(len(donor))
        lines[at:at] = donor[start:start + rng.randint(1, 8)]


def _inside_shot(lines: list[str], rng: random.Random) -> int:
    """Where a layer line can go: after an existing layer line, else at the end."""
    layers = [i for i, line in enumerate(lines) if line.lstrip().startswith("layer ")]
    return rng.choice(layers) + 1 if layers else len(lines)


def _stress(text: str, rng: random.Random) -> str:
    """Inject one generated construct the examples never contain."""
    lines = text.split("\n")
    kind = rng.randrange(5)
    if kind == 0:  # template fan-out: each level uses the one below `fan` times
        depth, fan = _size(rng, 2, 3, 5, 9), _size(rng, 2, 5, 10)
        defs = ["template fz0(at: vec = center) {", "  layer d: rect(size: (10%, 10%), fill: #ff0000)", "}"]
        for level in range(1, depth + 1):
            defs.append(f"template fz{level}(at: vec = center) {{")
            defs += [f"  layer u{k}: fz{level - 1}(at: ({k}%, 50%))" for k in range(fan)]
            defs.append("}")
        where = _inside_shot(lines, rng)
        lines[where:where] = [f"    layer fz: fz{depth}()"]
        return "\n".join(defs + lines)
    if kind == 1:  # template recursion, direct or mutual
        defs = ["template rec-a(at: vec = center) {", "  layer x: rec-b()", "}",
                "template rec-b(at: vec = center) {", f"  layer y: {rng.choice(('rec-a', 'rec-b'))}()", "}"]
        where = _inside_shot(lines, rng)
        lines[where:where] = ["    layer rec: rec-a()"]
        return "\n".join(defs + lines)
    if kind == 2:  # a long let chain, used
        n = _size(rng, 10, 1000, 10000)
        value = rng.choice(("#336699", "2s", "(10%, 20%)", "40%", '"hi"'))
        chain = [f"let v0 = {value}"] + [f"let v{i} = v{i - 1}" for i in range(1, n)]
        if rng.random() < 0.5:
            chain.reverse()  # uses before definitions
        where = _inside_shot(lines, rng)
        lines[where:where] = [f"    layer chained: rect(size: (20%, 20%), fill: v{n - 1})"]
        return "\n".join(chain + lines)
    if kind == 3:  # a long palette chain
        n = _size(rng, 5, 500, 5000)
        chain = ["palette pz0 extends dusk {", "  extra: #123456", "}"]
        for i in range(1, n):
            chain += [f"palette pz{i} extends pz{i - 1} {{", f"  c{i}: #{i % 0xFFFFFF:06x}", "}"]
        text = "\n".join(chain + lines)
        return re.sub(r"(\n\s*palette )[\w-]+", rf"\1pz{n - 1}", text, count=1)
    # many copies of one shot
    starts = [i for i, line in enumerate(lines) if line.lstrip().startswith("shot ")]
    if not starts:
        return text
    start = rng.choice(starts)
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = next((i for i in range(start + 1, len(lines)) if lines[i] == " " * indent + "}"), len(lines) - 1)
    block = lines[start:end + 1]
    lines[end + 1:end + 1] = block * _size(rng, 2, 50, 500)
    return "\n".join(lines)


def mutate_once(text: str, others: list[str], rng: random.Random) -> str:
    """One edit of `text`: at token level mostly, else at line level, sometimes a stress construct."""
    roll = rng.random()
    if roll < 0.04:
        return _stress(text, rng)
    if roll < 0.3:
        lines = text.split("\n")
        _line_edit(lines, others or [text], rng)
        return "\n".join(lines)
    tokens = _tokens(text)
    if not tokens:
        return text
    _token_edit(tokens, others or [text], rng)
    return "".join(tokens)


def mutant(texts: list[str], rng: random.Random, edits: int | None = None) -> str:
    """`edits` edits of one seed (by default one to three)."""
    text = rng.choice(texts)
    for _ in range(edits if edits is not None else rng.randint(1, 3)):
        text = mutate_once(text, texts, rng)
    return text


def mutant_at(texts: list[str], seed: int, stage: str, index: int) -> str:
    """Mutant `index` of a campaign's `stage` ("check": one to three edits; "render": one edit,
    so more of them check clean and reach compile and render)."""
    rng = random.Random(f"{seed}:{stage}:{index}")
    return mutant(texts, rng, edits=1 if stage == "render" else None)

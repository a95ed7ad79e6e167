"""Numeric literals, hex colors and strings: from token text to typed values.

Raises `ValueProblem` (span-less); the parser places it at the token.
"""

from __future__ import annotations

import math
import re

from scenec.knowledge.suggest import suggest
from scenec.lang.ast import Unit
from scenec.lang.diagnostics import ValueProblem
from scenec.lang.limits import MAX_NUMBER_MAGNITUDE, MAX_STRING_CHARS

_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
UNITS: dict[str, Unit] = {u.value: u for u in Unit if u is not Unit.NONE}
# Spellings people type that are not units; each maps to the unit they meant.
_COMMON_SLIPS = {"sec": "s", "secs": "s", "second": "s", "seconds": "s", "msec": "ms",
                 "deg": "deg", "degrees": "deg", "db": "dB", "hz": "Hz", "BPM": "bpm",
                 "frames": "f", "fr": "f", "pct": "%", "percent": "%", "X": "x", "turns": "turn"}


def parse_number(text: str) -> tuple[float, Unit, bool]:
    """Split `-1.5s` into (value, unit, is_int). Unknown units and non-finite values raise."""
    match = _NUMBER.match(text)
    # The lexer's LITERAL is this pattern followed by letters, so a number always starts it; a
    # malformed number reaches the user as an unknown unit (E1006) or two tokens (E1001).
    assert match is not None, f"the lexer handed over `{text}`, which does not start with a number"
    digits, unit_text = match.group(0), text[match.end():]
    unit = UNITS.get(unit_text)
    if unit is None and unit_text:
        meant = _COMMON_SLIPS.get(unit_text) or suggest(unit_text, list(UNITS))
        hint = f"write `{digits}{meant}`" if meant else ""
        raise ValueProblem("E1006", f"unknown unit `{unit_text}` on `{text}`", hint,
                           f"units are {', '.join(UNITS)}", label="unknown unit")
    value = float(digits)
    if not math.isfinite(value):
        raise ValueProblem("E2002", f"`{text}` is too large to be a number", label="not a finite number")
    if abs(value) > MAX_NUMBER_MAGNITUDE:
        # Past this no quantity means anything on a screen or a timeline, and products of such
        # numbers (a percent of a frame, a pan over a shot) could overflow to infinity.
        raise ValueProblem("E2002", f"`{text}` is too large: numbers are at most {MAX_NUMBER_MAGNITUDE:g} "
                           "in size", label="number too large")
    is_int = match.group(2) is None and match.group(3) is None and "." not in digits
    return value, unit or Unit.NONE, is_int


def parse_hex(text: str) -> tuple[float, float, float, float]:
    """`#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` to straight-alpha RGBA in 0..1."""
    digits = text[1:]
    if any(c not in "0123456789abcdefABCDEF" for c in digits):
        bad = next(c for c in digits if c not in "0123456789abcdefABCDEF")
        raise ValueProblem("E2011", f"`{text}` is not a color: `{bad}` is not a hex digit",
                           "hex colors use the digits 0-9 and a-f, as in #ff8800")
    if len(digits) in (3, 4):
        digits = "".join(c * 2 for c in digits)
    if len(digits) not in (6, 8):
        raise ValueProblem("E2011", f"`{text}` is not a color: it has {len(text) - 1} hex digits",
                           "write 3, 4, 6 or 8 hex digits: #f80, #f80c, #ff8800 or #ff8800cc")
    channels = [int(digits[i:i + 2], 16) / 255.0 for i in range(0, len(digits), 2)]
    if len(channels) == 3:
        channels.append(1.0)
    return (channels[0], channels[1], channels[2], channels[3])


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r", "0": "\0"}


def parse_string(text: str) -> str:
    """A double-quoted string token (quotes included) to its value."""
    if len(text) > MAX_STRING_CHARS + 2:
        raise ValueProblem("E2002", f"a string of {len(text) - 2} characters is too long: strings hold at most "
                           f"{MAX_STRING_CHARS}", label="string too long")
    body = text[1:-1]
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
            elif nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", body[i + 2:i + 6] or ""):
                out.append(chr(int(body[i + 2:i + 6], 16)))
                i += 4
            else:
                raise ValueProblem("E2014", f"unknown escape `\\{nxt}` in a string",
                                   'the escapes are \\n, \\t, \\", \\\\ and \\uXXXX')
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def format_number(value: float) -> str:
    """The shortest text that reads back as `value` (3.0 → `3`, 0.25 → `0.25`)."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)

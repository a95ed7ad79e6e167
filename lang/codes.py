"""The catalog of diagnostic codes: one place, stable numbers.

`E1xxx` syntax, `E2xxx` types and values, `E3xxx` names and references,
`E4xxx` time, `E5xxx` imports and files, `Wxxxx` warnings. A code never
changes meaning once released; retire a code rather than reuse it (retired:
E2012 "malformed number", which nothing could emit). The
short title is what `scenec check --explain CODE`-style listings and the docs
show; each message is written where the diagnostic is raised.
"""

from __future__ import annotations

CODES: dict[str, str] = {
    # syntax
    "E1001": "unexpected token",
    "E1002": "unexpected character",
    "E1003": "unexpected end of file",
    "E1004": "unclosed bracket or brace",
    "E1005": "unterminated string",
    "E1006": "unknown unit on a number",
    "E1007": "unterminated block comment",
    "E1008": "input is not text",
    "E1009": "input too deeply nested or too large",
    "E1010": "unmatched closing bracket",
    "E1011": "keyword glued to the word after it",
    # types and values
    "E2001": "wrong type of value",
    "E2002": "value out of range",
    "E2003": "unknown word where an enum, easing or anchor is expected",
    "E2004": "missing required argument",
    "E2005": "unknown parameter",
    "E2006": "argument given twice",
    "E2007": "positional argument after a named one",
    "E2008": "too many positional arguments",
    "E2009": "setting given twice",
    "E2010": "clause given twice",
    "E2011": "malformed color",
    "E2014": "invalid string escape",
    "E2015": "unknown primitive, motion, grade operation or type",
    "E2016": "missing value",
    "E2017": "invalid parameter type in a template",
    "E2018": "past a hard limit of scenec (see the limits in docs/language.md)",
    # names and references
    "E3001": "unknown name",
    "E3002": "name defined twice",
    "E3003": "unknown layer",
    "E3004": "unknown palette",
    "E3005": "unknown palette entry",
    "E3007": "a second scene in one file",
    "E3008": "name defined by two imports",
    "E3009": "not animatable",
    "E3010": "keyword used where a name was meant",
    "E3011": "palette extends itself",
    "E3012": "unknown knowledge entry",
    "E3013": "template uses itself",
    # time
    "E4001": "duration must be positive",
    "E4002": "time outside the shot",
    "E4003": "overlapping animations of one property",
    "E4004": "transition longer than a shot",
    "E4005": "transition out of place",
    "E4006": "shot durations do not sum to the scene duration",
    "E4007": "keyframes out of order",
    "E4008": "film has no shots",
    "E4010": "no scene to compile",
    # imports and files
    "E5001": "file not found",
    "E5002": "import leaves the project root",
    "E5003": "import cycle",
    "E5004": "file cannot be read",
    "E5005": "image not found",
    "E5006": "invalid scenec.toml",
    # warnings
    "W0001": "definition shadows an imported one",
    "W0002": "more warnings than one file shows",
    "W0003": "keyframes with no keyframe",
}

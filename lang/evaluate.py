"""Check a value against the type its position expects, and evaluate it.

`Evaluator.value(node, expected)` returns the typed value (see `values.py`)
or `None` after recording a diagnostic. The checker uses it to report
problems; the resolve pass uses it to build the IR, so both read values the
same way. Names resolve in LANGUAGE.md's order: template parameter, `let`,
a word of the expected enum/easing/anchor set, a CSS color name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from scenec.knowledge import colors as css
from scenec.knowledge.suggest import suggest
from scenec.lang import ast
from scenec.lang.diagnostics import Diagnostic, ValueProblem, error
from scenec.lang.limits import (MAX_ANGLE, MAX_DECIBEL, MAX_FACTOR, MAX_FREQUENCY, MAX_LENGTH, MAX_LET_NESTING,
                                MAX_NUMBER, MIN_DECIBEL)
from scenec.lang.signatures import COLOR_FUNCTIONS, ParamSpec
from scenec.lang.types import ANCHORS, EASINGS, EXAMPLES, Kind, Type
from scenec.lang.values import ANCHOR_POINTS, Deferred, Duration, Length, Point, Resolved

Unit = ast.Unit
_UNIT_KIND = {
    Unit.S: "a duration", Unit.MS: "a duration", Unit.F: "a duration", Unit.PERCENT: "a percent",
    Unit.PX: "a length", Unit.DEG: "an angle", Unit.TURN: "an angle", Unit.X: "a factor",
    Unit.DB: "a decibel value", Unit.HZ: "a frequency", Unit.BPM: "a frequency",
}
_ACCEPTS: dict[Kind, tuple[Unit, ...]] = {
    Kind.NUMBER: (Unit.NONE,), Kind.INT: (Unit.NONE,),
    Kind.DURATION: (Unit.S, Unit.MS, Unit.F), Kind.TIME: (Unit.S, Unit.MS, Unit.F),
    Kind.PERCENT: (Unit.PERCENT,), Kind.LENGTH: (Unit.PX, Unit.PERCENT),
    Kind.ANGLE: (Unit.DEG, Unit.TURN), Kind.FACTOR: (Unit.X, Unit.NONE),
    Kind.DECIBEL: (Unit.DB,), Kind.FREQUENCY: (Unit.HZ, Unit.BPM),
}
# What any value of a kind may be, whatever its parameter (limits.py); a parameter's own
# range (signatures.py) is checked after, and is narrower.
_SANE: dict[Kind, tuple[float, float]] = {
    Kind.LENGTH: (-MAX_LENGTH, MAX_LENGTH), Kind.PERCENT: (-MAX_LENGTH, MAX_LENGTH),
    Kind.ANGLE: (-MAX_ANGLE, MAX_ANGLE), Kind.FACTOR: (-MAX_FACTOR, MAX_FACTOR),
    Kind.DECIBEL: (MIN_DECIBEL, MAX_DECIBEL), Kind.FREQUENCY: (-MAX_FREQUENCY, MAX_FREQUENCY),
    Kind.NUMBER: (-MAX_NUMBER, MAX_NUMBER),
}
_UNIT_HINT = {Kind.DURATION: "s", Kind.TIME: "s", Kind.PERCENT: "%", Kind.LENGTH: "px",
              Kind.ANGLE: "deg", Kind.FACTOR: "x", Kind.DECIBEL: "dB", Kind.FREQUENCY: "Hz"}


@dataclass
class Scope:
    """What names mean where a value is read."""

    lets: Mapping[str, ast.Let] = field(default_factory=dict)
    palette: Mapping[str, tuple[float, float, float, float]] | None = None
    palette_name: str | None = None
    params: Mapping[str, Type] = field(default_factory=dict)  # inside a template
    in_template: bool = False
    bindings: Mapping[str, object] = field(default_factory=dict)  # template arguments, when expanding
    enum_words: Callable[[str], tuple[str, ...]] | None = None  # words filled from knowledge


class Evaluator:
    def __init__(self, scope: Scope, diagnostics: list[Diagnostic]) -> None:
        self.scope = scope
        self.diagnostics = diagnostics
        self._resolving: set[str] = set()
        self._depth = 0  # lets being evaluated inside one another
        self._memo: dict[tuple[str, Type], object] = {}  # a let's value by expected type
        self._param: str | None = None  # the parameter being read, for messages

    def fail(self, code: str, message: str, span, *hints: str, label: str = "") -> None:
        self.diagnostics.append(error(code, message, span, *hints, label=label))
        return None

    # ------------------------------------------------------------ entry

    def value(self, node: ast.Value, expected: Type, spec: ParamSpec | None = None):
        self._param = spec.name if spec is not None else None
        result = self._value(node, expected)
        if result is not None and spec is not None and not isinstance(result, Deferred | Resolved):
            self._check_range(node, result, expected, spec)
        return result

    def tempo_bpm(self, node: ast.Value, spec: ParamSpec | None = None) -> float | None:
        """A tempo in beats per minute. A tempo is written as any frequency
        (`120bpm` or `2Hz`) and evaluates, like every frequency, to Hz; this is
        the one place that turns it into the bpm the plan's music holds."""
        hertz = self.value(node, Type(Kind.FREQUENCY), spec)
        return None if hertz is None else ast.hertz_to_bpm(float(hertz))

    def words(self, expected: Type) -> tuple[str, ...]:
        if expected.words and expected.words[0].startswith("__") and self.scope.enum_words:
            return self.scope.enum_words(expected.words[0].strip("_"))
        return expected.words

    def _value(self, node: ast.Value, expected: Type):
        kind = expected.kind
        if isinstance(node, ast.NameValue):
            return self._name(node, expected)
        if isinstance(node, ast.Call) and node.name.name == "pick":
            return self._pick(node, expected)
        if kind is Kind.LIST:
            if not isinstance(node, ast.ListValue):
                return self._mismatch(node, expected)
            items = [self._value(item, expected.of) for item in node.items]
            return None if any(i is None for i in items) else tuple(items)
        if kind is Kind.VEC:
            if isinstance(node, ast.Vec):
                x = self._value(node.x, Type(Kind.LENGTH))
                y = self._value(node.y, Type(Kind.LENGTH))
                return None if x is None or y is None else (
                    Deferred("vec") if isinstance(x, Deferred) or isinstance(y, Deferred) else Point(x, y))
            return self._mismatch(node, expected)
        if kind is Kind.COLOR:
            return self._color(node, expected)
        if kind is Kind.STRING:
            return node.value if isinstance(node, ast.Str) else self._mismatch(node, expected)
        if kind is Kind.BOOL:
            return node.value if isinstance(node, ast.Bool) else self._mismatch(node, expected)
        if kind in (Kind.ENUM, Kind.EASING):
            return self._mismatch(node, expected)
        if isinstance(node, ast.Quantity):
            return self._quantity(node, expected)
        return self._mismatch(node, expected)

    # ------------------------------------------------------------ numbers

    def _quantity(self, node: ast.Quantity, expected: Type):
        kind = expected.kind
        accepted = _ACCEPTS.get(kind, ())
        if node.unit not in accepted:
            hint = ""
            if node.unit is Unit.NONE and kind in _UNIT_HINT:
                hint = f"add a unit: `{node.text}{_UNIT_HINT[kind]}`"
            return self._mismatch(node, expected, hint)
        bounds = _SANE.get(kind)
        if bounds is not None and not bounds[0] <= node.value <= bounds[1]:
            low, high = bounds
            return self.fail("E2002", f"`{node.text}` is out of range: {expected.described} is between "
                             f"{low:g} and {high:g}", node.span, label=f"between {low:g} and {high:g}")
        if kind is Kind.INT and not node.is_int:
            return self.fail("E2001", f"expected a whole number, found `{node.text}`", node.span,
                             label="expected an int such as 5")
        if kind in (Kind.DURATION, Kind.TIME):
            if node.value < 0 or (kind is Kind.DURATION and node.value == 0):
                what = "a duration" if kind is Kind.DURATION else "a time"
                return self.fail("E4001", f"{what} must be {'positive' if kind is Kind.DURATION else 'zero or more'}, "
                                 f"found `{node.text}`", node.span)
            if node.unit is Unit.F:
                if not node.is_int:
                    return self.fail("E2001", f"frames must be whole, found `{node.text}`", node.span)
                return Duration(node.value, "f")
            return Duration(node.seconds, "s")
        if kind is Kind.LENGTH or kind is Kind.PERCENT:
            return Length(node.value, "%" if node.unit is Unit.PERCENT else "px")
        if kind is Kind.ANGLE:
            return node.degrees
        if kind is Kind.FREQUENCY:
            return node.hertz
        if kind is Kind.INT:
            return int(node.value)
        return node.value

    def _check_range(self, node: ast.Value, value, expected: Type, spec: ParamSpec) -> None:
        if spec.low is None and spec.high is None:
            return
        if expected.kind is Kind.LIST:
            count = len(value)
            if spec.low is not None and count < spec.low:
                self.fail("E2002", f"`{spec.name}` needs at least {int(spec.low)} items, found {count}", node.span)
            if spec.high is not None and count > spec.high:
                self.fail("E2002", f"`{spec.name}` takes at most {int(spec.high)} items, found {count}", node.span)
            return
        if expected.kind is Kind.STRING and isinstance(value, str):
            if spec.high is not None and len(value) > spec.high:
                self.fail("E2002", f"`{spec.name}` holds at most {int(spec.high)} characters, found {len(value)}",
                          node.span, label="too long")
            return
        number = value.value if isinstance(value, Length | Duration) else value
        if not isinstance(number, int | float):
            return
        low, high = spec.low, spec.high
        if (low is not None and number < low) or (high is not None and number > high):
            unit = "%" if isinstance(value, Length) and value.unit == "%" else ""
            if expected.kind is Kind.FREQUENCY:  # bounds in Hz, shown in the unit the value was written in
                bpm = isinstance(node, ast.Quantity) and node.unit is Unit.BPM
                unit = "bpm" if bpm else "Hz"
                low, high = ((None if b is None else round(ast.hertz_to_bpm(b), 6)) for b in (low, high)) if bpm \
                    else (low, high)
            if high is None:
                bounds = f"at least {low:g}{unit}"
            elif low is None:
                bounds = f"at most {high:g}{unit}"
            else:
                bounds = f"between {low:g}{unit} and {high:g}{unit}"
            self.fail("E2002", f"`{spec.name}` must be {bounds}, found `{_text(node)}`", node.span,
                      label=f"out of range: {bounds}")

    # ------------------------------------------------------------ names

    def _name(self, node: ast.NameValue, expected: Type):
        name = node.name
        if name in self.scope.bindings:
            return self.scope.bindings[name]
        if name in self.scope.params:
            param_type = self.scope.params[name]
            if not _compatible(param_type, expected):
                return self.fail("E2001", f"expected {expected.described}, found the parameter `{name}` "
                                 f"of type {param_type}", node.span)
            return Deferred(name)
        if name in self.scope.lets:
            return self._let(node, expected)
        kind = expected.kind
        if kind in (Kind.ENUM, Kind.EASING):
            words = EASINGS if kind is Kind.EASING else self.words(expected)
            if name in words:
                return name
            return self._unknown_word(node, words, "easing" if kind is Kind.EASING else "")
        if kind is Kind.VEC:
            if name in ANCHOR_POINTS:
                return ANCHOR_POINTS[name]
            if css.named(name) is None:
                return self._unknown_word(node, ANCHORS, "anchor")
        if kind is Kind.COLOR:
            rgba = css.named(name)
            if rgba is not None or name == "none":
                return rgba if rgba is not None else (0.0, 0.0, 0.0, 0.0)
            guess = suggest(name, css.color_names())
            return self.fail("E3001", f"unknown color `{name}`", node.span,
                             f"did you mean `{guess}`?" if guess else "use a CSS color name, #rrggbb or @entry",
                             label="not a color name")
        if kind is not Kind.COLOR and (css.named(name) is not None or name in ANCHOR_POINTS or name in EASINGS):
            return self._mismatch(node, expected)
        guess = suggest(name, list(self.scope.lets) + list(self.scope.params))
        return self.fail("E3001", f"unknown name `{name}`", node.span,
                         f"did you mean `{guess}`?" if guess else f"expected {expected.described}"
                         + (f" such as {EXAMPLES[kind]}" if kind in EXAMPLES else ""),
                         label="not defined")

    def _let(self, node: ast.NameValue, expected: Type):
        """A let's value. A chain of plain aliases (`let b = a`) is followed in a loop, so its
        length costs no stack; a let whose value holds other lets (`mix(a, b)`) recurses, so
        that nesting is capped (MAX_LET_NESTING), and each let is evaluated once per expected
        type, so lets that each use the one before twice stay linear, not exponential."""
        chain: list[str] = []
        seen: set[str] = set()  # the chain's names, so that each step is O(1): a chain may be 10,000 long
        current: ast.Value = node
        while isinstance(current, ast.NameValue) and current.name not in self.scope.bindings \
                and current.name not in self.scope.params and current.name in self.scope.lets:
            if current.name in self._resolving or current.name in seen:
                return self.fail("E3001", f"`{current.name}` is defined in terms of itself", current.span)
            chain.append(current.name)
            seen.add(current.name)
            current = self.scope.lets[current.name].value
        if isinstance(current, ast.NameValue):
            return self._value(current, expected)
        key = (chain[-1], expected)
        if key in self._memo:
            return self._memo[key]
        if self._depth >= MAX_LET_NESTING:
            return self.fail("E2002", f"`{node.name}` nests lets inside lets more than {MAX_LET_NESTING} deep",
                             node.span, "define the value more directly", label="lets nested too deep")
        self._resolving.update(chain)
        self._depth += 1
        try:
            value = self._value(current, expected)
        finally:
            self._depth -= 1
            self._resolving.difference_update(chain)
        if not self.scope.bindings and not self.scope.params:
            self._memo[key] = value
        return value

    def _unknown_word(self, node: ast.NameValue, words: tuple[str, ...], what: str):
        guess = suggest(node.name, words)
        listed = ", ".join(words) if len(words) <= 16 else ", ".join(words[:16]) + ", …"
        message = f"unknown {what} `{node.name}`" if what else (
            f"`{node.name}` is not a value of `{self._param}`" if self._param else f"unknown word `{node.name}`")
        return self.fail("E2003", message, node.span,
                         f"did you mean `{guess}`?" if guess else "", f"expected one of: {listed}",
                         label="not one of the allowed words")

    # ------------------------------------------------------------ colors

    def _color(self, node: ast.Value, expected: Type):
        if isinstance(node, ast.Color):
            return node.rgba
        if isinstance(node, ast.PaletteRef):
            return self.palette_ref(node)
        if isinstance(node, ast.Call):
            return self._color_call(node)
        return self._mismatch(node, expected)

    def palette_ref(self, node: ast.PaletteRef):
        if self.scope.in_template and self.scope.palette is None:
            return Deferred("@" + node.name)
        if self.scope.palette is None:
            return self.fail("E3004", f"`@{node.name}` needs a palette, and none is set", node.span,
                             "add `palette NAME` to the scene")
        if node.name not in self.scope.palette:
            guess = suggest(node.name, list(self.scope.palette))
            return self.fail("E3005", f"palette `{self.scope.palette_name}` has no entry `{node.name}`", node.span,
                             f"did you mean `@{guess}`?" if guess else
                             f"its entries are {', '.join(self.scope.palette)}", label="no such entry")
        return self.scope.palette[node.name]

    def _color_call(self, node: ast.Call):
        name = node.name.name
        spec = COLOR_FUNCTIONS.get(name)
        if spec is None:
            guess = suggest(name, list(COLOR_FUNCTIONS))
            return self.fail("E2015", f"unknown color function `{name}`", node.name.span,
                             f"did you mean `{guess}`?" if guess else f"color functions: {', '.join(COLOR_FUNCTIONS)}")
        values = self.arguments(node.args, spec, node.span, f"`{name}`")
        if values is None:
            return None
        if any(isinstance(v, Deferred) for v in values.values()):
            return Deferred(name)
        try:
            return _apply_color_function(name, values)
        except (ValueError, ValueProblem) as exc:
            return self.fail("E2002", str(exc), node.span)

    # ------------------------------------------------------------ pick

    def _pick(self, node: ast.Call, expected: Type):
        """`pick(pose, stand: 0deg, walk: 20deg)` inside a template: the value named by the word an
        enum parameter holds; `else: value` stands for every word not named. Checked with every
        choice (so each must fit where it stands and every word must have one); expanded with the
        one the argument names."""
        key = node.args[0] if node.args else None
        if key is None or key.name is not None or not isinstance(key.value, ast.NameValue):
            return self.fail("E2004", "`pick` needs an enum parameter first", node.span,
                             "for example pick(pose, stand: 0deg, walk: 20deg)")
        name = key.value.name
        choices: dict[str, ast.Arg] = {}
        for arg in node.args[1:]:
            if arg.name is None:
                return self.fail("E2007", "`pick` takes its choices as `word: value`", arg.span)
            if arg.name.name in choices:
                return self.fail("E2006", f"`{arg.name.name}` is given twice", arg.span, label="given again here")
            choices[arg.name.name] = arg
        if name in self.scope.bindings:  # expanding: one choice
            word = self.scope.bindings[name]
            word = word if word in choices else "else"
            if word not in choices:
                return self.fail("E2004", f"`pick` has no choice for `{word}`", node.span)
            return self._value(choices[word].value, expected)
        param = self.scope.params.get(name)
        if param is None or param.kind is not Kind.ENUM:
            return self.fail("E2001", f"`pick` chooses by an enum parameter of the template, not `{name}`",
                             key.span, label="not an enum parameter")
        ok = True
        for word, arg in choices.items():
            if word not in param.words and word != "else":
                self._unknown_word(ast.NameValue(word, arg.name.span), param.words, "")
                ok = False
            elif self._value(arg.value, expected) is None:
                ok = False
        missing = [] if "else" in choices else [w for w in param.words if w not in choices]
        if missing:
            self.fail("E2004", f"`pick` has no choice for {', '.join(f'`{w}`' for w in missing)}", node.span,
                      f"give one for every word of `{name}`, or `else: …`")
            ok = False
        return Deferred("pick") if ok else None

    # ------------------------------------------------------------ arguments

    def arguments(self, args: tuple[ast.Arg, ...], specs: tuple[ParamSpec, ...], span, what: str,
                  defaults: bool = True) -> dict[str, object] | None:
        """Match positional and named arguments to a signature; evaluate each."""
        by_name = {s.name: s for s in specs}
        given: dict[str, tuple[ast.Arg, ParamSpec]] = {}
        ok = True
        seen_named = False
        for index, arg in enumerate(args):
            if arg.name is None:
                if seen_named:
                    self.fail("E2007", "a positional argument cannot follow a named one", arg.span,
                              "name it, or move it before the named arguments")
                    ok = False
                    continue
                if index >= len(specs):
                    self.fail("E2008", f"{what} takes at most {len(specs)} positional argument"
                              f"{'s' if len(specs) != 1 else ''}", arg.span,
                              f"its parameters are {', '.join(s.name for s in specs)}")
                    ok = False
                    continue
                spec = specs[index]
            else:
                seen_named = True
                spec = by_name.get(arg.name.name)
                if spec is None:
                    guess = suggest(arg.name.name, list(by_name))
                    self.fail("E2005", f"{what} has no parameter `{arg.name.name}`", arg.name.span,
                              f"did you mean `{guess}`?" if guess else "",
                              f"its parameters are {', '.join(by_name) or 'none'}", label="unknown parameter")
                    ok = False
                    continue
            if spec.name in given:
                self.fail("E2006", f"`{spec.name}` is given twice", arg.span, label="given again here")
                ok = False
                continue
            given[spec.name] = (arg, spec)
        values: dict[str, object] = {}
        for name, (arg, spec) in given.items():
            before = len(self.diagnostics)
            value = self.value(arg.value, spec.type, spec)
            if value is None:
                ok = False
                if arg.name is not None and len(self.diagnostics) > before:
                    self._suggest_other_param(arg, specs, given)
                continue
            values[name] = value
        missing = [s.name for s in specs if s.required and s.name not in given]
        if missing:
            names = ", ".join(f"`{m}`" for m in missing)
            self.fail("E2004", f"{what} needs {names}", span,
                      f"for example {what.strip('`')}({', '.join(f'{m}: …' for m in missing)})")
            ok = False
        return values if ok else None

    def _suggest_other_param(self, arg: ast.Arg, specs, given) -> None:
        """`circle(radius: red)`: say which parameter would take a color."""
        last = self.diagnostics[-1]
        if last.code != "E2001":
            return
        for spec in specs:
            if spec.name in given or spec.name == arg.name.name:
                continue
            probe = Evaluator(self.scope, [])
            if probe._value(arg.value, spec.type) is not None and not probe.diagnostics:
                self.diagnostics[-1] = error(last.code, last.message, last.span, *last.hints,
                                             f"did you mean `{spec.name}: {_text(arg.value)}`?", label=last.label)
                return

    def _mismatch(self, node: ast.Value, expected: Type, hint: str = ""):
        found = describe(node, self.scope)
        example = EXAMPLES.get(expected.kind)
        label = f"expected {expected.described}" + (f" such as {example}" if example else "")
        if expected.kind is Kind.ENUM:
            label = f"expected {expected.described}"
        return self.fail("E2001", f"expected {_short(expected, self)}, found {found}", node.span,
                         hint, label=label)


def _short(expected: Type, ev: Evaluator) -> str:
    if expected.kind is Kind.ENUM:
        words = ev.words(expected)
        return "one of " + ", ".join(f"`{w}`" for w in words[:8]) + (", …" if len(words) > 8 else "")
    return expected.described


def describe(node: ast.Value, scope: Scope | None = None) -> str:
    """What a value is, for `found …` in messages."""
    if isinstance(node, ast.Quantity):
        return _UNIT_KIND.get(node.unit, "a number") + f" `{node.text}`" if node.unit is not Unit.NONE \
            else f"a number `{node.text}`"
    if isinstance(node, ast.Str):
        return "a string"
    if isinstance(node, ast.Bool):
        return "a bool"
    if isinstance(node, ast.Color | ast.PaletteRef):
        return "a color"
    if isinstance(node, ast.Vec):
        return "a vec"
    if isinstance(node, ast.ListValue):
        return "a list"
    if isinstance(node, ast.Call):
        return "a color" if node.name.name in COLOR_FUNCTIONS else f"a call of `{node.name.name}`"
    if isinstance(node, ast.NameValue):
        if scope is not None and node.name in scope.lets:
            return describe(scope.lets[node.name].value) + f" (from `{node.name}`)"
        if css.named(node.name) is not None:
            return "a color"
        if node.name in ANCHOR_POINTS:
            return f"the anchor `{node.name}`"
        return f"the word `{node.name}`"
    return "a value"


def _text(node: ast.Value) -> str:
    if isinstance(node, ast.Quantity):
        return node.text
    if isinstance(node, ast.NameValue):
        return node.name
    if isinstance(node, ast.Color):
        return node.text
    if isinstance(node, ast.PaletteRef):
        return "@" + node.name
    if isinstance(node, ast.Str):
        return f'"{node.value}"'
    return "…"


def _compatible(have: Type, want: Type) -> bool:
    if have == want:
        return True
    if want.kind is Kind.LENGTH and have.kind is Kind.PERCENT:
        return True
    if want.kind is Kind.TIME and have.kind is Kind.DURATION or want.kind is Kind.DURATION and have.kind is Kind.TIME:
        return True
    if want.kind is Kind.NUMBER and have.kind is Kind.INT:
        return True
    if want.kind is Kind.ENUM and have.kind is Kind.ENUM:
        return set(have.words) <= set(want.words) or want.words[0].startswith("__")
    return False


def _apply_color_function(name: str, v: dict) -> tuple[float, float, float, float]:
    def pct(length: Length) -> float:
        return length.value / 100.0
    if name == "rgb":
        return css.rgb(v["r"], v["g"], v["b"], v.get("a", 1.0))
    if name == "hsl":
        return css.hsl(v["h"], pct(v["s"]), pct(v["l"]), v.get("a", 1.0))
    if name == "mix":
        return css.mix(v["a"], v["b"], pct(v.get("amount", Length(50, "%"))))
    if name == "lighten":
        return css.lighten(v["color"], pct(v["amount"]))
    if name == "darken":
        return css.darken(v["color"], pct(v["amount"]))
    return css.alpha(v["color"], pct(v["amount"]))

"""Read a prompt into an `Instruction`: subjects with counts, colors, sizes and motions; relations
between them; place, time, weather, season, mood, style, camera and duration; what the prompt said
"no" to. Every choice is recorded as a `Decision` with the words that caused it.

The reader walks the tokens once, collecting modifiers (count, color, shade, size, negation, motion)
until the noun they belong to arrives; a relation word links the subject before it to the one after.
Words it does not know are resolved in `unknown.py` and never dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from lark import Token as LarkToken
from lark import Tree

from scenec.knowledge.objects import Objects
from scenec.knowledge.vocabulary import UNARY_RELATIONS, Vocabulary

from . import unknown
from .normalize import VERB_FORMS
from .color_words import blend, shaded
from .model import ColorChoice, Decision, Instruction, Relation, Subject
from .grammar import bracketed, leaves, parse
from .tagger import Tag, Tagged, tag
from .tokens import BOUNDARY, Lexicon, Token, build_lexicon, singular, tokenize

LOCATIVES = frozenset({"in", "at", "on", "into", "across", "along", "through", "over", "near", "inside", "by",
                       "around", "within", "to"})
MAX_COUNT = 24
PRONOUNS = frozenset({"it", "they", "he", "she", "them", "its"})
MAX_DURATION_S = 60.0
PLURAL_COUNT = 3
USE_GRAMMAR = True

_LEXICONS: dict[tuple[int, int, int], tuple[Lexicon, object, object, object]] = {}


def lexicon_for(vocab: Vocabulary, objects: Objects, place_words: Mapping[str, str]) -> Lexicon:
    key = (id(vocab), id(objects), id(place_words))
    if key not in _LEXICONS:
        # The sources are kept alive with the lexicon so their ids stay theirs.
        _LEXICONS[key] = (build_lexicon(vocab, objects.words(), place_words), vocab, objects, place_words)
    return _LEXICONS[key][0]


@dataclass(slots=True)
class _Pending:
    count: int | None = None
    count_words: tuple[str, ...] = ()
    colors: list[tuple[str, tuple]] = field(default_factory=list)  # (word, rgba)
    shade: str | None = None
    size: str | None = None
    motion: str | None = None
    negated: tuple[str, ...] = ()
    described: bool = False  # a determiner or adjective came: the next unknown word is likely a noun


@dataclass(slots=True)
class _Reader:
    prompt: str
    vocab: Vocabulary
    objects: Objects
    templates: frozenset[str]
    tokens: tuple[Token, ...]
    decisions: list[Decision] = field(default_factory=list)
    subjects: list[dict] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    scene: dict[str, str] = field(default_factory=dict)
    camera: list[str] = field(default_factory=list)
    duration_s: float | None = None
    pending: _Pending = field(default_factory=_Pending)
    last_subject: int | None = None
    relation: tuple[int, str, tuple[str, ...]] | None = None
    between: int | None = None  # index into relations awaiting its second "and" member
    unknown_run: list[Token] = field(default_factory=list)
    topic: int | None = None  # what "it" and "they" name: the story's subject so far
    tags: list[tuple[str, str]] = field(default_factory=list)  # (words, the part each was read as)
    head: int | None = None  # the subject a relation in this clause hangs from: a later verb is its
    tagged: tuple[Tagged, ...] = ()
    parse: str = ""

    def decide(self, field_: str, value: str, because: tuple[str, ...], note: str = "") -> None:
        self.decisions.append(Decision(field_, value, because, note))

    # ------------------------------------------------------------ scene-wide words

    def setting(self, name: str, value: str, token: Token) -> None:
        if name in self.scene:
            if self.scene[name] != value:
                self.decide("ignored", token.text, (token.text,), f"the {name} is already {self.scene[name]}")
            return
        self.scene[name] = value
        self.decide(name, value, (token.text,))

    def camera_move(self, move: str, token: Token) -> None:
        if move not in self.camera:
            self.camera.append(move)
            self.decide("camera", move, (token.text,))

    # ------------------------------------------------------------ subjects

    def add_subject(self, word: str, obj: str | None, token_words: tuple[str, ...], plural: bool,
                    note: str = "") -> None:
        p = self.pending
        if p.negated:
            name = obj or word
            if name not in self.excluded:
                self.excluded.append(name)
            self.decide("exclude", name, (*p.negated, *token_words), "the prompt says not to show it")
            self.pending = _Pending(negated=p.negated)
            return
        definite = self._previous_word() in ("the", "its", "their", "his", "her")
        if p.count is None and not p.colors and not p.size and (self.relation is None or definite):
            same = next((k for k, s in enumerate(self.subjects) if s["word"] == word and s["object"] == obj), None)
            if same is not None:  # the prompt names the same thing again ("mountains ... the mountains")
                self.decide("same", word, token_words, "named again; drawn once")
                self.last_subject = same
                if p.motion and self.subjects[same]["motion"] is None:
                    self.subjects[same]["motion"] = p.motion
                self.pending = _Pending()
                self.link(same)  # "people get on the bus": the relation reaches the bus already there
                return
        count = p.count if p.count is not None else (PLURAL_COUNT if plural else 1)
        count_because = p.count_words or (token_words if plural else ())
        subject = {"word": word, "object": obj, "count": min(count, MAX_COUNT), "color": None, "size": 1.0,
                   "motion": p.motion, "words": tuple(token_words), "direction": None, "carried": False}
        self.decide("subject", obj or f"figure:{word}", token_words, note)
        if p.count is not None or plural:
            self.decide("count", str(subject["count"]), (*count_because, *token_words),
                        "several, since the word is plural" if p.count is None else "")
        if p.colors:
            rgba = blend([c for _, c in p.colors])
            words = tuple(w for w, _ in p.colors)
            if p.shade:
                rgba = shaded(rgba, self.vocab.shades[p.shade])
                words = (p.shade, *words)
            subject["color"] = ColorChoice(tuple(rgba), words)
            self.decide("color", _hex(rgba), (*words, *token_words))
        if p.size:
            subject["size"] = self.vocab.sizes[p.size]
            self.decide("size", p.size, (p.size, *token_words))
        if p.motion:
            self.decide("motion", p.motion, (p.motion, *token_words))
        index = len(self.subjects)
        self.subjects.append(subject)
        if self.relation is None and self.between is None:
            self.head = None  # "... and a cat sleeping": a new clause's subject heads its own verbs
        self.link(index)
        self.last_subject = index
        if self.topic is None:
            self.topic = index
        self.pending = _Pending()

    def link(self, index: int) -> None:
        """Attach a new subject as the far end of a pending relation."""
        if self.between is not None:
            rel = self.relations[self.between]
            self.relations[self.between] = Relation(rel.subject, rel.kind, (*rel.others, index), rel.words)
            self.decide("relation", f"between {self.subjects[rel.others[0]]['word']} and "
                        f"{self.subjects[index]['word']}", rel.words)
            self.between = None
            return
        if self.relation is None:
            return
        source, kind, words = self.relation
        self.relation = None
        if source == index:
            return
        self.relations.append(Relation(source, kind, (index,), words))
        self.head = source
        if kind == "between":
            self.between = len(self.relations) - 1
            return
        self.decide("relation", f"{self.subjects[source]['word']} {kind} {self.subjects[index]['word']}",
                    (self.subjects[source]["word"], *words, self.subjects[index]["word"]))

    def noun(self, token: Token, kind: str, value: str) -> None:
        word = singular(token.key, {}) if token.plural else token.key
        if kind == "place":
            self.setting("place", value, token)
            if self.relation is not None:
                self.relation = None  # "lapping on sand": standing on a place is where it is drawn
            if not self.pending.negated:
                self.pending = _Pending()  # "a classroom with chairs": the "a" counted the classroom
            return
        if kind == "standin":
            self.add_subject(word, None, (token.text,), token.plural, f"'{word}' has no drawing; shown by a stand-in")
            return
        if kind == "alias":
            entry = self.objects.by_word(value)
            if entry is None:
                self.add_subject(word, None, (token.text,), token.plural,
                                 f"'{value}' has no drawing; shown as a labelled figure")
                return
            self.add_subject(word, entry.name, (token.text,), token.plural, f"'{word}' is drawn as {entry.name}")
            return
        if self.last_subject is not None and self.subjects[self.last_subject]["object"] == value \
                and self._previous_word() == "the" and not self.pending.colors and self.relation is None:
            return  # "the dog" again names the dog already there
        self.add_subject(word, value, (token.text,), token.plural)

    def _previous_word(self) -> str | None:
        return self._prev.key if self._prev is not None else None

    _prev: Token | None = None

    # ------------------------------------------------------------ the parse tree's semantics

    def read_parsed(self) -> None:
        """Read the sentence through the prompt grammar: tag, parse, then give each phrase its meaning."""
        self.tagged = tag(self.tokens)
        tree = parse(self.tagged)
        self.parse = bracketed(tree, self.tagged)
        for child in tree.children:
            if isinstance(child, LarkToken):
                self.boundary(self.tagged[int(child.value)])
                continue
            for phrase in child.children:
                getattr(self, f"_phrase_{phrase.data}")(phrase)

    def _items(self, node) -> list[Tagged]:
        return [self.tagged[i] for i in leaves(node)]

    def _seen(self, item: Tagged, part: str) -> None:
        """Record a terminal as read (for `--explain`) and as the word before the next one."""
        for token in item.tokens:
            self.tags.append((token.text, part))
        if item.tag not in (Tag.UNKS, Tag.UADJ):
            self._prev = item.token

    def _after(self, item: Tagged) -> Token | None:
        """The known token right after a terminal (what an unknown run is read against)."""
        index = self.tagged.index(item) + 1
        return self.tagged[index].tokens[0] if index < len(self.tagged) else None

    def boundary(self, item: Tagged) -> None:
        self._seen(item, "boundary")
        self.pending = _Pending()
        self.relation = None
        self.between = None
        self.head = None

    def _phrase_np(self, node) -> None:
        for part in node.children:
            for item in self._items(part):
                getattr(self, f"_np_{part.data}")(item)

    def _np_neg(self, item: Tagged) -> None:
        self._seen(item, "negation")
        self.pending.negated = (*self.pending.negated, item.text)

    def _np_dets(self, item: Tagged) -> None:
        self._seen(item, item.tag.value.lower())
        if item.tag is Tag.DET:
            self.pending.described = True
        elif item.tag is Tag.COUNT and item.token.key in ("a", "an") and self.pending.count is not None:
            return  # "a 10 second video", "a pair of": the other word counts
        else:
            self.pending.count = max(1, int(item.value))
            self.pending.count_words = (item.text,)
            self.pending.described = True

    def _np_mods(self, item: Tagged) -> None:
        match item.tag:
            case Tag.COLOR:
                self.pending.colors.append((item.text, self.vocab.colors[item.value]))
            case Tag.SHADE:
                self.pending.shade = item.value
            case Tag.SIZE:
                self.pending.size = item.value
            case Tag.MADJ:
                self.pending.motion = item.value
            case Tag.UADJ:
                self._seen(item, "unknown")
                unknown.resolve_run(self, list(item.tokens), self._after(item))
                return
        self._seen(item, item.tag.value.lower())
        self.pending.described = True

    def _np_head(self, item: Tagged) -> None:
        match item.tag:
            case Tag.NOUN:
                self._seen(item, item.kind)
                self.noun(item.token, item.kind, item.value)
            case Tag.PLACE:
                self._seen(item, "place")
                self.noun(item.token, "place", item.value)
            case Tag.UNKS:
                self._seen(item, "unknown")
                unknown.resolve_run(self, list(item.tokens), self._after(item))
            case Tag.PRON:
                self._seen(item, "pronoun")
                if self.topic is not None and self.pending == _Pending():
                    self.last_subject = self.topic
                    self.decide("refers", self.subjects[self.topic]["word"], (item.text,),
                                "a pronoun names the story's subject")

    def _phrase_pp(self, node) -> None:
        for child in node.children:
            if isinstance(child, Tree):
                self._phrase_np(child)
                continue
            item = self.tagged[int(child.value)]
            self._seen(item, "relation")
            if item.tag is not Tag.AND:
                self.relate(item)

    def relate(self, item: Tagged) -> None:
        """A relation word: link the thing before it to the one the phrase reaches."""
        token = item.token
        value = item.value
        if self.between is not None:
            return
        if self.last_subject is None:
            self.decide("ignored", item.text, (item.text,), "a relation with nothing before it")
            return
        before = self.tagged.index(item) - 1
        if item.tag is Tag.UREL and before >= 0 and self.tagged[before].tag is Tag.PLACE:
            self.decide("ignored", item.text, (self.tagged[before].text, item.text),
                        "where the place is; it spans the frame")
            return
        if item.tag is Tag.UREL:  # "a lighthouse in the background"
            self.relations.append(Relation(self.last_subject, value, (), (token.text,)))
            self.decide("relation", f"{self.subjects[self.last_subject]['word']} {value}", (token.text,))
            return
        self.relation = (self.last_subject, value, (token.text,))
        self.pending.negated = ()

    def _phrase_vp(self, node) -> None:
        for item in self._items(node):
            self._seen(item, "motion" if item.tag is Tag.MOTION else "direction")
            if item.tag is Tag.DIR:
                self.direct(item.token)
                continue
            # "a girl holding a balloon walks": the verb after a relation belongs to its head
            last = self.head if self.head is not None else self.last_subject
            if last is not None and self.subjects[last]["motion"] is None and self.pending == _Pending():
                self.subjects[last]["motion"] = item.value
                self.decide("motion", item.value, (self.subjects[last]["word"], item.text))
            else:
                self.pending.motion = item.value

    def _phrase_direction(self, node) -> None:
        for item in self._items(node):
            self._seen(item, "direction")
            self.direct(item.token)

    def _phrase_setting(self, node) -> None:
        (item,) = self._items(node)
        self._seen(item, item.tag.value.lower())
        if item.tag is Tag.MOOD:
            entry = self.vocab.moods[item.value]
            if entry.genre:
                self.setting("genre", entry.genre, item.token)
            if entry.mood:
                self.setting("mood", entry.mood, item.token)
            return
        self.setting(item.tag.value.lower(), item.value, item.token)

    def _phrase_camera(self, node) -> None:
        (item,) = self._items(node)
        self._seen(item, "camera")
        self.camera_move(item.value, item.token)

    def _phrase_duration(self, node) -> None:
        (item,) = self._items(node)
        self._seen(item, "duration")
        self.duration_s = max(1.0, min(MAX_DURATION_S, float(item.value)))
        self.decide("duration", f"{self.duration_s:g}s", tuple(t.text for t in item.tokens))
        self.pending.count, self.pending.count_words = None, ()

    def _phrase_other(self, node) -> None:
        (item,) = self._items(node)
        self._seen(item, "abstract" if item.tag is Tag.ABS else "filler")
        if item.tag is Tag.ABS:
            self.decide("ignored", item.token.key, (item.text,), "names nothing to draw on its own")

    # ------------------------------------------------------------ the walk

    def read(self) -> None:
        toks = self.tokens
        for i, token in enumerate(toks):
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if not token.meanings:
                self.unknown_run.append(token)
                self.tags.append((token.text, "unknown"))
                continue
            self.flush_unknown(token)
            self.tags.append((token.text, self.role(token, nxt) if token.kinds()[0] not in (BOUNDARY, "number", "camera")
                              else token.kinds()[0]))
            self.step(token, nxt)
            self._prev = token
        self.flush_unknown(None)

    def flush_unknown(self, following: Token | None) -> None:
        if self.unknown_run:
            run, self.unknown_run = self.unknown_run, []
            unknown.resolve_run(self, run, following)

    def step(self, token: Token, nxt: Token | None) -> None:
        kinds = token.kinds()
        first = kinds[0]
        if first == BOUNDARY:
            self.pending = _Pending()
            self.relation = None
            self.between = None
            self.head = None
            return
        if first == "number":
            if nxt is not None and "unit" in nxt.kinds():
                seconds = token.number * float(nxt.value("unit"))
                self.duration_s = max(1.0, min(MAX_DURATION_S, seconds))
                self.decide("duration", f"{self.duration_s:g}s", (token.text, nxt.text))
                self.pending.count, self.pending.count_words = None, ()
                return
            self.pending.count = max(1, int(token.number))
            self.pending.count_words = (token.text,)
            self.pending.described = True
            return
        if first == "camera":
            self.camera_move(token.value("camera"), token)
            return
        role = self.role(token, nxt)
        value = token.value(role)
        match role:
            case "object" | "alias" | "place" | "standin":
                self.noun(token, role, value)
            case "count":
                if token.key in ("a", "an") and self.pending.count is not None:
                    return  # "a 10 second video", "a pair of": the other word counts
                if nxt is not None and "unit" in nxt.kinds():
                    return
                self.pending.count = int(value)
                self.pending.count_words = (token.text,)
                self.pending.described = True
            case "color":
                self.pending.colors.append((token.text, self.vocab.colors[value]))
                self.pending.described = True
            case "shade":
                self.pending.shade = value
                self.pending.described = True
            case "size":
                self.pending.size = value
                self.pending.described = True
            case "relation":
                if self.between is not None:
                    return
                if self.last_subject is None:
                    self.decide("ignored", token.text, (token.text,), "a relation with nothing before it")
                    return
                if value in UNARY_RELATIONS and self._prev is not None and self._prev.kinds() \
                        and "place" in self._prev.kinds() and self.role(self._prev, token) == "place":
                    self.decide("ignored", token.text, (self._prev.text, token.text), "where the place is; it spans the frame")
                    return
                if value in UNARY_RELATIONS:  # "a lighthouse in the background"
                    self.relations.append(Relation(self.last_subject, value, (), (token.text,)))
                    self.decide("relation", f"{self.subjects[self.last_subject]['word']} {value}", (token.text,))
                    return
                self.relation = (self.last_subject, value, (token.text,))
                self.pending.negated = ()
            case "motion":
                # "a girl holding a balloon walks": the verb after a relation belongs to its head
                last = self.head if self.head is not None else self.last_subject
                if last is not None and self.subjects[last]["motion"] is None and self.pending == _Pending():
                    self.subjects[last]["motion"] = value
                    self.decide("motion", value, (self.subjects[last]["word"], token.text))
                else:
                    self.pending.motion = value
            case "time" | "weather" | "season" | "style":
                self.setting(role, value, token)
            case "mood":
                entry = self.vocab.moods[value]
                if entry.genre:
                    self.setting("genre", entry.genre, token)
                if entry.mood:
                    self.setting("mood", entry.mood, token)
            case "negation":
                self.pending.negated = (*self.pending.negated, token.text)
            case "direction":
                self.direct(token)
            case "abstract":
                self.decide("ignored", token.key, (token.text,), "names nothing to draw on its own")
            case "unit" | "filler":
                if token.key in ("a", "an", "the", "some"):
                    self.pending.described = True
                elif token.key in PRONOUNS and self.topic is not None and self.pending == _Pending():
                    self.last_subject = self.topic
                    self.decide("refers", self.subjects[self.topic]["word"], (token.text,),
                                "a pronoun names the story's subject")

    def direct(self, token: Token) -> None:
        """A direction phrase turns the travel of the thing last named ("drives from left to right"),
        or of the head of a relation before it."""
        target = self.head if self.head is not None else self.last_subject
        if target is None:
            return
        dx, dy = (float(v) for v in token.value("direction").split(","))
        subject = self.subjects[target]
        if subject["direction"] is None:
            subject["direction"] = (dx, dy)
            self.decide("direction", token.key, (subject["word"], token.text))

    def role(self, token: Token, nxt: Token | None) -> str:
        """Which of a word's meanings applies here ("orange" the color or the fruit, "park" the place)."""
        kinds = token.kinds()
        nouns = [k for k in kinds if k in ("object", "alias", "standin", "place")]
        if "color" in kinds and nouns and nxt is not None and _noun_follows(self.tokens, nxt):
            return "color"
        prev_kinds = self._prev.kinds() if self._prev is not None else ()
        if "motion" in kinds and nouns and prev_kinds and prev_kinds[0] in ("object", "alias", "standin"):
            return "motion"  # "a boat sails": a noun right after a noun is the verb
        if kinds[0] == "standin" and prev_kinds and prev_kinds[0] in ("object", "alias", "standin") \
                and token.key in VERB_FORMS:
            return "filler"  # "a train leaves the station": a verb, not the plural of leaf
        if "place" in kinds and nouns and nouns[0] == "alias":
            return "place"  # "a forest" is the place, not one tree standing for it
        if "place" in kinds and nouns[0] != "place":
            prev = self._prev
            if prev is not None and prev.key in LOCATIVES | {"the", "a"} and self._locative_before():
                return "place"
        return kinds[0] if kinds[0] != "filler" or len(kinds) == 1 else kinds[1]

    def _locative_before(self) -> bool:
        """Is the word right before (skipping "the"/"a") a preposition of place?"""
        index = self.tokens.index(self._prev) if self._prev in self.tokens else -1
        while index >= 0 and self.tokens[index].key in ("the", "a", "an"):
            index -= 1
        return index >= 0 and self.tokens[index].key in LOCATIVES

    def instruction(self) -> Instruction:
        subjects = tuple(Subject(s["word"], s["object"], s["count"], s["color"], s["size"], s["motion"], s["words"],
                                 s["direction"], s["carried"])
                         for s in self.subjects)
        kept = [i for i, s in enumerate(subjects) if (s.object or s.word) not in self.excluded]
        remap = {old: new for new, old in enumerate(kept)}
        relations = tuple(Relation(remap[r.subject], r.kind, tuple(remap[o] for o in r.others), r.words)
                          for r in self.relations
                          if r.subject in remap and all(o in remap for o in r.others)
                          and (r.kind != "between" or len(r.others) == 2)
                          and (r.others or r.kind in UNARY_RELATIONS))
        return Instruction(
            prompt=self.prompt, subjects=tuple(subjects[i] for i in kept), relations=relations,
            excluded=tuple(self.excluded), place=self.scene.get("place"), time=self.scene.get("time"),
            weather=self.scene.get("weather"), season=self.scene.get("season"), genre=self.scene.get("genre"),
            mood=self.scene.get("mood"), style=self.scene.get("style"), camera=tuple(self.camera),
            duration_s=self.duration_s, decisions=tuple(self.decisions), tags=tuple(self.tags))


def _noun_follows(tokens: tuple[Token, ...], start: Token) -> bool:
    """Does a noun (known or unknown) come next, past other adjectives?"""
    index = tokens.index(start)
    for token in tokens[index:]:
        kinds = token.kinds()
        if not kinds:
            return True
        if kinds[0] in ("object", "alias", "standin", "place"):
            return True
        if kinds[0] in ("color", "shade", "size") or kinds == ("filler",) and token.key in ("and",):
            continue
        return False
    return False


def _hex(rgba) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgba[:3])


def interpret(prompt: str, vocab: Vocabulary, objects: Objects, place_words: Mapping[str, str] | None = None,
              templates: frozenset[str] = frozenset(), carried: tuple[Subject, ...] = (),
              carried_relations: tuple[Relation, ...] = ()) -> Instruction:
    """The instruction a prompt asks for. `place_words` maps place words to place names; `templates`
    are the template names an unknown word may name directly; `carried` are the subjects of a story's
    earlier sentences, still in the picture ("it" names the first), and `carried_relations` how they
    stood (indices into `carried`)."""
    place_words = place_words or {}
    lexicon = lexicon_for(vocab, objects, place_words)
    reader = _Reader(prompt, vocab, objects, templates, tokenize(prompt, lexicon))
    reader.relations.extend(carried_relations)
    for subject in carried:
        reader.subjects.append({"word": subject.word, "object": subject.object, "count": subject.count,
                                "color": subject.color, "size": subject.size, "motion": None, "words": subject.words,
                                "direction": None, "carried": True})
    reader.topic = 0 if carried else None
    reader.read_parsed() if USE_GRAMMAR else reader.read()
    return reader.instruction()

"""Read a prompt into an `Instruction`: subjects with counts, colors, sizes and motions; relations
between them; place, time, weather, season, mood, style, camera and duration; what the prompt said
"no" to. Every choice is recorded as a `Decision` with the words that caused it.

The sentence is tagged (`tagger.py`) and parsed by the prompt grammar (`grammar.py`); the reader gives
each phrase of the tree its meaning in order: a noun phrase's modifiers (count, color, shade, size,
negation, motion) go to its head, a prepositional phrase links the thing before it to the one it
reaches, a verb phrase moves the clause's subject. Words it does not know are resolved in
`unknown.py` and never dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from lark import Token as LarkToken
from lark import Tree

from scenec.knowledge.objects import Objects
from scenec.knowledge.vocabulary import UNARY_RELATIONS, Vocabulary

from . import unknown
from .color_words import blend, shaded
from .model import ColorChoice, Decision, Instruction, Relation, Subject
from .grammar import bracketed, leaves, parse
from .tagger import Tag, Tagged, tag
from .tokens import Lexicon, Token, build_lexicon, singular, tokenize

MAX_COUNT = 24
MAX_DURATION_S = 60.0
PLURAL_COUNT = 3

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
    place_words: Mapping[str, str] = field(default_factory=dict)
    tagged: tuple[Tagged, ...] = ()
    weak: set[str] = field(default_factory=set)
    idea: bool = False  # an abstract word opened this clause: its settings describe the idea, not a scene
    idea_settings: list[str] = field(default_factory=list)
    parse: str = ""

    def decide(self, field_: str, value: str, because: tuple[str, ...], note: str = "") -> None:
        self.decisions.append(Decision(field_, value, because, note))

    # ------------------------------------------------------------ scene-wide words

    def setting(self, name: str, value: str, token: Token, weak: bool = False) -> None:
        """Set the scene's place, time, weather, ...; the first word wins, except that one only
        describing a thing ("snowy mountains") gives way to one that sets the scene ("a cloudy sky")."""
        if name in self.weak and not weak:
            del self.scene[name]
            self.weak.discard(name)
        if weak and name not in self.scene:
            self.weak.add(name)
        if name in self.scene:
            if self.scene[name] != value:
                self.decide("ignored", token.text, (token.text,), f"the {name} is already {self.scene[name]}")
            return
        self.scene[name] = value
        self.decide(name, value, (token.text,))
        if self.idea and not self.subjects:
            self.idea_settings.append(name)

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

    def read(self) -> None:
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
        self.idea = False
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
            case Tag.SADJ:
                self._seen(item, item.kind)
                self._set_from(item, Tag[item.kind.upper()], weak=True)
                return
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
        self._set_from(item, item.tag)

    def _set_from(self, item: Tagged, kind: Tag, weak: bool = False) -> None:
        if kind is Tag.MOOD:
            entry = self.vocab.moods[item.value]
            if entry.genre:
                self.setting("genre", entry.genre, item.token, weak)
            if entry.mood:
                self.setting("mood", entry.mood, item.token, weak)
            return
        self.setting(kind.value.lower(), item.value, item.token, weak)

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
        self._seen(item, {Tag.ABS: "abstract", Tag.PRED: "predicate"}.get(item.tag, "filler"))
        if item.tag is Tag.PRED:
            last = self.subjects[self.last_subject] if self.last_subject is not None else None
            if last is not None and last["color"] is None and not last["carried"]:
                rgba = self.vocab.colors[item.value]
                last["color"] = ColorChoice(tuple(rgba), (item.text,))
                self.decide("color", _hex(rgba), (last["word"], item.text), "said of it: it is that color")
            return
        if item.tag is Tag.ABS:
            after = self._after(item)
            # "the feeling of ...", "memories about ...": what follows describes the idea
            self.idea = self.idea or (after is not None and after.key in ("of", "about"))
            self.decide("ignored", item.token.key, (item.text,), "names nothing to draw on its own")

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
            duration_s=self.duration_s, decisions=tuple(self.decisions), tags=tuple(self.tags),
            parse=self.parse, idea_settings=tuple(self.idea_settings))


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
    reader = _Reader(prompt, vocab, objects, templates, tokenize(prompt, lexicon), place_words=place_words)
    reader.relations.extend(carried_relations)
    for subject in carried:
        reader.subjects.append({"word": subject.word, "object": subject.object, "count": subject.count,
                                "color": subject.color, "size": subject.size, "motion": None, "words": subject.words,
                                "direction": None, "carried": True})
    reader.topic = 0 if carried else None
    reader.read()
    return reader.instruction()

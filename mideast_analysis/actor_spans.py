"""Where an actor's name starts and ends, which named spans are not actors, and the name forms
that let two mentions of one actor meet (plural and singular, a phrase without its articles).

spaCy's spans and noun phrases run over agency datelines ("ERBIL, Kurdistan Region - ..."), line
breaks between a caption and the text, and counts ("at least twelve ... fighters"); and some PERSON
or ORG entities name a law, a building, a platform's account, a ministerial portfolio or a place.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from .geocoding.gazetteer import normalize
from .layout import filed_from
from .nlp import SETTLEMENT_NOUNS, after_locative, in_settlement_frame

DASHES = frozenset({"-", "–", "—", "•", "|"})  # a spaced dash closes a dateline ("BAGHDAD, Iraq - ")
LEADING_NOISE_POS = frozenset({"ADP", "NUM", "PUNCT", "SPACE", "CCONJ", "SYM"})
PREPOSITIONS = frozenset({"between", "among", "against", "amid", "after", "before", "from", "with", "without", "of",
                          "for", "by", "in", "at", "on", "near", "over", "under", "to"})  # tagged PROPN in headlines
QUANTIFIERS = frozenset({"a", "an", "least", "most", "some", "about", "nearly", "almost", "over", "more", "than",
                         "number", "dozens", "hundreds", "thousands", "scores", "several", "many", "few", "all"})
LEGAL_HEADS = frozenset({"law", "act", "decree", "treaty", "bill", "charter", "constitution", "resolution",
                         "protocol", "ordinance", "amendment"})
PLATFORMS = frozenset({"twitter", "x", "facebook", "instagram", "telegram", "youtube", "tiktok", "whatsapp"})
ACCOUNT_NOUNS = frozenset({"account", "page", "channel", "feed", "handle", "post", "profile"})
FACILITY_NOUNS = frozenset({"embassy", "consulate"})  # a mission is also the building it sits in
TIME_ZONES = frozenset({"gmt", "utc", "cet", "cest", "eet", "eest", "est", "edt", "bst", "idt", "ist", "ast"})
TOPONYM_PREFIXES = frozenset({"tel", "tal", "tell", "ras", "deir", "dayr", "kafr", "kfar", "beit", "bayt", "jabal",
                              "jebel", "wadi", "ain", "bir", "khan", "qasr", "hisn"})


def _spaced_dash(tok: Token) -> bool:
    """A dash standing between spaces: the end of a dateline ('BAGHDAD, Iraq - ')."""
    return tok.text in DASHES and tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_) and bool(tok.whitespace_)


DATELINE_TOKENS = 12  # 'KIRKUK , Iraq , April 8 ( Levant Wire ) -': a dateline's place, date and agency


def _boundary(tok: Token) -> bool:
    """A line break or the end of a dateline: no name runs across it."""
    return "\n" in tok.text or _spaced_dash(tok)


def _in_dateline(ent: Span) -> bool:
    """'ERBIL, Kurdistan Region - ...', 'KIRKUK, Iraq, April 8 (Levant Wire) - ...': the place in capitals that
    opens a line's agency dateline (layout.FILED_RE) is where the story was filed from, and the name in its
    brackets is the agency filing it; neither is an actor."""
    doc = ent.doc
    first = next((t.i for t in reversed(doc[max(0, ent.start - DATELINE_TOKENS): ent.start + 1])
                  if t.i == 0 or "\n" in doc[t.i - 1].text), None)  # the line's first word
    if first is None:
        return False
    line = doc[first: min(len(doc), ent.end + DATELINE_TOKENS)]
    m = filed_from(line.text)
    if m is None:
        return False
    span = (ent.start_char - line.start_char, ent.end_char - line.start_char)
    return span == m.span("place") or (m.group("agency") is not None and span == m.span("agency"))


def clip(span: Span, head: Token) -> Span:
    """The part of a name on its head's line and after any dateline, without leading counts,
    quantifiers or prepositions: 'ERBIL, Kurdistan Region - ISIS militants' -> 'ISIS militants',
    'At least twelve Peshmerga fighters' -> 'Peshmerga fighters'. Empty when nothing names."""
    doc = span.doc
    start = max((t.i + 1 for t in doc[span.start: head.i] if _boundary(t)), default=span.start)
    end = min((t.i for t in doc[head.i + 1: span.end] if _boundary(t)), default=span.end)
    while start < head.i and (doc[start].pos_ in LEADING_NOISE_POS or doc[start].lower_ in QUANTIFIERS | PREPOSITIONS):
        start += 1
    return doc[start:end]


def not_an_actor(ent: Span) -> bool:
    """A PERSON/ORG entity that names no actor: a law ('the National Defense Law'), a platform that
    only holds an account ('the Twitter account of ...'), a lone adjective ('Fierce' clashes), a dateline, a time
    zone, or a
    place in a place's frame ('attacked Dibis town', 'the town of Sari Kani (Ras al-Ain)')."""
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if ent[-1].lower_ in LEGAL_HEADS:
        return True
    if ent.text.lower() in PLATFORMS and nxt is not None and nxt.lemma_.lower() in ACCOUNT_NOUNS:
        return True
    if (len(ent) == 1 and ent.root.pos_ == "ADJ") or _in_dateline(ent) or ent.text.lower() in TIME_ZONES:
        return True  # ... or a time zone ('05:00 GMT')
    return ent.label_ == "PERSON" and names_a_place(ent)


def names_a_place(ent: Span) -> bool:
    """A name spaCy took for a person standing where places stand: before a settlement noun ('Dibis
    town'), in apposition to the name a settlement frame gives, or after a locative
    preposition with a toponym's first word ('in Tel Abyad')."""
    root = ent.root
    if root.dep_ == "compound" and root.head.lemma_.lower() in SETTLEMENT_NOUNS:
        return True
    if root.dep_ == "appos" and in_settlement_frame(ent.doc[root.head.i: root.head.i + 1]):
        return True
    return after_locative(ent) and ent[0].lower_ in TOPONYM_PREFIXES


def is_building(span: Span) -> bool:
    """'protesters torched an Iranian consulate', 'sirens from the US consulate': an embassy or consulate
    that does not act (no subject, agent or 'according to' source) is a building, i.e. a place."""
    facilities = [t for t in span if t.lemma_.lower() in FACILITY_NOUNS]
    return bool(facilities) and not any(map(_acts, {facilities[-1], span.root}))


def _acts(tok: Token) -> bool:
    """Subject of a clause, agent of a passive, or the source in 'according to'."""
    prep = tok.head if tok.dep_ == "pobj" else None
    return tok.dep_ == "nsubj" or (prep is not None and (prep.dep_ == "agent" or prep.head.lower_ == "according"))


def number_variants(text: str) -> list[str]:
    """The plural or singular of a name's last word ('Houthi' <-> 'Houthis')."""
    return [text[:-1]] if text.endswith("s") and not text.endswith("ss") else [text + "s"]


def bare_words(text: str) -> list[str]:
    """The words of a noun phrase without its articles ('the security forces' -> ['security', 'forces'])."""
    return [w for w in normalize(text).split() if w not in ("the", "a", "an")]

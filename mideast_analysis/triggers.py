"""The trigger lexicon: rules as data (resources/event_triggers.csv), and the tokens that fire them.

A row is a lemma and part of speech, optionally a particle or preposition and the objects it needs
("fire" is an ASSAULT only with rockets, shots, ...), with its PLOVER type, mode, CAMEO and ACLED labels.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from .resources import load_csv


@dataclass(frozen=True)
class Trigger:
    """One row of the trigger lexicon."""

    lemma: str
    pos: str
    prep: str
    objects: frozenset[str]
    type: str
    mode: str
    cameo: str
    acled_event_type: str
    acled_sub_event_type: str
    weight: float


@lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, str], list[Trigger]]:
    """Triggers by (lemma, POS); rows with conditions first."""
    out: dict[tuple[str, str], list[Trigger]] = {}
    for r in load_csv("event_triggers.csv"):
        t = Trigger(r["lemma"].lower(), r["pos"], r["prep"].lower(),
                    frozenset(o for o in r["object_lemmas"].lower().split("|") if o), r["type"], r["mode"],
                    r["cameo"], r["acled_event_type"], r["acled_sub_event_type"], float(r["weight"] or 0.5))
        out.setdefault((t.lemma, t.pos), []).append(t)
    for rows in out.values():
        rows.sort(key=lambda t: (not t.prep, not t.objects, -t.weight))
    return out


def _children_lemmas(tok: Token) -> set[str]:
    """Lemmas that can satisfy a trigger's object condition: objects, compounds, passive subjects."""
    out = set()
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass", "compound", "amod", "attr", "nsubj", "npadvmod", "nmod", "xcomp"):
            out.add(c.lemma_.lower())
            out.update(g.lemma_.lower() for g in c.children if g.dep_ == "compound")
            out.update(g.lemma_.lower() for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                       for g in p.children if g.dep_ == "pobj")  # 'fired dozens of rockets'

        if c.dep_ in ("prep", "agent", "prt"):
            out.update(g.lemma_.lower() for g in c.children if g.dep_ == "pobj")
            out.add(c.lower_)
    if tok.dep_ in ("compound", "amod") and tok.head.pos_ == "NOUN":
        out.add(tok.head.lemma_.lower())
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":  # "launch of missile attacks"
        out.add(tok.head.head.lemma_.lower())
    return out


def match_trigger(tok: Token) -> Trigger | None:
    """The lexicon row this token fires, if any."""
    pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else ""
    rows = lexicon().get((tok.lemma_.lower(), pos))
    if not rows:
        return None
    around = _children_lemmas(tok)
    particles = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep")}
    for t in rows:
        if t.prep and t.prep not in particles:
            continue
        if t.objects and not (t.objects & around):
            continue
        return t
    return None

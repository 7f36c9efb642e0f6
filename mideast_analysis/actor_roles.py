"""Whether a place name in a sentence stands for its government: a party that acts, is acted on, or
carries out an event ('Iran and Saudi Arabia agreed', 'sanctions against Iran', 'a US raid'), as opposed
to a place where something happens."""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span

from .resources import load_csv

SUBJECT_OBJECT_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "poss"}
ACTOR_PREPS = {"with", "to", "against", "by", "from", "on"}


def acts(ent: Span) -> bool:
    """A place name standing for its government: subject, object, possessor, 'linked with X', or the
    party to an event noun ('sanctions against Iran', 'talks with Iran')."""
    root = ent.root
    while root.dep_ == "conj" and root.head != root:  # 'Iran and Saudi Arabia agreed': each party acts
        root = root.head
    if root.dep_ in SUBJECT_OBJECT_DEPS:
        return True
    if root.dep_ != "pobj" or root.head.lower_ not in ACTOR_PREPS:
        return False
    governor = root.head.head
    if governor.lower_ == "along":  # 'Bahrain, along with Saudi Arabia, had ended ...'
        governor = governor.head
    return governor.pos_ in ("VERB", "ADJ") or (governor.pos_ == "NOUN" and governor.lemma_.lower() in _event_nouns())


@lru_cache(maxsize=1)
def _event_nouns() -> frozenset[str]:
    """Nouns the trigger lexicon knows as events ('raid', 'airstrike', 'statement')."""
    return frozenset(r["lemma"] for r in load_csv("event_triggers.csv") if r["pos"] == "NOUN")


def agent_of_event_noun(ent: Span) -> bool:
    """'a US raid', 'an Israeli airstrike': the country modifying an event noun carries it out."""
    head = ent.root.head
    return ent.root.dep_ in ("compound", "amod") and head.pos_ == "NOUN" and head.lemma_.lower() in _event_nouns()

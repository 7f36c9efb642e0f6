"""The trigger lexicon: rules as data (resources/event_triggers.csv), and the tokens that fire them.

A row is a lemma and part of speech, optionally a particle or preposition and the words it needs around
it ("fire" is an ASSAULT only with rockets, shots, ...; a word written "=minister" must be its object),
with its PLOVER type, mode, CAMEO and ACLED labels.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

from spacy.tokens import Token

from .nlp import child, marked_clause, subject
from .resources import load_csv

ONGOING = {"long", "repeatedly", "often", "frequently", "regularly", "increasingly", "continuously"}
TEMPORAL_MARKS = {"after", "before", "when", "while", "as", "since", "until", "once", "whereas"}
NAME_LABELS = {"ORG", "LAW", "FAC", "WORK_OF_ART", "PRODUCT", "GPE", "LOC", "PERSON", "NORP"}  # not EVENT
PRESS_REQUESTS = {"comment", "interview", "clarification", "statement", "reaction"}  # what reporters ask for
DECIDED = {"COERCE", "SANCTION", "MOBILIZE"}  # acts a government decides alone ('agreed to impose a curfew')
PROMISES = {"pledge", "promise", "vow", "swear"}
FORCE = {"ASSAULT", "COERCE"}  # what a promise turns into a threat
OTHER_EVENTS = {"similar", "previous", "past", "earlier", "prior", "such", "former", "other", "repeated", "frequent"}
TRENDS = {"rise", "increase", "surge", "grow", "decline", "decrease", "drop", "soar", "mount", "escalate", "upswing"}
AT_RISK = {"stability", "security", "peace", "future", "livelihood", "life", "lives", "economy", "existence",
           "safety", "unity", "recovery", "progress", "health", "ceasefire", "truce", "talks", "deal"}
EVIDENCE_VERBS = {"indicate", "show", "suggest", "reveal", "find", "point", "conclude", "confirm"}
MAX_CLIMB = 25  # heads above a trigger that may host it; a real sentence is far shallower
COPULAS = {"be", "remain", "become", "seem"}
REMEMBRANCE = {"anniversary", "commemoration", "memory", "memorial", "remembrance"}  # 'the anniversary of the attacks'
MEANS = {"in", "during", "by"}  # 'killed in a raid': the raid is how the killing was done
TIME_PREPOSITIONS = {"after", "before", "following", "since"}
OWN_CLAUSE = {"dobj", "nsubj", "xcomp", "ccomp"}  # a coordinated verb with these is a clause of its own


@dataclass(frozen=True)
class Trigger:
    """One row of the trigger lexicon."""

    lemma: str
    pos: str
    prep: str
    objects: frozenset[str]  # lemmas that may stand around the trigger (object, subject, compound, ...)
    direct: frozenset[str]  # lemmas that must be its object ('=minister' in the CSV: 'received the minister')
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
        words = [o for o in r["object_lemmas"].lower().split("|") if o]
        t = Trigger(r["lemma"].lower(), r["pos"], r["prep"].lower(),
                    frozenset(o for o in words if not o.startswith("=")),
                    frozenset(o[1:] for o in words if o.startswith("=")), r["type"], r["mode"],
                    r["cameo"], r["acled_event_type"], r["acled_sub_event_type"], float(r["weight"] or 0.5))
        out.setdefault((t.lemma, t.pos), []).append(t)
    for rows in out.values():
        rows.sort(key=lambda t: (not t.prep, not (t.objects or t.direct), -t.weight))
    return out


def _children_lemmas(tok: Token) -> set[str]:
    """Lemmas that can satisfy a trigger's object condition: objects, compounds, passive subjects, manner
    ('deal firmly with')."""
    out = set()
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass", "compound", "amod", "attr", "nsubj", "npadvmod", "nmod", "xcomp", "advmod"):
            out.add(c.lemma_.lower())
            out.update(g.lemma_.lower() for g in c.children if g.dep_ == "compound")
            out.update(g.lemma_.lower() for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                       for g in p.children if g.dep_ == "pobj")  # 'fired dozens of rockets'

        if c.dep_ in ("prep", "agent", "prt"):
            out.update(g.lemma_.lower() for g in c.children if g.dep_ == "pobj")
            out.add(c.lower_)
    if tok.dep_ in ("compound", "amod") and tok.head.pos_ == "NOUN":
        out.add(tok.head.lemma_.lower())
    if tok.dep_ == "acl":  # 'the deal, struck in Beijing': the noun it describes is its object
        out.add(tok.head.lemma_.lower())
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":  # "launch of missile attacks"
        out.add(tok.head.head.lemma_.lower())
    return out


def _object_lemmas(tok: Token) -> set[str]:
    """Lemmas of the token's objects and their compounds: 'received the Iraqi foreign minister'."""
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    objects += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return {t.lemma_.lower() for o in objects for t in [o, *o.children] if t.dep_ in ("dobj", "pobj", "compound", "amod")}


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
        if t.direct and not (t.direct & _object_lemmas(tok)):
            continue
        return t
    return None


def in_a_name(tok: Token) -> bool:
    """A word inside a multi-word name ('Government of National Accord', 'the Defense Law', 'Strike Group')."""
    if tok.ent_type_ not in NAME_LABELS:
        return False
    return tok.ent_iob_ == "I" or (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].ent_iob_ == "I")


def perfect_over(verb: Token, preps: tuple[str, ...] = ("for",)) -> bool:
    """A perfect over a length of time: 'has faced … for years' (a `preps` phrase), 'have repeatedly shelled'."""
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return verb.tag_ == "VBN" and bool(aux & {"has", "have", "had"}) and any(
        c.dep_ == "prep" and c.lower_ in preps or c.lower_ in ONGOING for c in verb.children)


def over_a_span(tok: Token) -> bool:
    """A perfect over a length of time, or its noun: 'has faced attacks for years', 'have repeatedly shelled'.
    It tells of many events, none of them the story's ('have besieged the town since May' is one, going on)."""
    if tok.pos_ not in ("VERB", "AUX") and tok.head != tok and tok.head.pos_ in ("VERB", "AUX"):
        tok = tok.head
    return perfect_over(tok)


def background(tok: Token, trig: Trigger) -> bool:
    """Words that fire no event: participles that describe a state ('forces deployed in Iraq', 'soldiers are
    deployed'), gerunds inside a noun phrase ('the repercussions of killing'), demands spoken of as
    standing, a word of a name, a noun that only qualifies another ('riot police', 'attack helicopters'),
    what has gone on over a span of time ('has faced attacks for years'), and the reporter's own requests
    ('did not respond to a request for comment')."""
    if in_a_name(tok) or tok.ent_type_ in ("DATE", "TIME"):
        return True  # 'Fri - 10 March 23': a month is no march
    if over_a_span(tok):
        return True  # 'Iraq has faced attacks for years': many events, none of them the story's
    if tok.pos_ == "NOUN" and tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and match_trigger(tok.head) is None:
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.lemma_.lower() in ("request", "ask", "call"):
        return True  # 'asked for a statement': what is asked for has not been made
    if trig.type == "REQUEST" and (_children_lemmas(tok) | {t.lemma_.lower() for t in tok.doc[tok.i + 1:tok.i + 4]}) \
            & PRESS_REQUESTS:
        return True
    if tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod") or tok.tag_ == "VBG" and tok.dep_ == "amod":
        return True  # 'a UN-brokered deal', 'an official welcoming ceremony'
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in REMEMBRANCE:
        return True  # 'on the anniversary of the September 11 attacks': a past event remembered
    if tok.tag_ in ("VBZ", "VBP") and tok.dep_ == "relcl" and not any(c.dep_ == "aux" for c in tok.children):
        return True  # 'a coalition that supports the government': what someone habitually does
    if any(c.dep_ == "amod" and c.lower_ in OTHER_EVENTS for t in (tok, child(tok, "dobj")) if t is not None
           for c in t.children):
        return True  # 'have carried out similar attacks', 'previous strikes': not the events of this story
    if tok.pos_ == "NOUN" and tok.dep_ == "nsubj" and (tok.head.lemma_.lower() in TRENDS or any(
            p.lower_ == "on" and g.lemma_.lower() in TRENDS for p in tok.head.children for g in p.children)):
        return True  # 'attacks have been on the rise', 'strikes increased': a trend, not an event
    if tok.lemma_.lower() == "threaten" and (obj := child(tok, "dobj")) is not None and obj.lemma_.lower() in AT_RISK:
        return True  # 'the group's resurgence threatens the stability of the country': a danger, not a threat made
    if tok.pos_ == "NOUN" and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in EVIDENCE_VERBS:
        return True  # 'preliminary investigations indicate ...': a source of what is known, told elsewhere
    if tok.pos_ == "NOUN" and tok.dep_ == "attr" and tok.head.lemma_ in COPULAS:
        return True  # 'it remains a serious threat': a description, not an act
    aux = {c.text for c in tok.children if c.dep_ == "auxpass"}  # not "IS" (Islamic State) read as a verb
    if tok.tag_ == "VBN" and aux & {"is", "are", "am"} and not any(c.dep_ == "aux" for c in tok.children):
        return True
    if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass") and trig.type == "REQUEST":
        return True  # 'until their demands are met': a demand made before, not made here
    return tok.tag_ == "VBG" and tok.dep_ == "pcomp" and tok.head.lower_ in ("of", "about", "for") \
        and child(tok, "nsubj") is None


def argument_of(tok: Token, hosts: set[Token]) -> bool:
    """Whether the trigger sits inside another event's phrase ('agreed to lift the embargo', 'accepted
    demands', 'agreed to a ceasefire after fighting'), not in a clause of its own time ('..., after X
    were killed', 'while warning Y') or a prepositional 'in a raid' (merged instead). A host is looked for
    at most MAX_CLIMB heads up: a run-on text without full stops parses as one sentence thousands deep."""
    t = tok
    for _ in range(MAX_CLIMB):
        if t.head == t:
            break
        if marked_clause(t, TEMPORAL_MARKS):
            return False
        if t.dep_ == "pcomp" and child(t, "nsubj") is not None:
            return False  # 'agreed ..., with the two presidents calling for a truce': a clause of its own
        if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head in hosts and t.head.lower_ in MEANS:
            return False
        if t.dep_ == "pobj" and t.head.lower_ in TIME_PREPOSITIONS and t.head.head not in hosts:
            return False  # 'announced the agreement after a phone call': the call has its own time
        if t.dep_ == "conj" and t.head in hosts and any(c.dep_ in OWN_CLAUSE for c in t.children):
            return False  # 'kidnapped advisers and exploded bombs', 'met and the two agreed': two events
        t, came_from = t.head, t
        if _hosting(t, hosts, came_from):
            return True
    return False


def _hosting(tok: Token, hosts: set[Token], came_from: Token) -> bool:
    """An event trigger, or a light verb whose object is one ('staged demonstrations to demand reforms')."""
    return tok in hosts or any(c.dep_ == "dobj" and c in hosts and c.i != came_from.i for c in tok.children)


def told_by_subject(tok: Token, trig: Trigger) -> Trigger:
    """'The raid targeted four houses': a verb whose subject is an event noun tells of that event, as its type."""
    subj = subject(tok)
    if tok.pos_ != "VERB" or subj is None or subj.pos_ != "NOUN":
        return trig
    told = match_trigger(subj)
    return told if told is not None and told.type not in (trig.type, "STATEMENT") and trig.type != "STATEMENT" else trig


def nested_offsets(tok: Token, triggers: dict[Token, Trigger], offset: Callable[[int], int]) -> set[int]:
    """Offsets of the tokens inside the other triggers' phrases below `tok` (their places are theirs):
    one walk down the tree, stopping at each trigger, whose whole subtree is nested. Not the means of the act
    ('detained them in a raid on a village in X'): where it was done is where the act was."""
    out: set[int] = set()
    stack = list(tok.children)
    while stack:
        t = stack.pop()
        if t in triggers and not (t.dep_ == "pobj" and t.head.head == tok and t.head.lower_ in MEANS):
            out.update(offset(x.idx) for x in t.subtree)
        else:
            stack.extend(t.children)
    return out


def decision(tok: Token, trig: Trigger, found: dict[Token, Trigger]) -> bool:
    """'The cabinet agreed to place officials under arrest': one party agreeing to a coercive act of its own
    decides it, and the act is coded. An agreement has a partner: a coordinated subject or 'with X'."""
    if trig.type != "AGREE" or tok.pos_ != "VERB" or tok.lemma_.lower() not in ("agree", "decide"):
        return False
    content = _content(tok, found)
    if content is None or found[content].type not in DECIDED:
        return False
    subj = subject(tok)
    partner = any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children) or (
        subj is not None and (subj.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subj.children)))
    return not partner


def _content(tok: Token, found: dict[Token, Trigger]) -> Token | None:
    """The event a verb commits to or decides: its xcomp, or the first trigger inside it ('place under arrest')."""
    act = child(tok, "xcomp")
    if act is None:
        return None
    return act if act in found else next((t for t in act.subtree if t in found), None)


def pledged_force(tok: Token, trig: Trigger, found: dict[Token, Trigger]) -> Trigger | None:
    """'pledged to crack down on the rioters', 'vowed to strike back': a promise of force is a threat
    (PLOVER THREATEN), not an agreement; the lexicon row with the THREATEN type and this trigger's lemma."""
    if trig.type != "AGREE" or tok.lemma_.lower() not in PROMISES:
        return None
    content = _content(tok, found)
    if content is None or found[content].type not in FORCE:
        return None
    return replace(trig, type="THREATEN", mode="violence", cameo="138")

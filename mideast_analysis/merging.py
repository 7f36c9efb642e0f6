"""One row per real event: the mentions of an article's events that describe the same event merge.

Attacks merge when date, place and actors agree (a later mention may leave them unstated) and the later
one is not told as a further incident ('a new offensive', 'then broke out'); other
types only when the same word is repeated ('the statement ...'). The merged row keeps the most
precise date and the richest mention, and `spans` lists every mention.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .anchoring import told_in_the_past
from .geocoding.gazetteer import distance_km
from .triggers import match_trigger

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .events import Event


Extents = dict[str, tuple[float, float, float]]  # location_id -> (lat, lon, precision_km)
SAME_PLACE_KM = 25.0  # the largest extent within which two named places may be one attack's place
ECHO_CHARS = 60  # characters before a trigger that must repeat for a repeated sentence
RAIDS = {"raid", "storm", "besiege", "search", "siege"}
NEXT_IN_TIME = {"then", "later", "again", "afterwards", "subsequently", "thereafter"}  # '... then broke out'
RESPONSE, RESPONSE_NOUNS = {"respond", "retaliate", "reply"}, {"response", "retaliation", "reply"}
ANOTHER = {"new", "another", "second", "third", "fresh", "separate", "further", "renewed"}  # 'a new offensive'


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _repeated(a: Event, b: Event, extents: Extents, parents: dict[str, str]) -> bool:
    """Two mentions that may tell one event: attacks; statements of one speaker; the same noun ('a statement ...
    the statement'); the same verb of the same actor. 'X said ... Y said' are two acts, and so are two 'said'
    of unknown speakers."""
    if a.type == "ASSAULT":
        return _near_or_shared(a, b, extents, parents)
    same_speaker = a.source_actor_id is not None and a.source_actor_id == b.source_actor_id
    if a.type == "STATEMENT" and same_speaker:
        return True  # what one speaker says through an article ('said', 'added', 'told X') is one statement
    if a.token.lemma_.lower() != b.token.lemma_.lower():
        return False
    return a.token.pos_ == "NOUN" or same_speaker


def _another(ev: Event) -> bool:
    """A mention told as a further incident: 'a new offensive', 'another strike', 'clashes then broke out',
    an answer to another ('Israel responded by shelling')."""
    tok = ev.token
    verb = tok.head if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "dobj", "nsubjpass") else tok
    told = [tok, *(c for c in tok.children if c.dep_ == "dobj")]  # 'launched a new offensive'
    return any(c.dep_ in ("amod", "det") and c.lower_ in ANOTHER for t in told for c in t.children) or any(
        c.dep_ == "advmod" and c.lower_ in NEXT_IN_TIME for c in verb.children) or _a_response(tok, verb)


def _a_response(tok: Token, verb: Token) -> bool:
    """An attack told as the answer to another: 'retaliated', 'responded by shelling', 'in response'."""
    heads = [tok, *list(tok.ancestors)[:3]]
    return any(h.lemma_.lower() in RESPONSE for h in heads) or any(
        c.dep_ == "prep" and any(g.lemma_.lower() in RESPONSE_NOUNS for g in c.children) for c in verb.children)


def _near_or_shared(a: Event, b: Event, extents: Extents, parents: dict[str, str]) -> bool:
    """Two mentions of attacks that may be one: told in the same or the next sentence, named by the same word,
    or with the same day, target or place given by the text ('the embassy in Baghdad had been attacked'); a
    default date or place is no evidence."""
    if abs(a.sentence.index - b.sentence.index) <= 1 or a.token.lemma_.lower() == b.token.lemma_.lower():
        return True
    same_day = bool(a.date_text and b.date_text) and a.date == b.date and a.date_precision == "day"
    same_target = a.target_actor_id is not None and a.target_actor_id == b.target_actor_id
    same_place = a.place_in_clause and b.place_in_clause and a.location_id is not None and b.location_id is not None \
        and _same_place(a.location_id, b.location_id, extents, parents)
    return same_day or same_target or same_place


def _echo(a: Event, b: Event) -> bool:
    """The same words up to the same trigger: a sentence a page repeats (a summary above the body)."""
    def around(ev: Event) -> str:
        text, at = ev.sentence.parsed.text, ev.token.idx
        return text[max(0, at - ECHO_CHARS):at]

    return a.token.lower_ == b.token.lower_ and around(a) == around(b)


def _same_victim(a: str | None, b: str | None, people: set[str]) -> bool:
    """Unstated or equal targets; but an attack on a named person ('Majida Obaid was shot dead') is an
    incident of its own, one only with another mention of that person."""
    if a in people or b in people:
        return a == b
    return _compatible(a, b)


def _same_count(a: int | None, b: int | None) -> bool:
    """Unstated or equal: two tolls in one article ('28 killed', 'four others were killed in X') are two
    incidents, or a total and a part of it, never one mention repeated."""
    return a is None or b is None or a == b


def _same_place(a: str | None, b: str | None, extents: Extents, parents: dict[str, str]) -> bool:
    """Unstated, equal, one inside the other ('Baghdad' and 'Iraq'), or within each other's extent when that
    extent is a city's or smaller ('the embassy in Baghdad' and 'the Green Zone'): a border or a region
    that contains neither holds many separate incidents."""
    if a is None or b is None or a == b or _ancestor(a, b, parents) or _ancestor(b, a, parents):
        return True
    (la1, lo1, p1), (la2, lo2, p2) = extents[a], extents[b]
    return max(p1, p2) <= SAME_PLACE_KM and distance_km(la1, lo1, la2, lo2) <= max(p1, p2)


def _ancestor(a: str, b: str, parents: dict[str, str]) -> bool:
    """Whether place `a` contains place `b` in the article's hierarchy of places."""
    seen = set()
    while b in parents and b not in seen:
        seen.add(b)
        b = parents[b]
        if b == a:
            return True
    return False


def fought_raids(events: list[Event]) -> list[Event]:
    """'Three officers died in a shootout during an arrest raid': a raid in a sentence that tells of fighting is
    that fight (the shared reference codes a raid as COERCE only without fighting). `events` are one
    sentence's; the raid's mention joins the attack's row."""
    fight = next((ev for ev in events if ev.type == "ASSAULT"), None)
    if fight is None:
        return events
    out = []
    for ev in events:
        if ev.type == "COERCE" and ev.token.lemma_.lower() in RAIDS:
            absorb(fight, ev)
        else:
            out.append(ev)
    return out


def merge(events: list[Event], extents: Extents, parents: dict[str, str], people: set[str]) -> list[Event]:
    """One row per real event. Attacks merge when date, place, actors and tolls agree (a later mention may
    leave them unstated); other types when the same noun is repeated ('the statement ...') or one actor repeats a
    verb; any mention of a sentence the page repeats word for word; a definite noun ('the ceasefire') joins
    the last event of its type."""
    out: list[Event] = []
    for ev in events:
        twin = next((o for o in out if _twins(o, ev, extents, parents, people)), None) or _antecedent(ev, out)
        if twin is not None:
            absorb(twin, ev)
        else:
            out.append(ev)
    return out


def _antecedent(ev: Event, earlier: list[Event]) -> Event | None:
    """'The office confirmed the ceasefire', 'the talks had been held', 'the raid targeted four houses': a noun
    with 'the' or 'this', as the trigger or as what its verb is about, refers back to the last event of its
    type on a compatible date, whoever the verb around it names."""
    tok = ev.token
    if tok.pos_ == "VERB":  # 'the talks had been held', 'the attack, carried out at dawn': the event noun it tells of
        tok = tok.head if tok.dep_ == "acl" else next((c for c in tok.children if c.dep_ in ("nsubjpass", "dobj", "nsubj")
                                                       and c.pos_ == "NOUN"), tok)
        found = match_trigger(tok) if tok.pos_ == "NOUN" else None
        if found is None or found.type != ev.type:  # not 'condemned the attack', 'stormed the parliament'
            return None
    if tok.pos_ != "NOUN" or _another(ev) or not any(
            c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
        return None
    return next((o for o in reversed(earlier) if o.type == ev.type and _compatible(o.date, ev.date)), None)


def _twins(o: Event, ev: Event, extents: Extents, parents: dict[str, str], people: set[str]) -> bool:
    """Whether `ev` is another mention of `o`: a repeated sentence, or a repeat whose details all agree."""
    if o.type != ev.type:
        return False
    if _echo(o, ev):
        return True
    return (_repeated(o, ev, extents, parents) and not _another(ev) and _compatible(o.date, ev.date) and _same_place(o.location_id, ev.location_id, extents, parents)
            and _compatible(o.source_actor_id, ev.source_actor_id) and _same_victim(o.target_actor_id, ev.target_actor_id, people)
            and _same_count(o.killed, ev.killed) and _same_count(o.injured, ev.injured))


def _precision_rank(p: str) -> int:
    return {"day": 3, "month": 2, "year": 1}.get(p, 0)


def absorb(keep: Event, other: Event) -> None:
    """Merge `other` into `keep`: the more precise date and the richer mention lead, and of equals the one
    told in the past (the story's day is then given to it)."""
    rank, other_rank = _precision_rank(keep.date_precision), _precision_rank(other.date_precision)
    past = other.type == keep.type and not told_in_the_past(keep.token) and told_in_the_past(other.token)
    if other_rank > rank or other_rank == rank and past:
        for attr in ("trigger", "token", "sentence", "start", "end", "date", "date_precision", "date_text",
                     "modality", "attributed_to", "confidence"):
            keep.__dict__[attr], other.__dict__[attr] = other.__dict__[attr], keep.__dict__[attr]
    if keep.location_id is None or other.place_in_clause and not keep.place_in_clause:
        keep.location_id, keep.place_in_clause = other.location_id, other.place_in_clause
    for attr in ("source_actor_id", "target_actor_id", "quantity", "weapon", "killed", "injured"):
        if getattr(keep, attr) is None:
            setattr(keep, attr, getattr(other, attr))
    keep.spans |= other.spans

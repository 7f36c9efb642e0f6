"""Triggers -> typed events with source, target, place, date, counts, modality and provenance.

Triggers are rules as data (triggers.py over resources/event_triggers.csv). Arguments come from the
dependency parse: the subject (or passive agent) is the source, the
object (or "targeting X", "against X", "on X") the target; the place is a location named inside
the trigger's clause, else in its sentence (with lower confidence); the date is the date
expression nearest the trigger, resolved against the publication date. Repeated mentions of one
attack merge into one event whose `spans` lists every mention (merging.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Callable, Iterable

from spacy.tokens import Token

from .merging import absorb, merge
from .nlp import Sentence
from .spans import Mention, SpanIndex, stable_id
from .timex import precision_of
from .triggers import Trigger, lexicon, match_trigger

EVENT_SEGMENTS = ("body",)
TARGET_PREPS = {"against", "on", "at", "upon", "targeting", "into"}
WEAPONS = {"missile", "rocket", "mortar", "shell", "drone", "bomb", "grenade", "artillery", "ied", "bullet",
           "airstrike", "car bomb", "explosive", "tank", "gun", "rifle", "katyusha", "projectile", "warplane",
           "jet", "helicopter"}
KILL_LEMMAS = {"kill", "death", "dead", "die"}
INJURE_LEMMAS = {"injure", "wound", "hurt", "injury", "casualty"}
HYPOTHETICAL = {"consider", "plan", "mull", "weigh", "threaten", "may", "might", "could", "would", "if",
                "unless", "propose", "seek", "intend", "want", "aim", "prepare", "contemplate"}
FUTURE = {"will", "shall"}
REPORTING = {"report", "say", "tell", "claim", "announce", "state", "quote", "according", "disclose", "confirm"}
TEMPORAL_MARKS = {"after", "before", "when", "while", "as", "since", "until", "once", "whereas"}
BEFORE_WORDS = {"following", "after", "since", "before"}
NEGATING = {"fail", "refuse", "deny", "decline"}
NEGATIVE_SUBJECTS = {"nobody", "none", "nothing", "neither", "noone"}
RECIPROCAL = {"CONSULT", "AGREE", "COOPERATE"}
SPEECH_ACTS = {"THREATEN", "REQUEST"}  # what a threat or a demand is about has not happened
COMMITMENT = {"ready", "prepared", "willing", "pledge", "promise", "vow", "swear", "offer", "plan", "intend", "decide"}
COOPERATIVE = {"SUPPORT", "AID", "COOPERATE", "CONSULT", "RETREAT", "CONCEDE", "AGREE"}
CONFLICTUAL = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}
CLAUSAL = {"xcomp", "ccomp", "advcl", "dobj", "pcomp", "conj"}
UNDERGOER_VERBS = {"suffer", "face", "endure", "survive", "receive", "repel", "repulse", "foil", "thwart",
                   "witness", "come", "sustain", "absorb", "weather"}
PARTICIPANT_PREPS = {"during", "in", "at", "through", "via"}  # 'said during a call with X'; not 'after the attacks'
OWN_CLAUSE = {"dobj", "nsubj", "xcomp", "ccomp"}  # a coordinated verb with these is a clause of its own
OBLIGATION_REPORTERS = REPORTING | {"declare", "conclude", "insist", "stress", "add", "reiterate", "demand"}
ANCHOR_DAYS = 14  # how far before publication a story's dated events lie
MAX_COUNT = 10_000_000  # the largest number read as a count of people or weapons
COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "dozens": 24,
               "several": 3, "hundreds": 200, "scores": 40}


@dataclass
class Event:
    """An event being assembled; `spans` keeps the provenance of every merged mention."""

    type: str
    trigger: Trigger
    token: Token
    sentence: Sentence
    start: int
    end: int
    source_actor_id: str | None = None
    target_actor_id: str | None = None
    location_id: str | None = None
    place_in_clause: bool = False
    date: str | None = None
    date_precision: str = "unknown"
    date_text: str | None = None
    quantity: int | None = None
    weapon: str | None = None
    killed: int | None = None
    injured: int | None = None
    modality: str = "asserted"
    attributed_to: str | None = None
    confidence: float = 0.5
    spans: set[tuple[int, int]] = field(default_factory=set)


def _by_sentence(mentions: Iterable[Mention]) -> dict[int, list[Mention]]:
    out: dict[int, list[Mention]] = {}
    for m in mentions:
        out.setdefault(m.sentence, []).append(m)
    return out


def _child(tok: Token, dep: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ == dep), None)


def _count(tok: Token) -> int | None:
    """A number attached to a noun: 'eight missiles' -> 8, 'a soldier' -> 1."""
    for c in tok.children:
        if c.dep_ in ("nummod", "det", "quantmod") or c.like_num:
            w = c.lower_.replace(",", "")
            if w.isdecimal() and len(w) <= len(str(MAX_COUNT)) and int(w) <= MAX_COUNT:
                return int(w)  # a longer number is an amount or a code, not a count of people or weapons
            if w in COUNT_WORDS:
                return COUNT_WORDS[w]
    return None


def _count_of(tok: Token) -> int | None:
    """'dozens of rockets' -> 24, 'a barrage of 30 missiles' is _count's: the number on the noun it is 'of'."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "of":
        head = tok.head.head
        return COUNT_WORDS.get(head.lower_) or _count(head)
    return None


def _actors_in(tok: Token, sent: Sentence, actor_spans: SpanIndex,
               by_head: bool | None = None) -> list[str]:
    """Distinct actors mentioned in the token's phrase. In text order for a coordination ('X and Y');
    otherwise (or with `by_head`) the one naming the phrase's head first and possessors last
    ('Jordan's King Abdullah' is the king)."""
    lo, hi = sent.parsed.offset(tok.left_edge.idx), sent.parsed.offset(tok.right_edge.idx + len(tok.right_edge))
    by_head = by_head if by_head is not None else not any(t.dep_ == "cc" for t in tok.subtree)
    head, ps = sent.parsed.offset(tok.idx), sent.parsed

    def rank(span: tuple[int, int]) -> tuple[bool, bool, int]:
        s, e = span
        after = e - ps.segment.start
        return (not s <= head < e, ps.text[after:after + 2] in ("'s", "’s"), s) if by_head else (False, False, s)

    found = sorted((rank(span), aid) for span, aid in actor_spans.within(lo, hi))
    return list(dict.fromkeys(aid for _, aid in found))


def _actor_of(tok: Token, sent: Sentence, actor_spans: SpanIndex) -> str | None:
    """The actor a phrase names: the one naming its head ('Soleimani and al-Muhandis were killed')."""
    found = _actors_in(tok, sent, actor_spans, by_head=True)
    return found[0] if found else None


class EventExtractor:
    """Finds the events of one article."""

    def __init__(self, published: datetime | None, actor_spans: SpanIndex,
                 location_mentions: list[Mention], date_mentions: list[Mention],
                 extents: dict[str, tuple[float, float, float]], home: dict[str, str]) -> None:
        self.published = published
        self.extents = extents
        self.home = home
        self.actor_spans = actor_spans
        self.locations = _by_sentence(location_mentions)
        self.dates = _by_sentence(m for m in date_mentions if m.ref_id)

    def _arguments(self, ev: Event) -> None:
        tok, sent = ev.token, ev.sentence
        actor = lambda t: _actor_of(t, sent, self.actor_spans) if t is not None else None  # noqa: E731
        subj = _child(tok, "nsubj")
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
        agent = next((g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"),
                     None) if passive else None
        undergoer = None
        if tok.pos_ not in ("VERB", "AUX"):  # nominal trigger: "US raid", "statement issued by X", "attacks by X"
            subj = next((c for c in tok.children if c.dep_ in ("compound", "amod", "poss") and actor(c)), None)
            agent = next((g for c in tok.children if c.dep_ in ("prep", "acl") for a in [c, *c.children]
                          if a.dep_ in ("prep", "agent") and a.lower_ == "by"
                          for g in a.children if g.dep_ == "pobj"), None)
            verb = tok.head if tok.dep_ == "dobj" else tok.head.head if (
                tok.dep_ == "pobj" and tok.head.lower_ in PARTICIPANT_PREPS) else None
            if subj is None and agent is None and verb is not None and verb.pos_ == "VERB":
                if verb.lemma_.lower() in UNDERGOER_VERBS:  # 'the convoy came under attack': the subject is hit
                    undergoer = _child(verb, "nsubj")  # ... and 'received aid from Qatar': the giver follows 'from'
                    subj = next((g for p in verb.children if p.dep_ in ("prep", "agent") and p.lower_ in ("from", "by")
                                 for g in p.children if g.dep_ == "pobj"), None)
                else:  # 'the EU is considering new sanctions', 'called during a phone call with X'
                    subj = _child(verb, "nsubj")
        elif subj is None and tok.dep_ == "relcl":
            subj = tok.head
        elif subj is None and not passive:  # "X announced ..., while warning Y": the nearest subject up the tree
            subj = next((c for a in _clausal_ancestors(tok) for c in a.children if c.dep_ == "nsubj"), None)
        src = agent if agent is not None else subj
        in_subject = _actors_in(src, sent, self.actor_spans) if src is not None else []
        ev.source_actor_id = in_subject[0] if in_subject else None
        tgt = _child(tok, "dobj") or _child(tok, "nsubjpass") or undergoer
        if tgt is None:
            for c in tok.subtree:
                if c.dep_ == "pobj" and c.head.lower_ in TARGET_PREPS and c.head.head == tok:
                    tgt = c
                    break
                if c.lemma_ == "target" and c.head == tok:
                    tgt = _child(c, "dobj")
        aid = actor(tgt)
        if aid is None and ev.type in RECIPROCAL and len(in_subject) > 1:
            aid = in_subject[1]  # "X and Y discussed ...": both take part
        ev.target_actor_id = aid if aid != ev.source_actor_id else None
        self._counts(ev)

    def _demander(self, ev: Event) -> None:
        """'X said Y must withdraw': X demands of Y. The obligee becomes the target, the speaker the source."""
        speaker = next((c for a in _clausal_ancestors(ev.token) for c in a.children if c.dep_ == "nsubj"), None)
        found = _actors_in(speaker, ev.sentence, self.actor_spans) if speaker is not None else []
        if found and found[0] != ev.source_actor_id:
            ev.source_actor_id, ev.target_actor_id = found[0], ev.source_actor_id

    def _counts(self, ev: Event) -> None:
        root = ev.token if ev.token.pos_ != "NOUN" else ev.token.head
        casualties = [c for c in root.children if c.dep_ == "advcl" and c.tag_ == "VBG"
                      and c.lemma_.lower() in KILL_LEMMAS | INJURE_LEMMAS]  # '..., killing three militants'
        for t in _own_clause(root) + [t for c in casualties for t in _own_clause(c)]:
            lemma = t.lemma_.lower()
            if lemma in WEAPONS and ev.weapon is None:
                ev.weapon, ev.quantity = lemma, _count(t) or _count_of(t)
            if lemma in KILL_LEMMAS | INJURE_LEMMAS and t.pos_ == "VERB":
                victim = next((c for c in t.children if c.dep_ in ("dobj", "nsubjpass")), None)
                n = _count(victim) if victim is not None else None
                if n is None and victim is not None:
                    n = 1 + sum(1 for c in victim.children if c.dep_ == "conj") if victim.ent_type_ == "PERSON" else None
                if lemma in KILL_LEMMAS:
                    ev.killed = ev.killed or n
                else:
                    ev.injured = ev.injured or n

    def _place(self, ev: Event, nested: set[int]) -> None:
        """A place named in the trigger's own clause; else elsewhere in the sentence (outside other events'
        clauses); else the home country of a state actor acting at home. `confidence` says which."""
        sent, tok = ev.sentence, ev.token
        clause = {sent.parsed.offset(t.idx) for t in tok.subtree} - nested
        in_sent = [m for m in self.locations.get(sent.index, ()) if (m.start, m.end) not in self.actor_spans
                   and m.start not in nested]
        inside = [m for m in in_sent if m.start in clause]
        chosen = inside or in_sent
        if chosen:
            m = min(chosen, key=lambda m: abs(m.start - ev.start))
            ev.location_id, ev.place_in_clause = m.ref_id, bool(inside)
        elif ev.source_actor_id in self.home:
            ev.location_id = self.home[ev.source_actor_id]

    def _date(self, ev: Event) -> None:
        """The date expression in the trigger's clause, else one governing it, unless the event comes before
        it ("following the attacks", what a report says "had" happened); else a default from the tense."""
        sent, tok = ev.sentence, ev.token
        dated = self.dates.get(sent.index, [])
        at = {sent.parsed.offset(t.idx): t for t in sent.span}
        own = _own_offsets(tok, sent.parsed.offset)
        inside = [m for m in dated if m.start in own]
        governing = []
        # "..., while warning Iran": an adjunct happening while its head clause happens, report or not
        concurrent = any(c.dep_ == "mark" and c.lower_ in ("while", "as", "when") for c in tok.children)
        for m in dated:
            first = at.get(m.start)
            if first is None or m in inside:
                continue
            head = first  # climb out of the date phrase ("Last January", "on Sunday") to the verb it modifies
            while (head.ent_type_ == "DATE" or head.dep_ in ("prep", "pobj")) and head.head != head:
                head = head.head
            ancestors = list(tok.ancestors)
            if head not in ancestors:
                continue
            path = [tok] + ancestors[: ancestors.index(head)]
            earlier = any(a.lower_ in BEFORE_WORDS for a in path)  # "following the attacks": before the head's date
            reported_past = any(a.lemma_.lower() in REPORTING for a in ancestors[: ancestors.index(head) + 1]) and any(
                c.lower_ == "had" for a in path for c in a.children if c.dep_ == "aux")
            if concurrent or not (earlier or reported_past):
                governing.append(m)
        chosen = inside or governing
        if chosen:
            m = min(chosen, key=lambda m: abs(m.start - ev.start))
            ev.date, ev.date_precision, ev.date_text = m.ref_id, precision_of(m.ref_id), m.text
            return
        if self.published is None:
            return
        aux = {t.lower_ for t in tok.children if t.dep_ in ("aux", "auxpass")}
        if "had" in aux:  # past perfect without a date: some time before, this year at best
            ev.date, ev.date_precision = str(self.published.year), "year"
        else:  # news reports the recent past: the publication month
            ev.date, ev.date_precision = self.published.strftime("%Y-%m"), "month"

    def _modality(self, ev: Event) -> None:
        """negated / hypothetical / future from the verbs governing the trigger; who reports it."""
        tok = ev.token
        chain = [tok]
        while chain[-1].dep_ in CLAUSAL and chain[-1].head != chain[-1] and len(chain) < 4:
            chain.append(chain[-1].head)
        governors = chain[1:] if tok.pos_ in ("VERB", "AUX") else chain[1:2]
        conditional = any(c.dep_ == "advcl" and any(g.lower_ in ("if", "unless") for g in c.children if g.dep_ == "mark")
                          for c in tok.children)
        if any(c.dep_ == "neg" for h in chain[:2] for c in h.children) or _nobody(tok) or any(  # 'refused X and urged Y': Y happened
                h.lemma_.lower() in NEGATING and below.dep_ != "conj" for below, h in zip(chain, chain[1:])
                if h in governors):
            ev.modality = "negated"
        elif any(h.lemma_.lower() in HYPOTHETICAL for h in governors) or (conditional and ev.type not in SPEECH_ACTS) \
                or any(c.lower_ in ("may", "might", "could", "would") for c in tok.children if c.dep_ == "aux"):
            ev.modality = "hypothetical"
        elif any(c.lower_ in FUTURE for h in chain[:2] for c in h.children if c.dep_ == "aux"):
            ev.modality = "future"
        for h in tok.ancestors:
            if h.lemma_.lower() in REPORTING:
                src = _child(h, "nsubj")
                if src is not None and src.pos_ == "PROPN":
                    ev.attributed_to = " ".join(t.text for t in src.subtree)
                    ev.modality = ev.modality if ev.modality != "asserted" else "reported"
                break
        m = re.search(r"\baccording to (?:an? |the )?([^,.;]+)", ev.sentence.span.text, re.I)
        if m and ev.attributed_to is None:
            ev.attributed_to = m.group(1).strip()
            ev.modality = ev.modality if ev.modality != "asserted" else "reported"

    def run(self, sentences: list[Sentence]) -> list[Event]:
        events = []
        for sent in sentences:
            if sent.kind not in EVENT_SEGMENTS:
                continue
            found = {tok: trig for tok in sent.span
                     if (trig := match_trigger(tok)) is not None and not _background(tok, trig)}
            found.update({tok: _demand_trigger() for tok in sent.span if tok not in found and _reported_obligation(tok)})
            hosts = {tok for tok, trig in found.items() if trig.type != "STATEMENT"}
            by_token: dict[Token, Event] = {}
            for tok, trig in found.items():
                nested = _nested_offsets(tok, found, sent.parsed.offset)
                if _argument_of(tok, hosts):
                    continue  # what a threat, demand or agreement is about, not an event of its own
                if trig.type == "STATEMENT" and _said_by_a_statement(tok, found):
                    continue  # 'the statement also stressed ...': what that statement says
                start = sent.parsed.offset(tok.idx)
                ev = Event(trig.type, trig, tok, sent, start, start + len(tok.text), spans={(start, start + len(tok.text))})
                self._arguments(ev)
                self._place(ev, nested)
                self._date(ev)
                self._modality(ev)
                ev.confidence = round(trig.weight * (1.0 if ev.place_in_clause or ev.location_id is None else 0.85), 2)
                act = _speech_act(ev)
                if act is not None:  # the announced act is what the promise, threat or demand is about
                    if act.type == "REQUEST":
                        self._demander(act)
                    events.append(act)
                    continue
                by_token[tok] = ev
            for tok, ev in list(by_token.items()):  # "killed in a US raid": the raid is the killing's means
                host = by_token.get(tok.head.head) if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else None
                if host is not None and host is not ev:
                    absorb(host, ev)
                    del by_token[tok]
            events.extend(by_token.values())
        merged = merge(events, self.extents)  # a repeated mention's default date is no date of its own
        self._anchor_dates(merged)
        return merged

    def _anchor_dates(self, events: list[Event]) -> None:
        """An event the text gives no date (its date is the publication month by default) happened on the
        day of the story's last dated event before it, or else of the first one (the lead): news tells a
        story's events after stating their day once. The story's days are those within ANCHOR_DAYS before
        publication; a future, hypothetical or negated event, or one told in the present ('Washington
        accuses ...', 'has killed'), keeps its default."""
        if self.published is None:
            return
        first = (self.published - timedelta(days=ANCHOR_DAYS)).date().isoformat()
        anchors = [ev for ev in events if ev.date_text and ev.date_precision == "day"
                   and first <= ev.date <= self.published.date().isoformat()]
        if not anchors:
            return
        for ev in events:
            if ev.date_text or ev.date_precision != "month" or ev.modality not in ("asserted", "reported") \
                    or not _told_in_the_past(ev.token):
                continue
            before = [a for a in anchors if a.start < ev.start]
            anchor = before[-1] if before else anchors[0]
            ev.date, ev.date_precision, ev.date_text = anchor.date, anchor.date_precision, anchor.date_text


def _nobody(tok: Token) -> bool:
    """A subject that denies the act: 'nobody said', 'no group claimed', 'none of them fired'."""
    subject = _child(tok, "nsubj") or _child(tok, "nsubjpass")
    return subject is not None and (subject.lower_ in NEGATIVE_SUBJECTS
                                    or any(c.dep_ == "det" and c.lower_ == "no" for c in subject.children))


def _said_by_a_statement(tok: Token, found: dict[Token, Trigger]) -> bool:
    """A speech verb whose subject is itself a statement ('the statement stressed', 'the communique said')."""
    subject = _child(tok, "nsubj")
    return subject is not None and subject in found and found[subject].type == "STATEMENT"


def _told_in_the_past(tok: Token) -> bool:
    """A verb in the simple past ('fired', 'were killed'), or a noun of such a verb or of none ('the attack
    on the base', 'a statement'); not the present or present perfect, which tell what is still going on."""
    if tok.pos_ not in ("VERB", "AUX"):  # a noun takes the tense of the verb it belongs to ('has faced attacks')
        if tok.head is tok or tok.head.pos_ not in ("VERB", "AUX"):
            return True
        tok = tok.head
    aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    return (tok.tag_ == "VBD" or (tok.tag_ == "VBN" and bool(aux & {"was", "were"}))) and not aux & {"has", "have"}


def _nested_offsets(tok: Token, triggers: dict[Token, Trigger], offset: Callable[[int], int]) -> set[int]:
    """Offsets of the tokens inside the other triggers' phrases below `tok` (their places are theirs):
    one walk down the tree, stopping at each trigger, whose whole subtree is nested."""
    out: set[int] = set()
    stack = list(tok.children)
    while stack:
        t = stack.pop()
        if t in triggers:
            out.update(offset(x.idx) for x in t.subtree)
        else:
            stack.extend(t.children)
    return out


def _own_offsets(trigger: Token, offset: Callable[[int], int]) -> set[int]:
    """Offsets of the trigger's phrase without the descriptions of its participants ('two men convicted
    over last year's protests'), whose dates are not the event's: one walk down the tree."""
    out, stack = {offset(trigger.idx)}, list(trigger.children)
    while stack:
        t = stack.pop()
        if t.dep_ in ("acl", "relcl", "poss") and t.head != trigger:
            continue
        out.add(offset(t.idx))
        stack.extend(t.children)
    return out


def _own_clause(tok: Token) -> list[Token]:
    """The token and its dependents, without the clauses embedded in it (they are events of their own)."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("advcl", "ccomp", "xcomp", "relcl", "conj", "parataxis"))
    return out


def _speech_act(ev: Event) -> Event | None:
    """What announcing a future act does (PLOVER): 'will provide aid' promises (AGREE), 'will impose a
    curfew' threatens (THREATEN), 'will not accept' rejects (REJECT), 'must drop barriers' demands (REQUEST).
    The announcement is the event, as with 'threatened to target': the act it is about has not happened.
    Only an actor's own announcement (said, announced, is ready to, plans to) counts."""
    tok = ev.token
    if tok.pos_ not in ("VERB", "AUX") and tok.dep_ in ("dobj", "nsubjpass"):
        tok = tok.head  # 'will extend the curfew': the verb carries the tense
    verbs = [tok]
    while verbs[-1].dep_ == "xcomp" and verbs[-1].head.lemma_.lower() not in REPORTING:
        verbs.append(verbs[-1].head)  # 'would continue attacking': the tense is on 'continue'
    aux = {c.lower_ for t in verbs for c in t.children if c.dep_ == "aux"}
    heads = {a.lemma_.lower() for a in _clausal_ancestors(tok)}
    reported = any(a.lemma_.lower() in REPORTING for a in tok.ancestors)
    announced = reported or bool(heads & COMMITMENT)  # 'Iraq will deploy troops' in the reporter's voice is a forecast
    committed = announced and (bool(aux & (FUTURE | {"would"})) or bool(heads & COMMITMENT))
    unless = any(c.dep_ == "advcl" and any(g.lower_ == "unless" for g in c.children if g.dep_ == "mark")
                 for c in tok.children)
    if aux & {"must", "should"}:
        kind = "REQUEST"
    elif committed and unless:  # 'will withdraw its force unless ...': a conditional act is a threat
        kind = "THREATEN"
    elif committed and ev.modality == "negated" and ev.type in COOPERATIVE:
        kind = "REJECT"
    elif committed and ev.type in COOPERATIVE:
        kind = "AGREE"
    elif committed and ev.type in CONFLICTUAL:
        kind = "THREATEN"
    else:
        return None
    code = {"REQUEST": "100", "REJECT": "120", "AGREE": "030", "THREATEN": "130"}[kind]
    trig = replace(ev.trigger, type=kind, mode="", cameo=code, acled_event_type="", acled_sub_event_type="")
    return replace(ev, type=kind, trigger=trig, modality="asserted", spans=set(ev.spans))


def _reported_obligation(tok: Token) -> bool:
    """'declared that China must drop barriers': a reported obligation is a demand (PLOVER REQUEST)."""
    return tok.pos_ == "VERB" and tok.dep_ == "ccomp" and tok.head.lemma_.lower() in OBLIGATION_REPORTERS \
        and any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in tok.children)


@lru_cache(maxsize=1)
def _demand_trigger() -> Trigger:
    """The lexicon's plain 'demand' row, for demands worded as obligations."""
    return next(t for t in lexicon()[("demand", "VERB")] if not t.objects and not t.prep)


def _argument_of(tok: Token, hosts: set[Token]) -> bool:
    """Whether the trigger sits inside another event's phrase ('agreed to lift the embargo', 'accepted
    demands', 'agreed to a ceasefire after fighting'), not in a clause of its own time ('..., after X
    were killed', 'while warning Y') or a prepositional 'in a raid' (merged instead)."""
    t = tok
    while t.head != t:
        marks = {c.lower_ for c in t.children if c.dep_ == "mark"}
        if t.dep_ == "advcl" and marks & TEMPORAL_MARKS:
            return False
        if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head in hosts and t.head.lower_ in ("in", "during", "by"):
            return False
        if t.dep_ == "conj" and t.head in hosts and any(c.dep_ in OWN_CLAUSE for c in t.children):
            return False  # 'kidnapped advisers and exploded bombs', 'met and the two agreed': two events
        t, came_from = t.head, t
        if _hosting(t, hosts, came_from):
            return True
    return False


def _hosting(tok: Token, hosts: set[Token], came_from: Token) -> bool:
    """An event trigger, or a light verb whose object is one ('staged demonstrations to demand reforms')."""
    return tok in hosts or any(c.dep_ == "dobj" and c in hosts and c.i != came_from.i for c in tok.children)


def _clausal_ancestors(tok: Token) -> list[Token]:
    out, t = [], tok
    while t.dep_ in CLAUSAL and t.head != t and len(out) < 3:
        t = t.head
        out.append(t)
    return out


def _background(tok: Token, trig: Trigger) -> bool:
    """Participles that describe a state, not an event: 'forces deployed in Iraq', 'soldiers are deployed',
    gerunds inside a noun phrase: 'the repercussions of killing', and demands spoken of as standing."""
    if tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod"):  # 'a UN-brokered deal'
        return True
    aux = {c.lower_ for c in tok.children if c.dep_ == "auxpass"}
    if tok.tag_ == "VBN" and aux & {"is", "are", "am"} and not any(c.dep_ == "aux" for c in tok.children):
        return True
    if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass") and trig.type == "REQUEST":
        return True  # 'until their demands are met': a demand made before, not made here
    return tok.tag_ == "VBG" and tok.dep_ == "pcomp" and tok.head.lower_ in ("of", "about", "for") \
        and _child(tok, "nsubj") is None


def event_rows(article_id: str, events: list[Event], places: dict[str, tuple[float, float]]) -> list[dict]:
    """Rows of the `events` table."""
    rows = []
    for ev in events:
        t = ev.trigger
        lat, lon = places.get(ev.location_id or "", (None, None))
        rows.append({
            "article_id": article_id, "event_id": stable_id("ev-", article_id, ev.start, ev.type),
            "type": ev.type, "acled_event_type": t.acled_event_type or None,
            "acled_sub_event_type": t.acled_sub_event_type or None, "cameo": t.cameo or None,
            "date": ev.date, "date_precision": ev.date_precision, "date_text": ev.date_text,
            "source_actor_id": ev.source_actor_id, "target_actor_id": ev.target_actor_id,
            "location_id": ev.location_id, "lat": lat, "lon": lon, "quantity": ev.quantity, "weapon": ev.weapon,
            "killed": ev.killed, "injured": ev.injured, "trigger": ev.token.text,
            "sentence": ev.sentence.span.text.strip(), "start": ev.start, "end": ev.end,
            "confidence": ev.confidence, "mode": t.mode or None, "modality": ev.modality,
            "attributed_to": ev.attributed_to, "spans": "|".join(f"{s}-{e}" for s, e in sorted(ev.spans))})
    return rows


def extract_events(sentences: list[Sentence], published: datetime | None,
                   actor_spans: dict[tuple[int, int], str], location_mentions: list[Mention],
                   dates: list[Mention], extents: dict[str, tuple[float, float, float]],
                   home: dict[str, str]) -> list[Event]:
    """The article's events, merged. `extents` maps a location_id to (lat, lon, precision_km); `home`
    maps a state actor (government, legislature) to its country's location_id."""
    return EventExtractor(published, SpanIndex(actor_spans), location_mentions, dates, extents, home).run(sentences)


"""Speech acts and modality: what an event's wording says about whether, and by whom, it happened.

An event is negated ('did not attack', 'nobody claimed'), hypothetical ('may strike'), future ('will
meet') or reported by someone. Announcing a future act is an act of its own (PLOVER): a promise
(AGREE), a threat (THREATEN), a refusal (REJECT), a demand (REQUEST).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Token

from .nlp import CLAUSAL, child, clausal_ancestors, marked_clause, subject
from .triggers import TEMPORAL_MARKS, Trigger, lexicon

if TYPE_CHECKING:
    from .events import Event

HYPOTHETICAL = {"consider", "plan", "mull", "weigh", "threaten", "may", "might", "could", "would", "if",
                "unless", "propose", "seek", "intend", "want", "aim", "prepare", "contemplate"}
FUTURE = {"will", "shall"}
REPORTING = {"report", "say", "tell", "claim", "announce", "state", "quote", "according", "disclose", "confirm"}
NEGATING = {"fail", "refuse", "deny", "decline"}
NEGATIVE_SUBJECTS = {"nobody", "none", "nothing", "neither", "noone"}
SPEECH_ACTS = {"THREATEN", "REQUEST"}  # what a threat or a demand is about has not happened
SPOKEN_CONTENT = {"REQUEST", "THREATEN", "REJECT"}  # acts a statement's words can be
COMMITMENT = {"ready", "prepared", "willing", "pledge", "promise", "vow", "swear", "offer", "plan", "intend", "decide"}
COOPERATIVE = {"SUPPORT", "AID", "COOPERATE", "CONSULT", "RETREAT", "CONCEDE", "AGREE"}
CONFLICTUAL = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}
UNNAMED_SOURCES = {"official", "source", "witness", "resident", "doctor", "medic", "activist", "observer",
                   "analyst", "expert", "people", "eyewitness", "paramedic"}
ANNOUNCING = {"announce", "declare", "unveil"}
ANNOUNCED_ACTS = {"SANCTION", "COERCE", "MOBILIZE", "AID"}  # 'announced sanctions': the sanctions are the act
THREAT_VERBS = {"threaten", "warn", "vow", "pledge", "promise"}  # 'may threaten': the threat itself is in doubt
SPEECH_VERBS = REPORTING | {"declare", "conclude", "insist", "stress", "add", "reiterate", "demand"}


def find_modality(ev: Event) -> None:
    """negated / hypothetical / future from the verbs governing the trigger; who reports it."""
    tok = ev.token
    chain = [tok]
    while chain[-1].dep_ in CLAUSAL and chain[-1].head != chain[-1] and len(chain) < 4 \
            and not marked_clause(chain[-1], TEMPORAL_MARKS):  # 'weighing options after X warned': X did warn
        chain.append(chain[-1].head)
    governors = chain[1:] if tok.pos_ in ("VERB", "AUX") else chain[1:2]
    conditional = any(marked_clause(c, {"if", "unless"}) for c in tok.children)
    if any(c.dep_ == "neg" for h in chain[:2] for c in h.children) or _nobody(tok) or any(  # 'refused X and urged Y': Y happened
            h.lemma_.lower() in NEGATING and below.dep_ != "conj" for below, h in zip(chain, chain[1:])
            if h in governors):
        ev.modality = "negated"
    elif any(h.lemma_.lower() in HYPOTHETICAL for h in governors) or (conditional and ev.type not in SPEECH_ACTS) \
            or any(c.lower_ in ("may", "might", "could", "would") for c in tok.children if c.dep_ == "aux"):
        ev.modality = "hypothetical"
    elif any(c.lower_ in FUTURE for h in chain[:2] for c in h.children if c.dep_ == "aux"):
        ev.modality = "future"
    if ev.type == "THREATEN" and ev.modality in ("hypothetical", "future") and tok.lemma_.lower() not in THREAT_VERBS:
        ev.modality = "asserted"  # 'warned they would target ships unless…': the act is to come, the threat was made
    for h in tok.ancestors:
        if h.lemma_.lower() in REPORTING:
            src = child(h, "nsubj")
            if src is not None and src.pos_ == "PROPN":
                ev.attributed_to = " ".join(t.text for t in src.subtree)
                ev.modality = ev.modality if ev.modality != "asserted" else "reported"
            break
    m = re.search(r"\baccording to (?:an? |the )?([^,.;]+)", ev.sentence.text, re.I)
    if m and ev.attributed_to is None:
        ev.attributed_to = m.group(1).strip()
        ev.modality = ev.modality if ev.modality != "asserted" else "reported"


def _nobody(tok: Token) -> bool:
    """A subject that denies the act: 'nobody said', 'no group claimed', 'none of them fired'."""
    subject = child(tok, "nsubj") or child(tok, "nsubjpass")
    return subject is not None and (subject.lower_ in NEGATIVE_SUBJECTS
                                    or any(c.dep_ == "det" and c.lower_ == "no" for c in subject.children))


def said_by_a_statement(tok: Token, found: dict[Token, Trigger]) -> bool:
    """A speech verb whose subject or object is itself a statement ('the statement stressed', 'the communique
    said', 'issued a statement'), a 'saying' that goes on with a statement or a claim already told ('claimed
    the attack, saying ...', 'the statement made no mention of X, saying ...'), or an announcement of an act
    ('announced new sanctions'): the statement or the act is the event, told once."""
    if any(c.dep_ in ("nsubj", "dobj") and c in found and found[c].type == "STATEMENT" for c in tok.children):
        return True
    if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "xcomp", "conj") and (tok.head in found or any(
            c.dep_ == "nsubj" and c in found and found[c].type == "STATEMENT" for c in tok.head.children)):
        return True
    return tok.lemma_.lower() in ANNOUNCING and any(
        c.dep_ == "dobj" and c in found and found[c].type in ANNOUNCED_ACTS for c in tok.children)


def fold_statements(events: list[Event]) -> list[Event]:
    """'"We call on all parties to show restraint," the EEAS said': a statement whose words are a demand, a
    threat or a refusal of its speaker is that act, told once (PLOVER codes the most specific act); the act
    takes the speaker. A statement that reports a deed ('said the group had fired') stays, and so does one
    beside an act of its own ('announced ..., while warning Iran') or told again elsewhere (more `spans`).
    Run after the statement has dated the act (date_by_speaker)."""
    acts: dict[int, list[Event]] = {}
    for o in events:
        if o.type in SPOKEN_CONTENT:
            acts.setdefault(o.sentence.index, []).append(o)
    out = []
    for ev in events:
        content = next((o for o in acts.get(ev.sentence.index, ()) if o.source_actor_id in (None, ev.source_actor_id)
                        and _says(ev.token, o.token)), None) if ev.type == "STATEMENT" and len(ev.spans) == 1 else None
        if content is None:
            out.append(ev)
        elif content.source_actor_id is None:
            content.source_actor_id = ev.source_actor_id
    return out


def _says(verb: Token, act: Token) -> bool:
    """Whether the speech verb reports the act's clause ('said [it would retaliate]') or is the tag of the
    quote the act opens ('"[We call on ...]," the EEAS said')."""
    if verb.dep_ == "parataxis" and verb.head == act:
        return True
    t = act
    for _ in range(4):  # up through clauses of what is said only: not 'while warning', a clause of its own
        if t.dep_ not in ("ccomp", "parataxis", "xcomp", "conj") or t.head == t:
            return False
        if t.head == verb:
            return t.dep_ in ("ccomp", "parataxis")
        t = t.head
    return False


def hearsay(ev: Event) -> bool:
    """A statement of unnamed people ('officials said', 'medical sources say', 'witnesses told AFP'): the
    reporter's attribution of a fact, not an act of a party."""
    if ev.type != "STATEMENT" or ev.source_actor_id is not None:
        return False
    subj = subject(ev.token)
    return subj is not None and subj.lemma_.lower() in UNNAMED_SOURCES


def speech_act(ev: Event) -> Event | None:
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
    if _in_a_time_clause(tok):
        return None  # 'pledged reprisals after an attack triggered a blast': the blast happened
    heads = {a.lemma_.lower() for a in clausal_ancestors(tok) if not _planned_thing(a)}
    reported = any(a.lemma_.lower() in REPORTING for a in tok.ancestors)
    announced = reported or bool(heads & COMMITMENT)  # 'Iraq will deploy troops' in the reporter's voice is a forecast
    committed = announced and (bool(aux & (FUTURE | {"would"})) or bool(heads & COMMITMENT))
    unless = any(marked_clause(c, {"unless"}) for c in tok.children)
    if aux & {"must", "should"} or committed and ev.type in COOPERATIVE and _only_if(tok):
        kind = "REQUEST"  # 'will hand over its weapons only after US troops leave': a condition is a demand
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


def _planned_thing(verb: Token) -> bool:
    """'the raid was planned to detain fighters': what a thing was meant for is no party's announcement."""
    subject = child(verb, "nsubjpass")
    return subject is not None and subject.pos_ == "NOUN" and not subject.ent_type_


def _in_a_time_clause(tok: Token) -> bool:
    """Whether the token sits in a clause that dates its head ('after X triggered a blast', 'when Y fired')."""
    t = tok
    for _ in range(4):
        if marked_clause(t, TEMPORAL_MARKS):
            return True
        if t.head == t:
            break
        t = t.head
    return False


def _only_if(tok: Token) -> bool:
    """A clause of condition put as the only one: 'only after the troops leave', 'only if sanctions are lifted'."""
    return any(marked_clause(c, {"after", "if", "when", "once"})
               and any(g.lower_ == "only" for g in c.subtree if g.i < c.i and g.dep_ == "advmod") for c in tok.children)


def reported_obligation(tok: Token) -> bool:
    """'declared that China must drop barriers': a reported obligation is a demand (PLOVER REQUEST)."""
    return tok.pos_ == "VERB" and tok.dep_ == "ccomp" and tok.head.lemma_.lower() in SPEECH_VERBS \
        and any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in tok.children)


@lru_cache(maxsize=1)
def demand_trigger() -> Trigger:
    """The lexicon's plain 'demand' row, for demands worded as obligations."""
    return next(t for t in lexicon()[("demand", "VERB")] if not t.objects and not t.prep)

"""The arguments of an event from the dependency parse: who acts, on whom, with what, and at what cost.

The subject (or passive agent) is the source, the object (or "targeting X", "against X", "on X") the
target; a nominal trigger takes its actor from a compound or possessor ("US raid") or a 'by' phrase.
Weapons and casualties come from the trigger's own clause, not from clauses embedded in it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from .nlp import Sentence, child, clausal_ancestors, subject
from .spans import SpanIndex

if TYPE_CHECKING:
    from .events import Event

TARGET_PREPS = {"against", "on", "at", "upon", "targeting", "into"}
WEAPONS = {"missile", "rocket", "mortar", "shell", "drone", "bomb", "grenade", "artillery", "ied", "bullet",
           "airstrike", "car bomb", "explosive", "tank", "gun", "rifle", "katyusha", "projectile", "warplane",
           "jet", "helicopter"}
KILL_LEMMAS = {"kill", "death", "dead", "die"}
INJURE_LEMMAS = {"injure", "wound", "hurt", "injury", "casualty"}
RECIPROCAL = {"CONSULT", "AGREE", "COOPERATE"}
UNDERGOER_VERBS = {"suffer", "face", "endure", "survive", "receive", "repel", "repulse", "foil", "thwart",
                   "witness", "come", "sustain", "absorb", "weather"}
PARTICIPANT_PREPS = {"during", "in", "at", "through", "via"}  # 'said during a call with X'; not 'after the attacks'
PERSONAL_PRONOUNS = {"he", "she"}
PRONOUN_REACH = 600  # characters back to look for the person a pronoun names (about two sentences)
MAX_COUNT = 10_000_000  # the largest number read as a count of people or weapons
COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "dozens": 24,
               "several": 3, "hundreds": 200, "scores": 40}


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


def actors_in(tok: Token, sent: Sentence, actor_spans: SpanIndex,
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
    found = actors_in(tok, sent, actor_spans, by_head=True)
    return found[0] if found else None


def find_arguments(ev: Event, actor_spans: SpanIndex, people: set[str]) -> None:
    """Source and target from the parse (subject or passive agent; object or 'against X'), and counts."""
    tok, sent = ev.token, ev.sentence
    actor = lambda t: _actor_of(t, sent, actor_spans) if t is not None else None  # noqa: E731
    subj = subject(tok)
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
                undergoer = child(verb, "nsubj")  # ... and 'received aid from Qatar': the giver follows 'from'
                subj = next((g for p in verb.children if p.dep_ in ("prep", "agent") and p.lower_ in ("from", "by")
                             for g in p.children if g.dep_ == "pobj"), None)
            else:  # 'the EU is considering new sanctions', 'called during a phone call with X'
                subj = child(verb, "nsubj")
    elif subj is None and tok.dep_ == "relcl":
        subj = tok.head
    elif subj is None and not passive:  # "X announced ..., while warning Y": the nearest subject up the tree
        subj = next((c for a in clausal_ancestors(tok) for c in a.children if c.dep_ == "nsubj"), None)
    if subj is None and agent is None and tok.pos_ == "VERB":  # 'IS claimed ...': a name the parser read as 'is'
        subj = next((c for c in tok.children if c.dep_ in ("aux", "auxpass") and c.is_upper and actor(c)), None)
    src = agent if agent is not None else subj
    in_subject = actors_in(src, sent, actor_spans) if src is not None else []
    ev.source_actor_id = in_subject[0] if in_subject else None
    if ev.source_actor_id is None and src is not None and src.lower_ in PERSONAL_PRONOUNS:
        ev.source_actor_id = _last_person(ev.start, actor_spans, people)
    tgt = child(tok, "dobj") or child(tok, "nsubjpass") or undergoer
    if tgt is None:
        for c in tok.subtree:
            if c.dep_ == "pobj" and c.head.lower_ in TARGET_PREPS and c.head.head == tok:
                tgt = c
                break
            if c.lemma_ == "target" and c.head == tok:
                tgt = child(c, "dobj")
    aid = actor(tgt)
    if aid is None and ev.type in RECIPROCAL and len(in_subject) > 1:
        aid = in_subject[1]  # "X and Y discussed ...": both take part
    ev.target_actor_id = aid if aid != ev.source_actor_id else None
    _counts(ev)


def _last_person(before: int, actor_spans: SpanIndex, people: set[str]) -> str | None:
    """The person 'he' or 'she' refers back to: the last person named within PRONOUN_REACH characters."""
    named = [(span, aid) for span, aid in actor_spans.within(max(0, before - PRONOUN_REACH), before) if aid in people]
    return max(named)[1] if named else None


def find_demander(ev: Event, actor_spans: SpanIndex) -> None:
    """'X said Y must withdraw': X demands of Y. The obligee becomes the target, the speaker the source."""
    speaker = next((c for a in clausal_ancestors(ev.token) for c in a.children if c.dep_ == "nsubj"), None)
    found = actors_in(speaker, ev.sentence, actor_spans) if speaker is not None else []
    if found and found[0] != ev.source_actor_id:
        ev.source_actor_id, ev.target_actor_id = found[0], ev.source_actor_id


def _counts(ev: Event) -> None:
    """The weapon and its number, the killed and the injured, from the trigger's own clause."""
    root = ev.token if ev.token.pos_ != "NOUN" else ev.token.head
    casualties = [c for c in root.children if c.dep_ == "advcl" and c.tag_ == "VBG"
                  and c.lemma_.lower() in KILL_LEMMAS | INJURE_LEMMAS]  # '..., killing three militants'
    for t in own_clause(root) + [t for c in casualties for t in own_clause(c)]:
        lemma = t.lemma_.lower()
        if lemma in WEAPONS and ev.weapon is None:
            ev.weapon, ev.quantity = lemma, _count(t) or _count_of(t)
        verb = t if t.pos_ == "VERB" else t.head if t.dep_ in ("oprd", "acomp") else None  # 'shot dead 28 people'
        if lemma in KILL_LEMMAS | INJURE_LEMMAS and verb is not None:
            victim = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
            n = _toll(victim) if victim is not None else None
            if lemma in KILL_LEMMAS:
                ev.killed = ev.killed or n
            else:
                ev.injured = ev.injured or n


def _toll(victim: Token) -> int | None:
    """How many people a victim phrase counts: 'two nurses and a child' -> 3, 'X and Y' (names) -> 2."""
    parts = [victim] + [c for c in victim.children if c.dep_ == "conj"]
    counts = [_count(p) for p in parts]
    if all(n is None for n in counts):
        return len(parts) if victim.ent_type_ == "PERSON" else None
    return sum(n or 1 for n in counts)


def own_clause(tok: Token) -> list[Token]:
    """The token and its dependents, without the clauses embedded in it (they are events of their own)."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("advcl", "ccomp", "xcomp", "relcl", "conj", "parataxis"))
    return out

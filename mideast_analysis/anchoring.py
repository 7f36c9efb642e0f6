"""Where and when an event happened, anchored in the article.

The place is a location named in the trigger's own clause, else in its sentence (lower confidence),
else the home country of a state actor acting at home. The date is the date expression in the
trigger's clause, else one governing it, resolved against publication; an undated event of the
story takes the day of the story's last dated event before it.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
import operator
from dataclasses import replace
from datetime import datetime, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING, Callable

from spacy.tokens import Token

from .layout import filed_from
from .nlp import clausal_ancestors
from .spans import Mention, SpanIndex
from .speech import REPORTING, SPEECH_VERBS
from .triggers import MAX_CLIMB, perfect_over
from .timex import precision_of

if TYPE_CHECKING:
    from .events import Event

BEFORE_WORDS = {"following", "after", "since", "before"}
FOCUS_KM = 50.0  # a country or a large region: the scale of a guess from the article's focus
FOCUS_CONFIDENCE = 0.6  # how much an event's confidence drops when its place is that guess
MATERIAL = {"ASSAULT", "PROTEST", "COERCE"}  # events that happen at a place, as opposed to said from one
SPOKEN = {"STATEMENT", "REQUEST", "THREATEN"}  # acts of speech: what they demand or threaten has its own time
REPORTED = {"ccomp", "parataxis", "xcomp"}  # what a speech verb reports
ANCHOR_DAYS = 14  # how far before publication a story's dated events lie
# between a place and the reference point that locates it: 'Hawija( district south-west of )Kirkuk'
REFERENCE_RE = re.compile(r"\s+(?:district\s+|province\s+|town\s+|village\s+)?(?:(?:north|south)(?:[- ]?(?:east|west))?"
                          r"|east|west)(?:ern)?\s+of\s+(?:the\s+)?", re.I)
PLACE_NOUNS = {"camp", "city", "town", "village", "base", "airport", "neighbourhood", "neighborhood", "district",
               "hospital", "port", "prison", "crossing", "mosque", "square", "refinery", "airbase", "compound"}


def find_place(ev: Event, nested: set[int], locations: dict[int, list[Mention]], actor_spans: SpanIndex,
               home: dict[str, str], extents: dict[str, tuple[float, float, float]],
               named: dict[str, list[Mention]]) -> None:
    """The most precise place named in the trigger's own clause ('in the northern Iraqi city of Mosul', not
    the 'Iraq' of the dateline), the nearest of equals, or referred back to ('raided the camp'); else the
    nearest elsewhere in the sentence (outside other events' clauses); else the home country of a state actor
    acting at home. `confidence` says which. Only places named as places count: not 'a UK-based monitor' or
    'US forces' (places.literal_use). `named` are the article's place mentions by place noun (places_by_noun)."""
    sent, tok = ev.sentence, ev.token
    in_sent = [m for m in locations.get(sent.index, ()) if (m.start, m.end) not in actor_spans
               and m.start not in nested]
    clause: set[int] = set()
    if in_sent:
        filed = filed_from(sent.text)  # where the story was filed from: no place of the clause's
        after = sent.span.start_char + filed.end() if filed else 0
        clause = {sent.parsed.offset(t.idx) for t in tok.subtree if t.idx >= after}
    inside = [m for m in in_sent if m.start in clause] + referred_places(tok, sent.tokens, sent.parsed.offset, named)
    if inside:
        extent = lambda m: extents.get(m.ref_id, (0, 0, math.inf))[2]  # noqa: E731
        m = min(inside, key=lambda m: (extent(m), abs(m.start - ev.start)))
        # 'a village in the Hawija district south-west of Kirkuk': the place the reference point locates
        located = [p for p in inside if p.end <= m.start and extent(p) <= extent(m)
                   and REFERENCE_RE.fullmatch(sent.text[p.end - sent.start:m.start - sent.start])]
        m = located[-1] if located else m
        ev.location_id, ev.place_in_clause = m.ref_id, True
    elif in_sent:
        ev.location_id = min(in_sent, key=lambda m: abs(m.start - ev.start)).ref_id
    elif ev.source_actor_id in home:
        ev.location_id = home[ev.source_actor_id]


def referred_places(trigger: Token, tokens: tuple[Token, ...], offset: Callable[[int], int],
                    named: dict[str, list[Mention]]) -> list[Mention]:
    """'raided the camp', 'withdrew from the city': a place noun with 'the' and no name of its own, in the
    trigger's phrase, refers back to the last place named with that word ('the Jenin refugee camp').
    `named` maps each place noun to the mentions that contain it, in text order (places_by_noun); `tokens`
    are the trigger's sentence's."""
    out = []
    for t in tokens:
        noun = t.lemma_.lower()
        if noun not in named or t.tag_ != "NN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in t.children) \
                or any(c.pos_ == "PROPN" or c.dep_ == "prep" and c.lower_ == "of" for c in t.children) \
                or not _below(t, trigger):
            continue
        start = offset(t.idx)
        last = bisect_right(named[noun], start, key=lambda m: m.end)  # the mentions that end before it
        if last:
            out.append(replace(named[noun][last - 1], start=start, end=start + len(t.text)))
    return out


def places_by_noun(mentions: list[Mention]) -> dict[str, list[Mention]]:
    """Place nouns -> the place mentions whose text holds them ('camp' -> 'Jenin refugee camp'), in text order."""
    out: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.end):
        for word in set(re.findall(r"\w+", m.text.lower())) & PLACE_NOUNS:
            out.setdefault(word, []).append(m)
    return out


def _below(tok: Token, head: Token) -> bool:
    """Whether `head` is among the first MAX_CLIMB heads above `tok` (or is `tok`)."""
    for _ in range(MAX_CLIMB):
        if tok == head:
            return True
        if tok.head == tok:
            return False
        tok = tok.head
    return False


def find_date(ev: Event, dates: dict[int, list[Mention]], published: datetime | None,
              at: dict[int, Token]) -> None:
    """The date expression in the trigger's clause, else one governing it, unless the event comes before
    it ("following the attacks", what a report says "had" happened); else a default from the tense. `at`
    maps the sentence's article offsets to its tokens, built once per sentence."""
    sent, tok = ev.sentence, ev.token
    dated = dates.get(sent.index, [])
    own = own_offsets(tok, sent.parsed.offset, speech=ev.type in SPOKEN)
    inside = [m for m in dated if m.start in own]
    governing = []
    level: dict[int, int] = {}  # a governing date's head: how many steps above the trigger
    # "..., while warning Iran": an adjunct happening while its head clause happens, report or not
    concurrent = any(c.dep_ == "mark" and c.lower_ in ("while", "as", "when") for c in tok.children)
    chain = [tok, *tok.ancestors]  # one walk up the tree; what lies on the way to each head, as running flags
    position = {a: i for i, a in enumerate(chain)}
    earlier_to = list(accumulate((a.lower_ in BEFORE_WORDS for a in chain), operator.or_))
    reporting_above = list(accumulate((a.lemma_.lower() in REPORTING for a in chain[1:]), operator.or_))
    had_to = list(accumulate((any(c.dep_ == "aux" and c.lower_ == "had" for c in a.children) for a in chain),
                             operator.or_))
    for m in dated:
        first = at.get(m.start)
        if first is None or m in inside:
            continue
        head = first  # climb out of the date phrase ("Last January", "on Sunday") to the verb it modifies
        while (head.ent_type_ == "DATE" or head.dep_ in ("prep", "pobj")) and head.head != head:
            head = head.head
        k = position.get(head, 0)
        if k == 0:  # not above the trigger
            continue
        earlier = earlier_to[k - 1]  # "following the attacks" on the way up: before the head's date
        reported_past = reporting_above[k - 1] and had_to[k - 1]  # what a report says "had" happened
        if concurrent or not (earlier or reported_past):
            governing.append(m)
            level[m.start] = k
    chosen = inside or governing
    if chosen:
        reported = not inside and ev.type not in SPOKEN and any(a.lemma_.lower() in REPORTING for a in chain[1:MAX_CLIMB])
        # 'claimed on Tuesday an attack ... late on Sunday': what is reported came first, so the earlier date;
        # else the nearest governing head's ('buried on Friday after a bomb tore through it on Thursday': the
        # bomb's is Thursday), the nearest in the text of equals
        m = min(chosen, key=lambda m: m.ref_id) if reported else min(
            chosen, key=lambda m: (level.get(m.start, 0), abs(m.start - ev.start)))
        ev.date, ev.date_precision, ev.date_text = m.ref_id, precision_of(m.ref_id), m.text
        return
    if published is None:
        return
    aux = {t.lower_ for t in tok.children if t.dep_ in ("aux", "auxpass")}
    if "had" in aux and not any(a.lemma_.lower() in SPEECH_VERBS for a in clausal_ancestors(tok)):
        # past perfect without a date: some time before, this year at best ('added that talks had been held'
        # is the reported simple past)
        ev.date, ev.date_precision = str(published.year), "year"
    else:  # news reports the recent past: the publication month
        ev.date, ev.date_precision = published.strftime("%Y-%m"), "month"


def anchor_dates(events: list[Event], published: datetime | None) -> None:
    """An event the text gives no date (its date is the publication month by default) happened on the
    day of the story's last dated event before it, or else of the first one (the lead): news tells a
    story's events after stating their day once. The story's days are those within ANCHOR_DAYS before
    publication; a future, hypothetical or negated event, or one told in the present ('Washington
    accuses ...', 'is rallying'), keeps its default; news tells what 'has happened' of the story's day."""
    if published is None:
        return
    first = (published - timedelta(days=ANCHOR_DAYS)).date().isoformat()
    anchors = [ev for ev in events if ev.date_text and ev.date_precision == "day"
               and first <= ev.date <= published.date().isoformat()]
    if not anchors:
        return
    for ev in events:
        if ev.date_text or ev.date_precision != "month" or ev.modality not in ("asserted", "reported") \
                or not told_in_the_past(ev.token):
            continue
        before = [a for a in anchors if a.start < ev.start]
        anchor = before[-1] if before else anchors[0]
        ev.date, ev.date_precision, ev.date_text = anchor.date, anchor.date_precision, anchor.date_text


def date_by_speaker(events: list[Event]) -> None:
    """An undated speech act a statement quotes ('"We call on all parties to show restraint," the EEAS said')
    is made when the statement is: it takes the statement's date."""
    said = {ev.token: ev for ev in events if ev.type == "STATEMENT"}
    for ev in events:
        if ev.date_text or ev.type not in SPOKEN or ev.type == "STATEMENT":
            continue
        speaker = next((said[a] for a in ev.token.ancestors if a in said), None)
        if speaker is not None and speaker.date_precision == "day":
            ev.date, ev.date_precision, ev.date_text = speaker.date, speaker.date_precision, speaker.date_text


def anchor_places(events: list[Event], focus: str | None) -> None:
    """A material event with no place in its sentence ('Two guards were wounded', 'Police fired tear gas')
    happened where the story's last event of its type with a place of its own did, or else the first one:
    news names the place of an attack or a protest once. Nothing is anchored to a place met only in the
    sentence, or to an event of another type. Failing that, it happened in the article's focus, the
    country (or region) it names most, with its confidence lowered: a guess at country scale."""
    for ev in events:
        if ev.location_id is not None or ev.type not in MATERIAL or ev.modality not in ("asserted", "reported"):
            continue
        same = [a for a in events if a.type == ev.type and a.place_in_clause and a is not ev]
        before = [a for a in same if a.start < ev.start]
        anchor = before[-1] if before else same[0] if same else None
        if anchor is not None:
            ev.location_id = anchor.location_id
        elif focus is not None:
            ev.location_id, ev.confidence = focus, round(ev.confidence * FOCUS_CONFIDENCE, 2)


def focus_of(mentions: list[Mention], extents: dict[str, tuple[float, float, float]]) -> str | None:
    """The country-scale place (extent >= FOCUS_KM) the article names most; ties go to the first named."""
    counts: dict[str, int] = {}
    for m in mentions:
        if m.ref_id in extents and extents[m.ref_id][2] >= FOCUS_KM:
            counts[m.ref_id] = counts.get(m.ref_id, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _reported(tok: Token) -> bool:
    """A clause a speech act reports or asks for: 'said [that ...]', 'urged them [to cease fire]'."""
    return tok.dep_ in REPORTED or tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def told_in_the_past(tok: Token) -> bool:
    """A verb in the simple past or present perfect ('fired', 'were killed', 'has pledged'), or a noun of such
    a verb or of none ('the attack on the base', 'a statement'); not the present, which tells what is still
    going on ('accuses', 'are rallying'), nor a perfect of a span of time ('has faced attacks for years')."""
    if tok.pos_ not in ("VERB", "AUX"):  # a noun takes the tense of the verb it belongs to ('has faced attacks')
        if tok.head == tok or tok.head.pos_ not in ("VERB", "AUX"):
            return True
        tok = tok.head
    for _ in range(3):  # an infinitive takes the tense of the verb above it ('has become the first to agree')
        if tok.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) or tok.head == tok:
            break
        tok = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), tok)
    aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
    if tok.tag_ == "VBN" and aux & {"has", "have", "had"}:  # 'has pledged', not 'has besieged it since May'
        return not perfect_over(tok, ("for", "since"))
    return tok.tag_ == "VBD" or tok.tag_ == "VBN" and bool(aux & {"was", "were"})


def own_offsets(trigger: Token, offset: Callable[[int], int], speech: bool = False) -> set[int]:
    """Offsets of the trigger's phrase without the descriptions of its participants ('two men convicted
    over last year's protests'), whose dates are not the event's, and for a speech act without what is
    said or demanded ('said the port was seized in 2013' is said now; 'called for a truce from Sunday' too),
    and without what it follows ('since October 7', 'after Sunday's attack'): one walk down the tree."""
    out, stack = {offset(trigger.idx)}, list(trigger.children)
    while stack:
        t = stack.pop()
        if t.dep_ in ("acl", "relcl", "poss") and t.head != trigger or speech and t.head == trigger and _reported(t):
            continue
        if t.dep_ == "prep" and t.lower_ in BEFORE_WORDS:
            continue  # 'under attack since the October 7 assault': another event's time, or a start
        out.add(offset(t.idx))
        stack.extend(t.children)
    return out

"""Triggers -> typed events with source, target, place, date, counts, modality and provenance.

Each job has its module: triggers.py (the lexicon, rules as data, and which tokens fire),
arguments.py (source, target, weapon, casualties), anchoring.py (place and date), speech.py
(modality and speech acts), merging.py (repeated mentions of one event become one row whose
`spans` lists every mention). This module runs them over an article's sentences and makes rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from spacy.tokens import Token

from .anchoring import (anchor_dates, anchor_places, date_by_speaker, find_date, find_place, focus_of,
                        places_by_noun)
from .arguments import find_arguments, find_demander
from .merging import Extents, absorb, fought_raids, merge
from .nlp import Sentence
from .spans import Mention, SpanIndex, stable_id
from .speech import demand_trigger, fold_statements, hearsay, find_modality, reported_obligation, said_by_a_statement, speech_act
from .triggers import (MEANS, Trigger, argument_of, background, decision, match_trigger, nested_offsets, told_by_subject,
                       pledged_force)

EVENT_SEGMENTS = ("body",)
TOLLS = {"kill", "injure", "wound", "die", "hurt"}  # verbs that only count a toll
HISTORY_YEARS = 1  # events dated in an earlier year than the one before publication are background

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


class EventExtractor:
    """Finds the events of one article."""

    def __init__(self, published: datetime | None, actor_spans: SpanIndex,
                 location_mentions: list[Mention], date_mentions: list[Mention],
                 geography: tuple[Extents, dict[str, str]], home: dict[str, str], people: set[str]) -> None:
        self.published = published
        self.people = people
        self.extents, self.parents = geography
        self.home = home
        self.actor_spans = actor_spans
        self.locations = _by_sentence(location_mentions)
        self.named = places_by_noun(location_mentions)
        self.focus = focus_of(location_mentions, self.extents)
        self.dates = _by_sentence(m for m in date_mentions if m.ref_id)

    def run(self, sentences: list[Sentence]) -> list[Event]:
        events = []
        for sent in sentences:
            if sent.kind not in EVENT_SEGMENTS:
                continue
            found = {tok: trig for tok in sent.tokens
                     if (trig := match_trigger(tok)) is not None and not background(tok, trig)}
            found.update({tok: demand_trigger() for tok in sent.tokens if tok not in found and reported_obligation(tok)})
            for tok in [t for t, trig in found.items() if decision(t, trig, found)]:
                del found[tok]  # 'the cabinet agreed to place them under arrest': the arrest is the act
            found.update({t: threat for t, trig in found.items() if (threat := pledged_force(t, trig, found))})
            hosts = {tok for tok, trig in found.items() if trig.type != "STATEMENT"}
            by_token: dict[Token, Event] = {}
            at = {sent.parsed.offset(t.idx): t for t in sent.tokens} if sent.index in self.dates else {}
            # what a threat, demand or agreement is about is no event of its own, and its places are the host's
            own = {tok: trig for tok, trig in found.items() if not argument_of(tok, hosts)}
            for tok, trig in own.items():
                trig = told_by_subject(tok, trig)
                # other events' phrases hold their own places; only a sentence that names one needs them
                nested = nested_offsets(tok, own, sent.parsed.offset) if sent.index in self.locations else set()
                if trig.type == "STATEMENT" and said_by_a_statement(tok, found):
                    continue  # 'the statement also stressed ...', 'issued a statement': the statement is the event
                start = sent.parsed.offset(tok.idx)
                ev = Event(trig.type, trig, tok, sent, start, start + len(tok.text), spans={(start, start + len(tok.text))})
                find_arguments(ev, self.actor_spans, self.people)
                find_place(ev, nested, self.locations, self.actor_spans, self.home, self.extents, self.named)
                find_date(ev, self.dates, self.published, at)
                find_modality(ev)
                ev.confidence = round(trig.weight * (1.0 if ev.place_in_clause or ev.location_id is None else 0.85), 2)
                act = speech_act(ev)
                if act is not None:  # the announced act is what the promise, threat or demand is about
                    if act.type == "REQUEST":
                        find_demander(act, self.actor_spans)
                    events.append(act)
                    continue
                by_token[tok] = ev
            for tok, ev in list(by_token.items()):  # "killed in a US raid": the raid is the killing's means
                host = by_token.get(tok.head.head) if tok.dep_ == "pobj" and tok.head.lower_ in MEANS else None
                if host is not None and host is not ev and ev.type == "PROTEST" and host.token.lemma_.lower() in TOLLS:
                    absorb(ev, host)  # 'injured in the clashes' with protesters: the toll of the protest
                    del by_token[host.token]
                elif host is not None and host is not ev:
                    absorb(host, ev)
                    del by_token[tok]
            events.extend(fought_raids(list(by_token.values())))
        merged = merge(events, self.extents, self.parents, self.people)  # a repeated mention's default date is no date of its own
        anchor_dates(merged, self.published)
        date_by_speaker(merged)
        merged = fold_statements(merged)  # after the statement has dated what it says
        anchor_places(merged, self.focus)
        return [ev for ev in merged if not self._history(ev) and not hearsay(ev)]  # both may anchor others

    def _history(self, ev: Event) -> bool:
        """An event the text dates more than a year before publication is background ('ISIS seized Mosul in
        2014'), told to explain the news, not news of its own."""
        if self.published is None or not ev.date_text or not ev.date:
            return False
        return int(ev.date[:4]) < self.published.year - HISTORY_YEARS


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
            "sentence": ev.sentence.text.strip(), "start": ev.start, "end": ev.end,
            "confidence": ev.confidence, "mode": t.mode or None, "modality": ev.modality,
            "attributed_to": ev.attributed_to, "spans": "|".join(f"{s}-{e}" for s, e in sorted(ev.spans))})
    return rows


def extract_events(sentences: list[Sentence], published: datetime | None,
                   actor_spans: dict[tuple[int, int], str], location_mentions: list[Mention],
                   dates: list[Mention], geography: tuple[Extents, dict[str, str]],
                   home: dict[str, str], people: set[str]) -> list[Event]:
    """The article's events, merged. `geography` maps a location_id to (lat, lon, precision_km) and to its
    parent's location_id; `home`
    maps a state actor (government, legislature) to its country's location_id; `people` are the actor
    ids of persons, whom 'he' and 'she' refer back to."""
    index = SpanIndex(actor_spans)
    return EventExtractor(published, index, location_mentions, dates, geography, home, people).run(sentences)

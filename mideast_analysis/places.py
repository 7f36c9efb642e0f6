"""Toponyms -> gazetteer candidates -> one resolved place each, with its parent.

Recognition: spaCy GPE/LOC/FAC entities and the domain ruler's curated names; NORP demonyms
("Iraqi" names Iraq); ORG/PERSON spans the gazetteer confirms as a region or country; "City, State"
phrases with AP state abbreviations ("Charleston, W.Va."); places described rather than named (`place_phrases`:
"the Iranian consulate in Najaf", "southern Lebanon", "the Syria-Turkey border").
A country named as a modifier or as an acting government ("US forces", "Washington accuses")
is still a place mention, but not a *literal* one: `literal_mentions` counts the others, and maps
draw only places named literally. Macro-regions ("the Middle East") are no place; a name known only by
its transliteration-folding key ("Makhmour") counts only in an article about the Middle East.

Resolution: a context-free prior (countries, curated places, population) plus the article's own
geography: the countries and regions its unambiguous names point to, places stated as containing
others ("Alexandria, Va.", "the Green Zone in Baghdad"), one sense per document.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Span

from .geocoding.gazetteer import Gazetteer, Place, distance_km, normalize
from .geocoding.nominatim import NominatimChain
from .geocoding.transliteration import FOLD_COUNTRIES
from .nlp import PLACE_WORDS, Sentence, after_locative, in_place_slot, in_settlement_frame
from .place_phrases import (Described, OwnerOf, Phrase, borders, described_place, facilities, settle_facilities,
                            sides)
from .spans import Mention, stable_id

PLACE_LABELS = {"GPE", "LOC", "FAC"}
MAX_COMPLETION = 3  # words a cut-short place name may grow by
CONFIRMED_FEATURES = {"country", "admin_region"}  # ORG/PERSON spans count as places only for these
MODIFIER_DEPS = {"compound", "amod", "poss", "nmod"}
_PART = r"(?:(?:district|neighbou?rhood|quarter|suburb|area|market|camp|village|town)\s+)?"
_SIDE = r"(?:(?:eastern|western|northern|southern|central|north|south|east|west)\s+)?"
CONTAINER_RE = re.compile(rf"^\s*{_PART}(?:,|in|of|near|outside|inside)\s+(?:the\s+)?{_SIDE}$", re.I)
INSIDE_RE = re.compile(rf"^\s*{_PART}(?:in|of|inside)\s+(?:the\s+)?{_SIDE}$", re.I)  # in it, not near it
DATELINE_RE = re.compile(r"(?:^|(?<=[.!?] ))([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2})(?=,? (?:[A-Z][A-Za-z.]+ ?){0,3}(?:\([^)]{1,30}\) )?(?:-|—|–|--) )")
W_COUNTRY, W_REGION, W_CONTAINER = 6.0, 6.0, 10.0
ROUNDS = 3
Forced = str | Described | None  # a curated place's name, or a described place (place_phrases)
UNIT_WORDS = {"county", "parish", "province", "governorate", "district", "borough", "municipality", "region",
              "department", "prefecture", "township", "city"}


@dataclass
class ResolvedPlace:
    """One place of the article with every mention that names it."""

    place: Place
    location_id: str
    confidence: float
    mentions: list[Mention] = field(default_factory=list)
    parent_id: str = ""
    figurative: set[tuple[int, int]] = field(default_factory=set)  # spans naming it as an actor or modifier

    @property
    def literal(self) -> int:
        """How many mentions name it as a place."""
        return len(self.mentions) - len(self.figurative)

    def literal_mentions(self) -> list[Mention]:
        return [m for m in self.mentions if (m.start, m.end) not in self.figurative]


def location_id(place: Place) -> str:
    """Stable id of a place (the same in every article and run)."""
    return stable_id("loc-", place.key)


def trim(span: Span) -> tuple[int, int]:
    """Character offsets of the span without a leading 'the' or a trailing possessive."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and span.doc[end - 1].tag_ == "POS":
        end -= 1
    return span.doc[start].idx, span.doc[end - 1].idx + len(span.doc[end - 1].text)


def literal_use(ent: Span, country_level: bool) -> bool:
    """False for a place inside a hyphenated modifier ('Iran-backed', 'UK-based'), and for a country used as
    a modifier ('US forces') or as an acting government (a clause subject)."""
    if ent.end < len(ent.doc) and ent.doc[ent.end].text == "-" and not ent.doc[ent.end - 1].whitespace_:
        return False
    if not country_level:
        return True
    return ent.root.dep_ not in MODIFIER_DEPS | {"nsubj", "nsubjpass"}


class Recognizer:
    """Finds the place-name mentions of one article."""

    def __init__(self, gazetteer: Gazetteer, actor_country: dict[tuple[int, int], str]) -> None:
        self.gaz = gazetteer
        self.actor_country = actor_country  # actor mention span -> its actor's ISO alpha-2 country
        self.found: dict[tuple[int, int], tuple[Mention, bool, Forced]] = {}
        self._taken: list[tuple[int, int]] = []  # the found spans, sorted and disjoint

    def _add(self, sent: Sentence, s: int, e: int, label: str, literal: bool, forced: Forced = None) -> bool:
        """Adds a mention (Doc offsets s, e) unless an earlier one covers part of it; whether it was added."""
        ps = sent.parsed
        start, end = ps.offset(s), ps.offset(e)
        i = bisect_left(self._taken, (end,))  # the spans are disjoint: only the one before can overlap
        if i and self._taken[i - 1][1] > start:
            return False  # already covered by an earlier (longer or pattern) mention
        self._taken.insert(i, (start, end))
        text = ps.text[s:e]
        self.found[(start, end)] = (Mention("location", "", text, label, sent.index, start, end, sent.kind), literal, forced)
        return True

    def _phrase(self, sent: Sentence, ph: Phrase) -> None:
        """A descriptive phrase ('the Iranian consulate in Najaf', 'southern Lebanon'), and the names inside it
        as mentions of their own."""
        if self._add(sent, ph.start, ph.end, ph.label, True, ph.forced):
            ps = sent.parsed
            for s, e, label, literal in ph.inner:
                self.found[(ps.offset(s), ps.offset(e))] = (
                    Mention("location", "", ps.text[s:e], label, sent.index, ps.offset(s), ps.offset(e), sent.kind),
                    literal, None)

    def _facilities(self, sentences: list[Sentence]) -> dict[int, list[Phrase]]:
        """The article's facility phrases by sentence, each with its city settled (see place_phrases)."""
        found: list[tuple[int, Phrase]] = []
        cities: dict[int, set[str]] = {}
        for sent in sentences:
            owner_of = OwnerOf(sent.span, self.actor_country, sent.parsed.offset)
            found += [(sent.index, ph) for ph in facilities(sent.span, self.gaz, owner_of, sent.text)]
            cities[sent.index] = {normalize(e.text) for e in sent.ents if e.label_ == "GPE" and after_locative(e)
                                  and any(p.feature == "city" for p in self.gaz.candidates(e.text, limit=1))}
        out: dict[int, list[Phrase]] = {}
        for (index, ph), forced in zip(found, settle_facilities(found, cities)):
            if forced is not None:
                ph.forced = forced
                out.setdefault(index, []).append(ph)
        return out

    def _dateline(self, sent: Sentence) -> None:
        """'BAGHDAD (Reuters) -', 'MANSFIELD, Texas --': the place a story is filed from, in capitals, at the
        start of one of the first sentences (after a headline run into the text, too)."""
        if sent.index > 3:
            return
        for m in DATELINE_RE.finditer(sent.text):
            if self.gaz.candidates(m.group(1), limit=1):
                s = sent.span.start_char + m.start(1)
                self._add(sent, s, s + len(m.group(1)), "GPE", True)

    def _city_state(self, sent: Sentence) -> None:
        """'Charleston, W.Va.', 'the S.C. Highway Patrol': a state abbreviation is a place of its own (the city
        comes from NER). Dotted initials ('S.C.', 'N.Y.') count anywhere; a word-like one ('Ill.', 'Miss.')
        only after a comma."""
        rx = r"(?<=, )([A-Z][a-z]{0,4}\.(?: ?[A-Z][a-z]?\.)?)|(?<![\w.-])([A-Z]\.(?: ?[A-Z][a-z]?\.)+)"
        for m in re.finditer(rx, sent.text):
            g = 1 if m.group(1) else 2
            if self.gaz.state_abbreviation(m.group(g)):
                s = sent.span.start_char + m.start(g)
                self._add(sent, s, s + len(m.group(g)), "GPE", True)

    def run(self, sentences: list[Sentence]) -> list[tuple[Mention, bool, Forced]]:
        described = self._facilities(sentences)
        for sent in sentences:
            self._dateline(sent)
            for ph in described.get(sent.index, []) + sides(sent.span, self.gaz, sent.text) + borders(sent.span, self.gaz, sent.text):
                self._phrase(sent, ph)
            self._city_state(sent)
            for ent in sent.ents:
                if ent.label_ in ("PERSON", "ORG", "GPE", "LOC", "FAC") and in_settlement_frame(ent):
                    s, e = trim(ent)  # 'the village of Tal Arqam', known to the gazetteer or not
                    self._add(sent, s, e, "GPE", True)
                elif ent.label_ in PLACE_LABELS or ent.label_ in ("NORP", "ORG"):
                    self._entity(sent, self._completed(ent))
                elif ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].lower_.rstrip(".") in PLACE_WORDS:
                    s, e = trim(ent)  # spaCy's PERSON for 'Old Mill Road': a street
                    self._add(sent, s, e, "FAC", True)
                elif ent.label_ in ("PERSON", "PRODUCT") and len(ent) == 1 and self.gaz.major_place(ent.text):
                    self._add(sent, ent.start_char, ent.end_char, "GPE", True)  # 'Tbilisi' as a person
                elif ent.label_ == "PERSON" and in_place_slot(ent) and self.gaz.candidates(ent.text, limit=1):
                    self._add(sent, ent.start_char, ent.end_char, "GPE", True)  # 'near/struck Kiryat Shmona'
        self._one_sense(sentences)
        self._regional_spellings()
        return [self.found[k] for k in sorted(self.found)]

    def _regional_spellings(self) -> None:
        """A name the gazetteer knows only by its transliteration-folding key is a place only in an article
        that names a Middle East or North Africa place as the gazetteer spells it; elsewhere it is more
        likely a person ('Les Bellah' is no 'Bellaa' of Morocco)."""
        folded = {k for k, (m, _, forced) in self.found.items()
                  if forced is None and m.label != "NORP" and self.gaz.found_by_folding(m.text)}
        if folded and not any(self._regional(m) for k, (m, _, _) in self.found.items() if k not in folded):
            self.found = {k: v for k, v in self.found.items() if k not in folded}

    def _regional(self, m: Mention) -> bool:
        """Whether a mention names a Middle East or North Africa country or place (by its best reading)."""
        if m.label == "NORP":
            return self.gaz.demonym(m.text) in FOLD_COUNTRIES
        top = self.gaz.candidates(m.text, limit=1)
        return bool(top) and top[0].country in FOLD_COUNTRIES

    def _one_sense(self, sentences: list[Sentence]) -> None:
        """A name recognised as a place once is a place wherever else the article writes it, even where
        spaCy called it a person or an organisation ('Gainesville' in 'Gainesville Police')."""
        names = {m.text: (m.label, literal) for m, literal, forced in self.found.values()
                 if forced is None and len(m.text) > 2 and m.label != "NORP" and self.gaz.candidates(m.text, limit=1)}
        if not names:
            return
        rx = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w-])")
        for sent in sentences:
            for m in rx.finditer(sent.text):
                label, literal = names[m.group(1)]
                s = sent.span.start_char + m.start(1)
                self._add(sent, s, s + len(m.group(1)), label, literal)

    def _completed(self, ent: Span) -> Span:
        """A place name spaCy cut short ('Tal' of 'Tal Abyad', 'Ras' of 'Ras al-Ain'), grown over the
        capitalised words after it while the longer name is a place the gazetteer knows as such."""
        if ent.label_ not in PLACE_LABELS:
            return ent
        best, end, doc = ent, ent.end, ent.doc
        while end < min(len(doc), ent.end + MAX_COMPLETION) and (doc[end].is_title or doc[end].text in ("-", "al", "el")):
            end += 1
            longer = doc[ent.start:end]
            top = self.gaz.candidates(longer.text, limit=1)
            if doc[end - 1].is_title and top and normalize(top[0].name) != normalize(ent.text):
                best = Span(doc, ent.start, end, label=ent.label_)
        return best

    def _entity(self, sent: Sentence, ent: Span) -> None:
        commas = [t.i for t in ent if t.text == ","]
        if commas and ent.label_ in ("GPE", "LOC"):  # 'Greer, S.C.', 'Tripoli, Lebanon': one place per part
            bounds = [ent.start, *commas, ent.end]
            for a, b in zip(bounds, bounds[1:]):
                part = ent.doc[a + (a != ent.start): b]
                if len(part):
                    self._entity(sent, Span(ent.doc, part.start, part.end, label=ent.label_))
            return
        s, e = trim(ent)
        if e <= s or self._macro_region(ent, sent.parsed.text[s:e]):
            return
        text = sent.parsed.text[s:e]
        if ent.label_ == "NORP":
            if self.gaz.demonym(text):
                self._add(sent, s, e, "NORP", False)
            return
        top = self.gaz.candidates(text, limit=1)
        if ent.label_ == "ORG":
            if top and top[0].feature in CONFIRMED_FEATURES and normalize(top[0].name) == normalize(text):
                self._add(sent, s, e, "ORG", False)  # spaCy's ORG for a state or country acting
            else:
                self._org_prefix(sent, ent)
            return
        if top:
            self._add(sent, s, e, ent.label_, literal_use(ent, top[0].feature == "country"))
        elif (ent.label_ in ("GPE", "LOC") and len(text.split()) > 1) or text.split()[-1].lower().rstrip(".") in PLACE_WORDS:
            self._add(sent, s, e, ent.label_, True)  # a place the gazetteer does not know: placed by context

    def _macro_region(self, ent: Span, text: str) -> bool:
        """A region too vague to place ('the Middle East'), also where spaCy left out its last word
        ('the Gulf' of 'the Gulf region')."""
        after = ent.doc[ent.end].text if ent.end < len(ent.doc) else ""
        return self.gaz.macro_region(text) or bool(after) and self.gaz.macro_region(f"{text} {after}")

    def _org_prefix(self, sent: Sentence, ent: Span) -> None:
        """The place an organisation is named after: 'Dublin City Council', 'University of Georgia';
        a leading nationality ('American Electric Power') is a figurative mention of the country."""
        doc = ent.doc
        first = ent.start + (doc[ent.start].lower_ == "the")
        if first + 1 < ent.end and self.gaz.demonym(doc[first].text):
            self._add(sent, doc[first].idx, doc[first].idx + len(doc[first]), "NORP", False)
            return
        of = [t.i for t in ent if t.lower_ == "of"]
        spans = [doc[first: first + n] for n in (3, 2, 1) if first + n < ent.end]
        if of and of[-1] + 1 < ent.end:
            spans.insert(0, doc[of[-1] + 1: ent.end])
        for words in spans:
            if not all(t.is_title for t in words) or words[-1].pos_ != "PROPN":
                continue
            top = self.gaz.candidates(words.text, limit=1)
            if top and (top[0].feature in ("admin_region", "country") or top[0].population >= 10000) \
                    and normalize(top[0].name) == normalize(words.text):
                self._add(sent, words.start_char, words.end_char, "ORG", True)
                return


# ------------------------------------------------------------------------------------------- resolution

def _inside(p: Place, container: Place) -> bool:
    """Whether p lies in the container (by country, region or distance)."""
    if container.feature == "country":
        return p.country == container.country
    if container.feature == "admin_region" and container.region and p.region == container.region:
        return True
    return distance_km(p.lat, p.lon, container.lat, container.lon) <= container.precision_km + p.precision_km + 10


class Resolver:
    """Chooses one candidate per distinct name, using the article's own geography. Candidates come from
    `geocoder` (the gazetteer, or an online chain that falls back to it); demonyms, state abbreviations
    and curated places always from the gazetteer."""

    def __init__(self, gazetteer: Gazetteer, geocoder: Gazetteer | NominatimChain) -> None:
        self.gaz = gazetteer
        self.geocoder = geocoder
        self._priors: dict[str, float] = {}

    def candidates(self, mention: Mention, forced: str | None) -> list[Place]:
        """A name's gazetteer readings (a curated place's only, when forced)."""
        if forced:
            return self.gaz.candidates(forced, limit=1)
        if mention.label == "NORP":
            a2 = self.gaz.demonym(mention.text)
            country = self.gaz.country(a2) if a2 else None
            return [country] if country else []
        state = self.gaz.state_abbreviation(mention.text)
        if state is not None:
            return [state]
        curated = [p for p in self.gaz.candidates(mention.text, limit=5) if p.source == "landmarks"]
        if self.geocoder is not self.gaz and not curated:
            return self.geocoder.candidates(mention.text, limit=10)
        return self.gaz.candidates(mention.text, limit=40)

    def _prior(self, p: Place, said: str = "") -> float:
        """Context-free preference: countries, curated places, capitals, then population. A region whose
        name has a word the text left out ('Richmond' for 'Richmond County') is the less likely reading."""
        base = self._priors.get(p.key)
        if base is None:
            bonus = {"country": 4.0, "admin_region": -0.5}.get(p.feature, 0.0) + (5.0 if p.source == "landmarks" else 0.0)
            if p.feature == "city" and self.gaz.capital_of(p.name) == p.country:
                bonus += 2.0
            base = self._priors[p.key] = math.log10(p.population + 1) + bonus
        if said and p.feature == "admin_region" and set(normalize(p.name).split()) & UNIT_WORDS - set(said.split()):
            return base - 3.0
        return base

    def _spread(self, cands: list[Place]) -> tuple[Counter, Counter]:
        """P(country) and P(region) over a name's candidates, weighted by 10**prior (about population)."""
        priors = [self._prior(p) for p in cands]
        top = max(priors)
        weights = [10 ** (x - top) for x in priors]
        total = sum(weights)
        countries, regions = Counter(), Counter()
        for p, w in zip(cands, weights):
            countries[p.country] += w / total
            if p.region:
                regions[p.region] += w / total
        return countries, regions

    def resolve(self, mentions: list[tuple[Mention, bool, Forced]], text: str) -> list[ResolvedPlace]:
        names: dict[str, list[tuple[Mention, bool]]] = {}
        forced: dict[str, str | None] = {}
        described: dict[str, Described] = {}
        for m, literal, f in mentions:
            if isinstance(f, Described):
                n = described.setdefault(f.key, f).key
            else:
                n = f"{m.label}:{normalize(m.text)}" if m.label == "NORP" else normalize(f or m.text)
                forced[n] = f
            names.setdefault(n, []).append((m, literal))
        cands = {n: self.candidates(names[n][0][0], f) for n, f in forced.items()}
        unknown = [n for n, cs in cands.items() if not cs]
        cands = {n: cs for n, cs in cands.items() if cs}
        counts = Counter({n: len(names[n]) for n in cands})
        containers = _containers([m for ms in names.values() for m, _ in ms], text)
        # Soft evidence first: what each name says about the article's countries and regions, spread over
        # its candidates by prior ("Franklin County" is surely in the US, whichever Franklin County it is).
        evidence = {n: self._spread(cs) for n, cs in cands.items()}
        chosen: dict[str, Place] = {}
        confidence: dict[str, float] = {}
        for _ in range(ROUNDS):
            scores: dict[str, list[tuple[float, Place]]] = {}
            for n in sorted(cands, key=lambda n: n not in {c for cs in containers.values() for c in cs}):
                countries, regions = Counter(), Counter()
                for other, (ec, er) in evidence.items():
                    if other != n:
                        for k, v in ec.items():
                            countries[k] += v * counts[other]
                        for k, v in er.items():
                            regions[k] += v * counts[other]
                total_c, total_r = sum(countries.values()) or 1, sum(regions.values()) or 1
                ctx = [chosen[c] for c in containers.get(n, ()) if c in chosen]
                said = normalize(names[n][0][0].text)
                scored = sorted(((self._prior(p, said) + W_COUNTRY * countries[p.country] / total_c
                                  + W_REGION * regions[p.region] / total_r * (p.feature != "country")
                                  + W_CONTAINER * sum(_inside(p, c) for c in ctx), p) for p in cands[n]),
                                key=lambda sp: -sp[0])
                chosen[n] = scored[0][1]
                confidence[n] = round(min(0.99, 0.5 + _margin([s for s, _ in scored]) / 10), 2)
                scores[n] = scored
            # next round: each name's evidence follows its readings in context, so names that agree
            # ('Paris' and 'Henry County', both in Tennessee) reinforce each other
            evidence = {n: _distribution(scores[n]) for n in cands}
        focus = _focus_place(chosen, counts)
        for n in unknown:
            chosen[n] = _placed_by_context(names[n][0][0], focus)
            confidence[n] = 0.2
        for n, d in described.items():
            place = described_place(d, chosen, counts, self.gaz)
            if place is not None:
                chosen[n] = place
                confidence[n] = min([confidence[a] for a in d.anchors if a in confidence] or [0.5])
        self._inside_stated(names, cands, chosen, confidence, text)
        resolved: dict[str, ResolvedPlace] = {}
        for n, place in chosen.items():
            lid = location_id(place)
            rp = resolved.setdefault(lid, ResolvedPlace(place, lid, confidence[n]))
            for m, literal in names[n]:
                rp.mentions.append(Mention("location", lid, m.text, m.label, m.sentence, m.start, m.end, m.segment))
                if not literal:
                    rp.figurative.add((m.start, m.end))
        return list(resolved.values())


    @staticmethod
    def _inside_stated(names: dict[str, list[tuple[Mention, bool]]], cands: dict[str, list[Place]],
                       chosen: dict[str, Place], confidence: dict[str, float], text: str) -> None:
        """'the al-Zuhur district of eastern Mosul': a name stated to lie in a place where none of its
        readings lies is a place the gazetteer lacks, there (not the al-Zuhur of Egypt)."""
        key_of = {normalize(m.text): n for n, ms in names.items() for m, _ in ms}
        inside = _containers([m for ms in names.values() for m, _ in ms], text, INSIDE_RE)
        for n, cs in cands.items():
            keys = [key_of[c] for c in inside.get(n, ()) if key_of.get(c) in chosen and key_of[c] != n]
            ctx = [chosen[k] for k in keys if not math.isnan(chosen[k].lat)]
            # any reading of the container counts ('al-Busayrah in Deir ez-Zor province': the province)
            readings = ctx + [p for k in keys for p in cands.get(k, [])]
            if ctx and not any(_inside(p, c) for p in cs for c in readings):
                chosen[n] = _placed_by_context(names[n][0][0], min(ctx, key=lambda c: c.precision_km))
                confidence[n] = 0.3


def _focus_place(chosen: dict[str, Place], counts: Counter) -> Place | None:
    """The article's main locality: its most-named city (or district, or region)."""
    for features in (("city", "district"), ("admin_region",)):
        local = [(counts[n], p.population, n) for n, p in chosen.items() if p.feature in features]
        if local:
            return chosen[max(local)[2]]
    return None


def _placed_by_context(m: Mention, focus: Place | None) -> Place:
    """A place the gazetteer lacks ('Wichita Drive'): put at the article's main locality with a wide
    radius (source 'context', low confidence), or left without coordinates when there is none."""
    slug = normalize(m.text).replace(" ", "-")
    feature = "facility" if m.label == "FAC" else "other"
    if focus is None:
        return Place(f"local:{slug}", m.text, feature, "", math.nan, math.nan, 0, math.nan, "context", "", "", "")
    return Place(f"local:{slug}@{focus.key}", m.text, feature, focus.country, focus.lat, focus.lon, 0,
                 max(25.0, focus.precision_km), "context", focus.key, "", focus.region)


def _distribution(scored: list[tuple[float, Place]]) -> tuple[Counter, Counter]:
    """P(country) and P(region) from a name's scored readings (softmax, natural base)."""
    top = scored[0][0]
    weights = [math.exp(s - top) for s, _ in scored]
    total = sum(weights)
    countries, regions = Counter(), Counter()
    for (_, p), w in zip(scored, weights):
        countries[p.country] += w / total
        if p.region:
            regions[p.region] += w / total
    return countries, regions


def _margin(scores: list[float]) -> float:
    top = sorted(scores, reverse=True)
    return top[0] - top[1] if len(top) > 1 else 10.0


def _containers(mentions: list[Mention], text: str, between: re.Pattern = CONTAINER_RE) -> dict[str, set[str]]:
    """Names stated as containing others: 'the Green Zone in Baghdad', 'Tripoli, Lebanon', 'the al-Zuhur
    district of eastern Mosul' (`between`: the words that may separate them)."""
    out: dict[str, set[str]] = {}
    ordered = sorted(mentions, key=lambda m: m.start)
    for a, b in zip(ordered, ordered[1:]):
        if a.sentence == b.sentence and between.match(text[a.end:b.start]):
            out.setdefault(normalize(a.text), set()).add(normalize(b.text))
    return out


def with_parents(places: list[ResolvedPlace], gazetteer: Gazetteer) -> list[ResolvedPlace]:
    """parent_id: the nearest ancestor the article also names, else the country (added, unnamed)."""
    by_key = {rp.place.key: rp for rp in places}
    for rp in list(places):
        key, parent = rp.place.parent, None
        while key:
            if key in by_key:
                parent = by_key[key]
                break
            anc = gazetteer.lookup(key)
            key = anc.parent if anc else ""
        if parent is None and rp.place.feature != "country" and rp.place.country:
            country = gazetteer.country(rp.place.country)
            if country is not None:
                parent = by_key.setdefault(country.key, ResolvedPlace(country, location_id(country), rp.confidence))
        if parent is not None and parent is not rp:
            rp.parent_id = parent.location_id
    return list(by_key.values())


def extract_places(sentences: list[Sentence], text: str, gazetteer: Gazetteer,
                   actor_country: dict[tuple[int, int], str],
                   geocoder: Gazetteer | NominatimChain | None = None) -> list[ResolvedPlace]:
    """The article's places: recognised (with the gazetteer), resolved (with `geocoder`, default the
    gazetteer), with their parents."""
    mentions = Recognizer(gazetteer, actor_country).run(sentences)
    return with_parents(Resolver(gazetteer, geocoder or gazetteer).resolve(mentions, text), gazetteer)

"""Place mentions -> one resolved place each, with its parent (the resolution half of places.py).

A context-free prior (countries, curated places, population) plus the article's own geography: the countries
and regions its unambiguous names point to, places stated as containing others ("Alexandria, Va.", "the Green
Zone in Baghdad"), one sense per document. A name stated to lie in a place where none of its readings lies is
a place the gazetteer lacks, put there.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .geocoding.gazetteer import Gazetteer, Place, distance_km, normalize
from .geocoding.nominatim import NominatimChain
from .layout import filed_from
from .place_phrases import Described, described_place
from .spans import Mention, stable_id

_PART = r"(?:(?:district|neighbou?rhood|quarter|suburb|area|market|camp|village|town)\s+)?"
_SIDE = r"(?:(?:eastern|western|northern|southern|central|north|south|east|west)\s+)?"
_BANK = r"on\s+the\s+(?:left|right|(?:east|west|north|south)(?:ern)?)\s+bank\s+of"  # a river city's side
_UNIT = r"(?:(?:city|town|province|governorate)\s+of\s+)?"  # 'the city of Mosul'
CONTAINER_RE = re.compile(rf"^\s*{_PART}(?:,|in|of|near|outside|inside|{_BANK})\s+(?:the\s+)?{_UNIT}{_SIDE}$", re.I)
INSIDE_RE = re.compile(rf"^\s*{_PART}(?:in|of|inside|{_BANK})\s+(?:the\s+)?{_UNIT}{_SIDE}$", re.I)  # in it, not near it
W_COUNTRY, W_REGION, W_CONTAINER = 6.0, 6.0, 10.0
ROUNDS = 3
Forced = str | Described | None  # a curated place's name, or a described place (place_phrases)
# 'al-Zuhur, a mainly residential neighbourhood', 'al-Abbasi, a farming village': a local place of the story
LOCAL_RE = re.compile(r"\s*,\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?P<unit>neighbou?rhood|quarter|suburb|district|village"
                      r"|hamlet|town)\b", re.I)
URBAN_UNITS = {"neighbourhood", "neighborhood", "quarter", "suburb"}  # inside the story's city; the rest, its country
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
        containers, inside = _containers([m for ms in names.values() for m, _ in ms], text)
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
        told = Counter({n: sum(not _dateline(m, text) for m, _ in names[n]) for n in cands})
        focus = _focus_place(chosen, told, counts)
        for n in unknown:
            chosen[n] = _placed_by_context(names[n][0][0], focus)
            confidence[n] = 0.2
        for n, d in described.items():
            place = described_place(d, chosen, counts, self.gaz)
            if place is not None:
                chosen[n] = place
                confidence[n] = min([confidence[a] for a in d.anchors if a in confidence] or [0.5])
        self._inside_stated(names, cands, chosen, confidence, inside)
        for n, unit in _local_units(names, cands, text).items():
            if focus is not None and chosen[n] != focus and not any(
                    _inside(p, focus) if unit in URBAN_UNITS else p.country == focus.country for p in cands[n]):
                chosen[n] = _placed_by_context(names[n][0][0], focus)  # not the al-Zuhur of Egypt
                confidence[n] = 0.3
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
                       chosen: dict[str, Place], confidence: dict[str, float], inside: dict[str, set[str]]) -> None:
        """'the al-Zuhur district of eastern Mosul': a name stated to lie in a place (`inside`, by
        _containers) where none of its readings lies is a place the gazetteer lacks, there (not the
        al-Zuhur of Egypt)."""
        key_of = {normalize(m.text): n for n, ms in names.items() for m, _ in ms}
        for n, cs in cands.items():
            keys = [key_of[c] for c in inside.get(n, ()) if key_of.get(c) in chosen and key_of[c] != n]
            ctx = [chosen[k] for k in keys if not math.isnan(chosen[k].lat) and chosen[k].feature != "body_of_water"]
            # any reading of the container counts ('al-Busayrah in Deir ez-Zor province': the province)
            readings = ctx + [p for k in keys for p in cands.get(k, [])]
            if ctx and not any(_inside(p, c) for p in cs for c in readings):
                chosen[n] = _placed_by_context(names[n][0][0], min(ctx, key=lambda c: c.precision_km))
                confidence[n] = 0.3


def _local_units(names: dict[str, list[tuple[Mention, bool]]], cands: dict[str, list[Place]], text: str) -> dict[str, str]:
    """The names with gazetteer readings that the text describes as a local unit ('X, a residential
    neighbourhood'), with that unit (the last description of the name)."""
    return {n: found.group("unit").lower() for n in cands for m, _ in names[n]
            if (found := LOCAL_RE.match(text, m.end))}


def _dateline(m: Mention, text: str) -> bool:
    """Whether the mention is the place of an agency dateline ('BEIRUT, May 8 (Agency) - ')."""
    filed = filed_from(text, m.start)
    return filed is not None and filed.end("place") == m.end


def _focus_place(chosen: dict[str, Place], told: Counter, counts: Counter) -> Place | None:
    """The article's main locality: its most-named city (or district, or region); of equals, one the story
    names (`told`: mentions outside a dateline) before one only a dateline names, which is where the
    reporter filed from, often a capital far from the news; then the most populous."""
    for features in (("city", "district"), ("admin_region",)):
        local = [(counts[n], told[n] > 0, p.population, n) for n, p in chosen.items() if p.feature in features]
        if local:
            return chosen[max(local)[-1]]
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


def _containers(mentions: list[Mention], text: str) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Names stated as containing others ('the Green Zone in Baghdad', 'Tripoli, Lebanon', 'a village near
    Kirkuk'), and of those the ones stated to hold them inside ('the al-Zuhur district of eastern Mosul';
    not 'near', not a list's comma)."""
    stated: dict[str, set[str]] = {}
    inside: dict[str, set[str]] = {}
    ordered = sorted(mentions, key=lambda m: m.start)
    for a, b in zip(ordered, ordered[1:]):
        between = text[a.end:b.start]
        if a.sentence == b.sentence and CONTAINER_RE.match(between):
            stated.setdefault(normalize(a.text), set()).add(normalize(b.text))
            if INSIDE_RE.match(between):
                inside.setdefault(normalize(a.text), set()).add(normalize(b.text))
    return stated, inside


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

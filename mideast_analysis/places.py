"""Toponyms -> gazetteer candidates -> one resolved place each, with its parent chain.

Recognition: spaCy GPE/LOC/FAC entities and the domain ruler's curated names. A country (or a
capital standing for its government) used as a modifier ("US President") or as the subject of a
clause ("Washington accuses") names an actor, not a place, and is left to actors.py.
Resolution: context-free preference (countries, curated places, population) plus the article's
own geography (countries it names, places named with their container), one sense per document.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from spacy.tokens import Span

from .geocoding.gazetteer import Gazetteer, Place, normalize
from .nlp import Sentence
from .spans import Mention, stable_id

PLACE_LABELS = {"GPE", "LOC", "FAC"}
ACTOR_DEPS = {"compound", "amod", "nsubj", "nsubjpass", "poss", "npadvmod"}
CONTAINER_RE = re.compile(r"^\s*(?:,|in|of|near|outside|inside)\s+(?:the\s+)?$", re.I)


@dataclass
class ResolvedPlace:
    """One place of the article with every mention that names it."""

    place: Place
    location_id: str
    confidence: float
    mentions: list[Mention] = field(default_factory=list)
    parent_id: str = ""


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


def is_actor_use(ent: Span, gazetteer: Gazetteer) -> bool:
    """A country name (or a capital) used as a modifier or a clause subject names an actor."""
    top = gazetteer.candidates(ent.text, limit=1)
    is_country = bool(top) and top[0].feature == "country"
    if not is_country and not gazetteer.capital_of(ent.text):
        return False
    dep = ent.root.dep_
    if dep in ("nsubj", "nsubjpass"):
        return True
    return is_country and dep in ACTOR_DEPS


def toponyms(sentences: list[Sentence], gazetteer: Gazetteer) -> list[Mention]:
    """Every place-name mention, with exact offsets into the article."""
    out = []
    for sent in sentences:
        for ent in sent.span.ents:
            if ent.label_ not in PLACE_LABELS or is_actor_use(ent, gazetteer):
                continue
            s, e = trim(ent)
            if e <= s:
                continue
            text = ent.doc.text[s:e]
            if not gazetteer.candidates(text, limit=1):
                continue
            ps = sent.parsed
            out.append(Mention("location", "", text, ent.label_, sent.index, ps.offset(s), ps.offset(e), sent.kind))
    return out


def _containers(mentions: list[Mention], text: str) -> dict[str, set[str]]:
    """Names stated as containing others: 'the Green Zone in Baghdad', 'Tripoli, Lebanon'."""
    out: dict[str, set[str]] = {}
    for a, b in zip(mentions, mentions[1:]):
        if a.sentence == b.sentence and CONTAINER_RE.match(text[a.end:b.start]):
            out.setdefault(normalize(a.text), set()).add(normalize(b.text))
    return out


def _distance_km(a: Place, b: Place) -> float:
    r = math.radians
    d = (math.sin(r(b.lat - a.lat) / 2) ** 2
         + math.cos(r(a.lat)) * math.cos(r(b.lat)) * math.sin(r(b.lon - a.lon) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, d)))


def _score(p: Place, focus: dict[str, float], containers: set[Place]) -> float:
    """Preference for a candidate in this article's context."""
    score = {"country": 8.0, "landmarks": 6.0}.get("country" if p.feature == "country" else p.source, 0.0)
    score += math.log10(p.population + 1)
    score += 4.0 * focus.get(p.country, 0.0)
    for c in containers:
        if (c.feature == "country" and c.country == p.country) or _distance_km(c, p) < 50 + c.precision_km:
            score += 6.0
    return score


def resolve(mentions: list[Mention], text: str, gazetteer: Gazetteer) -> list[ResolvedPlace]:
    """One place per distinct name (one sense per document), best candidate in context."""
    names: dict[str, list[Mention]] = {}
    for m in mentions:
        names.setdefault(normalize(m.text), []).append(m)
    cands = {n: gazetteer.candidates(ms[0].text, limit=25) for n, ms in names.items()}
    # The article's geography: countries it names, weighted by mentions.
    focus: dict[str, float] = {}
    for n, cs in cands.items():
        if cs and cs[0].feature == "country":
            focus[cs[0].country] = focus.get(cs[0].country, 0.0) + len(names[n])
    total = sum(focus.values()) or 1.0
    focus = {c: v / total for c, v in focus.items()}
    containers = _containers(mentions, text)
    chosen: dict[str, tuple[Place, float]] = {}
    for n in sorted(cands, key=lambda n: n in containers):  # containers first, then the contained
        ctx = {chosen[c][0] for c in containers.get(n, ()) if c in chosen}
        scored = sorted(((_score(p, focus, ctx), p) for p in cands[n]), key=lambda sp: -sp[0])
        if not scored:
            continue
        best = scored[0]
        margin = best[0] - scored[1][0] if len(scored) > 1 else 10.0
        chosen[n] = (best[1], round(min(0.99, 0.5 + margin / 20), 2))
    resolved: dict[str, ResolvedPlace] = {}
    for n, (place, conf) in chosen.items():
        lid = location_id(place)
        rp = resolved.setdefault(lid, ResolvedPlace(place, lid, conf))
        rp.mentions.extend(Mention("location", lid, m.text, m.label, m.sentence, m.start, m.end, m.segment)
                           for m in names[n])
    return list(resolved.values())


def _parent(place: Place, gazetteer: Gazetteer) -> Place | None:
    """The containing place: a curated place's city, a city's country."""
    if place.feature == "country":
        return None
    if place.parent:
        for cand in gazetteer.candidates(place.parent, [place.country] if place.country else None, limit=5):
            if cand.key != place.key and cand.feature in ("city", "country", "admin_region"):
                return cand
    return gazetteer.country(place.country) if place.country else None


def with_parents(places: list[ResolvedPlace], gazetteer: Gazetteer) -> list[ResolvedPlace]:
    """Fill parent_id along landmark -> city -> country, adding implied parents (no mentions)."""
    by_id = {rp.location_id: rp for rp in places}
    queue = list(places)
    while queue:
        rp = queue.pop()
        parent = _parent(rp.place, gazetteer)
        if parent is None:
            continue
        pid = location_id(parent)
        rp.parent_id = pid
        if pid not in by_id:
            by_id[pid] = ResolvedPlace(parent, pid, rp.confidence)
            queue.append(by_id[pid])
    return list(by_id.values())


def location_rows(article_id: str, places: list[ResolvedPlace]) -> list[dict]:
    """Rows of the `locations` table."""
    rows = []
    for rp in places:
        p = rp.place
        aliases = sorted({m.text for m in rp.mentions} - {p.name})
        rows.append({"article_id": article_id, "location_id": rp.location_id, "name": p.name, "feature": p.feature,
                     "country": p.country or None, "lat": p.lat, "lon": p.lon, "geonameid": p.geonameid or None,
                     "source": p.source, "precision_km": p.precision_km, "confidence": rp.confidence,
                     "parent_id": rp.parent_id or None, "n_mentions": len(rp.mentions),
                     "aliases": "|".join(aliases) or None})
    return rows


def extract_places(sentences: list[Sentence], text: str, gazetteer: Gazetteer) -> list[ResolvedPlace]:
    """The article's places: recognised, resolved, with their parents."""
    return with_parents(resolve(toponyms(sentences, gazetteer), text, gazetteer), gazetteer)

"""Places a text describes rather than names: a facility by its owner and city, a side of a place, a border.

- Facilities (resources/facilities.csv): "the Iranian consulate in Najaf", "the airport in Aden", "the Iraqi
  parliament building". A curated facility when one is listed ("Embassy of the United States, Baghdad");
  else a place named "<owner's demonym> <facility>, <City>" ("Iranian consulate, Najaf"; without an owner
  "Airport, Aden"), feature `facility`, at its city's point with the city's precision (source 'context':
  the coordinates are the city's). The city is the one named with it ("in Najaf"), else the one city the
  sentence is set in ("In Najaf, ... the consulate"), else that of the same facility elsewhere in the article,
  else, for a seat of government, the owner's capital. An institution's name ("parliament") is a building
  only as one ("parliament building") or where people go ("stormed the parliament", "a sit-in in parliament").
- Sides: "southern Lebanon", "north-east Syria", "Libya's east", "in the south of Lebanon" -> "Southern
  Lebanon", "North-eastern Syria": that side of the country's outline (`geocoding.shapes.side`), or of a
  region's or city's extent ("Southern Tripoli": a district), source 'gazetteer'. A name the gazetteer
  knows whole ("South Sudan", "West Bank") stays that place; so does a capitalised direction inside a
  sentence before anything but a country ("North Clayton", "West Metro"): a name of its own.
- Borders: "the Iraq–Syria border", "the Syrian-Turkish border", "the border with Jordan", "the Syria border"
  -> "Iraq–Syria border" (countries by name, in alphabetical order): the point halfway along the border the
  two outlines share, with half its length as precision, source 'gazetteer'. A border naming one country is
  the one it shares with the neighbour the article names most; none, no place.
The place names inside these phrases are mentions of their own (nested), so "southern Lebanon" still names
Lebanon.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from spacy.tokens import Span

from .geocoding.gazetteer import Gazetteer, Place, normalize
from .geocoding.shapes import border, side, side_of_point
from .nlp import LOCATIVE_PREPS
from .resources import load_csv

EMBASSY_RE = re.compile(r"^(?:Embassy|Consulate(?: General)?) of (?:the )?(.+?), (.+)$")
NAME = r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}"  # up to three capitalised words
PLACE = r"[A-Z][\w.-]*(?: [A-Z][\w.-]*){0,2}"  # the same, without a possessive ('Iraq' of 'Iraq's')
COMPASS = r"(?:north|south)(?:[- ]?(?:east|west))?|east|west"
DIRECTION_RE = re.compile(rf"(?<![\w'’-])(?P<dir>(?i:(?:{COMPASS})(?:ern)?|central)) (?P<place>{PLACE})")
POSSESSIVE_SIDE_RE = re.compile(rf"(?<![\w'’-])(?P<place>{PLACE})['’]s (?P<dir>(?i:{COMPASS}))(?![\w-])")
OF_SIDE_RE = re.compile(rf"\b(?:in|across|throughout|from) the (?P<dir>(?i:{COMPASS}|centre|center))"
                        rf"(?: part)? of (?:the )?(?P<place>{PLACE})")
COUNTRY = r"[A-Z][\w'’.]*(?: [A-Z][\w'’.]*){0,2}"  # a country name or demonym: no hyphen ('Syria-Turkey')
WITH = rf" (?:with|between) (?:the )?(?P<c>{COUNTRY})(?: and (?:the )?(?P<d>{COUNTRY}))?"
BORDER_RE = re.compile(rf"(?<![\w'’-])(?:(?P<a>{COUNTRY})(?:['’]s)?(?: ?[-–—/] ?(?P<b>{COUNTRY}))? "
                       rf"(?:(?i:{COMPASS})(?:ern)? )?)?(?P<word>(?i:border)s?)\b(?:{WITH})?")
SEATS = ("city", "district", "admin_region")
SIDE_OF = ("country", "admin_region", "city", "district")
MIN_CITY_POPULATION = 50_000  # a city small enough has no sides the news names


@dataclass(frozen=True)
class Described:
    """A place described by the named places it is built from."""

    kind: str                 # 'facility', 'side', 'border' or 'capital'
    label: str = ""           # the facility ('consulate') or the direction ('north-east')
    anchors: tuple[str, ...] = ()  # a facility's city or a side's place (normalised names); a border's countries
    owner: str = ""           # a facility's owner (ISO alpha-2)

    @property
    def key(self) -> str:
        return f"described:{self.kind}:{self.label}:{self.owner}:{'|'.join(self.anchors)}"


@dataclass
class Phrase:
    """One descriptive phrase: its span (offsets in the Doc), what it describes, and the names inside it."""

    start: int
    end: int
    label: str                            # NER-like label of the mention: 'FAC' or 'LOC'
    forced: Described | str | None        # a curated place's name, or the description
    inner: list[tuple[int, int, str, bool]] = field(default_factory=list)  # start, end, label, literal
    seat: str = ""                        # a facility's fallback ('capital' or 'city')
    facility: tuple[str, str] = ("", "")  # a facility's kind and owner (ISO alpha-2, '' if unknown)


@lru_cache(maxsize=1)
def _facilities() -> tuple[re.Pattern, dict[str, dict[str, str]]]:
    rows = {r["phrase"]: r for r in load_csv("facilities.csv")}
    words = "|".join(re.escape(p).replace("'", "['’]") for p in sorted(rows, key=len, reverse=True))
    rx = re.compile(rf"(?:\b(?P<det>(?i:its|their|his|her|the|an?))\s+)?(?:(?<![\w'’-])(?P<owner>{NAME})(?:['’]s)?\s+)?"
                    rf"(?P<kind>(?i:{words}))(?![\w-])(?P<suffix> (?:building|compound|premises))?"
                    rf"(?: in (?P<city>{NAME}))?")
    return rx, {normalize(p): r for p, r in rows.items()}


@lru_cache(maxsize=1)
def _entry_verbs() -> frozenset[str]:
    return frozenset(r["lemma"] for r in load_csv("entry_verbs.csv"))


@lru_cache(maxsize=1)
def _curated_embassies() -> dict[tuple[str, str], str]:
    """(owner country, city) -> curated place name, for 'Embassy of X, City' rows."""
    out = {}
    for row in load_csv("places.csv"):
        m = EMBASSY_RE.match(row["name"])
        if m:
            out[(normalize(m.group(1)), normalize(m.group(2)))] = row["name"]
    return out


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """ISO alpha-2 -> the first demonym listed for the country ('IR' -> 'Iranian')."""
    out: dict[str, str] = {}
    for row in load_csv("demonyms.csv"):
        out.setdefault(row["country"], row["demonym"])
    return out


def _direction(word: str) -> str:
    """'North-Eastern', 'northeast', 'centre' -> 'north-east', 'central'."""
    w = re.sub(r"ern$", "", word.lower().replace(" ", "-"))
    w = re.sub(r"^(north|south)-?(east|west)$", r"\1-\2", w)
    return "central" if w in ("centre", "center") else w


def _bare(name: str) -> str:
    """A name without a leading 'The' or a possessive or full stop after it ('The Iraq's' -> 'Iraq')."""
    return re.sub(r"(?:['’]s?|\.)$", "", re.sub(r"^The ", "", name))


def _known(gaz: Gazetteer, text: str, features: tuple[str, ...], min_city: int = 0,
           whole: bool = False) -> tuple[str, Place] | None:
    """The longest leading run of words of `text` (all of them, if `whole`) whose best gazetteer reading has
    one of `features`."""
    words = text.split()
    for n in range(len(words), 0 if not whole else len(words) - 1, -1):
        name = _bare(" ".join(words[:n]))
        top = gaz.candidates(name, limit=1)
        if top and top[0].feature in features and (top[0].feature != "city" or top[0].population >= min_city
                                                    or top[0].source == "landmarks"):
            return name, top[0]
    return None


def _country_word(gaz: Gazetteer, text: str) -> tuple[str, str, str] | None:
    """(the words, ISO alpha-2, label) of a country name or demonym leading `text` ('Syrian', 'Iraq')."""
    for n in range(min(3, len(text.split())), 0, -1):
        name = _bare(" ".join(text.split()[:n]))
        if gaz.demonym(name):
            return name, gaz.demonym(name), "NORP"
        top = gaz.candidates(name, limit=1)
        if top and top[0].feature == "country" and not gaz.macro_region(name):
            return name, top[0].country, "GPE"
    return None


def _proper_name(sent: Span, m: re.Match, place: Place) -> bool:
    """Whether 'West X' is more likely a name of its own than a side of X: a capitalised direction inside a
    sentence (where capitals are a choice, not the sentence's first word) before anything but a country
    ('North Clayton', 'West Metro'), or after another capitalised word ('Royal West Kent')."""
    start = sent.start_char + m.start("dir")
    prev = next((t for t in reversed(sent) if t.idx + len(t) <= start), None)
    if prev is not None and prev.i > sent.start and prev.pos_ == "PROPN" and prev.is_title:
        return True
    initial = prev is None or not prev.is_alpha  # first word, or after a quote or a dash
    return m.group("dir")[0].isupper() and not initial and place.feature != "country"


def _in_person(sent: Span, start: int, end: int) -> bool:
    """Whether a span overlaps a person's name ('Karim North Lebanon' is no side of Lebanon)."""
    return any(e.label_ == "PERSON" and e.start_char < end and start < e.end_char for e in sent.ents)


def sides(sent: Span, gaz: Gazetteer, sent_text: str) -> list[Phrase]:
    """'southern Lebanon', 'Libya's east', 'in the north of Syria': a side of a country, region or city."""
    out = []
    for rx in (DIRECTION_RE, POSSESSIVE_SIDE_RE, OF_SIDE_RE):
        for m in rx.finditer(sent_text):
            found = _known(gaz, m.group("place"), SIDE_OF, MIN_CITY_POPULATION, whole=True)  # not 'North Main Street'
            if found is None:
                continue
            name, _ = found
            p0 = sent.start_char + m.start("place")
            p1 = p0 + len(name)
            start = min(sent.start_char + m.start("dir"), p0)
            end = max(sent.start_char + m.end("dir"), p1)
            if rx is DIRECTION_RE and _proper_name(sent, m, found[1]) or _in_person(sent, start, end):
                continue  # a name ('West Metro', 'Royal West Kent'), or inside a person's
            whole = gaz.candidates(sent.doc.text[start:end], limit=1) if rx is DIRECTION_RE else []
            if whole:  # a name of its own: 'southern Lebanon' for South Lebanon; capitalised ones are NER's
                if m.group("dir").islower():
                    same = whole[0].country == found[1].country
                    out.append(Phrase(start, end, "LOC", sent.doc.text[start:end], [(p0, p1, "GPE", True)] * same))
                continue
            d = Described("side", _direction(m.group("dir")), (normalize(name),))
            out.append(Phrase(start, end, "LOC", d, [(p0, p1, "GPE", True)]))
    return out


def borders(sent: Span, gaz: Gazetteer, sent_text: str) -> list[Phrase]:
    """'the Iraq–Syria border', 'the Syrian-Turkish border', 'the border with Jordan', 'Syria's border'."""
    out = []
    for m in BORDER_RE.finditer(sent_text):
        groups = [g for g in ("a", "b", "c", "d") if m.group(g)]
        named = []
        for g in groups:
            text = _last_words(gaz, m.group(g)) if g in "ab" else m.group(g)
            cw = _country_word(gaz, text)
            if cw is None:
                break
            s = sent.start_char + m.start(g) + (len(m.group(g)) - len(text) if g in "ab" else 0)
            named.append((s, s + len(cw[0]), cw[1], cw[2]))
        if not named or len(named) < len(groups) or len({c for _, _, c, _ in named}) < len(named):
            continue
        start = named[0][0] if m.group("a") else sent.start_char + m.start()
        end = sent.start_char + (m.end() if m.group("c") else m.end("word"))
        if _in_person(sent, start, end):
            continue
        d = Described("border", "", tuple(sorted(c for _, _, c, _ in named)))
        out.append(Phrase(start, end, "LOC", d, [(s, e, label, False) for s, e, _, label in named]))
    return out


def _last_words(gaz: Gazetteer, text: str) -> str:
    """The country name or demonym that ends `text` ('the Syrian' -> 'Syrian'; 'Saudi Arabia' whole)."""
    words = text.split()
    for n in range(min(3, len(words)), 0, -1):
        tail = " ".join(words[-n:])
        cw = _country_word(gaz, tail)
        if cw and cw[0] == _bare(tail):
            return tail
    return text


def facilities(sent: Span, gaz: Gazetteer, owner_of: OwnerOf, sent_text: str) -> list[Phrase]:
    """'the Iranian consulate in Najaf', 'its embassy in Baghdad', 'the Iraqi parliament building'."""
    rx, rows = _facilities()
    out = []
    for m in rx.finditer(sent_text):
        row = rows[normalize(m.group("kind"))]
        if row["reading"] == "institution" and not m.group("suffix") and not _entered(sent, sent.start_char + m.end("kind")):
            continue
        owner, owner_span, start = "", None, sent.start_char + (m.start("det") if m.group("det") else m.start("kind"))
        if m.group("owner"):
            cw = _country_word(gaz, _last_words(gaz, m.group("owner")))
            if cw is None:
                continue  # 'Tripoli airport': a name, NER's or the curated places'
            s = sent.start_char + m.start("owner") + m.group("owner").rfind(cw[0])
            owner, owner_span, start = cw[1], (s, s + len(cw[0]), cw[2]), s
        elif row["owner"] == "sender":
            owner = owner_of(sent.start_char + m.start("kind")) or ""
        if not owner_span and m.group("kind")[0].isupper():
            continue  # 'Queen Alia International Airport': part of a name
        if start == sent.start_char + m.start("det") and m.group("det").lower() in ("the", "a", "an"):
            start = sent.start_char + m.start("kind")
        city = _known(gaz, m.group("city"), SEATS + ("landmark",), whole=True) if m.group("city") else None
        end = sent.start_char + (m.start("city") + len(city[0]) if city else m.end("suffix") if m.group("suffix")
                                 else m.end("kind"))
        if _in_person(sent, start, end):
            continue
        # the owner of a seat of government is also where it is; a mission's owner names no place it is in
        inner = [(*owner_span, False)] if owner_span and row["owner"] == "host" else []
        anchors: tuple[str, ...] = ()
        if city:
            c0 = sent.start_char + m.start("city")
            inner.append((c0, c0 + len(city[0]), "GPE", True))
            anchors = (normalize(city[0]),)
        forced = _curated(gaz, row["name"], owner, city, sent.doc.text[start:end]) or Described(
            "facility", row["name"], anchors, owner)
        out.append(Phrase(start, end, "FAC", forced, inner, row["seat"], (row["name"], owner)))
    return out


def _entered(sent: Span, kind_end: int) -> bool:
    """Whether the word ending at `kind_end` is where someone is or goes ('in parliament', 'stormed parliament')."""
    tok = next((t for t in sent if t.idx < kind_end <= t.idx + len(t)), None)
    if tok is None:
        return False
    return (tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS | {"to", "from"}) or (
        tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in _entry_verbs())


def _curated(gaz: Gazetteer, kind: str, owner: str, city: tuple[str, Place] | None, text: str) -> str | None:
    """A curated facility the phrase names: one listing the phrase among its names ('Turkish parliament
    building'), an 'Embassy of X, City' row, or one named '<City> <facility>' ('Aden airport')."""
    queries = [text]
    if city is not None:
        where = gaz.lookup(city[1].parent) if city[1].feature == "landmark" else city[1]  # 'in the Green Zone'
        country = gaz.country(owner) if owner else None
        if country is not None and where is not None:
            name = _curated_embassies().get((normalize(country.name), normalize(where.name)))
            if name:
                return name
        queries += [f"{city[0]} {kind}"] + ([f"{where.name} {kind}"] if where else [])
    for q in queries:
        top = gaz.candidates(q, limit=1)
        if top and top[0].source == "landmarks" and top[0].feature in ("facility", "landmark"):
            return top[0].name
    return None


class OwnerOf:
    """Whose mission an unowned phrase means ('its embassy', 'his country's embassy'): the country of the
    actor the clause is about (actor mention spans in article offsets; `offset` maps Doc offsets there)."""

    def __init__(self, sent: Span, actor_country: dict[tuple[int, int], str], offset: Callable[[int], int]) -> None:
        self.sent, self.actor_country, self.offset = sent, actor_country, offset

    def __call__(self, char: int) -> str | None:
        tok = next((t for t in self.sent if t.idx == char), None)
        for anc in ([tok, *tok.ancestors] if tok is not None else []):
            subj = next((c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass") and c != tok), None)
            if subj is not None:
                for (s, e), a2 in self.actor_country.items():
                    if s <= self.offset(subj.idx) < e:
                        return a2
        return None


def settle_facilities(phrases: list[tuple[int, Phrase]], cities: dict[int, set[str]]) -> list[Described | str | None]:
    """What each facility phrase (with its sentence) stands for, the city filled in where the phrase names
    none: the one city its sentence is set in, else that of the same facility elsewhere in the article,
    else, for a seat of government, the owner's capital (a description with no anchor); a phrase with no
    owner ('the consulate') is the article's facility of that kind. None: no such place."""
    out: list[Described | str | None] = []
    known: dict[tuple[str, str], Described | str] = {}
    for sentence, ph in phrases:
        d = ph.forced
        if isinstance(d, Described) and not d.anchors and len(cities.get(sentence, ())) == 1:
            d = Described(d.kind, d.label, tuple(cities[sentence]), d.owner)
        if not isinstance(d, Described) or d.anchors:
            known.setdefault(ph.facility, d)
            known.setdefault((ph.facility[0], ""), d)
        out.append(d)
    for owned in (True, False):
        for i, ((_, ph), d) in enumerate(zip(phrases, out)):
            if isinstance(d, Described) and not d.anchors and bool(d.owner) == owned:
                same = known.get(ph.facility) or (d if owned and ph.seat == "capital" else None)
                out[i] = same
                if same is not None:
                    known.setdefault((ph.facility[0], ""), same)
    return out


def partner(country: str, named: list[str], gaz: Gazetteer) -> Place | None:
    """The first of the `named` countries (ISO alpha-2, most named first) that shares a border with `country`."""
    mine = gaz.outline(country)
    return next((gaz.country(c) for c in named if border(mine, gaz.outline(c)) is not None), None)


def described_place(d: Described, chosen: dict[str, Place], counts: Counter, gaz: Gazetteer) -> Place | None:
    """A described place from its anchors as the article's names were resolved (`chosen`, by name key, named
    `counts` times); a border naming one country is the one shared with the neighbour the article names most."""
    if d.kind != "border":
        anchors = [chosen[a] for a in d.anchors if a in chosen]
        return describe(d, anchors, gaz) if len(anchors) == len(d.anchors) else None
    countries = [c for c in map(gaz.country, d.anchors) if c is not None]
    if len(countries) == 1:
        named: Counter = Counter()
        for n, p in chosen.items():
            if p.feature == "country" and p.country != d.anchors[0]:
                named[p.country] += counts[n]
        other = partner(d.anchors[0], [c for c, _ in named.most_common()], gaz)
        countries += [other] if other else []
    return describe(d, countries, gaz) if len(countries) == 2 else None


def describe(d: Described, anchors: list[Place], gaz: Gazetteer) -> Place | None:
    """The place a description stands for, from the places its anchors were resolved to (a facility with no
    anchor: at the owner's capital)."""
    if d.kind == "capital":
        return gaz.capital(d.owner)
    if d.kind == "facility":
        city = anchors[0] if anchors else gaz.capital(d.owner) if d.owner else None
        if city is None:
            return None
        owner = _demonyms().get(d.owner, "")
        name = f"{owner} {d.label}, {city.name}" if owner else f"{d.label[0].upper()}{d.label[1:]}, {city.name}"
        return Place(f"facility:{d.label}:{d.owner}@{city.key}", name, "facility", city.country, city.lat, city.lon,
                     0, city.precision_km, "context", city.key, "", city.region)
    if d.kind == "side":
        p = anchors[0]
        where = side(gaz.outline(p.country), d.label) if p.feature == "country" else None
        lat, lon, radius = where or side_of_point(p.lat, p.lon, p.precision_km, d.label)
        adjective = "Central" if d.label == "central" else f"{d.label[0].upper()}{d.label[1:]}ern"
        feature = "district" if p.feature in ("city", "district") else "other"
        return Place(f"side:{d.label}@{p.key}", f"{adjective} {p.name}", feature, p.country, round(lat, 4),
                     round(lon, 4), 0, round(radius, 1), "gazetteer", p.key, "", p.region if feature == "district" else "")
    a, b = sorted(anchors, key=lambda p: p.name)
    where = border(gaz.outline(a.country), gaz.outline(b.country))
    if where is None:
        return None
    return Place(f"border:{a.country}-{b.country}", f"{a.name}–{b.name} border", "other", "", round(where[0], 4),
                 round(where[1], 4), 0, round(where[2], 1), "gazetteer", "", "", "")


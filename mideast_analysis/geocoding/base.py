"""Choosing a geocoder by name; the gazetteer is shared (built once per process)."""
from __future__ import annotations

from functools import lru_cache

from ..errors import GeocoderError
from .gazetteer import Gazetteer


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer()


def get_geocoder(spec: str | Gazetteer) -> Gazetteer:
    """'gazetteer' (offline, the default) or a Gazetteer instance."""
    if isinstance(spec, Gazetteer):
        return spec
    if spec == "gazetteer":
        return default_gazetteer()
    raise GeocoderError(f"unknown geocoder {spec!r}; choose 'gazetteer'")

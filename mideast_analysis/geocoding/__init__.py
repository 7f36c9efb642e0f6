"""Geocoders behind geopy's `Geocoder` interface: the offline gazetteer (default) and Nominatim."""
from .gazetteer import Gazetteer, Place, normalize

__all__ = ["Gazetteer", "Place", "normalize"]

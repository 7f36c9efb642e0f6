"""The offline gazetteer behind geopy's Geocoder interface."""
from __future__ import annotations

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location

import mideast_analysis as mea
from mideast_analysis.geocoding.gazetteer import normalize


@pytest.fixture(scope="module")
def gaz():
    return mea.Gazetteer()


def test_is_a_geopy_geocoder_returning_locations_with_raw(gaz):
    assert isinstance(gaz, Geocoder)
    loc = gaz.geocode("the Green Zone")
    assert isinstance(loc, Location)
    assert abs(loc.latitude - 33.3076) < 0.03 and abs(loc.longitude - 44.3903) < 0.03
    assert loc.raw["feature"] == "landmark" and loc.raw["source"] == "landmarks" and loc.raw["citation"]


def test_ranked_candidates(gaz):
    locs = gaz.geocode("Alexandria", exactly_one=False, limit=5)
    assert len(locs) == 5
    assert locs[0].raw["country"] == "EG"  # the largest Alexandria first, without context
    us = gaz.geocode("Alexandria", country_codes=["US"])
    assert us.raw["country"] == "US"


@pytest.mark.parametrize("name,country", [("Baghdad", "IQ"), ("Iraq", "IQ"), ("U.S.", "US"), ("UAE", "AE"),
                                          ("Britain", "GB"), ("Mosul", "IQ"), ("Gaza Strip", "PS")])
def test_common_names(gaz, name, country):
    assert gaz.geocode(name).raw["country"] == country


def test_unknown_and_bad_queries(gaz):
    assert gaz.geocode("Qwxzzyville") is None
    with pytest.raises(mea.GeocoderError):
        gaz.geocode("   ")


def test_normalize_folds_accents_case_articles():
    assert normalize("The Ḥaram al-Sharīf") == normalize("haram al sharif")
    assert normalize("Baghdād’s") != ""


def test_capitals_and_countries(gaz):
    assert gaz.capital_of("Washington") == "US"
    assert gaz.country("IQ").name == "Iraq" and gaz.alpha3("IQ") == "IRQ"

"""The offline gazetteer behind geopy's Geocoder interface."""
from __future__ import annotations

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location

import mideast_analysis as mea
from mideast_analysis.geocoding.gazetteer import normalize
from mideast_analysis.geocoding.transliteration import fold
from mideast_analysis.resources import load_csv


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


@pytest.mark.parametrize("variant,standard", [
    ("Makhmour", "Makhmur"),              # ou -> u
    ("Nassiriya", "An Nasiriyah"),        # article, doubled letter, -iyah ending
    ("Ras al-Ain", "Ra's al 'Ayn"),       # ain / ayn, article inside the name
    ("Tel Abyad", "Tall Abyad"),          # tel / tall
    ("Deir el-Zour", "Dayr az Zawr"),     # dayr / deir, assimilated article, aw / ou
    ("Kamishli", "Al Qamishli"),          # qaf written k
    ("Kadhimiya", "Al Kazimiyah"),        # dh / z
    ("Hasakeh", "Al Hasakah"),            # final -eh / -ah
    ("Chouf", "Shuf"),                    # French ch, ou
    ("Djebel Ali", "Jabal Ali"),          # French dj, jebel / jabal
    ("Raqqa Governorate", "Ar Raqqah Province"),  # the unit word of a region
])
def test_fold_merges_press_and_geonames_spellings(variant, standard):
    assert fold(normalize(variant)) == fold(normalize(standard)) != ""


@pytest.mark.parametrize("a,b", [("Basra", "Busra"), ("Homs", "Hama"), ("Kirkuk", "Karbala")])
def test_fold_keeps_different_names_apart(a, b):
    assert fold(normalize(a)) != fold(normalize(b))


def test_fold_is_empty_for_names_too_short_to_fold():
    assert fold(normalize("Al Ain")) == ""


@pytest.mark.parametrize("press,country", [("Makhmour", "IQ"), ("Nassiriya", "IQ"), ("Kamishli", "SY"),
                                           ("Tel Abyad", "SY"), ("Deir el-Zour", "SY")])
def test_press_spellings_resolve_by_folding(gaz, press, country):
    assert gaz.geocode(press).raw["country"] == country


def test_folding_is_only_a_fallback_and_only_in_the_region(gaz):
    # an exact name wins over folded ones: 'Tell City' (Indiana) is not folded onto a 'Tal ...' in Syria
    assert gaz.geocode("Tell City").raw["country"] == "US"
    # a US spelling no entry has is not folded onto a Middle East place ('Daytona' would fold like 'Ditona')
    assert fold(normalize("Mount Hollyoake")) and gaz.geocode("Mount Hollyoake") is None
    # outside the region nothing is folded: 'Munchen' is not found through 'München'
    assert gaz.geocode("Minchen") is None


def test_curated_waters_and_the_gulf(gaz):
    assert gaz.geocode("the Gulf").raw["name"] == "Persian Gulf"
    assert gaz.geocode("Arabian Gulf").raw["name"] == "Persian Gulf"
    mexico = gaz.geocode("Gulf of Mexico").raw
    assert mexico["feature"] == "body_of_water" and mexico["citation"] and mexico["lon"] < -80


@pytest.mark.parametrize("name", ["the Middle East", "Middle East", "the Levant", "the Arab world", "the Gulf region",
                                  "North Africa", "the Maghreb", "the West"])
def test_macro_regions_are_no_place(gaz, name):
    assert gaz.macro_region(name)
    assert gaz.geocode(name) is None


def test_names_containing_a_macro_region_are_unaffected(gaz):
    assert not gaz.macro_region("West Bank") and gaz.geocode("West Bank").raw["country"] == "PS"
    assert gaz.geocode("West Virginia").raw["country"] == "US"


def test_every_short_name_names_a_curated_place():
    places = {row["name"] for row in load_csv("places.csv")}
    assert all(row["place"] in places for row in load_csv("short_names.csv"))

"""The seed article's facts: actors, places with coordinates, the Sunday attack and Thursday's meeting."""
from __future__ import annotations

import math

import pytest


def _km(a, b):
    r = math.radians
    d = math.sin(r(b[0] - a[0]) / 2) ** 2 + math.cos(r(a[0])) * math.cos(r(b[0])) * math.sin(r(b[1] - a[1]) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(d))


@pytest.mark.parametrize("name", ["Barham Salih", "Jumah Inad", "Donald Trump", "Qasem Soleimani",
                                  "Abu Mahdi Al-Muhandis"])
def test_seed_people(seed_frames, name):
    a = seed_frames.actors
    hits = a[a.name.str.lower() == name.lower()]
    assert len(hits) == 1, list(a.name)
    assert hits.iloc[0].kind == "person"


@pytest.mark.parametrize("name,lat,lon,tol_km", [
    ("Baghdad", 33.34058, 44.40088, 25),
    ("Iraq", 33.0, 44.0, 350),
    ("Iran", 32.0, 53.0, 600),
    ("Green Zone", 33.3076, 44.3903, 3),
    ("Baghdad International Airport", 33.2625, 44.2346, 5),
])
def test_seed_places(seed_frames, name, lat, lon, tol_km):
    loc = seed_frames.locations
    hits = loc[loc.name == name]
    assert len(hits) == 1, list(loc.name)
    row = hits.iloc[0]
    assert _km((row.lat, row.lon), (lat, lon)) <= tol_km
    assert row.n_mentions >= 1


def test_green_zone_hangs_under_baghdad_under_iraq(seed_frames):
    loc = seed_frames.locations.set_index("location_id")
    gz = loc[loc.name == "Green Zone"].iloc[0]
    baghdad = loc.loc[gz.parent_id]
    assert baghdad["name"] == "Baghdad"
    assert loc.loc[baghdad.parent_id]["name"] == "Iraq"


def _events(frames, type_):
    return frames.events[frames.events.type == type_]


def test_sunday_attack_on_green_zone(seed_frames):
    loc = seed_frames.locations.set_index("location_id")
    attacks = _events(seed_frames, "ASSAULT")
    sunday = attacks[attacks.date == "2020-12-20"]
    assert len(sunday) == 1, attacks[["trigger", "date", "location_id"]]
    ev = sunday.iloc[0]
    assert ev.date_precision == "day"
    assert loc.loc[ev.location_id]["name"] == "Green Zone"
    assert ev.quantity == 8 and ev.weapon == "missile"
    assert ev.injured == 1


def test_thursday_meeting(seed_frames):
    consult = _events(seed_frames, "CONSULT")
    thursday = consult[consult.date == "2020-12-24"]
    assert len(thursday) == 1
    ev = thursday.iloc[0]
    names = seed_frames.actors.set_index("actor_id").name
    assert names[ev.source_actor_id] == "Barham Salih"
    assert ev.trigger == "discussed"

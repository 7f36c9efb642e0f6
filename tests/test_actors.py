"""Actors: kinds, roles, countries, codes; aliases merged; spaCy's errors repaired; roles by the article's date."""
from __future__ import annotations

import pytest

import mideast_analysis as mea
from mideast_analysis.actors import known_actor, sector_of


def _actor(frames, name):
    a = frames.actors
    hits = a[a.name == name]
    assert len(hits) == 1, list(a.name)
    return hits.iloc[0]


@pytest.mark.parametrize("name,kind,country,code,role", [
    ("Barham Salih", "person", "IRQ", "IRQGOV", "President of Iraq"),
    ("Jumah Inad", "person", "IRQ", "IRQGOV", "Minister of Defence of Iraq"),
    ("Donald Trump", "person", "USA", "USAGOV", "President of the United States"),
    ("Qasem Soleimani", "person", "IRN", "IRNMIL", "Commander of the IRGC Quds Force"),
    ("Abu Mahdi al-Muhandis", "person", "IRQ", "IRQPRM", None),
    ("Kataib Hezbollah", "armed_group", "IRQ", "IRQPRM", None),
    ("Popular Mobilization Forces", "military", "IRQ", "IRQPRM", None),
    ("Quds Force", "military", "IRN", "IRNMIL", None),
    ("United States", "country", "USA", "USA", None),
    ("Iran", "country", "IRN", "IRN", None),
    ("Axios", "media", "USA", "USAJRN", None),
    ("Council of Representatives of Iraq", "government", "IRQ", "IRQLEG", None),
    ("United States Armed Forces", "military", "USA", "USAMIL", None),
])
def test_seed_actors(seed_frames, name, kind, country, code, role):
    a = _actor(seed_frames, name)
    assert (a.kind, a.country, a.code) == (kind, country, code)
    if role:
        assert a.role == role


def test_aliases_merge(seed_frames):
    assert set(_actor(seed_frames, "United States").aliases.split("|")) == {"US", "Washington"}
    assert set(_actor(seed_frames, "United States Armed Forces").aliases.split("|")) == {"US forces", "US soldiers"}
    assert "Armed Shia factions" in _actor(seed_frames, "armed Iraqi factions").aliases
    assert _actor(seed_frames, "Barham Salih").n_mentions == 2  # caption and body


def test_affiliations(seed_frames):
    assert _actor(seed_frames, "armed Iraqi factions").affiliation == "IRN"
    assert "IRN" in _actor(seed_frames, "Kataib Hezbollah").affiliation


def test_no_actor_is_a_place_date_demonym_or_credit(seed_frames):
    names = set(seed_frames.actors.name)
    for bad in ("Defence", "the Iraqi", "Iraqi", "Baghdad", "Green Zone", "Thursday", "Last January",
                "Murtadha Al-Sudani", "Anadolu Agency", "Shia"):
        assert bad not in names
    assert not {"Baghdad", "Iraq"} & set(seed_frames.actors.aliases.dropna().str.split("|").sum())


def test_surname_joins_full_name_and_titles_become_roles():
    f = mea.analyze("Talks in Amman\n\nJordanian Foreign Minister Ayman Safadi met envoys in Amman on Monday. "
                    "Safadi said the talks were useful.", published="2021-03-01")
    a = _actor(f, "Ayman Safadi")
    assert a.n_mentions == 2 and a.country == "JOR" and a.code == "JORGOV"
    assert "Foreign Minister" in a.role or "Minister" in a.role


def test_unknown_person_role_from_title():
    f = mea.analyze("Statement\n\nIraqi Interior Ministry spokesman Saad Maan Khalaf told reporters on Monday "
                    "that police had arrested three suspects.", published="2021-03-01")
    a = _actor(f, "Saad Maan Khalaf")
    assert a.country == "IRQ" and a.code == "IRQGOV" and "spokesman" in a.role


@pytest.mark.parametrize("when,code,role", [
    ("2020-12-25", "USAGOV", "President of the United States"),
    ("2022-06-01", "USAELI", "former President of the United States"),
    ("2025-03-01", "USAGOV", "President of the United States"),
])
def test_roles_follow_the_article_date(when, code, role):
    from datetime import date

    k = known_actor("Donald Trump", date.fromisoformat(when))
    assert (k.code, k.role) == (code, role)


def test_sector_words():
    assert sector_of("Defence Minister") == "GOV"
    assert sector_of("Quds Force Commander") == "MIL"
    assert sector_of("Speaker of parliament") == "LEG"
    assert sector_of("poet") is None


def test_titles_swallowed_into_names_become_roles():
    f = mea.analyze("Visit\n\nSheikh Tamim bin Hamad Al Thani received envoys in Doha on Monday. "
                    "Minister Fuad Hussein Mohammed also attended.", published="2021-03-01")
    names = set(f.actors.name)
    assert not any(n.startswith(("Sheikh ", "Minister ")) for n in names), names


def test_a_possessive_is_not_part_of_a_name():
    f = mea.analyze("Arrest\n\nPolice in Basra arrested Ahmed Kareem Jabbar on Monday. Jabbar’s lawyer said the "
                    "charges were false, and Jabbar's family asked for his release.", published="2021-03-01")
    people = f.actors[f.actors.kind == "person"]
    assert list(people.name) == ["Ahmed Kareem Jabbar"] and people.n_mentions.iloc[0] == 3


def test_a_possessive_country_and_a_two_word_title_name():
    f = mea.analyze("Talks\n\nJordan's King Abdullah met Egypt's President Abdel Fattah al-Sisi in Amman on Monday.",
                    published="2024-03-06")
    king = f.actors.set_index("name").loc["King Abdullah"]
    assert (king.country, king.role, king.code) == ("JOR", "King", "JORGOV")
    names = f.actors.set_index("actor_id").name
    meeting = f.events.set_index("type").loc["CONSULT"]
    assert names[meeting.source_actor_id] == "King Abdullah" and "Sisi" in names[meeting.target_actor_id]


def test_a_name_after_a_locative_preposition_is_a_place_not_a_person():
    f = mea.analyze("Strike\n\nHezbollah fired dozens of rockets at northern Israel on Monday, wounding two "
                    "soldiers near Kiryat Shmona.", published="2024-03-06")
    assert "Kiryat Shmona" not in set(f.actors.name)
    assert "Qiryat Shmona" in set(f.locations.name)
    attack = f.events.set_index("type").loc["ASSAULT"]
    assert (attack.quantity, attack.weapon, attack.injured) == (24, "rocket", 2)


def test_local_institutions_belong_to_the_country_of_their_place():
    f = mea.analyze("Unrest\n\nPolice in Zahedan fired on demonstrators on Friday. Troops in Syria were attacked on "
                    "Monday.", published="2024-03-06")
    police = f.actors[f.actors.name.str.startswith("Police")]
    assert list(police.country) == ["IRN"] and list(police.code) == ["IRNCOP"]
    assert not f.actors.name.str.startswith("Troops").any()  # troops may be foreign: no country from the place

"""Geoparsing: recognition patterns and resolution in context (ambiguous names, containment, demonyms)."""
from __future__ import annotations

import pytest

import mideast_analysis as mea


def _places(text: str) -> dict[str, tuple[str, str, int]]:
    """mention text -> (place name, country, literal mentions of that place)."""
    f = mea.analyze(text, published="2021-03-01")
    loc = f.locations.set_index("location_id")
    m = f.mentions[f.mentions.kind == "location"]
    return {r.text: (loc.loc[r.ref_id, "name"], loc.loc[r.ref_id, "country"], loc.loc[r.ref_id, "literal_mentions"])
            for r in m.itertuples()}


@pytest.mark.parametrize("text,mention,country", [
    ("Peace talks\n\nThe president of Georgia met Russian envoys in Tbilisi on Monday to discuss South Ossetia.",
     "Georgia", "GE"),
    ("Storm damage\n\nThe storm hit Atlanta and Savannah before leaving Georgia for South Carolina on Monday.",
     "Georgia", "US"),
    ("Clashes in the north\n\nFighting broke out in Tripoli, Lebanon, between gunmen from Bab al-Tabbaneh and Jabal Mohsen.",
     "Tripoli", "LB"),
    ("Militias clash\n\nRival militias clashed near Tripoli airport as Libya's government in Benghazi and Misrata traded blame.",
     "Tripoli airport", "LY"),
    ("Aid convoy\n\nThe convoy crossed from Sudan into Chad, carrying food for refugees from Darfur and Khartoum.",
     "Sudan", "SD"),
    ("Town budget\n\nSudan, Texas, approved its budget; the council met in Lamb County near Lubbock, Texas.",
     "Sudan", "US"),
])
def test_ambiguous_names_resolve_in_context(text, mention, country):
    places = _places(text)
    assert places[mention][1] == country, places


def test_state_abbreviation_and_city():
    places = _places("Flood warning\n\nCHARLESTON, W.Va. -- Rivers rose in Charleston, W.Va., and across Kanawha County.")
    assert places["W.Va."][:2] == ("West Virginia", "US")
    assert places["Charleston"][1] == "US"


def test_demonyms_and_modifiers_are_figurative_mentions():
    places = _places("Talks\n\nIraqi officials met US envoys in Baghdad on Sunday to discuss the Iranian proposal.")
    assert places["Iraqi"][0] == "Iraq" and places["US"][0] == "United States"
    assert places["US"][2] == 0  # 'US envoys': a modifier, not a place where something happens
    assert places["Baghdad"][2] >= 1


def test_places_the_gazetteer_lacks_are_placed_by_context_with_low_confidence():
    f = mea.analyze("Road works\n\nCrews closed Old Mill Road in Dublin, Ohio, on Monday while Dublin officials watched.",
                    published="2021-03-01")
    loc = f.locations.set_index("name")
    assert loc.loc["Old Mill Road", "source"] == "context"
    assert loc.loc["Old Mill Road", "confidence"] < 0.5
    assert abs(loc.loc["Old Mill Road", "lat"] - loc.loc["Dublin", "lat"]) < 1e-6
    assert loc.loc["Dublin", "country"] == "US"  # 'Dublin, Ohio': the container decides


def test_dateline_in_capitals():
    places = _places("Rockets hit base\n\nBAGHDAD (Reuters) - Rockets struck a base north of the capital on Sunday.")
    assert places["BAGHDAD"][:2] == ("Baghdad", "IQ")


@pytest.mark.parametrize("dateline,mention,name", [("HAWIJA, Iraq, April 8 (Levant Wire) - ", "HAWIJA", "Al Ḩawījah"),
                                                   ("DUHOK, Kurdistan Region, May 2 (Tigris News) - ", "DUHOK", "Dihok"),
                                                   ("MANBIJ (Levant Wire) -\n", "MANBIJ", "Manbij")])
def test_every_dateline_shape_gives_its_place_and_the_agency_no_place(dateline, mention, name):
    places = _places(f"Raid\n\n{dateline}Security forces detained six suspected militants on Tuesday, officials said.")
    assert places[mention][0] == name
    assert not {"Tigris", "Levant"} & set(places), places  # '(Tigris News)' is an agency, not the river


def test_a_town_the_gazetteer_lacks_is_put_where_the_story_is_not_at_the_datelines_capital():
    f = mea.analyze("BEIRUT, May 8 (Levant Wire) - Israeli artillery shelled open ground near Qasr Zibdin, a Lebanese "
                    "town near the border, on Wednesday after rockets hit Kiryat Shmona, Lebanese security "
                    "sources said.", published="2021-05-08")
    loc = f.locations.set_index("name")
    town, beirut = loc.loc["Qasr Zibdin"], loc.loc["Beirut"]
    assert town.source == "context" and (town.lat, town.lon) != (beirut.lat, beirut.lon)
    assert (town.lat, town.lon) == (loc.loc["Qiryat Shmona", "lat"], loc.loc["Qiryat Shmona", "lon"])


def test_dotted_state_initials_anywhere_and_places_spacy_mislabels():
    places = _places("Crash\n\nThe S.C. Highway Patrol said the crash happened near Greer. Officials in Tbilisi agreed.")
    assert places["S.C."][:2] == ("South Carolina", "US")
    assert "Tbilisi" in places and places["Tbilisi"][1] == "GE"


def test_organisation_names_carry_their_place():
    places = _places("Grants\n\nThe Dublin City Council and the University of Georgia met the American Electric Power board.")
    assert "Dublin" in places and "Georgia" in places
    assert places["American"][:2] == ("United States", "US") and places["American"][2] == 0


@pytest.mark.parametrize("text, person, place", [
    ("His counterpart, Leila Mansour, rejected the accusation on Monday.", "Leila Mansour", None),
    ("Clashes erupted in the Mansour district of Baghdad on Monday, police said.", None, "Mansour"),
    ("Spokesman Karim Mansour said the talks would resume, while gunmen attacked a checkpoint in Mansour.",
     "Karim Mansour", "Mansour"),
])
def test_a_place_inside_a_persons_name_is_no_place(text, person, place):
    frames = mea.analyze(text, published="2024-03-05")
    people = set(frames.actors.loc[frames.actors.kind == "person", "name"])
    assert (person in people) if person else not people
    literal = frames.locations.loc[frames.locations.literal_mentions > 0, "name"]
    assert (place in set(literal)) if place else literal.empty


def test_what_the_village_of_names_is_a_place_even_unknown_to_the_gazetteer():
    text = ("Turkish warplanes bombed the village of Tal Arqam east of the border on Thursday, and troops entered "
            "the villages of Yabisah and Munbateh, a monitor said. In Lebanon, the town of Khiam was shelled.")
    frames = mea.analyze(text, published="2019-10-10")
    places = frames.locations.set_index("name")
    assert {"Tal Arqam", "Yabisah", "Munbateh", "Khiam"} <= set(places.index)
    assert places.loc["Tal Arqam", "source"] == "context" and places.loc["Tal Arqam", "literal_mentions"] == 1
    assert not {"Tal Arqam", "Munbateh"} & set(frames.actors.name)  # no longer people or organisations
    assert places.loc["Khiam", "literal_mentions"] == 1


def test_press_spellings_of_arab_towns_resolve_in_the_region():
    places = _places("Offensive\n\nKurdish fighters pushed towards Makhmour and Nassiriya on Tuesday, "
                     "while Syrian troops massed in Tel Abyad near the Turkish border.")
    assert places["Makhmour"][1] == "IQ" and places["Nassiriya"][1] == "IQ"
    assert places["Tel Abyad"][1] == "SY"


def test_macro_regions_are_not_places_but_the_gulf_is():
    places = _places("Shipping\n\nTankers crossing the Gulf were warned, and insurers across the Middle East "
                     "and the Arab world raised premiums as the Gulf region braced for more attacks.")
    assert places["Gulf"][0] == "Persian Gulf"
    assert not {"Middle East", "Arab world", "Gulf region"} & set(places)


def test_the_gulf_does_not_cut_other_gulfs_short():
    places = _places("Fishing season\n\nBoats from Kodiak sailed into the Gulf of Alaska on Monday.")
    assert "Gulf" not in places and places["Gulf of Alaska"][0] != "Persian Gulf"


def test_folded_spellings_count_only_in_articles_about_the_region():
    # known only by folding ('Makhmour' for GeoNames' 'Makhmur'): a place where the article is about the
    # region, dropped from a story that names no Middle East place (there it is more likely a person)
    us = _places("Storm damage\n\nFlooding hit Makhmour and Springfield, Illinois, on Monday, the county said.")
    assert "Makhmour" not in us and us["Springfield"][1] == "US"
    iraq = _places("Storm damage\n\nFlooding hit Makhmour and Mosul on Monday, Iraqi officials said.")
    assert iraq["Makhmour"][1] == "IQ"


@pytest.mark.parametrize("text,absent,present", [
    ("An Iran-backed militia fired rockets at a base near Mayadin on Monday.", "Iran", "Mayadin"),
    ("A US-led coalition struck a convoy in Anbar on Monday.", "United States", "Anbar"),
])
def test_a_place_only_inside_a_hyphenated_modifier_is_not_a_location(text, absent, present):
    names = " ".join(mea.analyze(text, published="2021-03-03").locations.name)
    assert absent not in names
    assert present[:3] in names  # GeoNames may spell it with accents ('Al Anbār')


def test_a_place_named_literally_too_stays():
    names = set(mea.analyze("An Iran-backed militia said on Monday it would send fighters to Iran.",
                            published="2021-03-03").locations.name)
    assert "Iran" in names


def _rows(text: str):
    """The article's locations table, by place name."""
    return mea.analyze(text, published="2021-03-01").locations.set_index("name")


@pytest.mark.parametrize("text,name,city", [
    ("NAJAF (Reuters) - Protesters stormed the Iranian consulate in Najaf overnight, police said.",
     "Iranian consulate, Najaf", "Najaf"),
    ("Two rockets landed near the US Consulate General in Erbil on Monday, the Kurdish government said.",
     "American consulate general, Erbil", "Erbil"),
    ("Flights resumed on Sunday at the airport in Aden after a week of clashes.", "Aden International Airport", "Aden"),
])
def test_a_facility_in_a_city_is_the_facility_at_its_city(text, name, city):
    rows = _rows(text)
    assert rows.loc[name, "feature"] == "facility"
    assert abs(rows.loc[name, "lat"] - rows.loc[city, "lat"]) < 0.1  # the city's point (or the curated one)
    assert rows.loc[city, "n_mentions"] >= 1  # the city is named too
    assert name.split(",")[0] not in set(mea.analyze(text, published="2021-03-01").actors.name)


def test_a_facility_the_sentence_is_set_in_and_its_later_mentions():
    text = ("Iraqi forces shot dead 28 people after protesters torched an Iranian consulate overnight. "
            "In Najaf, a city of shrines, the Iranian consulate was reduced to a charred ruin. "
            "A witness to the burning of the consulate told Reuters he was afraid.")
    rows = _rows(text)
    consulate = rows.loc["Iranian consulate, Najaf"]
    assert consulate["n_mentions"] == 3 and consulate["source"] == "context"
    assert consulate["precision_km"] == rows.loc["Najaf", "precision_km"] and consulate["country"] == "IQ"


def test_a_seat_of_government_with_no_city_is_in_the_capital():
    rows = _rows("Supporters of the cleric seized the Lebanese parliament building on Saturday and began a sit-in "
                 "in parliament, a statement said.")
    row = rows.loc["Lebanese parliament, Beirut"]
    assert row["n_mentions"] == 2 and row["feature"] == "facility" and row["country"] == "LB"
    assert abs(row["lat"] - 33.89) < 0.1 and row["precision_km"] == 15.0
    curated = _rows("Police guarded the Turkish parliament building on Monday; protesters stormed the Iraqi "
                    "parliament building.")
    assert curated.loc["Grand National Assembly of Turkey", "source"] == "landmarks"
    assert curated.loc["Baghdad Convention Center", "feature"] == "facility"


def test_an_institution_acting_is_no_building_and_a_named_airport_stays_itself():
    rows = _rows("The Iraqi parliament voted on Monday to expel foreign troops. Flights at Queen Alia "
                 "International Airport in Amman were delayed.")
    assert not any("parliament" in n for n in rows.index)
    assert not any(n.startswith("Airport") for n in rows.index)


@pytest.mark.parametrize("text,name,country", [
    ("Israeli strikes hit northern Gaza and north-west Syria on Monday, the army said.", "North-western Syria", "SY"),
    ("Libya's east is controlled by Haftar's forces, while rival militias hold Tripoli.", "Eastern Libya", "LY"),
    ("Fighting spread in the south of Iraq on Friday, officials said.", "Southern Iraq", "IQ"),
])
def test_a_side_of_a_country_is_a_region_toward_that_side(text, name, country):
    rows = _rows(text)
    side, whole = rows.loc[name], rows[(rows.feature == "country") & (rows.country == country)].iloc[0]
    assert side["country"] == country and side["feature"] == "other" and side["source"] == "gazetteer"
    assert 0.2 * whole["precision_km"] < side["precision_km"] < 2 * whole["precision_km"]
    assert rows.loc[whole.name, "n_mentions"] >= 1  # the country is still named


def test_sides_point_toward_their_side_and_named_regions_stay_named():
    rows = _rows("Shelling hit southern Syria and northern Syria, and Israeli jets struck southern Lebanon.")
    assert rows.loc["Northern Syria", "lat"] > rows.loc["Syria", "lat"] > rows.loc["Southern Syria", "lat"]
    assert rows.loc["South Lebanon", "source"] == "landmarks"  # 'southern Lebanon': a curated region


def test_a_side_of_a_city_is_a_district_and_named_places_are_not_split():
    rows = _rows("Southern Tripoli was shelled overnight, the government in Tripoli said.")
    assert rows.loc["Southern Tripoli", "feature"] == "district" and rows.loc["Southern Tripoli", "country"] == "LY"
    names = set(_rows("Envoys from South Sudan met officials in West Bengal and North Carolina.").index)
    assert not any(n.startswith(("Southern", "Western", "Northern")) for n in names)


@pytest.mark.parametrize("text,name,lat,lon", [
    ("Troops massed on the Iraq–Syria border on Monday, officials said.", "Iraq–Syria border", 34.5, 41.0),
    ("Shelling resumed along the Syrian-Turkish border, a monitor said.", "Syria–Turkey border", 36.8, 38.5),
    ("Smugglers were caught near Syria's border with Jordan, the army said.", "Jordan–Syria border", 32.5, 37.0),
])
def test_a_border_between_two_countries_is_a_point_on_it(text, name, lat, lon):
    rows = _rows(text)
    row = rows.loc[name]
    assert abs(row["lat"] - lat) < 1.0 and abs(row["lon"] - lon) < 1.5
    assert row["precision_km"] >= 100 and row["feature"] == "other" and row["source"] == "gazetteer"


def test_a_border_naming_one_country_is_shared_with_the_neighbour_the_article_names():
    rows = _rows("Turkish guns shelled Tal Abyad in Syria near the Turkish border on Tuesday.")
    assert "Syria–Turkey border" in rows.index
    assert not any("border" in n for n in _rows("Guards patrolled the border on Tuesday.").index)


@pytest.mark.parametrize("text", [
    "Leaders across the Middle East condemned the attack, Al Arabiya TV and Sky News Arabia reported.",
    "\"Let us go home,\" he told reporters, as the US said it would help.",
    "Spokesman Ahmed South Lebanon-born Karim said nothing.",
])
def test_no_place_from_macro_regions_pronouns_media_or_names(text):
    names = set(_rows(text).index)
    assert not {"Middle East", "Sky News Arabia", "Al Arabiya"} & names
    assert not any(n.startswith(("Southern", "Northern")) or "border" in n or "," in n for n in names)


@pytest.mark.parametrize("text,mention", [("Shelling hit Tal Abyad on Monday, residents said.", "Tal Abyad"),
                                          ("Rockets hit Erbil International Airport on Monday.", "Erbil International Airport")])
def test_a_place_name_cut_short_by_the_model_is_completed(text, mention):
    m = mea.analyze(text, published="2021-03-03").mentions
    assert mention in set(m[m.kind == "location"].text)


def test_a_place_is_not_grown_over_a_following_name():
    m = mea.analyze("Police in Baghdad Monday said Ali Hassan was arrested.", published="2021-03-03").mentions
    assert set(m[m.kind == "location"].text) == {"Baghdad"}


def test_a_macro_region_adjective_is_no_place():
    frames = mea.analyze("The arrests followed the worst unrest the Middle Eastern kingdom had seen in years.",
                         published="2024-02-20")
    assert not frames.locations.name.str.contains("Middle").any(), frames.locations.name


@pytest.mark.parametrize("text, name, city", [
    ("MOSUL, Iraq, April 3 (Wire) - A car bomb exploded in the al-Zuhur district of eastern Mosul on Thursday.",
     "al-Zuhur", "Mosul"),
    ("Gunmen opened fire at a wedding in the al-Hamdaniya neighbourhood of Baghdad, police said.", "al-Hamdaniya",
     "Baghdad"),
    ("Shells landed in the Qusour district of Tripoli on Monday, the army said.", "Qusour", "Tripoli"),
])
def test_a_part_stated_to_lie_in_a_city_is_placed_there_when_the_gazetteer_has_no_such_part_in_it(text, name, city):
    f = mea.analyze(text, published="2025-04-03")
    loc = f.locations.set_index("name")
    part, town = loc.loc[name], loc.loc[city] if city in loc.index else loc[loc.index.str.contains(city)].iloc[0]
    assert part["source"] == "context" and part["country"] == town["country"]
    assert abs(part["lat"] - town["lat"]) < 0.2 and abs(part["lon"] - town["lon"]) < 0.2


def test_a_list_of_cities_is_no_containment_and_a_known_part_keeps_its_own_place():
    places = _places("Protests\n\nCrowds marched in Basra, Nasiriyah and Amarah, and in the Kadhimiya district of "
                     "Baghdad, on Friday.")
    assert places["Basra"][1] == places["Nasiriyah"][1] == "IQ" and places["Nasiriyah"][0] != places["Basra"][0]
    f = mea.analyze("Tripoli\n\nClashes broke out in Tripoli, Lebanon, on Monday.", published="2025-04-03")
    assert f.locations.set_index("name").loc["Tripoli", "source"] == "gazetteer"


def test_a_town_spacy_calls_a_person_is_a_place_when_struck_but_a_targeted_person_stays_a_person():
    f = mea.analyze("Rockets fired from southern Lebanon struck Kiryat Shmona on Wednesday, wounding two people.",
                    published="2025-05-07")
    assert "Kiryat Shmona" not in set(f.actors["name"]) and f.named_events()["place"].iloc[0] == "Qiryat Shmona"
    f = mea.analyze("An Israeli drone targeted Abu Mahdi al-Muhandis near Baghdad airport on Friday.",
                    published="2020-01-03")
    assert "Abu Mahdi al-Muhandis" in set(f.actors["name"])


def test_a_town_in_a_province_named_like_its_capital_keeps_its_own_place():
    f = mea.analyze("Militants stormed a checkpoint at the entrance of the town of al-Busayrah in Deir ez-Zor "
                    "province on Saturday.", published="2025-05-18")
    place = f.locations.set_index("name").loc["Al Buşayrah"]
    assert place["source"] == "gazetteer" and place["country"] == "SY"


@pytest.mark.parametrize("text,mention,name", [
    ("Raid\n\nSoldiers searched homes in al-Abbasi, a farming village south-west of Kirkuk, on Tuesday.",
     "al-Abbasi", "Al ‘Abbāsī"),
    ("Strikes\n\nJets struck farms on the outskirts of Kani Masi, near the Turkish border, on Saturday.",
     "Kani Masi", "Kānī Māsī"),
    ("Fires\n\nFirefighters battled blazes in the Amadiya district after the strikes, officials said.",
     "Amadiya", "Al ‘Amādīyah"),
])
def test_a_name_a_settlement_noun_describes_is_a_place_whatever_spacy_calls_it(text, mention, name):
    assert _places(text)[mention][:2] == (name, "IQ")
    assert mention not in set(mea.analyze(text, published="2021-03-01").actors["name"])  # and no actor


@pytest.mark.parametrize("text,mention,capital", [
    ("Deal\n\nThe two sides signed the accord in the Omani capital on Saturday, mediators said.", "Omani capital", "Muscat"),
    ("Talks\n\nEnvoys met in the Jordanian capital on Monday to discuss the border crossings.", "Jordanian capital", "Amman"),
])
def test_the_demonym_capital_is_the_capital_city(text, mention, capital):
    assert _places(text)[mention][0] == capital


@pytest.mark.parametrize("text", [
    "Bombing in Mosul\n\nA bomb exploded in the market of al-Zuhur, a busy residential neighbourhood, on Thursday. "
    "Mosul police said the blast killed four people. Mosul hospitals took in the wounded.",
    "Blast\n\nA car bomb went off in the al-Zuhur market on the left bank of the city of Mosul on Thursday, "
    "police in Mosul said.",
])
def test_a_local_place_the_gazetteer_only_knows_abroad_is_placed_in_the_story_city(text):
    name, country, _ = _places(text)["al-Zuhur"]
    assert (name, country) == ("al-Zuhur", "IQ")  # not Az-Zuhūr of Egypt


def test_a_village_described_as_such_keeps_its_reading_in_the_story_country():
    # the gazetteer's al-Abbasi lies in Iraq, as the story does: the description changes nothing
    assert _places("Arrests in Kirkuk\n\nKirkuk police raided al-Abbasi, a village in Hawija district, "
                   "on Tuesday, Kirkuk officials said.")["al-Abbasi"][:2] == ("Al ‘Abbāsī", "IQ")

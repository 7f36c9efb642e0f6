"""Actors: kinds, roles, countries, codes; aliases merged; spaCy's errors repaired; roles by the article's date."""
from __future__ import annotations

import pytest

import mideast_analysis as mea
from mideast_analysis.actor_knowledge import known_actor, sector_of


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


@pytest.mark.parametrize("text,name,n", [
    ("Arrest\n\nPolice in Basra arrested Ahmed Kareem Jabbar on Monday. Jabbar’s lawyer said the charges were "
     "false, and Jabbar's family asked for his release.", "Ahmed Kareem Jabbar", 3),  # a possessive is no part
    ("Talks\n\nErdogan's envoy arrived in Tripoli on Monday. Turkish President Recep Tayyip Erdogan said the "
     "talks would continue.", "Recep Tayyip Erdoğan", 2),  # a surname before the curated full name joins it
])
def test_one_person_under_its_full_name(text, name, n):
    people = mea.analyze(text, published="2021-03-01").actors.query("kind == 'person'")
    assert list(people.name) == [name] and people.n_mentions.iloc[0] == n


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


def _names(f) -> set[str]:
    """Every name and alias of the article's actors."""
    return set(f.actors.name) | set(f.actors.aliases.dropna().str.split("|").sum() or [])


@pytest.mark.parametrize("dateline,actor", [
    ("KIRKUK, Kurdistan Region - ", "Islamic State (ISIS) militants"),
    ("TIKRIT (AFP) - ", "Tribal militia fighters"),
    ("TIKRIT — ", "Tribal militia fighters"),
])
def test_a_dateline_is_neither_part_of_a_name_nor_an_actor(dateline, actor):
    f = mea.analyze(f"Attack\n\n{dateline}{actor} on Monday attacked a checkpoint near Hawija.", published="2024-03-06")
    names = _names(f)
    assert not any(n.isupper() and len(n) > 4 or " - " in n or "—" in n for n in names), names
    assert actor in names  # the actor itself is kept, and is no member of the agency in the dateline
    assert "Agence France-Presse" not in set(f.actors[f.actors.aliases.fillna("").str.contains("militia")].name)


def test_a_name_does_not_cross_a_line_break():
    f = mea.analyze("Curfew\n\nCurfew imposed in Basra\nBasra police closed the main roads on Friday night.",
                    published="2024-03-06")
    assert not any("\n" in n for n in _names(f))


def test_counts_quantifiers_and_prepositions_leave_names():
    f = mea.analyze("Clashes\n\nAt least twelve Hezbollah fighters were killed on Monday. Hezbollah said it would "
                    "respond. Later 10 Hezbollah fighters crossed the border. Talks Between Hamas and Fatah stalled.",
                    published="2024-03-06")
    names = _names(f)
    assert not any(n[:1].isdigit() or n.lower().startswith(("at least", "between")) for n in names), names
    assert len(f.actors[f.actors.name == "Hezbollah"]) == 1  # the fighters are the group's members


def test_members_of_a_group_join_it():
    f = mea.analyze("Strikes\n\nHouthi drones struck a tanker on Monday. The Houthis said more attacks would follow. "
                    "Houthi fighters also shelled Marib.", published="2024-03-06")
    houthis = f.actors[f.actors.name.str.contains("Houthi")]
    assert len(houthis) == 1 and houthis.kind.iloc[0] == "armed_group"


def test_a_bare_force_joins_the_one_qualified_force():
    f = mea.analyze("Protest\n\nIraqi security forces fired tear gas at protesters in Basra on Saturday. "
                    "Later the security forces closed the road to the port.", published="2024-03-06")
    forces = f.actors[f.actors.name.str.lower().str.contains("security forces")]
    assert len(forces) == 1 and forces.country.iloc[0] == "IRQ" and forces.n_mentions.iloc[0] == 2


def test_a_bare_force_stays_apart_from_a_force_with_other_words():
    f = mea.analyze("Deployment\n\nThe Iraqi army deployed tanks in Mosul on Monday. Later security forces closed "
                    "the road.", published="2024-03-06")
    assert {"Iraqi Army", "security forces"} <= set(f.actors.name)


def test_laws_platform_accounts_and_portfolios_are_no_actors():
    f = mea.analyze("Ruling\n\nThe court cited the Cyber Crimes Law on Monday. The official Telegram channel of the "
                    "interior ministry posted the ruling. US Secretary of State Antony Blinken criticised it.",
                    published="2024-03-06")
    names = set(f.actors.name)
    assert not {"Cyber Crimes Law", "Telegram", "State"} & names, names
    assert "Antony Blinken" in names


def test_a_consulate_that_does_not_act_is_a_building_but_an_embassy_that_speaks_is_an_actor():
    f = mea.analyze("Unrest\n\nProtesters stormed and torched a Saudi consulate in Basra on Friday. "
                    "The Turkish embassy said its staff were safe.", published="2024-03-06")
    names = _names(f)
    assert not any("consulate" in n.lower() for n in names), names
    assert any("embassy" in n.lower() for n in names)


@pytest.mark.parametrize("text", ["Gunmen attacked Hawija town on Monday, killing two soldiers.",
                                  "Five civilians died in shelling in and around Tel Tamr on Monday."])
def test_a_toponym_in_a_place_frame_is_no_person(text):
    f = mea.analyze(f"Attack\n\n{text}", published="2024-03-06")
    assert not (f.actors.kind == "person").any(), list(f.actors.name)


def test_an_honorific_surname_joins_the_full_name_spacy_cut_short():
    f = mea.analyze("Inquiry\n\nOfficials say protests broke out over the death of a student in custody. Leila "
                    "Kazemi died after being detained. Officers beat Ms. Kazemi, her family said.",
                    published="2024-03-06")
    people = f.actors[f.actors.kind == "person"]
    assert len(people) == 1 and people.n_mentions.iloc[0] == 2




def test_span_rules_on_spacy_parses():
    from mideast_analysis.actor_spans import clip, not_an_actor, number_variants
    from mideast_analysis.nlp import get_nlp
    from spacy.tokens import Span

    doc = get_nlp()("Fierce clashes erupted on Friday. SANAA, Yemen - At least nine Houthi fighters were killed.")
    assert not_an_actor(Span(doc, 0, 1, label="ORG"))  # a lone adjective
    head = next(t for t in doc if t.text == "fighters")
    assert clip(doc[7: head.i + 1], head).text == "Houthi fighters"
    assert number_variants("Houthi") == ["Houthis"] and number_variants("Sadrists") == ["Sadrist"]
    assert "Congres" not in number_variants("Congress")  # a final double s is no plural


def test_given_names_spacy_left_out_join_the_surname_but_titles_do_not():
    from mideast_analysis.actors import _with_given_names
    from mideast_analysis.nlp import get_nlp
    from spacy.tokens import Span

    doc = get_nlp()("Nika Rostami died after being detained. Minister Rostami denied it.")
    assert _with_given_names(Span(doc, 1, 2, label="PERSON")).text == "Nika Rostami"
    surname = next(t.i for t in doc if t.text == "Rostami" and t.i > 2)
    assert _with_given_names(Span(doc, surname, surname + 1, label="PERSON")).text == "Rostami"


@pytest.mark.parametrize("text,country", [
    ("Oman and Qatar agreed on Monday to reopen their land border.", "Qatar"),
    ("Kuwait, along with Qatar, condemned the raid on Monday.", "Qatar"),
])
def test_a_country_coordinated_with_an_actor_acts_too(text, country):
    frames = mea.analyze(text, published="2024-02-20")
    assert country in set(frames.actors.name)
    places = set(frames.locations.name)
    assert not set(frames.events.location_id.dropna()) & set(frames.locations[frames.locations.name == country].location_id), places


@pytest.mark.parametrize("text,full,short", [
    ("Chinese Foreign Minister Wang Yi met his Iranian counterpart in Beijing on Monday. Wang said the talks were "
     "frank.", "Wang Yi", "Wang"),
    ("Bahrain's Hamad bin Isa Al Khalifa spoke to the emir on Monday. King Hamad said ties were strong.",
     "Hamad bin Isa Al Khalifa", "King Hamad"),
])
def test_a_one_word_name_joins_the_full_name_it_begins_or_ends(text, full, short):
    names = set(mea.analyze(text, published="2024-02-20").actors.name)
    assert full in names and short not in names, names


def test_an_organisation_word_before_a_title_is_part_of_the_title():
    names = set(mea.analyze("Jordanian National Security Adviser Omar Haddad met the envoy in Amman on Monday.",
                            published="2024-02-20").actors.name)
    assert "Omar Haddad" in names and not any("National Security" == n for n in names), names


def test_state_media_of_a_country_is_an_actor_but_social_media_is_not():
    frames = mea.analyze("Syrian state media said on Monday that the talks had ended. Social media users mocked the "
                         "minister.", published="2024-02-20")
    media = frames.actors[frames.actors.kind == "media"]
    assert list(media.country) == ["SYR"], frames.actors[["name", "kind", "country"]]


def test_a_time_zone_is_no_actor():
    names = set(mea.analyze("Troops entered the camp just before 7am local time (05:00 GMT) on Monday.",
                            published="2024-02-20").actors.name)
    assert "GMT" not in names, names


@pytest.mark.parametrize("text,place", [
    ("Troops raided a camp near Tulkarm on Monday, killing three fighters.", "Tulkarm"),
    ("Shells fell near Kiryat Shmona on Monday.", "Kiryat Shmona"),
])
def test_a_place_after_a_locative_is_no_actor_whatever_spacy_calls_it(text, place):
    frames = mea.analyze(text, published="2024-02-20")
    assert place not in set(frames.actors.name), frames.actors[["name", "kind"]]


def test_a_bare_institution_subject_joins_the_articles_one_qualified_form():
    frames = mea.analyze("Jordanian police said on Monday that three officers died in a shootout in Maan. Police "
                         "said that eight suspects were arrested.", published="2024-02-20")
    police = frames.actors[frames.actors.name == "Jordanian police"]
    assert len(police) == 1
    mentions = frames.mentions[frames.mentions.ref_id == police.actor_id.iloc[0]]
    assert len(mentions) == 2 and (frames.events.type == "STATEMENT").sum() == 1


@pytest.mark.parametrize("text", [
    "KIRKUK, Iraq, April 8 (Levant Wire) - Iraqi security forces detained six suspected militants on Tuesday.",
    "ERBIL, Kurdistan Region, May 2 (Tigris News) - Kurdish forces arrested two men at a checkpoint, police said.",
])
def test_a_datelines_place_and_agency_are_not_actors(text):
    names = set(mea.analyze(text, published="2025-04-08").actors["name"])
    assert not names & {"KIRKUK", "ERBIL", "Levant Wire", "Tigris News"}, names


@pytest.mark.parametrize("text", ["A UN aid convoy reached Taiz on Monday, bringing flour and medicines.",
                                  "On Monday, 30 trucks delivered food and medical supplies to Taiz, officials said."])
def test_a_city_spacy_takes_for_a_person_is_the_events_place_not_an_actor(text):
    f = mea.analyze(text, published="2025-04-21")
    assert "Taiz" not in set(f.actors["name"]) and set(f.named_events()["place"].dropna()) == {"Taiz"}


@pytest.mark.parametrize("text,country,code", [
    ("Turkish warplanes struck three villages in northern Iraq on Saturday, officials said.", "TUR", "TURMIL"),
    ("Israeli artillery shelled farmland near the border on Monday.", "ISR", "ISRMIL"),
    ("Russian warships fired cruise missiles at targets in Syria on Friday.", "RUS", "RUSMIL"),
])
def test_a_national_weapon_system_is_that_country_s_military(text, country, code):
    frames = mea.analyze(text, published="2021-03-03")
    mil = frames.actors[frames.actors.kind == "military"]
    assert mil[["country", "code"]].values.tolist()[:1] == [[country, code]], frames.actors

"""Events of the seed (type, date, place, actors, counts) and modality on small cases."""
from __future__ import annotations

import pandas as pd
import pytest

import mideast_analysis as mea


def _news(text: str):
    """One short article dated 2021-03-03 (a Wednesday)."""
    return mea.analyze("News\n\n" + text, published="2021-03-03")


def _rows(frames):
    names = frames.actors.set_index("actor_id").name
    places = frames.locations.set_index("location_id").name
    ev = frames.events.copy()
    ev["src"] = ev.source_actor_id.map(names)
    ev["tgt"] = ev.target_actor_id.map(names)
    ev["place"] = ev.location_id.map(places)
    return ev


@pytest.mark.parametrize("type_,trigger,date,precision,src,tgt,place", [
    ("CONSULT", "discussed", "2020-12-24", "day", "Barham Salih", "Jumah Inad", None),
    ("STATEMENT", "statement", "2020-12-24", "day", "Presidency of Iraq", None, None),  # of Thursday's meeting
    ("ASSAULT", "fired", "2020-12-20", "day", "unknown persons", None, "Green Zone"),
    ("STATEMENT", "announced", "2020-12-23", "day", "Donald Trump", None, None),
    ("THREATEN", "warning", "2020-12-23", "day", "Donald Trump", "Iran", None),
    ("ACCUSE", "accuses", "2020-12", "month", "United States", "armed Iraqi factions", None),
    ("THREATEN", "threatened", "2020", "year", "armed Iraqi factions", "United States Armed Forces", "Iraq"),
    ("REQUEST", "voted", "2020-01", "month", "Council of Representatives of Iraq", None, "Iraq"),
    ("ASSAULT", "killed", "2020-01", "month", "United States", "Qasem Soleimani", "Baghdad International Airport"),
])
def test_seed_events(seed_frames, type_, trigger, date, precision, src, tgt, place):
    ev = _rows(seed_frames)
    hit = ev[(ev.type == type_) & (ev.trigger == trigger)]
    assert len(hit) == 1, ev[["type", "trigger"]]
    row = hit.iloc[0]
    assert (row.date, row.date_precision) == (date, precision)
    assert row.src == src
    if tgt:
        assert row.tgt == tgt
    if place:
        assert row.place == place


def test_one_row_for_the_sunday_attack_with_every_mention(seed_frames, seed_text):
    attacks = seed_frames.events[(seed_frames.events.type == "ASSAULT") & (seed_frames.events.date == "2020-12-20")]
    assert len(attacks) == 1
    spans = [tuple(map(int, s.split("-"))) for s in attacks.iloc[0].spans.split("|")]
    words = {seed_text[s:e] for s, e in spans}
    assert {"fired", "attacks"} <= words and len(spans) >= 4


def test_seed_modality_and_attribution(seed_frames):
    ev = seed_frames.events.set_index("trigger")
    assert ev.loc["closing", "modality"] == "hypothetical"
    assert ev.loc["statement", "attributed_to"].startswith("statement issued by the Iraqi presidency")


@pytest.mark.parametrize("text,type_,modality", [
    ("Police did not arrest the protesters in Basra on Monday.", "COERCE", "negated"),
    ("The militia could attack the base in Erbil next week.", "ASSAULT", "hypothetical"),
    ("Iraq will deploy troops to Sinjar on Monday.", "MOBILIZE", "future"),
    ("Gunmen attacked a checkpoint in Kirkuk on Monday.", "ASSAULT", "asserted"),
])
def test_modality(text, type_, modality):
    f = _news(text)
    ev = f.events.set_index("type")
    assert ev.loc[type_, "modality"] == modality


def test_content_of_an_agreement_is_not_an_event():
    f = mea.analyze("Deal\n\nThe two governments agreed to lift the blockade of Qatar on Tuesday.", published="2021-01-06")
    assert list(f.events.type) == ["AGREE"]


@pytest.mark.parametrize("text,act", [
    ("The United Nations said it will provide food aid to refugees in Yemen.", "AGREE"),
    ("The president announced that he will extend the curfew in Basra.", "THREATEN"),
    ("The minister said the rebels must withdraw their fighters from Hodeidah.", "REQUEST"),
    ("Syria says it is willing to withdraw its troops from Lebanon.", "AGREE"),
])
def test_announced_future_acts_are_promises_threats_or_demands(text, act):
    f = _news(text)
    types = set(f.events.type) - {"STATEMENT"}
    assert types == {act}  # what is announced has not happened: it is not an event of its own
    row = f.events.set_index("type").loc[act]
    assert row.modality == "asserted" and row.trigger in text


def test_a_forecast_in_the_reporters_voice_keeps_its_type():
    f = _news("The United Nations will provide food aid to refugees in Yemen.")
    assert f.events.set_index("type").loc["AID", "modality"] == "future"


def test_a_reported_obligation_is_a_demand_of_the_speaker():
    f = _news("The European Union declared that Turkey must open its border with Syria.")
    names = f.actors.set_index("actor_id").name
    req = f.events.set_index("type").loc["REQUEST"]
    assert names[req.source_actor_id] == "European Union" and names[req.target_actor_id] == "Turkey"


def test_a_purpose_clause_of_a_protest_is_part_of_it():
    f = _news("Thousands of students staged demonstrations in Tehran to demand political reforms.")
    assert set(f.events.type) == {"PROTEST"}


def test_a_conditional_announced_act_is_a_threat():
    f = _news("Nigeria announced that it will withdraw its peacekeepers from Chad unless a ceasefire is arranged.")
    assert "THREATEN" in set(f.events.type)


def test_a_coordinated_clause_is_an_event_of_its_own():
    f = _news("Iran's foreign minister met his Saudi counterpart in Beijing on Monday and the two agreed to reopen "
              "embassies.")
    assert {"CONSULT", "AGREE"} <= set(f.events.type)


def test_an_announced_continuation_of_attacks_is_a_threat():
    f = _news("The Houthis said they would continue attacking ships in the Red Sea.")
    assert set(f.events.type) - {"STATEMENT"} == {"THREATEN"}


def test_casualties_in_a_participle_clause_count():
    f = _news("Israeli warplanes struck a weapons depot in Gaza City on Tuesday, killing three militants.")
    assert f.events.set_index("type").loc["ASSAULT", "killed"] == 3


@pytest.mark.parametrize("text,type_,source,target", [
    ("The European Union is considering new sanctions against Iran on Monday.", "SANCTION", "European Union", "Iran"),
    ("Lebanon received humanitarian aid from Qatar on Monday.", "AID", "Qatar", "Lebanon"),
])
def test_a_nominal_trigger_takes_its_actors_from_the_verb(text, type_, source, target):
    f = _news(text)
    ev = f.named_events().set_index("type").loc[type_]
    assert (ev.source, ev.target) == (source, target)


def test_a_date_describing_a_participant_is_not_the_events():
    f = _news("Iranian authorities executed two men convicted over last year's protests, the judiciary said on Tuesday.")
    row = f.named_events().set_index("type").loc["ASSAULT"]
    assert (row.source, row.date, row.date_precision) == ("Iranian authorities", "2021-03-02", "day")


WIRE = ("Checkpoint attack kills two soldiers\n\n"
        "BAGHDAD (Reuters) - Gunmen attacked an army checkpoint north of Baghdad on Tuesday, killing two soldiers, "
        "police said.\n\nThe attackers fled in a white car. Security forces arrested three suspects hours later.\n\n"
        "Iraq has faced attacks by Islamic State remnants for years. The army will deploy more troops to the area.")
STORY = ("Aid convoy reaches Taiz\n\nA United Nations convoy delivered food aid to the Yemeni city of Taiz, officials said. "
         "Fighters shelled the road last month, and the World Food Programme suspended deliveries in January.")


def test_undated_events_take_the_day_of_the_story():
    frames = mea.analyze(WIRE, published="2024-03-06")  # a Wednesday: 'on Tuesday' is 2024-03-05
    ev = frames.events.set_index("trigger")
    assert (ev.loc["attacked", "date"], ev.loc["attacked", "date_precision"]) == ("2024-03-05", "day")
    assert (ev.loc["arrested", "date"], ev.loc["arrested", "date_text"]) == ("2024-03-05", "Tuesday")  # no date of its own
    # 'Iraq has faced attacks by Islamic State remnants for years': many events, none of them the story's, and
    # not a mention of the checkpoint attack (whose gunmen nobody named)
    assert "attacks" not in ev.index and pd.isna(ev.loc["attacked", "source_actor_id"])
    assert ev.loc["deploy", "modality"] == "future" and ev.loc["deploy", "date_precision"] == "month"


def test_no_story_day_no_anchor():
    frames = mea.analyze(STORY, published="2024-03-06")
    ev = frames.events.set_index("trigger")
    assert ev.loc["delivered", "date"] == "2024-03"  # no event of the story has a day: the default stays
    assert ev.loc["suspended", "date"] == "2024-01"


def test_said_and_told_are_statements_but_a_statements_own_words_are_not_another():
    text = ("Ministry says talks will go on\n\nAMMAN (Reuters) - Jordan's foreign ministry said on Monday that talks with "
            "Syria would continue. The ministry's statement also stressed the need for calm. A spokesman told "
            "reporters that the Jaber crossing would stay open.")
    ev = mea.analyze(text, published="2024-03-05").events.set_index("trigger")
    assert {t: ev.loc[t, "type"] for t in ("said", "statement", "told")} == dict.fromkeys(("said", "statement", "told"),
                                                                                          "STATEMENT")
    assert "stressed" not in ev.index  # what 'the statement' says, not a statement of its own
    assert ev.loc["said", "date"] == "2024-03-04"


@pytest.mark.parametrize("text, trigger", [
    ("Nobody said a thing about the explosion in Basra on Sunday.", "said"),
    ("No group claimed responsibility for the bombing in Kirkuk on Friday.", "claimed"),
])
def test_a_negative_subject_negates_the_act(text, trigger):
    ev = mea.analyze(text, published="2024-03-05").events.set_index("trigger")
    assert ev.loc[trigger, "modality"] == "negated"


@pytest.mark.parametrize("text,word", [
    ("Fighting broke out in Misrata on Monday between the Government of National Accord and local gunmen.", "Accord"),
    ("Riot police in Amman dispersed the crowd on Monday.", "riot"),
    ("The army said on Monday it had bought ten attack helicopters.", "attack"),
    ("The Interior Ministry did not respond to a request for comment on Monday.", "request"),
    ("The militia did not reply to requests for a statement about the raid in Hit.", "statement"),
    ("Reuters, Amman, 4 March 2021\n\nTalks are due in Amman in early March.", "March"),
    ("The emir greeted the envoy at a welcoming ceremony in Doha on Monday.", "welcoming"),
    ("The rally in Tunis marked the tenth anniversary of the bombings in the capital.", "bombings"),
])
def test_words_that_fire_no_event(text, word):
    """A word inside a name, a noun qualifying another noun, and the reporter's requests are no events."""
    assert word not in set(_news(text).events.trigger)


def test_the_same_words_still_fire_events():
    ev = _news("Rebels attacked a checkpoint in Sirte on Monday. The mayor requested help from the army.").events
    assert {"ASSAULT", "REQUEST"} <= set(ev.type)


@pytest.mark.parametrize("text", [
    "The Emirati government pledged reprisals on Monday after the drone strike on its oil depot.",
    "Tribal leaders in Anbar vowed to retaliate for the killing of their sheikh, a spokesman said on Monday.",
])
def test_pledging_revenge_is_a_threat(text):
    assert "THREATEN" in set(_news(text).events.type)


def test_a_place_in_a_hyphenated_modifier_is_not_where_the_event_happened():
    ev = _rows(_news("A UK-based monitor said on Monday that Turkish drones hit a farm near Kobani, killing a shepherd."))
    hit = ev[ev.type == "ASSAULT"].iloc[0]
    assert hit.place not in ("United Kingdom", None) and not pd.isna(hit.place)
    assert "United Kingdom" not in set(ev.place.dropna())


def test_two_tolls_are_two_incidents():
    ev = _news("Gunmen shot dead 12 people in Basra on Monday. Four others were killed in Amarah on Monday, "
               "police said.").events
    assault = ev[ev.type == "ASSAULT"]
    assert sorted(assault.killed.dropna().astype(int)) == [4, 12]


@pytest.mark.parametrize("text,killed,injured", [
    ("Two nurses and a child were injured when a shell hit the clinic in Taiz on Monday.", None, 3),
    ("Soldiers shot dead three smugglers near Ramtha on Monday.", 3, None),
])
def test_tolls_of_coordinated_and_shot_dead_victims(text, killed, injured):
    row = _news(text).events.query("type == 'ASSAULT'").iloc[0]
    assert (None if pd.isna(row.killed) else int(row.killed)) == killed
    assert (None if pd.isna(row.injured) else int(row.injured)) == injured


@pytest.mark.parametrize("text,type_", [
    ("Hundreds of protesters clashed with police outside the governorate building in Basra on Friday.", "PROTEST"),
    ("Demonstrators torched the offices of two parties in Nasiriyah on Friday.", "PROTEST"),
    ("Thousands of protesters gathered in Tahrir Square on Friday.", "PROTEST"),
    ("Students marched through central Amman on Friday.", "PROTEST"),
    ("Turkish drones hit a farm near Kobani on Friday.", "ASSAULT"),
    ("A drone targeted a convoy near Deir ez-Zor on Friday.", "ASSAULT"),
    ("Gunmen set fire to a tanker near Zawiya on Friday.", "ASSAULT"),
])
def test_protest_and_attack_verbs(text, type_):
    assert type_ in set(_news(text).events.type)


def test_officials_gathering_is_no_protest():
    assert "PROTEST" not in set(_news("Arab foreign ministers gathered in Cairo on Friday.").events.type)


def test_each_speaker_saying_something_is_a_statement_of_its_own():
    text = ("Rockets hit an airbase in Anbar on Monday, officials said. A spokesman for the coalition said the base "
            "was not damaged. The provincial health directorate said two guards were wounded. The governor said he would "
            "visit the base.")
    statements = _news(text).events.query("type == 'STATEMENT'")
    assert len(statements) >= 3, statements[["trigger", "sentence"]]


def test_one_actor_repeating_a_noun_is_one_statement():
    text = ("The Jordanian army issued a statement on Monday about the border incident near Ruwaished. "
            "The statement said two smugglers were arrested.")
    assert len(_news(text).events.query("type == 'STATEMENT'")) == 1


def test_events_dated_years_before_publication_are_background():
    text = ("Militants attacked an army post near Tarmiyah on Monday, killing two soldiers, police said. "
            "The group seized large parts of the province in 2014 and was defeated in 2017.")
    ev = _news(text).events
    assert "attacked" in set(ev.trigger)
    assert not {"seized", "defeated"} & set(ev.trigger)


def test_a_statement_is_not_dated_by_what_it_reports():
    ev = _news("The minister said on Monday that customs officers confiscated the cargo in 2019.").events
    said = ev[ev.trigger == "said"].iloc[0]
    assert said.date == "2021-03-01"


@pytest.mark.parametrize("text,word", [
    ("Aid groups in Idlib said on Monday that the blockade remains a serious threat to civilians.", "threat"),
    ("Qatar funds a coalition that supports the government in Tripoli, officials said on Monday.", "supports"),
    ("The raid was a violation of the truce, the mayor of Jenin said on Monday.", "violation"),
    ("Initial investigations show that the fire in the Mosul depot started in a generator, police said.",
     "investigations"),
])
def test_descriptions_and_habits_are_not_events(text, word):
    assert word not in set(_news(text).events.trigger)


def test_a_material_event_without_a_place_happened_where_the_story_did():
    ev = _rows(_news("Thousands of protesters rallied in Basra on Friday. Later, demonstrators burned tyres and "
                     "portraits of officials. Separately, the finance minister said salaries would be paid."))
    assert set(ev[ev.type == "PROTEST"].place) == {"Basrah"}  # GeoNames spelling
    assert ev[ev.type == "STATEMENT"].place.isna().all()


def test_a_material_event_with_no_place_in_the_story_falls_back_to_the_focus_with_lower_confidence():
    text = ("Unrest spreads across Syria\n\nAuthorities in Syria said on Monday that 40 people had been arrested "
            "since the unrest began. Syria's interior ministry blamed foreign media. Officials say 12 people have "
            "been killed.")
    ev = _rows(mea.analyze(text, published="2021-03-03"))
    killed = ev[ev.type == "ASSAULT"].iloc[0]
    assert killed.place == "Syria" and killed.confidence < 0.6


def test_an_event_in_a_time_clause_of_a_pledge_happened():
    ev = _news("The government pledged reprisals after a roadside bomb killed four soldiers near Tikrit on "
               "Monday.").events
    assert "ASSAULT" in set(ev.type)
    assert "THREATEN" in set(ev.type)


def test_a_call_with_its_own_subject_is_an_event_dated_by_its_own_words():
    ev = _news("On Monday, Egypt and Jordan agreed on a joint plan, with the two leaders calling on all sides to "
               "cease fire from Saturday.").events
    call = ev[ev.type == "REQUEST"]
    assert len(call) == 1 and call.iloc[0].date == "2021-03-01"


def test_what_one_speaker_says_through_an_article_is_one_statement():
    text = ("Jordan's foreign minister Ayman Safadi said on Monday that the border crossing would reopen. "
            "Safadi added that trucks would be inspected. The customs department told reporters that 40 trucks were "
            "waiting.")
    statements = _rows(_news(text)).query("type == 'STATEMENT'")
    assert list(statements.src.fillna("")).count("Ayman Safadi") == 1
    assert len(statements) == 2


@pytest.mark.parametrize("text,type_,absent", [
    ("The cabinet agreed on Monday to impose a curfew on the city of Zarqa.", "COERCE", "AGREE"),
    ("Egypt and Israel agreed on Monday to impose a curfew along the border.", "AGREE", None),
    ("The government agreed with the unions on Monday to impose new taxes.", "AGREE", None),
])
def test_one_party_agreeing_to_a_coercive_act_decides_it(text, type_, absent):
    types = set(_news(text).events.type)
    assert type_ in types and absent not in types


def test_he_said_is_said_by_the_person_just_named():
    ev = _rows(_news("Iraqi Prime Minister Mustafa al-Kadhimi visited Basra on Monday. He said the port would "
                     "reopen next week. The governor's office gave no details."))
    said = ev[ev.trigger == "said"].iloc[0]
    assert said.src == "Mustafa al-Kadhimi"


def test_a_pronoun_with_nobody_named_before_has_no_speaker():
    ev = _rows(_news("He said on Monday that the port of Umm Qasr would reopen."))
    assert ev[ev.trigger == "said"].src.isna().all()


def test_a_sentence_the_page_repeats_gives_its_events_once():
    lead = "Heavy clashes broke out on Friday in southern Sirte between rival brigades, the city council told reporters"
    text = f"Clashes in Sirte\n\n{lead}\n\nSIRTE (Agency) - {lead}. The fighting continued into the night."
    ev = _news(text).events
    assert (ev.trigger == "told").sum() == 1
    assert (ev.trigger == "clashes").sum() == 1


def test_unnamed_sources_are_attribution_not_statements():
    text = ("Gunmen attacked a police post in Tarmiyah on Monday, security officials said. Medical sources said "
            "two officers were wounded. Interior Minister Othman al-Ghanmi said the attackers would be found.")
    ev = _rows(_news(text))
    statements = ev[ev.type == "STATEMENT"]
    assert list(statements.src) == ["Othman al-Ghanmi"]
    assert ev[ev.type == "ASSAULT"].date.iloc[0] == "2021-03-01"


@pytest.mark.parametrize("text,act", [
    ("The militia said it would hand over its weapons only after US troops leave Iraq.", "REQUEST"),
    ("Iran said it would release the tanker only if Britain freed the Iranian ship.", "REQUEST"),
    ("The militia said it would hand over its weapons after the elections.", "AGREE"),
])
def test_a_promise_on_a_sole_condition_is_a_demand(text, act):
    types = set(_news(text).events.type)
    assert act in types and not ({"REQUEST", "AGREE"} - {act}) & types


@pytest.mark.parametrize("text,type_", [
    ("The Iraqi president received the French foreign minister in Baghdad on Monday.", "CONSULT"),
    ("King Abdullah welcomed the Iraqi prime minister in Amman on Monday.", "CONSULT"),
    ("The president welcomed the decision of the court on Monday.", "SUPPORT"),
])
def test_receiving_a_visitor_is_hosting(text, type_):
    assert list(_news(text).events.type) == [type_]


def test_a_word_that_must_be_the_object_does_not_match_the_subject():
    assert _news("The minister received a letter from the UN on Monday.").events.empty


def test_a_quoted_demand_is_made_when_the_statement_is():
    ev = _news('Rockets hit Basra on Monday. "We call on all parties to exercise restraint," the Arab League '
               'said.').events
    call = ev[ev.type == "REQUEST"].iloc[0]
    assert call.date == "2021-03-01"


def test_attacks_along_a_border_are_not_one_because_the_border_is_wide():
    text = ("Turkish artillery shelled villages along the Syria-Turkey border on Monday. "
            "Shelling hit Tal Abyad on Monday. A drone struck a car near Qamishli on Monday.")
    assaults = _news(text).events.query("type == 'ASSAULT'")
    assert len(assaults) == 3, assaults[["trigger", "location_id"]]


def test_similar_or_previous_attacks_are_not_this_storys():
    text = ("A car bomb killed four soldiers at a checkpoint in Tikrit on Tuesday, police said. Militants have "
            "carried out similar attacks in the province, and previous bombings hit the same road.")
    ev = _news(text).events
    assert list(ev[ev.type == "ASSAULT"].trigger) == ["killed"]


def test_the_most_precise_place_in_the_clause_wins_over_a_nearer_country():
    ev = _rows(_news("Iraq - A suicide bomber killed seven people at a market in the northern city of Mosul on "
                     "Tuesday."))
    assert ev[ev.type == "ASSAULT"].place.iloc[0] == "Mosul"


def test_a_deal_struck_is_an_agreement_not_a_strike():
    ev = _news("The accord, struck in Muscat on Monday after months of talks, ends a long feud between the two "
               "neighbours.").events
    assert list(ev.type) == ["AGREE"]


@pytest.mark.parametrize("text,trigger", [
    ("Jordan's foreign minister spoke with his Egyptian counterpart on Monday about the border crossing.", "spoke"),
    ("The Qatari emir spoke to Iran's president on Monday, the royal court said.", "spoke"),
    ("The defence minister announced the deal on Monday after a phone call with the Turkish president.", "call"),
])
def test_talking_to_a_leader_is_a_consultation(text, trigger):
    ev = _news(text).events
    assert "CONSULT" in set(ev[ev.trigger == trigger].type)


def test_speaking_to_reporters_is_no_consultation():
    ev = _news("The minister spoke to reporters in Erbil on Monday about the floods.").events
    assert "CONSULT" not in set(ev.type)


def test_retaliating_is_an_attack_but_vowing_to_is_a_threat():
    hit = _news("Hezbollah retaliated on Monday with rockets fired at a base in the Galilee.").events
    assert "ASSAULT" in set(hit[hit.trigger == "retaliated"].type)
    vow = _news("The tribe vowed on Monday to retaliate against the militia.").events
    assert "ASSAULT" not in set(vow.type)


@pytest.mark.parametrize("text,place", [
    ("Soldiers stormed the Nur Shams refugee camp near Tulkarm on Monday. They withdrew from the camp at "
     "dusk, residents said.", "Nur Shams"),
    ("Turkish jets bombed Erbil International Airport on Monday. Hours later drones struck the airport, "
     "officials said.", "Erbil"),
])
def test_the_camp_or_the_airport_refers_back_to_the_last_one_named(text, place):
    ev = _rows(_news(text))
    later = ev[ev.start > text.index(".")]
    assert len(later) and later.place.notna().all() and later.place.str.contains(place).all(), ev[["trigger", "place"]]


def test_what_a_raid_was_planned_for_is_no_threat():
    ev = _news("Police raided a house in Zarqa on Monday. The raid was planned to arrest two smugglers, the "
               "ministry said.").events
    assert "THREATEN" not in set(ev.type)


def test_reported_past_perfect_keeps_the_month():
    ev = _news("Iran and Egypt resumed ties on Monday. The ministry added that the talks had been held over "
               "three days.").events
    assert ev[ev.trigger == "held"].date.iloc[0] == "2021-03"


@pytest.mark.parametrize("text,kept,gone", [
    ("The Treasury on Monday announced new sanctions on two militia leaders in Basra.", "SANCTION", "announced"),
    ("The joint statement issued on Monday made no mention of Gaza, saying the talks would go on.", "STATEMENT",
     "saying"),
])
def test_an_announced_act_or_a_statement_going_on_is_told_once(text, kept, gone):
    ev = _news(text).events
    assert kept in set(ev.type) and gone not in set(ev.trigger), ev[["type", "trigger"]]


def test_announcing_an_agreement_between_others_is_still_a_statement():
    ev = _news("The US president announced on Monday an agreement between Oman and Yemen.").events
    assert {"STATEMENT", "AGREE"} <= set(ev.type)


@pytest.mark.parametrize("text", [
    "Troops shot dead two men in the Balata camp near Nablus on Monday. Armed clashes then broke out in the camp.",
    "Rebels shelled the town of Maarat on Monday. On Monday the army launched a new offensive on the town.",
])
def test_a_further_incident_is_not_merged_into_the_first(text):
    assaults = _news(text).events.query("type == 'ASSAULT'")
    assert len(assaults) == 2, assaults[["trigger", "spans"]]


@pytest.mark.parametrize("text,type_", [
    ("The prime minister ordered security forces to protect the ministries on Monday.", "MOBILIZE"),
    ("A boy was run over by a military jeep in Hebron on Monday.", "ASSAULT"),
])
def test_more_lexicon_rows(text, type_):
    assert type_ in set(_news(text).events.type)


def test_what_an_event_follows_does_not_date_it():
    ev = _news("Rebels have besieged the town since February 7, residents said on Monday.").events
    assert ev[ev.trigger == "besieged"].date.iloc[0] != "2021-02-07"


def test_what_has_happened_takes_the_day_of_the_story():
    """('has faced attacks for years' is no event: test_undated_events_take_the_day_of_the_story)"""
    ev = _news("Gunmen attacked a checkpoint in Tikrit on Tuesday. The army has pledged reprisals.").events
    assert ev.set_index("trigger").loc["pledged", "date"] == "2021-03-02"


def test_the_ceasefire_refers_back_to_the_agreement_whoever_confirms_it():
    text = ("Israel and Hamas agree to a truce after days of fighting. Egypt brokered the deal on Thursday. "
            "The office of the prime minister confirmed the truce.")
    agree = _news(text).events.query("type == 'AGREE'")
    assert len(agree) == 1 and len(agree.spans.iloc[0].split("|")) >= 2, agree[["trigger", "spans"]]


def test_a_new_ceasefire_is_not_the_old_one():
    text = ("Israel and Hamas agreed to a truce on Monday. The truce collapsed. On Thursday the two sides agreed to a "
            "new truce.")
    assert len(_news(text).events.query("type == 'AGREE'")) == 2


@pytest.mark.parametrize("text,act", [
    ('"We call on all sides to show restraint," the foreign ministry of Oman said on Monday.', "REQUEST"),
    ("The Houthis said on Monday they would strike Emirati airports if the raids went on.", "THREATEN"),
])
def test_a_statement_whose_words_are_a_demand_or_threat_is_that_act(text, act):
    ev = _news(text).events
    assert act in set(ev.type) and "STATEMENT" not in set(ev.type), ev[["type", "trigger"]]


def test_a_statement_reporting_a_deed_or_beside_a_threat_stays():
    ev = _news("The army said on Monday that rebels had fired rockets at Aleppo. The president announced on Monday "
               "that the embassy had been hit, while warning Iran.").events
    assert (ev.type == "STATEMENT").sum() == 2 and "THREATEN" in set(ev.type), ev[["type", "trigger"]]


def test_an_attack_on_a_named_person_is_an_incident_of_its_own():
    text = ("Israeli troops raided the Nur Shams camp near Tulkarm on Monday, killing three fighters. A woman, Lina "
            "Haddad, was shot dead at her window. Another resident, Omar Nasser, was run over by a military jeep.")
    assaults = _rows(_news(text)).query("type == 'ASSAULT'")
    assert {"Lina Haddad", "Omar Nasser"} <= set(assaults.tgt.dropna()), assaults[["trigger", "tgt", "spans"]]


def test_a_claimed_attack_takes_the_earlier_of_the_claims_dates():
    ev = _news("The group on Tuesday claimed responsibility for an attack on soldiers in Hawija late on Sunday.").events
    assert ev[ev.type == "ASSAULT"].date.iloc[0] == "2021-02-28", ev[["type", "trigger", "date"]]


@pytest.mark.parametrize("text,trigger", [
    ("Gunmen attacked a checkpoint in Tikrit on Tuesday. Police said they had opened an investigation.", "opened"),
    ("Gunmen attacked a checkpoint in Tikrit on Tuesday. Oman has become the first country to condemn the attack.",
     "condemn"),
])
def test_a_reported_perfect_or_an_infinitive_of_a_past_verb_takes_the_story_day(text, trigger):
    ev = _news(text).events.set_index("trigger")
    assert ev.loc[trigger, "date"] == "2021-03-02", ev[["type", "date"]]


@pytest.mark.parametrize("text", [
    'The king pledged on Monday to "deal firmly" with the rioters in Maan.',
    "The interior minister vowed on Monday to crack down on smugglers in the south.",
])
def test_a_promise_of_force_is_a_threat(text):
    ev = _news(text).events
    assert "THREATEN" in set(ev.type) and "AGREE" not in set(ev.type), ev[["type", "trigger"]]


def test_a_promise_of_aid_stays_an_agreement():
    assert "AGREE" in set(_news("Qatar pledged on Monday to send food to Gaza.").events.type)


def test_a_shootout_is_an_armed_clash():
    assert "ASSAULT" in set(_news("Two officers died in a shootout with smugglers near Ruwaished on Monday.").events.type)


@pytest.mark.parametrize("text,n", [
    ("Gunmen attacked a checkpoint in Tikrit on Monday, killing two soldiers. Officials gave no details. Troops "
     "later swept the area. In a separate incident, gunmen killed a shepherd near Samarra.", 2),
    ("Gunmen attacked a checkpoint in Tikrit on Monday, killing two soldiers. Officials gave no details. Troops "
     "later swept the area. The attack on the checkpoint was the third this month.", 1),
])
def test_attacks_told_apart_merge_only_on_evidence(text, n):
    assaults = _news(text).events.query("type == 'ASSAULT'")
    assert len(assaults) == n, assaults[["trigger", "spans"]]


def test_a_raid_with_fighting_is_the_fight_and_without_it_a_raid():
    fight = _news("Three officers died in a shootout during an arrest raid in Maan on Monday.").events
    assert list(fight.type) == ["ASSAULT"], fight[["type", "trigger"]]
    raid = _news("Police raided a warehouse in Zarqa on Monday and seized smuggled cigarettes.").events
    assert "COERCE" in set(raid.type) and "ASSAULT" not in set(raid.type)


def test_is_in_capitals_is_the_islamic_state_claiming_not_a_passive():
    ev = _rows(_news("Earlier this month, IS claimed responsibility for two explosions near Kerman."))
    claim = ev[ev.type == "STATEMENT"]
    assert list(claim.src) == ["Islamic State"], ev[["type", "trigger", "src"]]


@pytest.mark.parametrize("text,type_", [
    ("The regional council on Tuesday described the strike as a crime against civilians.", "ACCUSE"),
    ("A protester described the attack on the consulate as a brave act.", None),
])
def test_describing_as_a_crime_accuses(text, type_):
    ev = _news(text).events
    assert ("ACCUSE" in set(ev.type)) == (type_ == "ACCUSE"), ev[["type", "trigger"]]


def test_casualties_in_clashes_with_protesters_are_the_protests_toll():
    ev = _news("Over 40 policemen were injured in clashes with protesters in Maan on Thursday.").events
    assert list(ev.type) == ["PROTEST"] and ev.injured.iloc[0] == 40, ev[["type", "trigger", "injured"]]


@pytest.mark.parametrize("text,word", [
    ("Attacks by the group have been on the rise in Diyala this year.", "Attacks"),
    ("The militia's resurgence threatens the stability of the province, officials said on Monday.", "threatens"),
])
def test_a_trend_or_a_danger_is_no_event(text, word):
    assert word not in set(_news(text).events.trigger)


def test_a_threat_made_by_a_party_stays():
    assert "THREATEN" in set(_news("The militia threatened on Monday to attack US bases in Anbar.").events.type)


def test_the_talks_had_been_held_is_the_talks_told_before():
    ev = _news("Iran and Egypt held talks in Muscat on Monday. The ministry added that the talks had been held over "
               "two days.").events
    assert (ev.type == "CONSULT").sum() == 1, ev[["type", "trigger", "spans"]]


@pytest.mark.parametrize("text, modality", [
    ("SANAA, May 2 (Wire) - The Houthis warned on Friday that they would again target ships in the Red Sea "
     "unless the blockade of Hodeidah was lifted.", "asserted"),
    ("Iran's defence minister vowed that Tehran would strike back at any attacker, state media reported.", "asserted"),
    ("The Houthis may threaten shipping again next week, analysts said.", "hypothetical"),
])
def test_a_threat_of_a_future_act_is_made_now_unless_the_threat_itself_is_in_doubt(text, modality):
    ev = mea.analyze(text, published="2025-05-02").events
    threats = ev[ev["type"] == "THREATEN"]
    assert len(threats) == 1 and threats["modality"].iloc[0] in ({modality, "reported"} if modality == "asserted"
                                                                  else {modality})


@pytest.mark.parametrize("text, attack", [
    ("Turkish jets destroyed 14 PKK targets in northern Iraq on Saturday, the defence ministry said.", True),
    ("The army said it destroyed a tunnel used by militants near Rafah on Monday.", True),
    ("Israeli warplanes destroyed a bridge near Tyre on Monday, witnesses said.", True),
    ("The floods destroyed hundreds of homes in the valley on Monday.", False),
])
def test_destroying_a_military_target_or_by_warplanes_is_an_attack_a_flood_is_not(text, attack):
    assert ("ASSAULT" in set(mea.analyze(text, published="2025-04-03").events["type"])) is attack


def test_an_act_told_in_a_temporal_clause_happened_whatever_the_main_verb_weighs():
    ev = mea.analyze("Shipping firms were weighing their options on Saturday after the Houthis attacked a tanker "
                     "off Hodeidah on Friday.", published="2025-05-03").events
    assert set(ev.loc[ev["type"] == "ASSAULT", "modality"]) == {"asserted"}
    ev = mea.analyze("Police arrested two men in Basra before they could attack the refinery, officials said.",
                     published="2025-05-03").events
    assert "hypothetical" in set(ev.loc[ev["type"] == "ASSAULT", "modality"])


@pytest.mark.parametrize("answer", ["Israel responded by shelling open ground near Khiam on Wednesday.",
                                    "Israeli artillery shelled the outskirts of Khiam on Wednesday in response.",
                                    "Israel retaliated with artillery fire on Khiam on Wednesday."])
def test_an_attack_told_as_the_answer_to_another_is_another_attack(answer):
    text = f"Rockets fired from Lebanon hit an Israeli town on Wednesday, wounding two people. {answer}"
    ev = mea.analyze(text, published="2025-05-07").events
    assert (ev["type"] == "ASSAULT").sum() == 2


@pytest.mark.parametrize("text, events", [
    ("Iraq has faced attacks by Islamic State remnants for years, officials said on Monday.", 0),
    ("Israeli forces have repeatedly raided the Jenin camp, residents said on Monday.", 0),
    ("Rebels have besieged the town since February 7, residents said on Monday.", 1),
])
def test_a_perfect_over_a_length_of_time_tells_no_event_of_the_story_but_a_siege_since_a_day_goes_on(text, events):
    ev = mea.analyze(text, published="2021-03-01").events
    assert (ev["type"] != "STATEMENT").sum() == events, ev[["type", "trigger"]]


@pytest.mark.parametrize("text,type_,src", [
    ("TIKRIT, Iraq, March 2 (Desert Wire) - Iraqi troops arrested four suspected militants near Tikrit on Tuesday, "
     "officials said.", "COERCE", "Iraqi Army"),
    ("BEIRUT, March 2 (Cedar Post) - Israeli artillery shelled the outskirts of Kfar Kila on Tuesday, "
     "Lebanese security sources said.", "ASSAULT", "Israeli artillery"),
])
def test_a_dateline_is_not_the_subject_of_the_lead(text, type_, src):
    ev = _rows(_news(text))
    row = ev[ev.type == type_].iloc[0]
    assert row.src == src and row.src not in ("Desert Wire", "Cedar Post")


@pytest.mark.parametrize("text", [
    "MUSCAT, Oman (Gulf Daily) — Port officials in Oman say they will inspect every tanker that docks at Sohar.",
    "ADEN, Yemen (Red Sea Wire) — Local officials in Aden say they will reopen the airport road next week.",
    "TRIPOLI, Libya (Maghreb News) — Oil officials in Libya say they will resume exports from the Zawiya terminal.",
])
def test_unnamed_officials_after_a_dateline_are_the_reporters_attribution(text):
    """The subject of 'say' is the officials, not the dateline the parser also made a subject: no statement."""
    ev = mea.analyze(text, published="2021-03-01").events
    assert "STATEMENT" not in set(ev.type), ev[["type", "trigger"]]


@pytest.mark.parametrize("text,place", [
    ("Police detained five men in a dawn raid on a village in the Hawija district south-west of Kirkuk on Tuesday.",
     "Al Ḩawījah"),
    ("Troops arrested two smugglers during a raid in Ramadi, officials said on Tuesday.", "Ramadi"),
])
def test_an_act_done_in_a_raid_is_one_row_where_the_raid_was(text, place):
    ev = _rows(_news(text))
    coerce = ev[ev.type == "COERCE"]
    assert len(coerce) == 1 and coerce.iloc[0].place == place, coerce[["trigger", "place"]]


def test_a_verb_whose_subject_is_an_event_noun_tells_of_that_event():
    ev = _rows(_news("Police arrested six men in Basra on Tuesday. The raid targeted three houses in the "
                     "Zubair district, a police officer said."))
    assert "ASSAULT" not in set(ev.type), ev[["type", "trigger"]]  # the raid (an arrest) is no attack
    attack = _rows(_news("Gunmen attacked a checkpoint in Baquba on Tuesday. The attack killed two soldiers."))
    assert (attack.type == "ASSAULT").sum() == 1


@pytest.mark.parametrize("text,date", [
    ("Mosul buried its dead on Wednesday after a car bomb tore through a market on Tuesday.", "2021-03-02"),
    ("Residents returned on Wednesday after a bomb destroyed the bridge on Monday.", "2021-03-01"),
])
def test_a_nominal_trigger_takes_the_date_of_its_own_clause_not_the_main_clause(text, date):
    ev = _rows(_news(text))
    assert ev[ev.type == "ASSAULT"].date.tolist() == [date], ev[["trigger", "date"]]

"""Dates against the publication date: weekdays, months, relative expressions, ranges, precision."""
from __future__ import annotations

from datetime import date, datetime

import pytest

import mideast_analysis as mea

from mideast_analysis import resolve_date

FRI = datetime(2020, 12, 25, 4, 2)  # the seed's publication: Friday


@pytest.mark.parametrize("text,expected", [
    ("on Thursday", ("2020-12-24", "day")),
    ("On Sunday", ("2020-12-20", "day")),
    ("Friday", ("2020-12-25", "day")),  # the same weekday is the publication day
    ("Last January", ("2020-01", "month")),
    ("in March", ("2020-03", "month")),
    ("next March", ("2021-03", "month")),
    ("December 2019", ("2019-12", "month")),
    ("September 02, 2020", ("2020-09-02", "day")),
    ("3 January", ("2020-01-03", "day")),
    ("2019", ("2019", "year")),
    ("yesterday", ("2020-12-24", "day")),
    ("two days ago", ("2020-12-23", "day")),
    ("a week ago", ("2020-12-18", "day")),
    ("a few days ago", ("2020-12", "month")),
    ("last week", ("2020-12", "month")),
    ("last month", ("2020-11", "month")),
    ("last year", ("2019", "year")),
    ("between Monday and Wednesday", ("2020-12-21", "day")),
    ("from 3 to 5 January", ("2020-01-03", "day")),
    ("December 3-5", ("2020-12-03", "day")),
])
def test_resolve(text, expected):
    assert resolve_date(text, FRI) == expected


def test_midnight_publication_keeps_its_day():
    assert resolve_date("Thursday", datetime(2020, 12, 25, 0, 0)) == ("2020-12-24", "day")
    assert resolve_date("Thursday", date(2020, 12, 25)) == ("2020-12-24", "day")


@pytest.mark.parametrize("text", ["a few days", "the past few days", "recent weeks", ""])
def test_vague_is_unknown(text):
    assert resolve_date(text, FRI) == (None, "unknown")


def test_without_reference_only_explicit_years():
    assert resolve_date("in 2019", None) == ("2019", "year")
    assert resolve_date("on Sunday", None) == (None, "unknown")


@pytest.mark.parametrize("text,future,expected", [
    ("next Monday", False, "2020-12-28"),
    ("next Friday", False, "2021-01-01"),  # 'next' is never the reference day itself
    ("on Monday", True, "2020-12-28"),  # 'will meet on Monday': the coming Monday
    ("Friday", True, "2020-12-25"),  # the reference day itself is still to come
    ("last Monday", True, "2020-12-21"),
    ("on Monday", False, "2020-12-21"),
])
def test_weekdays_of_things_to_come(text, future, expected):
    assert resolve_date(text, FRI, future=future) == (expected, "day")


def test_a_date_in_a_future_clause_is_resolved_forward():
    import mideast_analysis as mea

    f = mea.analyze("Talks\n\nThe UN Security Council will meet on Friday to discuss the escalation. "
                    "Talks resumed on Monday.", published="2024-03-06")
    dates = dict(zip(f.events.trigger, f.events.date))
    assert dates["meet"] == "2024-03-08" and dates["resumed"] == "2024-03-04"


@pytest.mark.parametrize("text", ["11 days", "after 11 days", "for two weeks", "nearly a month", "a year",
                                  "more than three months"])
def test_a_length_of_time_dates_nothing(text):
    assert resolve_date(text, "2021-05-21") == (None, "unknown")


@pytest.mark.parametrize("text,expected", [("11 days ago", ("2021-05-10", "day")),
                                           ("three days earlier", ("2021-05-18", "day"))])
def test_a_length_of_time_with_ago_or_earlier_still_dates(text, expected):
    assert resolve_date(text, "2021-05-21") == expected


@pytest.mark.parametrize("text,expected", [
    ("last week", ("2020-12", "month")),  # Mon 14 - Sun 20 December
    ("this week", ("2020-12", "month")),
    ("earlier this month", ("2020-12", "month")),
    ("late Monday", ("2020-12-21", "day")),
    ("early on Sunday", ("2020-12-20", "day")),
    ("Sunday's", ("2020-12-20", "day")),  # "Sunday's attack"
    ("Monday night", ("2020-12-21", "day")),
    ("overnight", ("2020-12-24", "day")),  # the night before publication began the day before
    ("overnight Monday", ("2020-12-21", "day")),
    ("the day before", ("2020-12-24", "day")),
    ("the next day", ("2020-12-26", "day")),
    ("two days after", ("2020-12-27", "day")),
    ("on the 5th", ("2020-12-05", "day")),
    ("on the 28th", ("2020-11-28", "day")),  # not yet reached this month: the month before
    ("at the start of October", ("2020-10", "month")),
    ("in mid-October", ("2020-10", "month")),
    ("in the early hours of Sunday", ("2020-12-20", "day")),
])
def test_relative_expressions(text, expected):
    assert resolve_date(text, FRI) == expected


@pytest.mark.parametrize("reference,text,expected", [
    ("2021-03-03", "last week", "2021-02"),  # Mon 22 - Sun 28 February
    ("2021-03-10", "last week", "2021-03"),  # Mon 1 - Sun 7 March
    ("2021-04-06", "last week", "2021-04"),  # Mon 29 March - Sun 4 April: four days in April
    ("2021-03-31", "last week", "2021-03"),
    ("2021-03-02", "this week", "2021-03"),  # Mon 1 - Tue 2 March
])
def test_a_week_is_the_month_holding_most_of_it(reference, text, expected):
    assert resolve_date(text, reference) == (expected, "month")


def test_a_month_still_to_come_is_the_next_one():
    assert resolve_date("in March", FRI, future=True) == ("2021-03", "month")
    assert resolve_date("in December", FRI, future=True) == ("2020-12", "month")
    assert resolve_date("in March", FRI) == ("2020-03", "month")


def _dates(text: str, published: str = "2021-03-03") -> list[tuple[str, str, str]]:
    """(text, label, ref_id) of the date mentions of a short article."""
    f = mea.analyze("News\n\n" + text, published=published)
    rows = f.mentions[f.mentions.kind == "date"]
    return list(zip(rows.text, rows.label, rows.ref_id))


@pytest.mark.parametrize("text,stamp", [
    ("Updated: 2 March 2021 10:14\n\nGunmen attacked a checkpoint on Tuesday.", "2 March"),
    ("Published 2 March 2021\n\nGunmen attacked a checkpoint on Tuesday.", "March 2021"),
    ("By Jane Doe, 2 March 2021\n\nGunmen attacked a checkpoint on Tuesday.", "2 March 2021"),
    ("By Jane Doe\nMarch 2, 2021 9:52 pm (Updated March 3, 2021)\n\nGunmen attacked a checkpoint on Tuesday.",
     "March 3, 2021"),
    ("Gunmen attacked a checkpoint on Tuesday.\n\nMarch 2, 2021 9:52 pm (Updated March 3, 2021)", "March 3, 2021"),
])
def test_stamps_and_bylines_date_nothing(text, stamp):
    found = {t: (label, ref) for t, label, ref in _dates(text)}
    assert found[stamp] == ("STAMP", "") and found["Tuesday"] == ("DATE", "2021-03-02")


def test_a_sentence_starting_with_by_is_no_byline():
    assert ("Sunday", "DATE", "2021-02-28") in _dates("By Sunday the army had retaken the town.")


@pytest.mark.parametrize("text,year", [("Iran signed the 2015 nuclear deal.", "2015"),
                                       ("Protesters boycotted the 2014 elections.", "2014"),
                                       ("The 2011 uprising toppled the government.", "2011")])
def test_a_year_qualifying_a_noun_dates_nothing(text, year):
    assert (year, "MODIFIER", "") in _dates(text)


@pytest.mark.parametrize("text,year", [("Militants seized the town in 2014.", "2014"),
                                       ("Libya has been divided since 2011.", "2011"),
                                       ("The 2019 protests spread.", "2019")])  # an event noun: its own date
def test_a_year_that_dates_keeps_its_date(text, year):
    assert (year, "DATE", year) in _dates(text)


def test_a_modifier_year_leaves_the_event_to_its_default_date():
    f = mea.analyze("News\n\nHundreds of protesters rallied in Tehran against the 2015 nuclear deal.",
                    published="2021-03-03")
    assert f.events[f.events.trigger == "rallied"].date.tolist() == ["2021-03"]  # not 2015, not set aside as history


def test_the_day_before_counts_from_the_day_last_named():
    found = _dates("Troops entered the town on Monday. Rebels had shelled it the day before.")
    assert ("Monday", "DATE", "2021-03-01") in found
    assert any(label == "DATE" and ref == "2021-02-28" for _, label, ref in found)


def test_overnight_and_a_night_of_a_weekday_are_dates():
    found = _dates("Gunmen stormed a police station overnight. Rockets hit the town on Monday night.")
    assert ("overnight", "TIME", "2021-03-02") in found and ("Monday night", "TIME", "2021-03-01") in found


def test_a_clock_time_dates_nothing():
    assert all(label != "TIME" or ref == "" for _, label, ref in _dates("The truce began at 2am local time."))



@pytest.mark.parametrize("text,day", [
    ("US forces have come under attack 58 times since Hamas’ surprise October 7 assault on Israel that killed "
     "1,200 people and Israel’s retaliatory airstrikes.", "2020-10-07"),
    ("The talks of 7 February in Muscat ended without a deal.", "2021-02-07"),
])
def test_a_month_and_day_the_model_missed_or_cut_is_a_day(text, day):
    assert any(ref == day for _, label, ref in _dates(text)), _dates(text)


def test_a_month_alone_stays_a_month():
    assert not any(len(ref) == 10 for _, _, ref in _dates("Talks resumed in February in Doha."))

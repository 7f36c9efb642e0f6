"""Dates against the publication date: weekdays, months, relative expressions, ranges, precision."""
from __future__ import annotations

from datetime import date, datetime

import pytest

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

"""Every shipped resource table is read through one validating loader: the header, the column count
of every row, required cells, regular expressions, numbers, dates and vocabularies are checked."""
from __future__ import annotations

import re
from importlib.resources import files

import pytest

import mideast_analysis as mea
from mideast_analysis.resources import SPECS, load_csv, parse_table


def test_every_resource_file_is_declared_and_valid():
    shipped = {p.name for p in files("mideast_analysis.resources").iterdir() if p.name.endswith(".csv")}
    assert shipped == set(SPECS)
    for name in sorted(shipped):
        rows = load_csv(name)
        assert rows, name
        assert all(len(row) == len(SPECS[name].columns) for row in rows)


def test_every_source_pattern_compiles_and_none_matches_any_text():
    rows = load_csv("sources.csv")
    assert all(row["source"] and not re.search(r"[\\()\[\]]", row["source"]) for row in rows)
    plain = "Springfield man charged after fire on Main Street. Police said on Tuesday that ..."
    assert not any(re.search(row["pattern"], plain) for row in rows)
    assert any(re.search(row["pattern"], "CAIRO (Reuters) - Egypt said") and row["source"] == "Reuters" for row in rows)


BROKEN = {
    "unquoted comma": ("pattern,source\n^[A-Z]+, \\(X\\),Reuters\n", "3 cells where the header has 2"),
    "bad regex": ("pattern,source\n(Reuters,Reuters\n", "not a regular expression"),
    "empty required": ("pattern,source\n\\(AFP\\),\n", "column 'source' is empty"),
    "wrong header": ("regex,source\nx,y\n", "header"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_malformed_table_is_a_resource_error_naming_line_and_cause(case):
    content, cause = BROKEN[case]
    with pytest.raises(mea.ResourceError) as info:
        parse_table("sources.csv", "# a comment line\n" + content)
    assert info.value.line in (2, 3)
    assert cause in str(info.value) and "resources/sources.csv:" in str(info.value)


@pytest.mark.parametrize("row, cause", [
    ("Somewhere,,landmark,IQ,north,44.0,1,,src", "'lat': 'north' is not a number"),
    ("Somewhere,,palace,IQ,33.0,44.0,1,,src", "'feature': 'palace' is not one of"),
    ("Somewhere,,landmark,Iraq,33.0,44.0,1,,src", "'country': 'Iraq' does not have the form"),
])
def test_places_rows_are_checked(row, cause):
    header = ",".join(SPECS["places.csv"].columns)
    with pytest.raises(mea.ResourceError, match=re.escape(cause)):
        parse_table("places.csv", f"{header}\n{row}\n")


def test_actor_role_dates_are_iso():
    header = ",".join(SPECS["actors.csv"].columns)
    good = "k,Name,,person,IRQ,IRQGOV,President,2003-04,2005,,src"
    assert parse_table("actors.csv", f"{header}\n{good}\n")[0]["role_start"] == "2003-04"
    with pytest.raises(mea.ResourceError, match="not an ISO date"):
        parse_table("actors.csv", f"{header}\n{good.replace('2003-04', '2003-13')}\n")


def test_undeclared_table_is_refused():
    with pytest.raises(mea.ResourceError, match="no declaration"):
        parse_table("unknown.csv", "a,b\n1,2\n")

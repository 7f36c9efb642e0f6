"""Six hand-written texts of different shapes (wire copy, press release, no places, a list of names,
an HTML page, AP copy) through `mea.analyze` and the CLI: the contract holds and the values a reader
checks first (source, published, title, places, people, dates, casualties) are right."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import mideast_analysis as mea

TEXTS = Path(__file__).resolve().parent / "texts"
# file -> (published= passed to analyze, or None when the text prints its own date line;
#          the publication date the articles table must show)
CASES: dict[str, tuple[str | None, str]] = {
    "agency_dateline.txt": ("2024-06-11", "2024-06-11"),
    "press_release.txt": (None, "2023-03-12"),
    "no_place.txt": ("2023-11-09", "2023-11-09"),
    "names_list.txt": ("2024-03-05", "2024-03-05"),
    "broadcast.html": (None, "2024-01-23"),
    "ap_dateline.txt": (None, "2024-03-03"),
}
TITLES = {
    "agency_dateline.txt": "Suicide bomber kills seven at crowded Mosul market",
    "press_release.txt": "Statement on the shelling of a primary health care centre in northwest Syria",
    "no_place.txt": "Negotiators trade accusations as talks stall",
    "names_list.txt": "Jordanian delegation to the Arab League ministerial meeting",
    "broadcast.html": "Air strikes hit Hodeidah port as Red Sea tensions rise",
    "ap_dateline.txt": "Israeli strike on car in south Lebanon kills 2 Hezbollah fighters",
}
DELEGATION = {"Ayman Safadi", "Zeina Toukan", "Amjad Adaileh", "Sufian Qudah", "Hana Al-Qudah", "Tariq Al-Majali",
              "Rami Haddadin", "Omar Nabulsi", "Dalia Khatib"}


@pytest.fixture(scope="module")
def analysed() -> dict[str, tuple[mea.ArticleFrames, str]]:
    """file name -> (its frames, the text its offsets index), each text analysed once."""
    out: dict[str, tuple[mea.ArticleFrames, str]] = {}
    for name, (published, _) in CASES.items():
        path = TEXTS / name
        out[name] = (mea.analyze(path, published=published), mea.load_article(path, published=published).text)
    return out


def _article(analysed: dict[str, tuple[mea.ArticleFrames, str]], name: str) -> pd.Series:
    arts = analysed[name][0].articles
    assert len(arts) == 1
    return arts.iloc[0]


def test_texts_have_the_intended_shape() -> None:
    for name in CASES:
        words = len(mea.load_article(TEXTS / name).text.split())
        assert 80 <= words <= 250, (name, words)
    assert (TEXTS / "agency_dateline.txt").read_text(encoding="utf-8").splitlines()[2].startswith(
        "MOSUL, Iraq (Reuters) - ")


@pytest.mark.parametrize("name", sorted(CASES))
def test_contract_holds(analysed: dict[str, tuple[mea.ArticleFrames, str]], name: str) -> None:
    frames, text = analysed[name]
    aid = _article(analysed, name)["article_id"]
    assert aid == Path(name).stem
    assert mea.contract_violations(frames, {aid: text}) == []
    mea.check_frames(frames, {aid: text})  # raises mea.SchemaError on any violation


@pytest.mark.parametrize("name", sorted(CASES))
def test_published_and_title(analysed: dict[str, tuple[mea.ArticleFrames, str]], name: str) -> None:
    row = _article(analysed, name)
    assert str(row["published"])[:10] == CASES[name][1]
    assert row["title"] == TITLES[name]


def test_sources(analysed: dict[str, tuple[mea.ArticleFrames, str]]) -> None:
    source = {name: _article(analysed, name)["source"] for name in CASES}
    assert source["agency_dateline.txt"] == "Reuters"
    assert source["ap_dateline.txt"] == "Associated Press"
    assert source["broadcast.html"] == "Gulf Coast Broadcasting"  # the page's og:site_name
    assert pd.isna(source["press_release.txt"])
    assert pd.isna(source["no_place.txt"])
    assert pd.isna(source["names_list.txt"])
    assert len({s for s in source.values() if pd.notna(s)}) == 3  # not one source stamped on every article


def test_text_without_places_has_no_locations(analysed: dict[str, tuple[mea.ArticleFrames, str]]) -> None:
    frames, _ = analysed["no_place.txt"]
    assert frames.locations.empty, frames.locations[["name", "feature", "source"]].to_dict("records")
    assert not (frames.mentions["kind"] == "location").any()
    people = set(frames.actors.loc[frames.actors["kind"] == "person", "name"])
    assert {"Karim Haddad", "Samir Nassar"} <= people


def test_names_list_yields_people(analysed: dict[str, tuple[mea.ArticleFrames, str]]) -> None:
    actors = analysed["names_list.txt"][0].actors
    people = set(actors.loc[actors["kind"] == "person", "name"])
    assert DELEGATION <= people, DELEGATION - people
    safadi = actors[actors["name"] == "Ayman Safadi"].iloc[0]
    assert safadi["country"] == "JOR"


@pytest.mark.parametrize("name", sorted(CASES))
def test_event_dates_not_after_publication(analysed: dict[str, tuple[mea.ArticleFrames, str]], name: str) -> None:
    frames, _ = analysed[name]
    published = str(_article(analysed, name)["published"])[:10]
    for ev in frames.events.itertuples():
        if pd.isna(ev.date) or ev.modality == "future":
            continue
        assert ev.date <= published[: len(ev.date)], (ev.trigger, ev.date, ev.date_text, published)


def test_agency_attack_at_dateline_city(analysed: dict[str, tuple[mea.ArticleFrames, str]]) -> None:
    frames, _ = analysed["agency_dateline.txt"]
    places = frames.locations.set_index("location_id")["name"]
    assaults = frames.events[frames.events["type"] == "ASSAULT"]
    in_mosul = assaults[assaults["location_id"].map(places) == "Mosul"]
    assert not in_mosul.empty, assaults[["trigger", "location_id"]].to_dict("records")
    assert (in_mosul["killed"].notna() | in_mosul["injured"].notna()).any()
    counts = set(assaults["killed"].dropna()) | set(assaults["injured"].dropna())
    assert {7, 15} <= counts  # "killed seven people and wounded 15 others"
    assert (assaults["date"] == "2024-06-11").any()  # "on Tuesday", published Tuesday 11 June 2024


def test_html_page_keeps_markup_out(analysed: dict[str, tuple[mea.ArticleFrames, str]]) -> None:
    frames, text = analysed["broadcast.html"]
    assert "Hodeidah" in text
    for boilerplate in ("Watch live", "All rights reserved", "dataLayer", "<"):
        assert boilerplate not in text
    mentions = frames.mentions["text"]
    assert len(mentions) > 5
    assert not mentions.str.contains("<", regex=False).any()
    assert not mentions.str.contains("script", case=False, regex=False).any()
    assert "Yemen" in set(frames.locations["name"])


def test_cli_extracts_all_six(tmp_path: Path) -> None:
    files = [str(TEXTS / name) for name in CASES]
    proc = subprocess.run([sys.executable, "-m", "mideast_analysis.cli", "extract", *files, "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in tmp_path.glob("*.csv")} == {f"{t}.csv" for t in
                                                         ("articles", "mentions", "actors", "locations", "events")}
    arts = pd.read_csv(tmp_path / "articles.csv", dtype=str, keep_default_na=False)
    assert len(arts) == 6
    assert set(arts["article_id"]) == {Path(name).stem for name in CASES}
    assert dict(zip(arts["article_id"], arts["source"]))["ap_dateline"] == "Associated Press"

"""The data contract: five tables, every column in order (also when empty), offsets slice the input."""
from __future__ import annotations

import csv
import subprocess
import sys

import pandas as pd
import pytest

import mideast_analysis as mea
from mideast_analysis.schema import TABLES, validate

CONTRACT = {  # DESIGN.md, verbatim; more columns may follow at the end
    "articles": "article_id, path, source, title, published, language, n_words",
    "mentions": "article_id, mention_id, kind, ref_id, text, label, sentence, start, end",
    "actors": "article_id, actor_id, name, kind, country, role, code, n_mentions, aliases, affiliation",
    "locations": "article_id, location_id, name, feature, country, lat, lon, geonameid, source, precision_km, "
                 "confidence, parent_id, n_mentions, aliases",
    "events": "article_id, event_id, type, acled_event_type, acled_sub_event_type, cameo, date, date_precision, "
              "date_text, source_actor_id, target_actor_id, location_id, lat, lon, quantity, weapon, killed, injured, "
              "trigger, sentence, start, end, confidence, mode, modality, attributed_to",
}


@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_schema_starts_with_contract_columns(table):
    want = CONTRACT[table].split(", ")
    assert list(TABLES[table])[: len(want)] == want


def test_frames_validate(seed_frames):
    for name, df in seed_frames.tables().items():
        validate(name, df)
        assert list(df.columns) == list(TABLES[name])


def test_mention_offsets_slice_input(seed_frames, seed_text):
    m = seed_frames.mentions
    assert len(m) > 30
    for row in m.itertuples():
        assert seed_text[row.start:row.end] == row.text
    assert set(m["kind"]) == {"actor", "location", "date"}


def test_event_offsets_slice_trigger(seed_frames, seed_text):
    for row in seed_frames.events.itertuples():
        assert seed_text[row.start:row.end] == row.trigger
        for span in row.spans.split("|"):
            s, e = map(int, span.split("-"))
            assert seed_text[s:e].strip()


def test_ids_are_stable_and_refer(seed_frames, seed_path):
    again = mea.analyze(seed_path)
    for name in ("mentions", "actors", "locations", "events"):
        id_col = {"mentions": "mention_id", "actors": "actor_id", "locations": "location_id", "events": "event_id"}[name]
        assert list(getattr(again, name)[id_col]) == list(getattr(seed_frames, name)[id_col])
        assert getattr(seed_frames, name)[id_col].is_unique
    f = seed_frames
    assert set(f.locations.parent_id.dropna()) <= set(f.locations.location_id)
    assert set(f.events.location_id.dropna()) <= set(f.locations.location_id)
    actor_ids = set(f.actors.actor_id)
    assert set(f.events.source_actor_id.dropna()) | set(f.events.target_actor_id.dropna()) <= actor_ids
    refs = f.mentions[f.mentions.kind != "date"]
    assert set(refs.ref_id) <= actor_ids | set(f.locations.location_id)


def test_cli_writes_every_table_with_header_even_when_empty(tmp_path):
    p = tmp_path / "quiet.txt"
    p.write_text("A quiet day\n\nNothing at all happened to anyone anywhere, and the day passed quietly.",
                 encoding="utf-8")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "mideast_analysis.cli", "extract", str(p), "--out", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    for table in TABLES:
        with open(out / f"{table}.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        assert rows[0] == list(TABLES[table])
    assert len(list(csv.reader(open(out / "articles.csv", encoding="utf-8")))) == 2
    assert len(list(csv.reader(open(out / "events.csv", encoding="utf-8")))) == 1


def test_csv_and_parquet_round_trip(tmp_path, seed_frames):
    seed_frames.to_csv(tmp_path / "csv")
    seed_frames.to_parquet(tmp_path / "pq")
    for table in TABLES:
        from_csv = pd.read_csv(tmp_path / "csv" / f"{table}.csv", dtype=str, keep_default_na=False)
        from_pq = pd.read_parquet(tmp_path / "pq" / f"{table}.parquet")
        assert list(from_csv.columns) == list(TABLES[table]) == list(from_pq.columns)
        assert len(from_csv) == len(from_pq) == len(getattr(seed_frames, table))


def test_cli_parquet_format(tmp_path, seed_path):
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "mideast_analysis.cli", "extract", str(seed_path), "--out", str(out),
                        "--format", "parquet"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted([*TABLES, "_manifest"])  # a dataset, one folder a table
    frames = mea.read_dataset(out)
    for table in TABLES:
        assert list(getattr(frames, table).columns) == list(TABLES[table])
        assert len(getattr(frames, table)) == len(pd.read_parquet(out / table / "part-00000.parquet"))


def test_schema_rejects_wrong_tables():
    with pytest.raises(mea.SchemaError):
        validate("actors", pd.DataFrame({"name": ["x"]}))
    bad = mea.ArticleFrames.empty().actors.copy()
    bad.loc[0] = ["a", "b", "c", "spaceship", None, None, None, 1, None, None]
    with pytest.raises(mea.SchemaError, match="spaceship"):
        validate("actors", bad.astype(dict(TABLES["actors"])))


def test_concat_stacks_articles_and_keeps_the_schema(seed_frames):
    other = mea.analyze("Rally\n\nProtesters rallied in Tahrir Square in Baghdad on Friday.", published="2021-03-05")
    both = mea.ArticleFrames.concat([seed_frames, other])
    assert len(both.articles) == 2
    assert len(both.events) == len(seed_frames.events) + len(other.events)
    for name, df in both.tables().items():
        validate(name, df)
    assert len(mea.ArticleFrames.concat([]).events) == 0


def test_named_events_put_names_beside_the_ids(seed_frames):
    ev = seed_frames.named_events()
    assert len(ev) == len(seed_frames.events)
    assert list(ev.columns) == [*seed_frames.events.columns, "source", "target", "place"]
    actors = seed_frames.actors.set_index("actor_id").name
    places = seed_frames.locations.set_index("location_id").name
    for row in ev.itertuples():
        assert (row.source == actors[row.source_actor_id]) if isinstance(row.source_actor_id, str) else row.source is pd.NA
        assert (row.place == places[row.location_id]) if isinstance(row.location_id, str) else row.place is pd.NA
    assert "Green Zone" in set(ev[ev.type == "ASSAULT"].place)


def _corrupt(frames, table, column, row, value):
    from dataclasses import replace

    df = getattr(frames, table).copy()
    df.loc[df.index[row], column] = value
    return replace(frames, **{table: df})


@pytest.mark.parametrize("table, column, value, rule", [
    ("mentions", "start", 3, "text[start:end] is not the mention's text"),
    ("mentions", "ref_id", "act-missing", "refers to no"),
    ("actors", "actor_id", None, "id missing or repeated"),
    ("actors", "country", "Iraq", "not ISO 3166 alpha-3"),
    ("locations", "lat", 123.0, "latitude out of range"),
    ("locations", "confidence", 1.5, "not in [0, 1]"),
    ("locations", "precision_km", -1.0, "negative"),
    ("locations", "parent_id", "loc-nowhere", "parent is no other location"),
    ("events", "date", "2020-02-30", "not a date at its precision"),
    ("events", "killed", -2, "negative count"),
    ("events", "target_actor_id", "act-nobody", "no such actor"),
    ("events", "start", 0, "text[start:end] is not the trigger"),
    ("events", "spans", "12-3", "a span outside the text"),
    ("articles", "source", "\\(Reuters\\) [-—–]", "not a publisher name"),
    ("articles", "published", "last Tuesday", "not ISO 8601"),
])
def test_check_frames_finds_each_broken_invariant(seed_frames, seed_text, table, column, value, rule):
    aid = seed_frames.articles.article_id[0]
    texts = {aid: seed_text}
    assert mea.contract_violations(seed_frames, texts) == []
    broken = _corrupt(seed_frames, table, column, 0, value)
    found = mea.contract_violations(broken, texts)
    assert any(rule in line and column in line for line in found), found
    with pytest.raises(mea.SchemaError, match="contract violation"):
        mea.check_frames(broken, texts)


def test_check_frames_finds_duplicate_ids_and_orphan_rows(seed_frames):
    from dataclasses import replace

    doubled = replace(seed_frames, actors=pd.concat([seed_frames.actors, seed_frames.actors.iloc[:1]],
                                                    ignore_index=True))
    assert any("repeated within its article" in v for v in mea.contract_violations(doubled))
    orphan = _corrupt(seed_frames, "events", "article_id", 0, "another-article")
    assert any("no such article" in v for v in mea.contract_violations(orphan))

"""The invariants every output of the package satisfies, checked in one place.

`violations(frames, texts)` lists what breaks the data contract beyond columns and dtypes (which
`schema.validate` checks): offsets that do not slice the input, ids that repeat or refer to
nothing, dates invalid at their precision, coordinates, precisions, confidences and counts out of
range, and `articles.source` that is not a publisher name. The tests and the fuzz benchmark run it
on every output; users who build or edit tables can run `check` before they share them.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Iterator, Mapping

import pandas as pd

from .article import MAX_SOURCE
from .errors import SchemaError
from .frames import ArticleFrames
from .schema import is_date, validate

ID_COLUMNS = {"mentions": "mention_id", "actors": "actor_id", "locations": "location_id", "events": "event_id"}
ALPHA2, ALPHA3 = re.compile(r"[A-Z]{2}"), re.compile(r"[A-Z]{3}")
ACTOR_CODE = re.compile(r"[A-Z]{3,9}")
SPAN = re.compile(r"(\d+)-(\d+)")
REGEX_SYNTAX = re.compile(r"\\[()\[\]{}.*+?^$|-]|\(\?|\[\^")  # escaped punctuation, groups, classes
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check(frames: ArticleFrames, texts: Mapping[str, str] | None = None) -> None:
    """Raise SchemaError listing every violation of the contract (see `violations`)."""
    found = violations(frames, texts)
    if found:
        more = f"\n... and {len(found) - 20} more" if len(found) > 20 else ""
        raise SchemaError(f"{len(found)} contract violation(s):\n" + "\n".join(found[:20]) + more)


def violations(frames: ArticleFrames, texts: Mapping[str, str] | None = None) -> list[str]:
    """Every violation of the data contract in the tables, as readable lines ([] when all hold).
    `texts` maps article_id -> the text the offsets index (the input as read; for HTML, the
    extracted text): with it, every mention and event span is checked against the characters."""
    out: list[str] = []
    for name, df in frames.tables().items():
        try:
            validate(name, df)
        except SchemaError as exc:
            out.append(str(exc))
    if out:
        return out  # the checks below rely on the columns and types
    out += list(_ids(frames))
    out += list(_articles(frames.articles))
    out += list(_mentions(frames, texts or {}))
    out += list(_actors(frames.actors))
    out += list(_locations(frames.locations))
    out += list(_events(frames, texts or {}))
    return out


def _bad(df: pd.DataFrame, mask: pd.Series, table: str, what: str, column: str) -> Iterator[str]:
    """One line per offending row: table, article, id or row number, the value and the rule."""
    mask = mask.fillna(False).astype(bool)
    id_col = ID_COLUMNS.get(table, "article_id")
    for _, row in df[mask].iterrows():
        yield f"{table}[{row['article_id']}/{row[id_col]}] {column}={row[column]!r}: {what}"


def _ids(frames: ArticleFrames) -> Iterator[str]:
    arts = frames.articles
    yield from _bad(arts, arts["article_id"].isna() | arts["article_id"].duplicated(keep=False), "articles",
                    "article_id missing or repeated", "article_id")
    known = set(arts["article_id"].dropna())
    for table, id_col in ID_COLUMNS.items():
        df = getattr(frames, table)
        yield from _bad(df, df[id_col].isna() | df.duplicated(["article_id", id_col], keep=False), table,
                        "id missing or repeated within its article", id_col)
        yield from _bad(df, ~df["article_id"].isin(known), table, "no such article in articles", "article_id")


def _refers(df: pd.DataFrame, column: str, target: pd.DataFrame, key: str) -> pd.Series:
    """Rows whose non-empty `column` names no row of `target` (by `key`) in the same article."""
    pairs = set(zip(target["article_id"], target[key]))
    return pd.Series([pd.notna(v) and (a, v) not in pairs for a, v in zip(df["article_id"], df[column])],
                     index=df.index, dtype=bool)


def _valid_date(value: object, precision: object) -> bool:
    """A date string valid at its precision (unknown: no date)."""
    if pd.isna(precision) or precision == "unknown":
        return pd.isna(value) or value == ""
    return pd.notna(value) and is_date(value, precision)


def _partial_date(value: str) -> bool:
    """'' or a date at any precision (a date mention's ref_id)."""
    return value == "" or is_date(value)


def _iso_datetime(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _sliced(text: str | None, start: object, end: object, expected: object) -> bool:
    """Whether text[start:end] is the expected string (True when the text is not given)."""
    return text is None or text[int(start):int(end)] == expected


def _out_of(series: pd.Series, low: float, high: float) -> pd.Series:
    return series.notna() & ((series < low) | (series > high))


def _fails(series: pd.Series, ok) -> pd.Series:
    """Rows whose non-empty value does not pass `ok` (empty cells pass)."""
    return pd.Series([pd.notna(v) and not ok(v) for v in series], index=series.index, dtype=bool)


def _publisher(value: str, patterns: frozenset[str]) -> bool:
    """A publisher's name: one short line, not one of the signature `patterns` of resources/sources.csv."""
    return (value.strip() != "" and len(value) <= MAX_SOURCE and not CONTROL.search(value)
            and not REGEX_SYNTAX.search(value) and value not in patterns)


def _articles(arts: pd.DataFrame) -> Iterator[str]:
    from .resources import load_csv

    patterns = frozenset(row["pattern"] for row in load_csv("sources.csv"))
    yield from _bad(arts, _fails(arts["source"], lambda v: _publisher(v, patterns)), "articles",
                    "not a publisher name (a pattern, control characters or too long)", "source")
    yield from _bad(arts, _fails(arts["published"], _iso_datetime), "articles", "not ISO 8601", "published")
    yield from _bad(arts, arts["n_words"] < 0, "articles", "negative", "n_words")


def _mentions(frames: ArticleFrames, texts: Mapping[str, str]) -> Iterator[str]:
    m = frames.mentions
    yield from _bad(m, (m["start"] < 0) | (m["end"] <= m["start"]), "mentions", "empty or negative span", "start")
    sliced = [_sliced(texts.get(a), s, e, t) for a, s, e, t in zip(m["article_id"], m["start"], m["end"], m["text"])]
    yield from _bad(m, ~pd.Series(sliced, index=m.index, dtype=bool), "mentions",
                    "text[start:end] is not the mention's text", "text")
    for kind, table, key in (("actor", frames.actors, "actor_id"), ("location", frames.locations, "location_id")):
        of_kind = m[m["kind"] == kind]
        yield from _bad(of_kind, of_kind["ref_id"].isna() | _refers(of_kind, "ref_id", table, key), "mentions",
                        f"refers to no {kind} of its article", "ref_id")
    dates = m[m["kind"] == "date"]
    yield from _bad(dates, _fails(dates["ref_id"], _partial_date), "mentions", "not an ISO date", "ref_id")


def _actors(actors: pd.DataFrame) -> Iterator[str]:
    yield from _bad(actors, actors["name"].isna() | _fails(actors["name"], str.strip), "actors", "no name", "name")
    yield from _bad(actors, _fails(actors["country"], ALPHA3.fullmatch), "actors", "not ISO 3166 alpha-3", "country")
    yield from _bad(actors, _fails(actors["code"], ACTOR_CODE.fullmatch), "actors", "not a CAMEO-style code", "code")
    yield from _bad(actors, actors["n_mentions"] < 0, "actors", "negative", "n_mentions")


def _locations(locs: pd.DataFrame) -> Iterator[str]:
    yield from _bad(locs, _out_of(locs["lat"], -90, 90), "locations", "latitude out of range", "lat")
    yield from _bad(locs, _out_of(locs["lon"], -180, 180), "locations", "longitude out of range", "lon")
    yield from _bad(locs, locs["lat"].isna() != locs["lon"].isna(), "locations", "lat without lon", "lat")
    yield from _bad(locs, locs["precision_km"] < 0, "locations", "negative", "precision_km")
    yield from _bad(locs, _out_of(locs["confidence"], 0, 1), "locations", "not in [0, 1]", "confidence")
    yield from _bad(locs, _fails(locs["country"], ALPHA2.fullmatch), "locations", "not ISO 3166 alpha-2", "country")
    yield from _bad(locs, _refers(locs, "parent_id", locs, "location_id") | (locs["parent_id"] == locs["location_id"]),
                    "locations", "parent is no other location of its article", "parent_id")
    yield from _bad(locs, (locs["n_mentions"] < 0) | (locs["literal_mentions"] < 0)
                    | (locs["literal_mentions"] > locs["n_mentions"]), "locations",
                    "counts negative or more literal mentions than mentions", "literal_mentions")


def _spans_ok(text: str | None, spans: object) -> bool:
    """'start-end|...': each a non-empty span inside the text."""
    if pd.isna(spans):
        return True
    parsed = [SPAN.fullmatch(s) for s in spans.split("|")]
    return all(p and int(p[1]) < int(p[2]) and (text is None or int(p[2]) <= len(text)) for p in parsed)


def _events(frames: ArticleFrames, texts: Mapping[str, str]) -> Iterator[str]:
    ev = frames.events
    yield from _bad(ev, ~pd.Series([_valid_date(d, p) for d, p in zip(ev["date"], ev["date_precision"])],
                                   index=ev.index, dtype=bool), "events", "not a date at its precision", "date")
    for column in ("source_actor_id", "target_actor_id"):
        yield from _bad(ev, _refers(ev, column, frames.actors, "actor_id"), "events", "no such actor", column)
    yield from _bad(ev, _refers(ev, "location_id", frames.locations, "location_id"), "events", "no such location",
                    "location_id")
    yield from _bad(ev, _out_of(ev["lat"], -90, 90) | _out_of(ev["lon"], -180, 180), "events",
                    "coordinates out of range", "lat")
    located = ev.merge(frames.locations[["article_id", "location_id", "lat", "lon"]], how="left",
                       on=["article_id", "location_id"], suffixes=("", "_place"))
    moved = located["location_id"].notna() & ((located["lat"] != located["lat_place"])
                                              | (located["lon"] != located["lon_place"])).fillna(False)
    yield from _bad(ev, pd.Series(moved.to_numpy(), index=ev.index), "events", "not the coordinates of its location",
                    "lat")
    for column in ("quantity", "killed", "injured"):
        yield from _bad(ev, ev[column] < 0, "events", "negative count", column)
    yield from _bad(ev, _out_of(ev["confidence"], 0, 1), "events", "not in [0, 1]", "confidence")
    rows = list(zip(ev["article_id"], ev["start"], ev["end"], ev["trigger"], ev["spans"]))
    sliced = [_sliced(texts.get(a), s, e, t) for a, s, e, t, _ in rows]
    yield from _bad(ev, ~pd.Series(sliced, index=ev.index, dtype=bool), "events",
                    "text[start:end] is not the trigger", "trigger")
    spans = [_spans_ok(texts.get(a), sp) for a, _, _, _, sp in rows]
    yield from _bad(ev, ~pd.Series(spans, index=ev.index, dtype=bool), "events", "a span outside the text", "spans")

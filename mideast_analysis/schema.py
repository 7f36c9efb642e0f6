"""The data contract: the five tables' columns, in order, with their types and vocabularies. Declared once."""
from __future__ import annotations

import re
from datetime import date
from typing import Mapping

import pandas as pd

from .errors import SchemaError

# pandas dtypes per column; "string" columns may be empty (<NA>), numeric ones NaN/<NA>.
S, I, F = "string", "Int64", "Float64"

TABLES: Mapping[str, Mapping[str, str]] = {
    "articles": {
        "article_id": S, "path": S, "source": S, "title": S, "published": S, "language": S,
        "n_words": I,
    },
    "mentions": {
        "article_id": S, "mention_id": S, "kind": S, "ref_id": S, "text": S, "label": S,
        "sentence": I, "start": I, "end": I, "segment": S, "context": S,
    },
    "actors": {
        "article_id": S, "actor_id": S, "name": S, "kind": S, "country": S, "role": S, "code": S,
        "n_mentions": I, "aliases": S, "affiliation": S,
    },
    "locations": {
        "article_id": S, "location_id": S, "name": S, "feature": S, "country": S, "lat": F, "lon": F,
        "geonameid": S, "source": S, "precision_km": F, "confidence": F, "parent_id": S,
        "n_mentions": I, "aliases": S, "literal_mentions": I,
    },
    "events": {
        "article_id": S, "event_id": S, "type": S, "acled_event_type": S, "acled_sub_event_type": S,
        "cameo": S, "date": S, "date_precision": S, "date_text": S, "source_actor_id": S,
        "target_actor_id": S, "location_id": S, "lat": F, "lon": F, "quantity": I, "weapon": S,
        "killed": I, "injured": I, "trigger": S, "sentence": S, "start": I, "end": I,
        "confidence": F, "mode": S, "modality": S, "attributed_to": S, "spans": S,
    },
}

# Tables over many articles (link.py): each report's event -> its real-world event, and one row per real event.
LINK_TABLES: Mapping[str, Mapping[str, str]] = {
    "event_links": {"article_id": S, "event_id": S, "cluster_id": S, "score": F},
    "clusters": {
        "cluster_id": S, "type": S, "date": S, "date_precision": S, "location_name": S, "lat": F, "lon": F,
        "precision_km": F, "source_name": S, "target_name": S, "killed": I, "injured": I, "n_articles": I,
        "n_sources": I, "first_reported": S, "last_reported": S, "article_ids": S,
    },
}
SCHEMAS: Mapping[str, Mapping[str, str]] = {**TABLES, **LINK_TABLES}

ACTOR_KINDS = frozenset({"person", "organization", "government", "military", "armed_group", "country", "media",
                         "group", "other"})
PLACE_FEATURES = frozenset({"country", "admin_region", "city", "district", "landmark", "facility",
                            "body_of_water", "other"})
EVENT_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
                         "STATEMENT"})  # PLOVER's 16 event types, and STATEMENT for plain speech acts

# Closed vocabularies of the contract.
VOCAB: Mapping[tuple[str, str], frozenset[str]] = {
    ("mentions", "kind"): frozenset({"actor", "location", "date"}),
    ("actors", "kind"): ACTOR_KINDS,
    ("locations", "feature"): PLACE_FEATURES,
    ("locations", "source"): frozenset({"landmarks", "gazetteer", "nominatim", "cache", "context"}),
    ("events", "type"): EVENT_TYPES,
    ("events", "date_precision"): frozenset({"day", "month", "year", "unknown"}),
    ("clusters", "type"): EVENT_TYPES,
    ("clusters", "date_precision"): frozenset({"day", "month", "year", "unknown"}),
    ("events", "modality"): frozenset({"asserted", "reported", "hypothetical", "future", "negated"}),
}


DATE_FORMS = {"day": re.compile(r"\d{4}-\d{2}-\d{2}"), "month": re.compile(r"\d{4}-\d{2}"),
              "year": re.compile(r"\d{4}")}  # the contract's dates at each precision


def is_date(value: str, precision: str | None = None) -> bool:
    """Whether `value` is a real calendar date written YYYY-MM-DD, YYYY-MM or YYYY (at `precision`, if given)."""
    forms = [DATE_FORMS[precision]] if precision in DATE_FORMS else [] if precision else DATE_FORMS.values()
    if not any(form.fullmatch(value) for form in forms):
        return False
    try:
        date.fromisoformat((value + "-01-01")[:10])  # '2020-02' -> 2020-02-01; '2020-02-30' fails
    except ValueError:
        return False
    return True


def empty(table: str) -> pd.DataFrame:
    """An empty table with every contract column, typed."""
    return table_from_records(table, [])


def table_from_records(table: str, records: list[dict]) -> pd.DataFrame:
    """Build a typed table from row dicts; unknown keys are an error, missing ones are empty."""
    columns = SCHEMAS[table]
    for rec in records:
        extra = set(rec) - set(columns)
        if extra:
            raise SchemaError(f"{table}: unexpected columns {sorted(extra)}")
    df = pd.DataFrame.from_records(records, columns=list(columns))
    return df.astype(dict(columns))


def validate(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Check columns, order, dtypes and vocabularies; return the frame unchanged or raise SchemaError."""
    columns = SCHEMAS[table]
    if list(df.columns[: len(columns)]) != list(columns):
        raise SchemaError(f"{table}: columns {list(df.columns)} do not start with {list(columns)}")
    for col, dtype in columns.items():
        if str(df[col].dtype) != dtype:
            raise SchemaError(f"{table}.{col}: dtype {df[col].dtype}, expected {dtype}")
    for (tab, col), allowed in VOCAB.items():
        if tab == table:
            bad = set(df[col].dropna()) - allowed
            if bad:
                raise SchemaError(f"{table}.{col}: values {sorted(bad)} not in {sorted(allowed)}")
    return df

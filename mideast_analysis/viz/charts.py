"""Altair charts of an analysis. Returns alt.Chart; never displays or saves."""
from __future__ import annotations

from html import escape

import altair as alt
import pandas as pd

from ..frames import ArticleFrames


def _events_with_names(frames: ArticleFrames) -> pd.DataFrame:
    names = frames.actors.set_index("actor_id")["name"]
    ev = frames.events.copy()
    ev["source"] = ev.source_actor_id.map(names)
    ev["target"] = ev.target_actor_id.map(names)
    for col in ("sentence", "trigger", "source", "target"):
        ev[col] = ev[col].map(lambda v: escape(str(v)) if pd.notna(v) else "")
    return ev


def timeline(frames: ArticleFrames) -> alt.LayerChart:
    """Events on the calendar: a day is a point, a month or a year is a span."""
    ev = _events_with_names(frames)
    ev = ev[ev.date.notna()].copy()
    ev["begin"] = pd.to_datetime(ev.date.astype(str), format="mixed", errors="coerce")
    ends = {"month": pd.offsets.MonthEnd(0), "year": pd.offsets.YearEnd(0)}
    ev["finish"] = [b + ends.get(p, pd.Timedelta(0)) for b, p in zip(ev.begin, ev.date_precision)]
    data = ev[["type", "begin", "finish", "date", "date_precision", "trigger", "sentence", "source", "target"]]
    base = alt.Chart(data).encode(
        y=alt.Y("type:N", title=None),
        color=alt.Color("type:N", legend=None),
        tooltip=["type", "date", "date_precision", "trigger", "source", "target", "sentence"])
    spans = base.transform_filter(alt.datum.date_precision != "day").mark_bar(height=8, opacity=0.5).encode(
        x=alt.X("begin:T", title="date"), x2="finish:T")
    points = base.transform_filter(alt.datum.date_precision == "day").mark_point(filled=True, size=90).encode(
        x="begin:T")
    return (spans + points).properties(title="Events over time", width=600)


def events_by_type(frames: ArticleFrames) -> alt.Chart:
    """How many events of each PLOVER type."""
    counts = frames.events.groupby("type").size().rename("events").reset_index()
    return alt.Chart(counts).mark_bar().encode(
        x=alt.X("events:Q", title="events"), y=alt.Y("type:N", sort="-x", title=None),
        tooltip=["type", "events"]).properties(title="Events by type", width=400)

"""Altair charts of an analysis (one article or a corpus). Returns Altair charts; never displays or saves.

Every chart embeds its rows inline (``alt.Data(values=...)``), whatever data transformer is active, so a
spec exports to PNG/SVG offline (vl-convert). Every string that reaches the spec comes from article text
and has its markup characters (<, >, &) escaped first, because tooltips may be rendered as HTML; quotes
stay as written ("Kurdistan Workers' Party", not "Workers&#x27; Party" on an axis), as they are harmless in
text.
"""
from __future__ import annotations

import math
from html import escape
from typing import Iterable

import altair as alt
import numpy as np
import pandas as pd

from ..frames import ArticleFrames
from .maps import TYPE_COLORS

_PERIOD_END = {"day": pd.DateOffset(days=1), "month": pd.DateOffset(months=1), "year": pd.DateOffset(years=1)}
_PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day"}  # "2020", "2020-01", "2020-01-31"


# -- shared preparation ---------------------------------------------------------------------------------------

def _cell(value: object) -> object:
    """One JSON-safe, escaped value: strings escaped, missing -> None, numpy scalars -> Python."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        return escape(value, quote=False)
    if isinstance(value, np.generic):
        return _cell(value.item())
    return value


def _inline(df: pd.DataFrame) -> alt.Data:
    """Rows as inline, escaped values (independent of alt.data_transformers and its row limit)."""
    return alt.Data(values=[{k: _cell(v) for k, v in row.items()} for row in df.to_dict("records")])


def _labels(values: Iterable[object]) -> list[str]:
    """The escaped form of labels as they appear in the data (for explicit sort orders)."""
    return [escape(str(v), quote=False) for v in values]


def _article_labels(frames: ArticleFrames) -> pd.Series:
    """article_id -> a unique panel label: the title, or the id when the title is missing or repeated."""
    ids = pd.unique(pd.concat([frames.articles.article_id, frames.events.article_id]).dropna())
    titles = frames.articles.drop_duplicates("article_id").set_index("article_id")["title"]
    label = pd.Series(ids, index=ids, dtype="string").map(titles).fillna(pd.Series(ids, index=ids))
    repeated = label.duplicated(keep=False)
    label[repeated] = label[repeated] + " [" + pd.Series(label.index, index=label.index, dtype="string") + "]"
    return label


def _titled(title: str, show_note: bool, note: str) -> alt.TitleParams:
    """A chart title with `note` as subtitle when it applies (e.g. nothing to draw)."""
    return alt.TitleParams(title, subtitle=note if show_note else "")


def _type_color(types: Iterable[object]) -> alt.Color:
    """Colour by event type, the map's colours, so a type keeps its colour across charts and maps."""
    extra = sorted(set(_labels(t for t in types if pd.notna(t))) - set(TYPE_COLORS))
    return alt.Color("type:N", legend=None, scale=alt.Scale(domain=[*TYPE_COLORS, *extra],
                                                            range=[*TYPE_COLORS.values(), *["#999999"] * len(extra)]))


def _no_axis(field: str) -> dict:
    """Encoding options for an axis-free, fixed-domain layout coordinate."""
    return {"shorthand": f"{field}:Q", "axis": None, "scale": alt.Scale(domain=[-1.6, 1.6])}


# -- charts -----------------------------------------------------------------------------------------------------

def _precision(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """The contract's date_precision; when it is missing/unknown, inferred from the date's shape."""
    inferred = dates.str.len().map(_PRECISION_BY_LENGTH)
    return precision.where(precision.isin(list(_PERIOD_END)), inferred)


def timeline(frames: ArticleFrames) -> alt.LayerChart:
    """Events on the calendar by type, drawn as precisely as they are dated.

    A day-precision event is a point; a month or year is a bar from the start to the end of that period, so a
    vague date is not mistaken for a precise one. Events without a (parsable) date are left out; the subtitle
    says how many. Times are UTC epoch milliseconds, so no viewer time zone shifts the days.
    """
    ev = frames.named_events()
    ev = ev.assign(precision=_precision(ev.date, ev.date_precision))
    begin = pd.to_datetime(ev.date, format="mixed", errors="coerce")
    ev = ev.assign(begin=begin)[begin.notna() & ev.precision.notna()]
    finish = [b + _PERIOD_END[p] for b, p in zip(ev.begin, ev.precision)]
    ev = ev.assign(start_ms=ev.begin.astype("datetime64[ms]").astype("int64"),
                   end_ms=pd.Series(finish, index=ev.index, dtype="datetime64[ms]").astype("int64"))
    left_out = len(frames.events) - len(ev)
    tooltip = [alt.Tooltip("type:N"), alt.Tooltip("date:N"), alt.Tooltip("precision:N"),
               alt.Tooltip("trigger:N"), alt.Tooltip("source:N", title="source actor"),
               alt.Tooltip("target:N", title="target actor"), alt.Tooltip("sentence:N"),
               alt.Tooltip("modality:N")]
    cols = ["type", "date", "precision", "trigger", "source", "target", "sentence", "modality", "start_ms", "end_ms"]
    x = alt.X("start_ms:T", title="date", scale=alt.Scale(type="utc"))
    y = alt.Y("type:N", title=None)
    color = _type_color(ev.type)
    is_day = ev.precision == "day"
    spans = alt.Chart(_inline(ev.loc[~is_day, cols])).mark_bar(height=10, opacity=0.55, cornerRadius=2).encode(
        x=x, x2="end_ms:T", y=y, color=color, tooltip=tooltip)
    points = alt.Chart(_inline(ev.loc[is_day, cols])).mark_point(filled=True, size=90, opacity=0.85).encode(
        x=x, y=y, color=color, tooltip=tooltip)
    note = f"{left_out} event(s) without a date not shown" if left_out else "no dated events"
    return alt.layer(spans, points).properties(title=_titled("Events over time", bool(left_out) or ev.empty, note),
                                               width=600)


def _type_counts(events: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Number of events per `by` + type, as column `events`."""
    return events.groupby(by + ["type"], dropna=False).size().rename("events").reset_index()


def events_by_type(frames: ArticleFrames) -> alt.Chart:
    """How many events of each PLOVER type, most frequent first (ties by name) — what the text is about."""
    counts = _type_counts(frames.events, []).sort_values(["events", "type"], ascending=[False, True])
    return alt.Chart(_inline(counts)).mark_bar().encode(
        x=alt.X("events:Q", title="events"),
        y=alt.Y("type:N", sort=_labels(counts.type), title=None),
        color=_type_color(counts.type),
        tooltip=[alt.Tooltip("type:N"), alt.Tooltip("events:Q")],
    ).properties(title=_titled("Events by type", counts.empty, "no events"), width=400)


def _circle_layout(names: list[str]) -> np.ndarray:
    """Deterministic circular layout: node i of n at angle 90° − 360°·i/n (clockwise from the top)."""
    if len(names) == 1:
        return np.zeros((1, 2))
    angle = np.pi / 2 - 2 * np.pi * np.arange(len(names)) / max(len(names), 1)
    return np.column_stack([np.cos(angle), np.sin(angle)])


def _network_tables(frames: ArticleFrames) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nodes, edges): actors (by name) that are source or target of an event; directed source→target pairs."""
    ev = frames.named_events()
    roles = pd.concat([ev[["event_id", "article_id", r]].rename(columns={r: "name"}).assign(role=r)
                       for r in ("source", "target")]).dropna(subset=["name"])
    nodes = (roles.drop_duplicates(["article_id", "event_id", "name"]).groupby("name").size().rename("events")
             .to_frame().join(pd.crosstab(roles.name, roles.role).reindex(columns=["source", "target"], fill_value=0)
                              .add_prefix("as_"))
             .reset_index().sort_values("name"))
    info = frames.actors.drop_duplicates("name").set_index("name")[["kind", "country"]]
    nodes = nodes.join(info, on="name").reset_index(drop=True)
    xy = _circle_layout(list(nodes.name))
    nodes = nodes.assign(x=xy[:, 0], y=xy[:, 1],
                         align=np.select([xy[:, 0] > 0.1, xy[:, 0] < -0.1], ["left", "right"], "center"),
                         lx=xy[:, 0] * 1.1, ly=xy[:, 1] * 1.1 - np.where(np.abs(xy[:, 0]) <= 0.1, 0.05, 0))

    pairs = ev.dropna(subset=["source", "target"])
    edges = pairs.groupby(["source", "target"]).agg(
        events=("event_id", "size"),
        types=("type", lambda s: ", ".join(f"{t} ({n})" for t, n in sorted(s.value_counts().items())))).reset_index()
    pos = nodes.set_index("name")[["x", "y"]]
    edges = edges.join(pos, on="source").join(pos.add_suffix("2"), on="target")
    dx, dy = edges.x2 - edges.x, edges.y2 - edges.y
    # arrowhead 80% along the edge, rotated clockwise from "up" (x and y share one scale, so angles hold)
    edges = edges.assign(ax=edges.x + 0.8 * dx, ay=edges.y + 0.8 * dy,
                         angle=np.degrees(np.arctan2(dx.astype(float), dy.astype(float))) % 360)
    return nodes, edges


def actor_network(frames: ArticleFrames) -> alt.LayerChart:
    """Who did what to whom: actors on a circle (sorted by name), arrows from source to target.

    Nodes are the actors that are the source or target of at least one event (merged by name across a
    corpus), sized by their number of events; an edge per directed pair, its width the number of events and
    its tooltip the event types. Altair has no graph layout, so the circular layout is computed here —
    deterministic, no extra dependency. With no actor–target pair the chart still builds and says so.
    """
    nodes, edges = _network_tables(frames)
    x, y = alt.X(**_no_axis("x")), alt.Y(**_no_axis("y"))
    edge_tip = [alt.Tooltip("source:N"), alt.Tooltip("target:N"), alt.Tooltip("events:Q"),
                alt.Tooltip("types:N", title="event types")]
    edge_data = _inline(edges[["source", "target", "events", "types", "x", "y", "x2", "y2", "ax", "ay", "angle"]])
    lines = alt.Chart(edge_data).mark_rule(color="#888", opacity=0.7).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q",
        strokeWidth=alt.StrokeWidth("events:Q", scale=alt.Scale(range=[1.5, 6]), legend=None), tooltip=edge_tip)
    heads = alt.Chart(edge_data).transform_filter("datum.source != datum.target").mark_point(
        shape="triangle-up", filled=True, color="#555", size=70).encode(
        x=alt.X(**_no_axis("ax")), y=alt.Y(**_no_axis("ay")), angle=alt.Angle("angle:Q", scale=None),
        tooltip=edge_tip)
    node_data = _inline(nodes)
    dots = alt.Chart(node_data).mark_circle(opacity=0.9, stroke="white").encode(
        x=x, y=y, size=alt.Size("events:Q", scale=alt.Scale(range=[80, 600]), title="events",
                                legend=alt.Legend(values=sorted(set(nodes.events.tolist())))),
        color=alt.Color("kind:N", title="actor kind"),
        tooltip=[alt.Tooltip("name:N"), alt.Tooltip("kind:N"), alt.Tooltip("country:N"),
                 alt.Tooltip("events:Q"), alt.Tooltip("as_source:Q", title="as source"),
                 alt.Tooltip("as_target:Q", title="as target")])
    labels = [alt.Chart(node_data).transform_filter(alt.datum.align == a).mark_text(
        align=a, baseline="middle", fontSize=11, limit=150).encode(
        x=alt.X(**_no_axis("lx")), y=alt.Y(**_no_axis("ly")), text="name:N")
        for a in ("left", "center", "right")]
    title = _titled("Who did what to whom", edges.empty, "no actor-target pairs")
    return alt.layer(lines, heads, dots, *labels).properties(
        title=title, width=460, height=460, view=alt.ViewBackground(stroke=None))


def mentions_per_actor(frames: ArticleFrames, top: int = 20) -> alt.Chart:
    """The `top` most mentioned actors (by name, summed over a corpus) as horizontal bars — who the text is about."""
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    act = frames.actors.assign(n_mentions=frames.actors.n_mentions.fillna(0))
    per = act.groupby("name").agg(
        n_mentions=("n_mentions", "sum"), kind=("kind", "first"), country=("country", "first"),
        code=("code", "first"), articles=("article_id", "nunique")).reset_index()
    per = per.sort_values(["n_mentions", "name"], ascending=[False, True]).head(top)
    return alt.Chart(_inline(per)).mark_bar().encode(
        x=alt.X("n_mentions:Q", title="mentions"),
        y=alt.Y("name:N", sort=_labels(per.name), title=None),
        color=alt.Color("kind:N", title="actor kind"),
        tooltip=[alt.Tooltip("name:N"), alt.Tooltip("kind:N"), alt.Tooltip("country:N"), alt.Tooltip("code:N"),
                 alt.Tooltip("n_mentions:Q", title="mentions"), alt.Tooltip("articles:Q")],
    ).properties(title=_titled(f"Mentions per actor (top {top})", per.empty, "no actors"), width=400)


def small_multiples(frames: ArticleFrames, columns: int = 3) -> alt.FacetChart:
    """One small panel per article with its events by type, on shared axes, to compare articles at a glance.

    Types missing from an article count 0, so every article with a panel shows the same type rows. Articles
    are labelled by title (by id when the title is missing or repeated) and kept in the articles table order.
    """
    label = _article_labels(frames)
    counts = _type_counts(frames.events, ["article_id"])
    grid = pd.MultiIndex.from_product([label.index, sorted(counts.type.dropna().unique())],
                                      names=["article_id", "type"])
    counts = (counts.set_index(["article_id", "type"]).reindex(grid, fill_value=0).reset_index()
              .assign(article=lambda d: d.article_id.map(label)))
    types = counts.groupby("type").events.sum().sort_values(ascending=False, kind="stable")
    panel = alt.Chart(_inline(counts)).mark_bar().encode(
        x=alt.X("events:Q", title="events"),
        y=alt.Y("type:N", sort=_labels(types.index), title=None),
        color=_type_color(types.index),
        tooltip=[alt.Tooltip("article:N"), alt.Tooltip("type:N"), alt.Tooltip("events:Q")],
    ).properties(width=180, height=alt.Step(14))
    return panel.facet(
        facet=alt.Facet("article:N", sort=_labels(label), title=None, header=alt.Header(labelLimit=200)),
        columns=columns,
    ).properties(title=_titled("Events by type per article", counts.empty, "no events"))

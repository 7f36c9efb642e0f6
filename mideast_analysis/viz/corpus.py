"""The corpus view: real events (clusters of linked reports) on one map and over time, and who acts on whom.
Returns folium.Map and Altair charts; never displays or saves."""
from __future__ import annotations

from html import escape

import altair as alt
import folium
import pandas as pd
from folium.plugins import MarkerCluster

from ..link import Links
from .charts import _inline, _titled, _type_color
from .maps import TYPE_COLORS, _text, base_map, fit_points


def _cluster_popup(row: pd.Series) -> str:
    who = " → ".join(_text(n) for n in (row.source_name, row.target_name) if pd.notna(n))
    counts = ", ".join(f"{c} {int(row[c])}" for c in ("killed", "injured") if pd.notna(row[c]))
    return (f"<b>{_text(row.type)}</b> {_text(row.date)} · {_text(row.location_name)}<br>{who}"
            f"{'<br>' + _text(counts) if counts else ''}<br>{int(row.n_articles)} article(s), "
            f"{int(row.n_sources)} outlet(s): {_text(row.article_ids.replace('|', ', '))}")


def cluster_map(links: Links) -> folium.Map:
    """Every located real event as a circle coloured by type and sized by the number of articles that
    report it, grouped by Leaflet.markercluster when they crowd; offline like event_map."""
    located = links.clusters.dropna(subset=["lat", "lon"])
    m = base_map()
    m.options["max_zoom"] = 18  # markercluster needs the map's maxZoom, which no tile layer gives offline
    group = MarkerCluster(name="Real events", maxClusterRadius=40).add_to(m)
    for _, row in located.iterrows():
        folium.CircleMarker([row.lat, row.lon], radius=5.0 + 3.0 * min(int(row.n_articles), 6),
                            color=TYPE_COLORS.get(str(row.type), "#000000"), fill=True, fill_opacity=0.6,
                            popup=folium.Popup(_cluster_popup(row), max_width=380),
                            tooltip=_text(f"{row.type}: {row.location_name} ({row.n_articles} reports)"),
                            ).add_to(group)
    fit_points(m, located)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


def clusters_over_time(links: Links) -> alt.Chart:
    """Real events per week and type (the week of each cluster's date; clusters dated to a day only)."""
    c = links.clusters[links.clusters["date_precision"] == "day"]
    week = pd.to_datetime(c["date"], format="%Y-%m-%d").dt.to_period("W-SUN").dt.start_time.dt.strftime("%Y-%m-%d")
    counts = c.assign(week=week).groupby(["week", "type"]).size().rename("events").reset_index()
    return alt.Chart(_inline(counts), title=_titled("Real events per week", counts.empty, "no event dated to a day")
                     ).mark_bar().encode(
        x=alt.X("week:T", title="week"), y=alt.Y("events:Q", title="real events"),
        color=_type_color(counts["type"]).legend(title="type"),
        tooltip=["week:T", "type:N", "events:Q"]).properties(width=560, height=220)


def top_actors(links: Links, top: int = 15) -> alt.Chart:
    """The actors in the most real events, as source and as target."""
    c = links.clusters
    roles = pd.concat([c[["source_name"]].rename(columns={"source_name": "actor"}).assign(role="source"),
                       c[["target_name"]].rename(columns={"target_name": "actor"}).assign(role="target")])
    counts = roles.dropna().groupby(["actor", "role"]).size().rename("events").reset_index()
    order = counts.groupby("actor")["events"].sum().sort_values(ascending=False).head(top).index
    counts = counts[counts["actor"].isin(order)]
    return alt.Chart(_inline(counts), title=_titled("Top actors", counts.empty, "no actor named")).mark_bar().encode(
        y=alt.Y("actor:N", sort=[escape(a, quote=False) for a in order], title=None), x=alt.X("events:Q", title="real events"),
        color=alt.Color("role:N", scale=alt.Scale(domain=["source", "target"], range=["#d62728", "#1f77b4"])),
        tooltip=["actor:N", "role:N", "events:Q"]).properties(width=420)


def top_pairs(links: Links, top: int = 15) -> alt.Chart:
    """Who acts on whom most often: source → target pairs of real events."""
    c = links.clusters.dropna(subset=["source_name", "target_name"])
    pairs = (c["source_name"] + " → " + c["target_name"]).value_counts().head(top)
    counts = pd.DataFrame({"pair": pairs.index, "events": pairs.to_numpy()})
    return alt.Chart(_inline(counts), title=_titled("Top pairs", counts.empty, "no event names both sides")
                     ).mark_bar(color="#6a3d9a").encode(
        y=alt.Y("pair:N", sort="-x", title=None), x=alt.X("events:Q", title="real events"),
        tooltip=["pair:N", "events:Q"]).properties(width=420)

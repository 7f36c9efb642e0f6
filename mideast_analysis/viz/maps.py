"""Folium maps of an analysis: places and events. Returns folium.Map; never displays or saves."""
from __future__ import annotations

from html import escape

import folium
import pandas as pd

from ..frames import ArticleFrames

TYPE_COLORS = {"ASSAULT": "red", "COERCE": "darkred", "THREATEN": "orange", "PROTEST": "purple",
               "MOBILIZE": "cadetblue", "SANCTION": "darkpurple", "ACCUSE": "pink", "REQUEST": "lightblue",
               "REJECT": "gray", "CONSULT": "green", "AGREE": "darkgreen", "COOPERATE": "lightgreen",
               "SUPPORT": "blue", "AID": "darkblue", "CONCEDE": "beige", "RETREAT": "lightgray",
               "STATEMENT": "black"}


def _sentences_of(frames: ArticleFrames, location_id: str) -> list[str]:
    m = frames.mentions
    rows = m[(m.kind == "location") & (m.ref_id == location_id)]
    return sorted(set(rows.text))


def event_map(frames: ArticleFrames) -> folium.Map:
    """Places as markers with a precision circle, events as coloured markers in a layer per type."""
    loc = frames.locations.dropna(subset=["lat", "lon"])
    m = folium.Map(location=[33.3, 44.4], zoom_start=5, tiles="OpenStreetMap", control_scale=True)
    places = folium.FeatureGroup(name="Places", show=True).add_to(m)
    for row in loc.itertuples():
        popup = (f"<b>{escape(str(row.name))}</b><br>{escape(str(row.feature))} · {row.lat:.4f}, {row.lon:.4f}"
                 f"<br>source: {escape(str(row.source))}<br>named as: "
                 + escape(", ".join(_sentences_of(frames, row.location_id))))
        folium.Marker([row.lat, row.lon], popup=folium.Popup(popup, max_width=320),
                      tooltip=escape(str(row.name)), icon=folium.Icon(color="blue", icon="info-sign")).add_to(places)
        if pd.notna(row.precision_km) and row.feature != "country":
            folium.Circle([row.lat, row.lon], radius=float(row.precision_km) * 1000, color="#3388ff",
                          weight=1, fill=False).add_to(places)
    ev = frames.events.dropna(subset=["lat", "lon"])
    for type_, group in ev.groupby("type"):
        layer = folium.FeatureGroup(name=f"Events: {type_}").add_to(m)
        for row in group.itertuples():
            size = 6 + 2 * min(10, sum(0 if pd.isna(v) else int(v) for v in (row.killed, row.injured, row.quantity)))
            popup = (f"<b>{escape(type_)}</b> {escape('date unknown' if pd.isna(row.date) else str(row.date))}<br>"
                     f"{escape(str(row.sentence))}")
            folium.CircleMarker([row.lat, row.lon], radius=size, color=TYPE_COLORS.get(type_, "black"),
                                fill=True, fill_opacity=0.6, popup=folium.Popup(popup, max_width=360),
                                tooltip=escape(f"{type_}: {row.trigger}")).add_to(layer)
    if len(loc):
        m.fit_bounds([[loc.lat.min(), loc.lon.min()], [loc.lat.max(), loc.lon.max()]], padding=(20, 20))
    folium.LayerControl(collapsed=False).add_to(m)
    return m

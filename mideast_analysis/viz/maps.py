"""Folium maps of an analysis: places and events. Returns folium.Map; never displays or saves.

Every string that comes from an article is HTML-escaped before it reaches a popup or a tooltip:
folium inserts both as HTML, and reports are shared.
"""
from __future__ import annotations

from html import escape

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from ..frames import ArticleFrames
from .offline import inline_srcdoc, world_borders

TYPE_COLORS = {"ASSAULT": "#d62728", "COERCE": "#8c2d04", "THREATEN": "#ff7f0e", "PROTEST": "#9467bd",
               "MOBILIZE": "#17becf", "SANCTION": "#6a3d9a", "ACCUSE": "#e377c2", "REQUEST": "#9ecae1",
               "REJECT": "#7f7f7f", "CONSULT": "#2ca02c", "AGREE": "#006d2c", "COOPERATE": "#98df8a",
               "SUPPORT": "#1f77b4", "AID": "#08306b", "CONCEDE": "#bcbd22", "RETREAT": "#c7c7c7",
               "STATEMENT": "#252525"}
NO_CIRCLE_FEATURES = {"country"}  # a country's extent says nothing about where in it
PARENT_LINE_FEATURES = {"district", "landmark", "facility"}  # worth a line to their city


def _text(value: object) -> str:
    """Article text, escaped for HTML; unknown values as an empty string."""
    return "" if value is None or pd.isna(value) else escape(str(value))


class OfflineBasemapSwitch(MacroElement):
    """Show the offline borders instead of OpenStreetMap when OSM tiles cannot be had.

    OSM refuses tiles to pages opened from a file (no Referer) with an image, not an error, so there
    the choice is made from the page's protocol (a notebook map's iframe asks its parent page); a page
    served over http(s) with no route to OSM (a notebook on an offline machine) switches at the first
    tile that fails to load."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this.map.get_name() }}, online = {{ this.online.get_name() }},
                offline = {{ this.offline.get_name() }}, protocol = location.protocol;
            function useOffline() {
                if (map.hasLayer(online)) { map.removeLayer(online); map.addLayer(offline); }
            }
            try { if (protocol === "about:") { protocol = window.parent.location.protocol; } } catch (e) {}
            if (!/^https?:$/.test(protocol) || !navigator.onLine) { useOffline(); }
            online.on("tileerror", useOffline);
        })();
        {% endmacro %}
    """)

    def __init__(self, map_: folium.Map, online: folium.TileLayer, offline: folium.GeoJson) -> None:
        super().__init__()
        self._name = "OfflineBasemapSwitch"
        self.map, self.online, self.offline = map_, online, offline


def _base_layers(m: folium.Map) -> None:
    """OpenStreetMap when online; Natural Earth country borders (public domain) in their own pane."""
    online = folium.TileLayer("OpenStreetMap", name="OpenStreetMap", overlay=False, control=True).add_to(m)
    folium.map.CustomPane("basemap", z_index=250, pointer_events=False).add_to(m)
    offline = folium.GeoJson(world_borders(), name="Country borders (offline)", overlay=False, show=False,
                             pane="basemap", interactive=False,
                             style_function=lambda _: {"color": "#777", "weight": 0.8, "fillColor": "#f2efe9",
                                                       "fillOpacity": 1.0}).add_to(m)
    m.get_root().html.add_child(folium.Element(
        f"<style>#{m.get_name()} {{ background: #cfe3f3; }}</style>"))  # sea under the borders
    m.add_child(OfflineBasemapSwitch(m, online, offline))


def _mention_sentences(frames: ArticleFrames) -> dict[str, list[str]]:
    """location_id -> the distinct sentences that mention it, in text order."""
    m = frames.mentions[frames.mentions.kind == "location"].sort_values(["article_id", "start"])
    return {lid: list(dict.fromkeys(group.context.dropna())) for lid, group in m.groupby("ref_id")}


def _place_popup(row: pd.Series, sentences: list[str]) -> str:
    said = "".join(f"<li>{_text(s)}</li>" for s in sentences[:5])
    more = f"<li>… {len(sentences) - 5} more</li>" if len(sentences) > 5 else ""
    return (f"<b>{_text(row['name'])}</b> ({_text(row.feature)})<br>{row.lat:.4f}, {row.lon:.4f}"
            f" ± {_text(row.precision_km)} km<br>source: {_text(row.source)}, confidence {_text(row.confidence)}"
            f"<ul style='padding-left:1em;margin:4px 0'>{said}{more}</ul>")


def _add_places(m: folium.Map, loc: pd.DataFrame, frames: ArticleFrames) -> None:
    places = folium.FeatureGroup(name="Places", show=True).add_to(m)
    precision = folium.FeatureGroup(name="Place precision", show=True).add_to(m)
    sentences = _mention_sentences(frames)
    for _, row in loc.iterrows():
        as_place = pd.isna(row.literal_mentions) or row.literal_mentions > 0  # grey: only an actor ('Washington says')
        folium.Marker([row.lat, row.lon], tooltip=_text(row["name"]),
                      icon=folium.Icon(color="blue" if as_place else "gray", icon="info-sign"),
                      popup=folium.Popup(_place_popup(row, sentences.get(row.location_id, [])), max_width=360),
                      ).add_to(places)
        if pd.notna(row.precision_km) and row.feature not in NO_CIRCLE_FEATURES:
            folium.Circle([row.lat, row.lon], radius=float(row.precision_km) * 1000, color="#3388ff", weight=1,
                          fill=True, fill_opacity=0.05).add_to(precision)


def _event_radius(row: pd.Series) -> float:
    """6 px, growing with casualties (or the number of weapons fired), capped at 20 px."""
    size = sum(0 if pd.isna(row[c]) else int(row[c]) for c in ("killed", "injured"))
    size = size or (0 if pd.isna(row.quantity) else int(row.quantity))
    return 6.0 + min(14.0, 2.0 * size)


def _event_popup(row: pd.Series) -> str:
    who = " → ".join(_text(name) for name in (row.source, row.target) if pd.notna(name))
    counts = ", ".join(f"{c} {int(row[c])}" for c in ("killed", "injured", "quantity") if pd.notna(row[c]))
    when = "date unknown" if pd.isna(row.date) else f"{row.date} ({row.date_precision})"
    return (f"<b>{_text(row.type)}</b> {_text(when)} · {_text(row.modality)}<br>{who}"
            f"{'<br>' + _text(counts) if counts else ''}<br><i>{_text(row.sentence)}</i>")


def _add_events(m: folium.Map, frames: ArticleFrames, loc: pd.DataFrame) -> None:
    ev = frames.named_events().dropna(subset=["lat", "lon"])
    by_id = loc.drop_duplicates("location_id").set_index("location_id")
    for type_, group in ev.groupby("type"):
        layer = folium.FeatureGroup(name=f"Events: {_text(type_)}").add_to(m)
        color = TYPE_COLORS.get(str(type_), "#000000")
        for _, row in group.iterrows():
            folium.CircleMarker([row.lat, row.lon], radius=_event_radius(row), color=color, fill=True,
                                fill_opacity=0.6, popup=folium.Popup(_event_popup(row), max_width=380),
                                tooltip=_text(f"{type_}: {row.trigger}")).add_to(layer)
            place = by_id.loc[row.location_id] if row.location_id in by_id.index else None
            if place is not None and place.feature in PARENT_LINE_FEATURES and place.parent_id in by_id.index:
                parent = by_id.loc[place.parent_id]
                folium.PolyLine([[row.lat, row.lon], [parent.lat, parent.lon]], color=color, weight=1.5,
                                dash_array="4 4", tooltip=_text(f"{place['name']} is in {parent['name']}")).add_to(layer)


def _fit(m: folium.Map, frames: ArticleFrames, loc: pd.DataFrame) -> None:
    """Bounds around the events; else the places named as places; else all places."""
    named_as_places = loc.loc[(loc.literal_mentions != 0).fillna(True), ["lat", "lon"]]
    candidates = (frames.events[["lat", "lon"]].dropna(), named_as_places)
    fit_points(m, next((c for c in candidates if len(c)), loc[["lat", "lon"]]))


def fit_points(m: folium.Map, points: pd.DataFrame) -> None:
    """Bounds around the points (`lat`, `lon` columns), if any, zoomed in no further than 7: the borders still
    give context."""
    if len(points):
        m.fit_bounds([[float(points.lat.min()), float(points.lon.min())],
                      [float(points.lat.max()), float(points.lon.max())]], padding=(30, 30), max_zoom=7)


class OfflineMap(folium.Map):
    """A folium.Map whose notebook display needs no network: Leaflet, jQuery, the icon fonts and the
    marker images are inlined into the map's iframe (as in the HTML report)."""

    def _repr_html_(self, **kwargs) -> str:
        return inline_srcdoc(super()._repr_html_(**kwargs))


def base_map() -> OfflineMap:
    """An empty map of the region with its base layers (OpenStreetMap, and the offline borders)."""
    m = OfflineMap(location=[33.3, 44.4], zoom_start=5, tiles=None, control_scale=True)
    _base_layers(m)
    return m


def event_map(frames: ArticleFrames) -> folium.Map:
    """Places (markers, grey when named only as actors or modifiers; precision circles) and events (a
    layer per type, coloured by type, sized by casualties), over OpenStreetMap or, offline, Natural
    Earth borders; bounds fitted to the events (else to the places). In a notebook it draws with no
    network (OfflineMap)."""
    loc = frames.locations.dropna(subset=["lat", "lon"])
    m = base_map()
    _add_places(m, loc, frames)
    _add_events(m, frames, loc)
    _fit(m, frames, loc)
    folium.LayerControl(collapsed=False).add_to(m)
    return m

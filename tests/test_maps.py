"""The folium map: markers, precision circles, a layer per event type, the offline basemap, escaping."""
from __future__ import annotations

from dataclasses import replace
from html import unescape

import folium

import mideast_analysis as mea

HOSTILE = '<img src=x onerror="alert(1)">'


def _layers(m: folium.Map) -> dict[str, object]:
    return {getattr(c, "layer_name", ""): c for c in m._children.values()}


def test_map_has_places_events_and_layers(seed_frames):
    m = mea.viz.event_map(seed_frames)
    assert isinstance(m, folium.Map)
    layers = _layers(m)
    types = set(seed_frames.events.dropna(subset=["lat"]).type)
    assert {f"Events: {t}" for t in types} <= set(layers)
    markers = [c for c in layers["Places"]._children.values() if isinstance(c, folium.Marker)]
    assert len(markers) == seed_frames.locations.lat.notna().sum()
    circles = [c for c in layers["Place precision"]._children.values() if isinstance(c, folium.Circle)]
    assert len(circles) == (seed_frames.locations.feature != "country").sum()  # a country's extent is no circle
    html = m.get_root().render()
    assert "L.control.layers(" in html and '"pane": "basemap"' in html
    assert "removeLayer" in html and "location.protocol" in html  # offline basemap chosen for file:// pages


def test_map_bounds_cover_the_events(seed_frames):
    m = mea.viz.event_map(seed_frames)
    (south, west), (north, east) = next(c.bounds for c in m._children.values() if isinstance(c, folium.FitBounds))
    ev = seed_frames.events.dropna(subset=["lat"])
    assert south <= ev.lat.min() and north >= ev.lat.max() and west <= ev.lon.min() and east >= ev.lon.max()


def test_article_text_is_escaped_in_popups_and_tooltips(seed_frames):
    loc = seed_frames.locations.copy()
    loc.loc[0, "name"] = HOSTILE
    ev = seed_frames.events.assign(sentence=HOSTILE, trigger=HOSTILE).astype({"sentence": "string", "trigger": "string"})
    mentions = seed_frames.mentions.assign(context=HOSTILE).astype({"context": "string"})
    html = mea.viz.event_map(replace(seed_frames, locations=loc, events=ev, mentions=mentions)).get_root().render()
    assert HOSTILE not in html and "onerror=\\\"alert" not in html
    assert "&lt;img src=x onerror=" in html


def test_empty_frames_give_a_map():
    html = mea.viz.event_map(mea.ArticleFrames.empty()).get_root().render()
    assert "L.map(" in html and "L.marker(" not in html


def test_map_displays_in_a_notebook_with_no_network(seed_frames):
    m = mea.viz.event_map(seed_frames)
    assert isinstance(m, folium.Map) and isinstance(m, mea.viz.OfflineMap)
    shown = m._repr_html_()  # what Jupyter displays: the page in an iframe's srcdoc, assets inlined
    assert shown.startswith("<div") and "srcdoc=" in shown
    assert "cdn.jsdelivr.net" not in shown and "https://code.jquery.com" not in shown
    page = unescape(shown)
    assert "Leaflet 1.9.3" in page and "jQuery v3" in page and "L.map(" in page  # the libraries themselves
    assert "<script src=" not in page
    plain = folium.Map()._repr_html_()
    assert "cdn.jsdelivr.net" in plain  # what folium alone gives: assets from CDNs


def test_basemap_falls_back_to_borders_when_tiles_fail(seed_frames):
    html = mea.viz.event_map(seed_frames).get_root().render()
    assert 'on("tileerror", useOffline)' in html  # a page served over http with no route to OSM

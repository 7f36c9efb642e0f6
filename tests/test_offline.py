"""Offline building blocks: folium pages with every asset inline, the Vega bundle, the offline basemap.

The browser tests open the pages from file:// in Debian's Chromium with every http(s) request aborted.
"""
from __future__ import annotations

import html
import json
import re

import altair as alt
import folium
import pandas as pd
import pytest

from mideast_analysis.errors import MideastAnalysisError, OfflineAssetError
from mideast_analysis.viz.offline import inline_assets, vega_bundle, world_borders

import browser
from browser import check_page

CDN_HOSTS = ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "netdna.bootstrapcdn.com",
             "unpkg.com", "d3js.org")
REMOTE_TAG = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


def _map(tiles: str | None = None) -> folium.Map:
    """Two markers with popups (default icon, glyphicon icon), the borders in their own pane, a layer control."""
    m = folium.Map(location=[32, 42], zoom_start=4, tiles=tiles)
    folium.map.CustomPane("basemap", z_index=250).add_to(m)
    folium.GeoJson(world_borders(), name="Countries", pane="basemap",
                   style_function=lambda _: {"color": "#888", "weight": 1, "fillColor": "#f2efe9",
                                             "fillOpacity": 1}).add_to(m)
    folium.Marker([33.31, 44.36], popup=folium.Popup("Baghdad")).add_to(m)
    folium.Marker([31.77, 35.21], popup=folium.Popup("Jerusalem"),
                  icon=folium.Icon(color="red", icon="info-sign")).add_to(m)
    folium.LayerControl().add_to(m)
    return m


@pytest.fixture(scope="module")
def offline_map_html() -> str:
    return inline_assets(_map().get_root().render())


def _charts() -> list[alt.Chart]:
    df = pd.DataFrame({"type": ["ASSAULT", "PROTEST", "CONSULT"], "n": [3, 1, 2]})
    return [alt.Chart(df).mark_bar().encode(x="type:N", y="n:Q"),
            alt.Chart(df).mark_point().encode(x="n:Q", y="type:N")]


# ---- without a browser ----------------------------------------------------------------------

def test_inlined_map_names_no_cdn(offline_map_html):
    assert not REMOTE_TAG.search(offline_map_html)
    assert not [host for host in CDN_HOSTS if host in offline_map_html]
    assert "L.Icon.Default.mergeOptions" in offline_map_html and "data:image/png;base64," in offline_map_html
    assert 0.8e6 < len(offline_map_html) < 2.5e6


@pytest.mark.parametrize("tag", ['<script src="https://cdn.example.org/lib@1/x.min.js"></script>',
                                 '<link rel="stylesheet" href="//cdn.example.org/lib@1/x.css"/>'])
def test_unknown_cdn_url_is_a_clear_error(tag):
    with pytest.raises(OfflineAssetError, match=r"cdn\.example\.org/lib@1/x\.") as info:
        inline_assets(f"<!DOCTYPE html><html><head>{tag}</head><body></body></html>")
    assert isinstance(info.value, MideastAnalysisError)


def test_local_and_inline_scripts_are_left_alone():
    page = '<html><head><script src="local.js"></script><script>var a = 1;</script></head></html>'
    assert inline_assets(page) == page


def test_vega_bundle_defines_vega_embed_once_cached():
    bundle = vega_bundle()
    assert "window.vegaEmbed=" in bundle and "</script" not in bundle.lower()
    assert vega_bundle() is bundle


def _contains(ring: list[list[float]], lon: float, lat: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _polygons(feature: dict) -> list[list[list[list[float]]]]:
    geometry = feature["geometry"]
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def test_world_borders_are_valid_geojson_of_countries():
    borders = world_borders()
    assert borders["type"] == "FeatureCollection" and len(borders["features"]) >= 150
    assert len(json.dumps(borders, separators=(",", ":"))) < 300_000
    for feature in borders["features"]:
        assert feature["properties"]["name"] and re.fullmatch(r"[A-Z]{3}", feature["properties"]["iso_a3"])
        for polygon in _polygons(feature):
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1]
                assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in ring)
                assert all(round(c, 3) == c for point in ring for c in point)
    holders = {f["properties"]["name"] for f in borders["features"]
               if any(_contains(p[0], 44.36, 33.31) for p in _polygons(f))}
    assert holders == {"Iraq"}  # Baghdad
    assert {"ISR", "PSE", "LBN", "SYR", "IRN", "YEM"} <= {f["id"] for f in borders["features"]}


def test_world_borders_returns_a_fresh_copy():
    world_borders()["features"].clear()
    assert len(world_borders()["features"]) >= 150


def test_missing_chromium_skips_locally_and_fails_under_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="make browser"):
        browser.require_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-chromium is missing"):
        browser.require_chromium()


# ---- in Chromium, offline --------------------------------------------------------------------

@pytest.mark.browser
def test_inlined_map_draws_offline(offline_map_html, tmp_path):
    page = tmp_path / "map.html"
    page.write_text(offline_map_html, encoding="utf-8")
    found = check_page(page, screenshot=tmp_path / "map.png")
    assert found.blocked == ()  # not one http(s) request attempted
    assert found.errors == ()
    assert found.total("markers") == 2 and found.total("marker_icons") == 1  # default icon + awesome marker
    assert found.total("broken_images") == 0  # the default icon's data: URIs load
    assert found.total("basemap_paths") >= 150 and found.total("layer_controls") == 1
    assert "Glyphicons Halflings" in found.frames[0].fonts_loaded  # the awesome marker's glyph
    assert found.screenshot.stat().st_size > 10_000


@pytest.mark.browser
def test_notebook_like_page_map_in_srcdoc_and_charts_with_one_bundle(offline_map_html, tmp_path):
    """A map in an <iframe srcdoc> (as folium shows in notebooks) and two charts sharing one bundle."""
    charts = "".join(
        f'<div id="c{i}"></div><script>vegaEmbed("#c{i}", {json.dumps(c.to_dict())}, {{renderer: "svg"}});</script>'
        for i, c in enumerate(_charts()))
    page = tmp_path / "report.html"
    page.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><script>{vega_bundle()}</script></head><body>'
        f'<iframe srcdoc="{html.escape(offline_map_html)}" width="900" height="500"></iframe>{charts}'
        "</body></html>", encoding="utf-8")
    found = check_page(page)
    assert found.blocked == () and found.errors == ()
    map_frame = next(f for f in found.frames if f.url == "about:srcdoc")
    assert map_frame.markers == 2 and map_frame.basemap_paths >= 150 and map_frame.layer_controls == 1
    assert len(found.vega) == 2
    assert all(c.marks >= 3 and not c.error for c in found.vega)


@pytest.mark.browser
def test_osm_tiles_are_blocked_and_the_map_still_draws(tmp_path):
    page = tmp_path / "osm.html"
    page.write_text(inline_assets(_map(tiles="OpenStreetMap").get_root().render()), encoding="utf-8")
    found = check_page(page)
    assert found.blocked and all("tile.openstreetmap.org" in url for url in found.blocked)
    assert found.page_errors == ()
    assert found.total("markers") == 2 and found.total("basemap_paths") >= 150


@pytest.mark.browser
def test_harness_sees_a_plain_folium_page_fail_offline(tmp_path):
    """Without inline_assets the page asks the CDNs, is refused, and draws nothing."""
    page = tmp_path / "plain.html"
    _map().save(str(page))
    found = check_page(page)
    assert any("leaflet.js" in url for url in found.blocked)
    assert any("L is not defined" in e for e in found.page_errors)
    assert found.total("markers") == 0

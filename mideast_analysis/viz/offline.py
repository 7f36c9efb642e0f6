"""Building blocks for self-contained HTML reports that render with no network.

folium and Altair pages load Leaflet, jQuery, fonts and Vega from CDNs; opened offline they are
blank. Here every such asset comes at run time from an installed package (never from the network
nor from files copied into this repository):

- ``folium-offline`` (MIT): folium 0.20's CDN files as strings (jQuery, Bootstrap, awesome-markers,
  glyphicons, ...), looked up by their exact CDN URL;
- ``XStatic-Leaflet`` (BSD-2-Clause, as Leaflet): the Leaflet 1.9.3 ``dist`` folder, marker images included;
- ``fontawesomefree`` (fonts SIL OFL 1.1, CSS MIT, icons CC BY 4.0): the Font Awesome 6.2 CSS and webfonts;
- ``vl-convert-python``: the Vega/Vega-Lite/vega-embed bundle;
- ``countryinfo``: Natural Earth 1:110m country polygons (public domain) for an offline basemap.
"""
from __future__ import annotations

import base64
import json
import mimetypes
import re
from collections.abc import Callable
from functools import lru_cache
from html import escape, unescape
from importlib import resources
from urllib.parse import urljoin

from ..errors import OfflineAssetError

# CDN folders mirrored file for file by an installed package: URL prefix -> (package, folder in it).
_PACKAGE_DIRS: dict[str, tuple[str, str]] = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/": ("xstatic.pkg.leaflet", "data"),
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/": ("fontawesomefree", "static/fontawesomefree"),
}
_LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
_LEAFLET_IMAGES = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/images/"

# A <script src=...></script> (group "url") or any <link> tag.
_ASSET_TAG = re.compile(r"""<script\b[^>]*?\bsrc\s*=\s*(?P<q>["'])(?P<url>.*?)(?P=q)[^>]*>\s*</script\s*>"""
                        r"|<link\b[^>]*>", re.I | re.S)
_ATTR = re.compile(r"""\b(?P<name>rel|href)\s*=\s*(["'])(?P<value>.*?)\2""", re.I | re.S)
_CSS_URL = re.compile(r"""url\(\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^)"'\s]*))\s*\)""", re.I)
_FONT_FACE = re.compile(r"@font-face\s*\{(?P<body>[^}]*)\}", re.I)
_FAMILY = re.compile(r"""font-family\s*:\s*["']?(?P<family>[^;"'}]+?)["']?\s*(?:;|$)""", re.I)
_FORMAT = re.compile(r"""format\(\s*["']?(?P<format>[\w-]+)""", re.I)
_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
_WEB_FONT_FORMATS = ("woff2", "woff")  # every browser that can run Leaflet reads one of these


def _is_remote(url: str) -> bool:
    return url.lower().startswith(("http://", "https://", "//"))


def _canonical(url: str) -> str:
    """The URL as the asset tables key it: https, no query or fragment."""
    url = re.split(r"[?#]", url.strip(), maxsplit=1)[0]
    if url.startswith("//"):
        return "https:" + url
    return re.sub(r"^http://", "https://", url, flags=re.I)


@lru_cache(maxsize=1)
def _folium_offline_assets() -> dict[str, str]:
    """folium-offline's table of CDN URL -> file content (its module-level ``_res``)."""
    from offlinefolium import elements

    return dict(elements._res)


@lru_cache(maxsize=256)
def _package_file(url: str) -> bytes | None:
    """Bytes of the file that an installed package holds for a mirrored CDN folder, if any."""
    for prefix, (package, folder) in _PACKAGE_DIRS.items():
        if url.startswith(prefix):
            parts = url[len(prefix):].split("/")
            if any(part in ("", ".", "..") for part in parts):  # stay inside the package's folder
                return None
            path = resources.files(package).joinpath(folder, *parts)
            return path.read_bytes() if path.is_file() else None
    return None


def _unknown(url: str) -> OfflineAssetError:
    return OfflineAssetError(
        f"{url}: no installed package provides this web asset for offline pages "
        "(known: folium-offline's folium 0.20 CDN files, XStatic-Leaflet 1.9.3, fontawesomefree 6.2)")


@lru_cache(maxsize=256)
def _text_asset(url: str) -> str:
    """A CDN JS/CSS file's text, from an installed package; OfflineAssetError if none has it."""
    url = _canonical(url)
    data = _package_file(url)
    if data is not None:
        return data.decode("utf-8")
    text = _folium_offline_assets().get(url)
    if text is None:
        raise _unknown(url)
    return text


@lru_cache(maxsize=256)
def _data_uri(url: str) -> str:
    """A font or image referenced by a CDN stylesheet, as a base64 data: URI."""
    url = _canonical(url)
    data = _package_file(url)
    if data is None:
        raise _unknown(url)
    mime = {"woff2": "font/woff2", "woff": "font/woff", "ttf": "font/ttf"}.get(url.rsplit(".", 1)[-1])
    mime = mime or mimetypes.guess_type(url)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _url_value(m: re.Match[str]) -> str:
    """The reference inside a matched url(...), unquoted."""
    return m.group("dq") or m.group("sq") or m.group("bare") or ""


def _split(text: str, sep: str) -> list[str]:
    """Split CSS on ``sep`` outside url(...) tokens (data: URIs contain ';' and ',')."""
    urls: list[str] = []

    def hide(m: re.Match[str]) -> str:
        urls.append(m.group(0))
        return f"\x00{len(urls) - 1}\x00"

    parts = _CSS_URL.sub(hide, text).split(sep)
    return [_PLACEHOLDER.sub(lambda m: urls[int(m.group(1))], p) for p in parts]


def _web_font_sources(sources: list[str]) -> list[str]:
    """Keep the woff2 (else woff) entries of a src list: the others only add weight."""
    for wanted in _WEB_FONT_FORMATS:
        kept = []
        for src in sources:
            fmt, url = _FORMAT.search(src), _CSS_URL.search(src)
            ref = _url_value(url) if url else ""
            kind = fmt.group("format") if fmt else (  # no format(): the data: MIME type or the file extension
                ref.split(";", 1)[0] if ref.startswith("data:") else _canonical(ref).rsplit(".", 1)[-1])
            if kind.lower().endswith(wanted):
                kept.append(src.strip())
        if kept:
            return kept
    return [s.strip() for s in sources if s.strip()]


def _prune_font_face(body: str, used: Callable[[str], bool]) -> str | None:
    """An @font-face body reduced to web-font sources, or None when its family is never used."""
    family = _FAMILY.search(body)
    if family and not used(family.group("family").strip()):
        return None
    declarations, sources = [], []
    for decl in _split(body, ";"):
        name, _, value = decl.partition(":")
        if name.strip().lower() == "src":
            sources += _split(value, ",")
        elif decl.strip():
            declarations.append(decl.strip())
    if sources:
        declarations.append("src:" + ",".join(_web_font_sources(sources)))
    return ";".join(declarations)


def _inline_css(css: str, base_url: str, used: Callable[[str], bool]) -> str:
    """A CDN stylesheet with unused/legacy font faces dropped and every url(...) made a data: URI."""
    def font_face(m: re.Match[str]) -> str:
        body = _prune_font_face(m.group("body"), used)
        return "" if body is None else "@font-face{" + body + "}"

    def url(m: re.Match[str]) -> str:
        ref = _url_value(m)
        if not ref or ref.startswith(("data:", "#", "%23")):
            return m.group(0)
        return f'url("{_data_uri(urljoin(base_url, ref))}")'

    css = _CSS_URL.sub(url, _FONT_FACE.sub(font_face, css))
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.I)


def safe_script(js: str) -> str:
    """JS that cannot end its <script> element early or switch the HTML parser's script state."""
    return re.sub(r"<(/script|!--)", lambda m: "<\\" + m.group(1), js, flags=re.I)


def _leaflet_default_icon() -> str:
    """Leaflet guesses its default marker images from leaflet.css's location: give them as data URIs."""
    urls = {key: _data_uri(_LEAFLET_IMAGES + name) for key, name in
            (("iconUrl", "marker-icon.png"), ("iconRetinaUrl", "marker-icon-2x.png"),
             ("shadowUrl", "marker-shadow.png"))}
    return f"\nL.Icon.Default.imagePath = '';\nL.Icon.Default.mergeOptions({json.dumps(urls)});\n"


def _asset_url(m: re.Match[str]) -> str | None:
    """The remote URL of a matched <script src> or stylesheet <link>; None for anything else."""
    if m.group("url") is not None:
        url = m.group("url")
    else:
        attrs = {a.group("name").lower(): a.group("value") for a in _ATTR.finditer(m.group(0))}
        url = attrs.get("href", "") if "stylesheet" in attrs.get("rel", "").lower().split() else ""
    return url if _is_remote(url) else None


def inline_assets(html: str) -> str:
    """Replace every CDN ``<script src>`` and stylesheet ``<link>`` of a folium 0.20 page by its content.

    ``html`` is a whole page (``m.get_root().render()``, or the inner page of ``_repr_html_``'s
    iframe srcdoc, unescaped). Fonts and images the stylesheets use become data: URIs; @font-face
    rules of families nothing uses are dropped. Leaflet's default marker icon gets data: URIs.
    Raises OfflineAssetError naming the first CDN URL that no installed package provides.
    """
    urls = [url for m in _ASSET_TAG.finditer(html) if (url := _asset_url(m))]
    texts = {url: _text_asset(url) for url in urls}
    # A font family is used if any asset or the page itself names it outside an @font-face rule.
    haystack = _FONT_FACE.sub("", "\n".join([html, *texts.values()]))

    def used(family: str) -> bool:
        name = re.escape(family)
        quoted_or_in_font_property = rf"""(["']){name}\1|font(?:-family)?\s*:[^;{{}}]*?\b{name}\b"""
        return re.search(quoted_or_in_font_property, haystack, re.I) is not None

    def inline(m: re.Match[str]) -> str:
        url = _asset_url(m)
        if url is None:
            return m.group(0)
        if m.group("url") is None:
            return f"<style>{_inline_css(texts[url], _canonical(url), used)}</style>"
        js = texts[url] + (_leaflet_default_icon() if _canonical(url) == _LEAFLET_JS else "")
        return f"<script>{safe_script(js)}</script>"

    return _ASSET_TAG.sub(inline, html)


_SRCDOC = re.compile(r'(<iframe\b[^>]*?\bsrcdoc=")([^"]*)(")', re.S)


def inline_srcdoc(html: str) -> str:
    """A notebook output holding a folium page in an iframe's srcdoc (folium's ``_repr_html_``), with
    the inner page's assets inlined (``inline_assets``), so it draws in a notebook with no network."""
    return _SRCDOC.sub(lambda m: m.group(1) + escape(inline_assets(unescape(m.group(2)))) + m.group(3), html)


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """vega-embed + Vega-Lite + Vega as one script (≈ 0.9 MB) for Altair's Vega-Lite version.

    It sets ``window.vegaEmbed``, ``window.vega`` and ``window.vegaLite``: inline it once per page,
    inside a ``<script>`` element, before the charts' embed calls.
    """
    import altair as alt
    import vl_convert

    vl_version = "_".join(alt.SCHEMA_VERSION.split(".")[:2])  # 'v6.4.1' -> 'v6_4', as vl-convert names it
    return safe_script(vl_convert.javascript_bundle(vl_version=vl_version))


def _round_ring(ring: list[list[float]]) -> list[list[float]] | None:
    """A ring at 3-decimal precision without repeated points; None if it collapses."""
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, 3), round(lat, 3)]
        if not out or point != out[-1]:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None


def _round_polygon(polygon: list[list[list[float]]]) -> list[list[list[float]]] | None:
    """A polygon (outer ring, then holes) at 3-decimal precision; None if its outer ring collapses."""
    outer = _round_ring(polygon[0])
    return [outer, *(r for r in map(_round_ring, polygon[1:]) if r)] if outer else None


@lru_cache(maxsize=1)
def _world_borders_json() -> str:
    features = []
    for path in sorted(resources.files("countryinfo").joinpath("data").iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".json"):
            continue
        country = json.loads(path.read_text(encoding="utf-8"))
        for feature in (country.get("geoJSON") or {}).get("features", []):
            geometry = feature["geometry"]
            polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
            polygons = [p for p in map(_round_polygon, polygons) if p]
            if not polygons:
                continue
            features.append({
                "type": "Feature",
                "id": feature.get("id"),
                "properties": {"name": feature.get("properties", {}).get("name") or country["name"],
                               "iso_a3": feature.get("id")},
                "geometry": ({"type": "Polygon", "coordinates": polygons[0]} if len(polygons) == 1
                             else {"type": "MultiPolygon", "coordinates": polygons}),
            })
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def world_borders() -> dict:
    """Country borders as a GeoJSON FeatureCollection (≈ 175 countries, ≈ 200 KB serialised).

    Natural Earth 1:110m admin-0 polygons (public domain), read from the ``countryinfo`` package's
    per-country data, rounded to 3 decimals; each feature has ``id`` and ``properties.iso_a3``
    (ISO 3166 alpha-3) and ``properties.name``. A fresh copy each call (the parse is cached).
    """
    return json.loads(_world_borders_json())

"""Open a local HTML file in Debian's Chromium with the network cut off, and report what it drew.

A helper for tests (not a test file). Every http(s) request is aborted and recorded, console and
page errors are collected, and every frame is inspected, including notebook maps that live in an
``<iframe srcdoc>``. Playwright drives the system binary; it never downloads a browser.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# What one frame shows: Leaflet markers, vector paths, the basemap pane, layer controls, broken
# images, loaded fonts, and for each .vega-embed its SVG data marks and whether it shows an error.
_FRAME_SCRIPT = """(pane) => {
  const n = (sel) => document.querySelectorAll(sel).length;
  return {
    marker_icons: n('.leaflet-marker-icon'),
    markers: n('.leaflet-marker-pane > *'),
    interactive_paths: n('path.leaflet-interactive'),
    basemap_paths: n(`.leaflet-${pane}-pane path`),
    layer_controls: n('.leaflet-control-layers'),
    broken_images: [...document.images].filter((i) => i.complete && i.naturalWidth === 0).length,
    fonts_loaded: [...new Set([...document.fonts].filter((f) => f.status === 'loaded')
                                                .map((f) => f.family.replace(/^["']|["']$/g, '')))],
    vega: [...document.querySelectorAll('.vega-embed')].map((e) => ({
      marks: e.querySelectorAll('svg .role-mark > :not(g)').length,
      error: e.querySelector('.error') !== null,
    })),
  };
}"""
# Vega renders asynchronously: wait until every .vega-embed shows an SVG or an error.
_VEGA_SETTLED = """() => [...document.querySelectorAll('.vega-embed')]
  .every((e) => e.querySelector('svg .role-mark, .error') !== null)"""


@dataclass(frozen=True)
class VegaChart:
    marks: int  # SVG elements of the data marks (bars, points, lines, ...), axes and legends excluded
    error: bool  # vega-embed shows an .error element


@dataclass(frozen=True)
class FrameFindings:
    url: str  # about:srcdoc for a notebook map's iframe
    marker_icons: int  # .leaflet-marker-icon: default and image icons
    markers: int  # everything in the marker pane, awesome-markers included
    interactive_paths: int  # path.leaflet-interactive: GeoJSON, circles, polylines
    basemap_paths: int  # paths in the offline basemap's pane
    layer_controls: int
    broken_images: int  # <img> loaded but empty (e.g. a marker icon with a bad URL)
    fonts_loaded: tuple[str, ...]
    vega: tuple[VegaChart, ...]


@dataclass(frozen=True)
class PageFindings:
    frames: tuple[FrameFindings, ...]
    blocked: tuple[str, ...]  # http(s) requests the page attempted (all aborted)
    console_errors: tuple[str, ...]
    page_errors: tuple[str, ...]  # uncaught exceptions
    dialogs: tuple[str, ...] = ()  # alert/confirm/prompt messages: injected script would show here
    popup: str | None = None  # text of the popup opened by clicking the first map marker (interact=True)
    markers_after_hiding_places: int | None = None  # marker count once the "Places" layer is unticked
    tooltip: str | None = None  # text of the Vega tooltip shown by hovering the first chart mark
    screenshot: Path | None = None

    @property
    def vega(self) -> tuple[VegaChart, ...]:
        """Every .vega-embed of every frame."""
        return tuple(c for f in self.frames for c in f.vega)

    @property
    def errors(self) -> tuple[str, ...]:
        """Uncaught exceptions and console errors together."""
        return self.page_errors + self.console_errors

    def total(self, name: str) -> int:
        """A count summed over all frames, e.g. ``total("markers")``."""
        return sum(getattr(f, name) for f in self.frames)


def require_chromium() -> Path:
    """The system Chromium; skip the test without it, unless under CI (env CI set), where it fails."""
    if CHROMIUM.exists():
        return CHROMIUM
    reason = f"{CHROMIUM} is missing: `make browser` installs Debian's chromium"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def check_page(path: Path, *, screenshot: Path | None = None, basemap_pane: str = "basemap",
               timeout_ms: int = 15_000, viewport: tuple[int, int] = (1280, 800),
               interact: bool = False) -> PageFindings:
    """Load ``path`` as file:// offline in headless Chromium and return what every frame shows;
    with ``interact``, also click a marker, untick the Places layer and hover a chart mark."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    blocked: list[str] = []
    console: list[str] = []
    page_errors: list[str] = []
    dialogs: list[str] = []

    def route(r) -> None:
        if r.request.url.lower().startswith(("http://", "https://")):
            blocked.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(executable), args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            page.route("**/*", route)
            page.on("console", lambda m: console.append(f"{m.text} @ {m.location.get('url', '')}")
                    if m.type == "error" else None)
            page.on("pageerror", lambda e: page_errors.append(str(e)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(Path(path).resolve().as_uri(), wait_until="load", timeout=timeout_ms)
            for frame in page.frames:
                try:
                    frame.wait_for_function(_VEGA_SETTLED, timeout=timeout_ms)
                except PlaywrightError:
                    pass  # reported below as a chart without marks
            page.wait_for_timeout(300)  # Leaflet draws on the next animation frames
            frames = tuple(_frame_findings(frame, basemap_pane) for frame in page.frames)
            used = _interact(page) if interact else {}
            if screenshot is not None:
                page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    return PageFindings(frames=frames, blocked=tuple(blocked), console_errors=tuple(console),
                        page_errors=tuple(page_errors), dialogs=tuple(dialogs), **used,
                        screenshot=Path(screenshot) if screenshot else None)


def _interact(page) -> dict:
    """What a reader does: open a marker's popup, hide a layer, hover a chart for its tooltip."""
    found: dict = {}
    for frame in page.frames:
        markers = frame.locator(".leaflet-marker-pane > *")
        if markers.count():
            markers.first.dispatch_event("click")  # a marker may lie outside the fitted view
            found["popup"] = frame.locator(".leaflet-popup-content").first.inner_text(timeout=5_000)
            frame.locator(".leaflet-control-layers-overlays label", has_text="Places").first.click()
            page.wait_for_timeout(200)
            found["markers_after_hiding_places"] = markers.count()
            break
    mark = page.locator(".vega-embed svg .role-mark > :not(g)").first
    if mark.count():
        mark.hover(force=True)
        found["tooltip"] = page.locator("#vg-tooltip-element.visible").inner_text(timeout=5_000)
    return found


def _frame_findings(frame, basemap_pane: str) -> FrameFindings:
    found = frame.evaluate(_FRAME_SCRIPT, basemap_pane)
    return FrameFindings(url=frame.url, fonts_loaded=tuple(found.pop("fonts_loaded")),
                         vega=tuple(VegaChart(**c) for c in found.pop("vega")), **found)

"""Charts that draw in JupyterLab and Jupyter Notebook 7 with no network.

JupyterLab 4 has no Vega-Lite 6 renderer, so Altair's default renderer falls back to HTML that loads
Vega from a CDN: offline, every chart is an "Error loading script". `use_offline()` switches Altair to
its own `jupyter` renderer in offline mode: each chart is a JupyterChart widget (anywidget) whose
JavaScript is bundled by vl-convert, with Vega, Vega-Lite and vega-embed inside; no request leaves
the machine. It is what the notebooks call first; `use_offline(False)` restores Altair's default.
(Maps need nothing: `event_map` returns an OfflineMap, which inlines its assets when displayed.)
"""
from __future__ import annotations

EMBED_OPTIONS = {"renderer": "svg", "actions": False}  # SVG marks: sharp, and searchable in the page


def use_offline(enable: bool = True) -> str:
    """Draw Altair charts offline in notebooks (True) or with Altair's default renderer (False).
    Returns the name of the renderer now active. Affects every Altair chart of the kernel."""
    import altair as alt

    if enable:
        alt.renderers.enable("jupyter", offline=True, embed_options=EMBED_OPTIONS)
    else:
        alt.renderers.enable("default")
    return alt.renderers.active

"""The notebooks in a real JupyterLab, offline: each is opened in Chromium, run with Run All, and every
chart must show its marks and every map its markers and basemap, with no error output, no "Error
loading script" and no request leaving 127.0.0.1. Screenshots go to reports/ for people to look at."""
from __future__ import annotations

from pathlib import Path

import pytest
from browser import require_chromium
from jupyterlab import LabServer, lab_server, run_notebook

pytestmark = pytest.mark.browser
REPORTS = Path(__file__).resolve().parents[1] / "reports"
NOTEBOOKS = {  # name -> (charts, maps) it shows
    "01_article_to_tables.ipynb": (0, 0),
    "02_places_and_map.ipynb": (0, 1),
    "03_events_and_charts.ipynb": (5, 0),
    "04_report.ipynb": (5, 1),
    "05_corpus.ipynb": (3, 1),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> LabServer:
    require_chromium()
    with lab_server(tmp_path_factory.mktemp("jupyterlab")) as running:
        yield running


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_notebook_draws_offline_in_jupyterlab(server, name):
    charts, maps = NOTEBOOKS[name]
    REPORTS.mkdir(exist_ok=True)
    run = run_notebook(server, name, REPORTS / f"jupyterlab-{Path(name).stem}.png", charts=charts)
    assert run.cell_errors == ()
    assert run.execution_counts and all(n is not None for n in run.execution_counts)
    assert "Error loading script" not in run.text
    assert run.blocked == () or all("tile.openstreetmap.org" in url for url in run.blocked), run.blocked
    vega = [c for f in run.frames for c in f.vega]
    assert len(vega) == charts and all(c.marks > 0 and not c.error for c in vega), vega
    drawn_maps = [f for f in run.frames if f.layer_controls]
    assert len(drawn_maps) == maps
    for frame in drawn_maps:
        assert frame.markers > 0 and frame.basemap_paths > 100 and frame.broken_images == 0, frame

"""The report: the report notebook really executes (papermill) and exports to HTML with a map and charts."""
from __future__ import annotations

import json

import nbformat
import pytest

from mideast_analysis.report import build_report

ROOT_NOTEBOOK = "04_report.ipynb"


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory, seed_path):
    out = tmp_path_factory.mktemp("report")
    return build_report([seed_path], out), out


def test_report_html_has_map_and_charts(seed_report, seed_path):
    html_path, out = seed_report
    assert html_path == out / f"{seed_path.stem}.html"
    html = html_path.read_text(encoding="utf-8")
    assert "L.map(" in html and "L.marker(" in html  # folium map with markers
    assert "Green Zone" in html and "Barham Salih" in html
    assert html.count("application/vnd.vegalite") + html.count("vega-embed") + html.count("vegaEmbed") >= 2


def test_executed_notebook_has_no_errors_and_keeps_parameters(seed_report, seed_path):
    _, out = seed_report
    nb = nbformat.read(out / f"{seed_path.stem}.ipynb", as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and str(seed_path) in injected[0].source


def test_stored_notebooks_have_no_outputs():
    from pathlib import Path

    for path in sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [] and cell.get("execution_count") is None, path.name

"""The report: the report notebook really executes (papermill), exports to one self-contained HTML
file, and draws its map and charts in a real browser with the network cut off."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from browser import check_page
from mideast_analysis.cli import main as cli
from mideast_analysis.errors import MideastAnalysisError
from mideast_analysis.report import build_report

ROOT = Path(__file__).resolve().parents[1]
REMOTE_ATTR = re.compile(r"""\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)
HOSTILE = """Basra protest <script>alert("title")</script> ends in arrests

BASRA, March 3 (Reuters) - Protesters gathered outside the governorate building in Basra on Monday
<img src=x onerror=alert("img")> and police arrested ten of them, witnesses said.
The protesters, who carried banners reading <a href="javascript:alert('link')">click</a>, demanded
jobs and electricity for the southern city, and they said that they would return on Friday.
Security forces fired tear gas at the crowd near the port of Umm Qasr, according to the police.
"""


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory, seed_path):
    out = tmp_path_factory.mktemp("report")
    return build_report([seed_path], out, image_format="svg"), out


def test_report_html_has_map_charts_and_tables(seed_report, seed_path):
    html_path, out = seed_report
    assert html_path == out / f"{seed_path.stem}.html"
    html = html_path.read_text(encoding="utf-8")
    assert "L.map(" in html and "L.marker(" in html  # folium map with markers
    assert "Green Zone" in html and "Barham Salih" in html
    assert html.count('class="mea-chart"') == 5  # timeline, types, network, mentions, per article


def test_report_is_self_contained_and_small(seed_report):
    html_path, _ = seed_report
    html = html_path.read_text(encoding="utf-8")
    assert not REMOTE_ATTR.search(html)  # no script, stylesheet or font from a CDN
    assert "require.min.js" not in html and "MathJax" not in html
    assert html.count("window.vegaEmbed=") == 1  # the Vega bundle once, whatever the number of charts
    assert "widget-state" not in html and "widget-view" not in html  # the notebook's live widgets are dropped
    assert html_path.stat().st_size <= 8 * 1024 * 1024


def test_executed_notebook_keeps_no_widget_state(seed_report, seed_path):
    _, out = seed_report
    nb = nbformat.read(out / f"{seed_path.stem}.ipynb", as_version=4)
    assert "widgets" not in nb.metadata  # ≈ 0.9 MB of Vega per chart otherwise
    assert sum(1 for c in nb.cells for o in c.get("outputs", []) if "application/vnd.vegalite.v6+json" in o.get("data", {})) == 5


def test_charts_exported_as_images(seed_report, seed_path):
    _, out = seed_report
    images = sorted((out / f"{seed_path.stem}-charts").glob("*.svg"))
    assert [p.name[:3] for p in images] == ["01-", "02-", "03-", "04-", "05-"]
    assert "events-over-time" in images[0].name
    for image in images:
        svg = image.read_text(encoding="utf-8")
        assert svg.startswith("<svg") and svg.count("<path") + svg.count("<circle") > 3, image.name


def test_executed_notebook_has_no_errors_and_keeps_parameters(seed_report, seed_path):
    _, out = seed_report
    nb = nbformat.read(out / f"{seed_path.stem}.ipynb", as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and str(seed_path) in injected[0].source


@pytest.mark.browser
def test_report_draws_offline_after_being_moved(seed_report, seed_path, seed_frames, tmp_path):
    html_path, _ = seed_report
    moved = tmp_path / "elsewhere" / "report.html"
    moved.parent.mkdir()
    shutil.copy(html_path, moved)
    (ROOT / "reports").mkdir(exist_ok=True)
    found = check_page(moved, screenshot=ROOT / "reports" / f"{seed_path.stem}-browser.png", interact=True)
    assert found.blocked == () and found.errors == ()
    assert found.total("markers") == seed_frames.locations.lat.notna().sum() >= 5  # one per located place
    assert found.total("interactive_paths") >= len(seed_frames.events.dropna(subset=["lat"]))  # event circles
    assert found.total("basemap_paths") >= 150  # the offline Natural Earth borders were chosen
    assert found.total("layer_controls") == 1
    assert len(found.vega) == 5 and all(c.marks > 0 and not c.error for c in found.vega)
    assert found.screenshot.stat().st_size > 50_000
    names = set(seed_frames.locations.name)
    assert any(name in found.popup for name in names)  # a popup opens on click, naming its place
    assert found.markers_after_hiding_places == 0  # the layer control hides the places
    assert found.tooltip and any(t in found.tooltip for t in set(seed_frames.events.type))  # chart tooltips


@pytest.mark.browser
def test_hostile_article_executes_nothing(tmp_path):
    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE, encoding="utf-8")
    html_path = build_report([article], tmp_path / "out")
    html = html_path.read_text(encoding="utf-8")
    assert "<script>alert(" not in html and "<img src=x onerror" not in html
    assert "&lt;script&gt;alert(" in html  # the text is there, escaped
    found = check_page(html_path)
    assert found.dialogs == () and found.page_errors == ()
    assert found.total("markers") >= 1 and len(found.vega) == 5


def test_report_rejects_unknown_image_format_and_missing_files(seed_path, tmp_path):
    with pytest.raises(MideastAnalysisError, match="gif"):
        build_report([seed_path], tmp_path, image_format="gif")
    with pytest.raises(MideastAnalysisError, match="nope.txt"):
        build_report([tmp_path / "nope.txt"], tmp_path)
    assert cli(["report", str(tmp_path / "nope.txt"), "--out", str(tmp_path)]) == 2


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus-report")
    return build_report([ROOT / "data" / "sample" / "articles.jsonl"], out), out


def test_a_corpus_report_is_the_corpus_view_and_reads_as_a_report(corpus_report):
    html_path, out = corpus_report
    assert html_path.name == "s01-and-39-more.html" and (out / "s01-and-39-more-dataset" / "_manifest").is_dir()
    html = html_path.read_text(encoding="utf-8")
    assert "Corpus report" in html and "L.markerClusterGroup(" in html and "Real events (clusters)" in html
    assert html.index("Real events (clusters)") < html.index("L.map(")  # the summary comes first
    assert html.count('class="mea-chart"') == 3  # per week, top actors, top pairs
    assert "n_articles" not in html and "Articles</th>" in html and "First reported</th>" in html
    assert not re.search(r"(In|Out)\s*\[\s*\d*\s*\]:", html)  # no notebook prompts
    assert not REMOTE_ATTR.search(html) and html_path.stat().st_size <= 8 * 1024 * 1024


@pytest.mark.browser
def test_the_corpus_report_draws_offline_in_the_browser(corpus_report, tmp_path):
    html_path, _ = corpus_report
    (ROOT / "reports").mkdir(exist_ok=True)
    found = check_page(html_path, screenshot=ROOT / "reports" / "corpus-report-browser.png")
    assert found.blocked == () and found.errors == ()
    assert found.total("markers") >= 3  # groups of real events (markercluster's icons), circles inside
    assert found.total("basemap_paths") >= 150
    assert len(found.vega) == 3 and all(c.marks > 0 and not c.error for c in found.vega)

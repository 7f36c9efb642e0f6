"""HTML reports: execute the report notebook for some articles (papermill), make its outputs
self-contained, export it (nbconvert) and, on request, the charts as PNG or SVG (vl-convert).

A report must open from a file, with no network, years later: folium maps get their Leaflet,
jQuery and fonts inlined, Altair charts are drawn by one inlined Vega bundle, and the page
template has no require.js or MathJax. Rendering and saving happen here and in the CLI only.
"""
from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path
from typing import Iterator

from .errors import InputError, MideastAnalysisError
from .viz.offline import inline_srcdoc, vega_bundle

REPORT_NOTEBOOK = "04_report.ipynb"  # one article
CORPUS_NOTEBOOK = "05_corpus.ipynb"  # many: the corpus view, events linked across articles
IMAGE_FORMATS = ("png", "svg")
VEGALITE = re.compile(r"application/vnd\.vegalite\.v\d+\+json")
RENDERER = "mideast_analysis_report"
WIDGET = "application/vnd.jupyter.widget-view+json"


def _spec_bundle(spec: dict, **_: object) -> dict[str, object]:
    """A chart as its bare Vega-Lite spec (Altair 6's own 'mimetype' renderer names it
    'application/vnd.vegalite.v6.json', which nbformat rejects), for the report to draw with its
    inlined Vega, and as Altair's offline JupyterChart widget, for the same notebook opened in
    JupyterLab (which has no Vega-Lite 6 renderer of its own); the report drops the widget."""
    from altair.vegalite.v6.display import jupyter_renderer  # Altair 6 (pyproject): Vega-Lite 6

    from .viz.notebook import EMBED_OPTIONS

    data, _ = jupyter_renderer(spec, offline=True, embed_options=EMBED_OPTIONS)
    return {"application/vnd.vegalite.v6+json": spec, WIDGET: data[WIDGET], "text/plain": "<Vega-Lite chart>"}


def use_report_charts() -> None:
    """In the report notebook: charts are output as specs, drawn by the report with its inlined Vega."""
    import altair as alt

    alt.renderers.register(RENDERER, _spec_bundle)
    alt.renderers.enable(RENDERER)


def report_notebook(name: str = REPORT_NOTEBOOK) -> Path:
    """A report notebook of the project checkout (notebooks/04_report.ipynb, or 05_corpus.ipynb)."""
    path = Path(__file__).resolve().parents[1] / "notebooks" / name
    if not path.exists():
        raise MideastAnalysisError(f"report: {path} not found; reports run from a project checkout")
    return path


def safe_name(value: str, fallback: str, sep: str = "_", limit: int = 80) -> str:
    """A file name from an id or a title: letters, digits, '.', '-' and '_' only (runs of anything else,
    '/' and control characters included, become `sep`; no leading '.'), at most `limit` characters;
    `fallback` when nothing is left."""
    return re.sub(r"[^\w.-]+", sep, value).strip("._-")[:limit] or fallback


def article_ids(paths: list[Path], encoding: str = "utf-8") -> list[str]:
    """The ids of the readable articles of the inputs; none is an error."""
    from .article import load_articles

    items = list(load_articles(paths, encoding=encoding))
    ids = [a.article_id for a in items if not isinstance(a, InputError)]
    if not ids:
        causes = "; ".join(str(e) for e in items[:3])
        raise InputError(", ".join(map(str, paths[:3])), f"no article to report on ({causes or 'no input'})")
    return ids


def report_name(ids: list[str]) -> str:
    """The report's file name: the first article's id, and how many more articles (not input paths)
    it covers."""
    stem = safe_name(ids[0], "report")
    return stem if len(ids) == 1 else f"{stem}-and-{len(ids) - 1}-more"


def _outputs(nb) -> Iterator[dict]:
    for cell in nb.cells:
        if cell.cell_type == "code":
            yield from (o for o in cell.get("outputs", []) if "data" in o)


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script> element (article text cannot close it)."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _chart_html(spec: dict, number: int) -> str:
    div = f"mea-chart-{number}"
    return (f'<div id="{div}" class="mea-chart"></div><script>vegaEmbed("#{div}", {_script_json(spec)}, '
            f'{{"renderer": "svg", "actions": false}}).catch(function (e) {{'
            f'document.getElementById("{div}").innerHTML = "<div class=\\"error\\">chart failed</div>"; throw e; }});'
            f"</script>")


def make_offline(nb) -> list[dict]:
    """Rewrite the executed notebook's outputs (as nbformat.read gives them: joined strings, parsed
    JSON) in place so that the exported page needs no network:
    folium maps (iframe srcdoc pages) get their assets inlined, Vega-Lite specs become vegaEmbed
    calls after one inlined Vega bundle. Returns the chart specs, in order."""
    specs: list[dict] = []
    for out in _outputs(nb):
        data = out["data"]
        key = next((k for k in data if VEGALITE.fullmatch(k)), None)
        if key is not None:
            spec = data.pop(key)
            data.pop(WIDGET, None)  # a live widget: nothing to draw in a page
            bundle = "" if specs else f"<script>{vega_bundle()}</script>"
            specs.append(spec)
            data["text/html"] = bundle + _chart_html(spec, len(specs))
        elif "text/html" in data and "srcdoc=" in data["text/html"]:
            data["text/html"] = inline_srcdoc(data["text/html"])
    return specs


def _check_format(fmt: str) -> None:
    if fmt not in IMAGE_FORMATS:
        raise MideastAnalysisError(f"report: image format {fmt!r} not one of {', '.join(IMAGE_FORMATS)}")


def _chart_name(spec: dict, number: int) -> str:
    title = spec.get("title")
    title = title.get("text") if isinstance(title, dict) else title
    return f"{number:02d}-{safe_name(str(title or 'chart').lower(), 'chart', sep='-')}"


def export_charts(specs: list[dict], out_dir: Path, fmt: str) -> list[Path]:
    """Each chart as DIR/<nn>-<title>.<fmt> through vl-convert (data are inline: no network)."""
    import vl_convert

    _check_format(fmt)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, spec in enumerate(specs, 1):
        path = out_dir / f"{_chart_name(spec, number)}.{fmt}"
        if fmt == "svg":
            path.write_text(vl_convert.vegalite_to_svg(spec), encoding="utf-8")
        else:
            path.write_bytes(vl_convert.vegalite_to_png(spec, scale=2))
        paths.append(path)
    return paths


def build_report(paths: list[str | Path], out_dir: str | Path, geocoder: str = "gazetteer",
                 encoding: str = "utf-8", image_format: str | None = None) -> Path:
    """Run the report notebook on the articles (for more than one, the corpus notebook: events linked
    across articles, over a Parquet dataset in OUT_DIR/<name>-dataset); write OUT_DIR/<name>.html
    (self-contained), the executed OUT_DIR/<name>.ipynb and, with `image_format`, OUT_DIR/<name>-charts/."""
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    if image_format is not None:
        _check_format(image_format)  # before the notebook runs, not after
    articles = [Path(p).resolve() for p in paths]
    missing = [str(p) for p in articles if not p.exists()]
    if missing:
        raise MideastAnalysisError(f"report: no such file(s): {', '.join(missing)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ids = article_ids(articles, encoding)
    name = report_name(ids)
    executed = out / f"{name}.ipynb"
    parameters = {"articles": [str(p) for p in articles], "geocoder": geocoder, "encoding": encoding}
    if len(ids) > 1:  # the corpus view, over a dataset beside the report (a rerun continues it)
        parameters["dataset"] = str((out / f"{name}-dataset").resolve())
    papermill.execute_notebook(str(report_notebook(CORPUS_NOTEBOOK if len(ids) > 1 else REPORT_NOTEBOOK)),
                               str(executed), progress_bar=False, parameters=parameters, cwd=str(out))
    nb = nbformat.read(executed, as_version=4)
    if nb.metadata.pop("widgets", None) is not None:  # the charts' widget state: ≈ 0.9 MB of Vega per chart
        nbformat.write(nb, executed)
    specs = make_offline(nb)
    exporter = HTMLExporter(extra_template_basedirs=[str(files(__package__).joinpath("templates"))],
                            template_name="offline", exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True)  # a report, not a notebook
    page, _ = exporter.from_notebook_node(nb)
    target = out / f"{name}.html"
    target.write_text(page, encoding="utf-8")
    if image_format is not None:
        export_charts(specs, out / f"{name}-charts", image_format)
    return target

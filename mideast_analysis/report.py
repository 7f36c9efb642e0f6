"""HTML reports: execute the report notebook for some articles (papermill), export it (nbconvert)."""
from __future__ import annotations

import re
from pathlib import Path

from .errors import MideastAnalysisError

REPORT_NOTEBOOK = "04_report.ipynb"


def report_notebook() -> Path:
    """The report notebook of the project checkout (notebooks/04_report.ipynb)."""
    path = Path(__file__).resolve().parents[1] / "notebooks" / REPORT_NOTEBOOK
    if not path.exists():
        raise MideastAnalysisError(f"report: {path} not found; reports run from a project checkout")
    return path


def _report_name(paths: list[Path]) -> str:
    stem = paths[0].stem if len(paths) == 1 else f"{paths[0].stem}-and-{len(paths) - 1}-more"
    return re.sub(r"[^\w.-]+", "_", stem)


def build_report(paths: list[str | Path], out_dir: str | Path, geocoder: str = "gazetteer",
                 encoding: str = "utf-8") -> Path:
    """Run the report notebook on the articles; write OUT_DIR/<name>.html (and the executed .ipynb)."""
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    articles = [Path(p).resolve() for p in paths]
    missing = [str(p) for p in articles if not p.exists()]
    if missing:
        raise MideastAnalysisError(f"report: no such file(s): {', '.join(missing)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name = _report_name(articles)
    executed = out / f"{name}.ipynb"
    papermill.execute_notebook(str(report_notebook()), str(executed), progress_bar=False,
                               parameters={"articles": [str(p) for p in articles], "geocoder": geocoder,
                                           "encoding": encoding},
                               cwd=str(out))
    html, _ = HTMLExporter(exclude_input=True).from_notebook_node(nbformat.read(executed, as_version=4))
    target = out / f"{name}.html"
    target.write_text(html, encoding="utf-8")
    return target

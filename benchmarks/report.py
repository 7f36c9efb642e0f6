"""The seed's report: wall time of `mideast-analysis report` (kernel start, analysis, export,
asset inlining), size of the HTML, and chart export time. Prints JSON.

    .venv/bin/python benchmarks/report.py
"""
from __future__ import annotations

import json
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_e51165010699703e.txt"
CLI = ROOT / ".venv" / "bin" / "mideast-analysis"


def _timed(*args: str) -> float:
    t = time.perf_counter()
    subprocess.run([str(CLI), "report", str(SEED), *args], check=True, capture_output=True)
    return round(time.perf_counter() - t, 2)


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="report-bench-"))
    html_s = _timed("--out", str(out / "html"))
    png_s = _timed("--out", str(out / "png"), "--format", "png")
    html = out / "html" / f"{SEED.stem}.html"
    print(json.dumps({"report_s": html_s, "report_with_png_charts_s": png_s,
                      "html_bytes": html.stat().st_size,
                      "png_charts": len(list((out / "png" / f"{SEED.stem}-charts").glob("*.png")))}, indent=1))


if __name__ == "__main__":
    main()

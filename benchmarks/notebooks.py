"""Execute every notebook (as nbmake does) and print JSON: seconds and the size of the executed
notebook, with the largest outputs. Maps carry their inlined assets (≈ 1.5 MB each); charts are
JupyterChart widgets whose Vega bundle travels over the kernel's comm, not in the file.

    .venv/bin/python benchmarks/notebooks.py
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def main() -> None:
    out = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        started = time.perf_counter()
        ExecutePreprocessor(timeout=600, kernel_name="python3").preprocess(nb, {"metadata": {"path": str(NOTEBOOKS)}})
        seconds = time.perf_counter() - started
        sizes = sorted(((len(json.dumps(o)), c.source.splitlines()[-1][:60]) for c in nb.cells
                        if c.cell_type == "code" for o in c.outputs), reverse=True)[:3]
        out.append({"notebook": path.name, "seconds": round(seconds, 1),
                    "executed_kb": round(len(nbformat.writes(nb).encode()) / 1024),
                    "largest_outputs_kb": [{"kb": round(n / 1024), "cell": cell} for n, cell in sizes]})
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()

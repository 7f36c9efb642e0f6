"""Geoparsing on the Local-Global Lexicon (LGL): recognition F1, end-to-end acc@161, AUC, docs/s. JSON out.

    .venv/bin/python benchmarks/geoparse.py [--limit N]      # from the project root; reads ../shared/eval

Runs ../shared/eval/score_geo.py (raw text in, through `mideast-analysis extract`) and prints its JSON
summary, plus the spaCy-only time on the same texts so the geoparsing overhead can be read off.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def spacy_seconds(corpus: Path, limit: int) -> float:
    """Seconds spaCy alone (same model, same pipe) takes on the texts."""
    from mideast_analysis.nlp import get_nlp

    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8") if line.strip()][: limit or None]
    nlp = get_nlp()
    t = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="first N documents (0: all 588)")
    a = ap.parse_args()
    corpus = EVAL / "geo" / "lgl.jsonl"
    out = Path(tempfile.mkdtemp(prefix="geoparse-")) / "score.json"
    cmd = [sys.executable, str(EVAL / "score_geo.py"), str(corpus), "--cli", str(ROOT / ".venv/bin/mideast-analysis"),
           "--json", str(out)] + (["--limit", str(a.limit)] if a.limit else [])
    subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    result = json.loads(out.read_text())
    result["spacy_only_s"] = round(spacy_seconds(corpus, a.limit), 1)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

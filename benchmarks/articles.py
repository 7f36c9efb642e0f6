"""Whole-article accuracy: ../shared/eval/score_articles.py on the seed and d01-d20, and on each half
(d01-d10 was the tuning half; d11-d20 was held out until its figures were taken, then read for error
classes: no article here is unseen any more, see the README). Prints JSON.

    .venv/bin/python benchmarks/articles.py
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "eval" / "articles"
SETS = {"all": "", "d01-d10": ",".join(f"d{i:02d}" for i in range(1, 11)),
        "d11-d20": ",".join(f"d{i:02d}" for i in range(11, 21)), "seed": "seed"}
FIGURES = {"actors F1": ("actors", "f1"), "places F1": ("locations", "f1"), "events type F1": ("ev_type", "f1"),
           "type + date F1": ("ev_date", "f1"), "type + date + place F1": ("ev_full", "f1")}


def score(ids: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "score.json"
        cmd = [sys.executable, str(ARTICLES.parent / "score_articles.py"), "--texts", str(ARTICLES), "--gold",
               str(ARTICLES), "--cli", str(ROOT / ".venv/bin/mideast-analysis"), "--json", str(out)]
        subprocess.run(cmd + (["--ids", ids] if ids else []), check=True, capture_output=True, cwd=ROOT)
        summary = json.loads(out.read_text())["summary"]
    return {name: summary[table][key] for name, (table, key) in FIGURES.items()}


def main() -> None:
    print(json.dumps({name: score(ids) for name, ids in SETS.items()}, indent=2))


if __name__ == "__main__":
    main()

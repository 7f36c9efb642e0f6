"""Time per pipeline stage on LGL articles, next to spaCy's own time. Prints JSON.

    .venv/bin/python benchmarks/stages.py [--limit 150]     # reads ../shared/eval/geo/lgl.jsonl
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("parse", "extract_actors", "extract_places", "date_mentions", "extract_events")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=150)
    a = ap.parse_args()
    from mideast_analysis import pipeline
    from mideast_analysis.article import article_from_text

    lines = (ROOT.parent / "shared" / "eval" / "geo" / "lgl.jsonl").read_text(encoding="utf-8").splitlines()
    articles = [article_from_text(d["text"], str(d["id"])) for d in map(json.loads, lines[: a.limit])]
    pipeline.article_records(articles[0])  # load the model and the gazetteer first
    seconds = dict.fromkeys(STAGES, 0.0)

    def timed(name, fn):
        def run(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds[name] += time.perf_counter() - t
        return run

    for name in STAGES:
        setattr(pipeline, name, timed(name, getattr(pipeline, name)))
    t = time.perf_counter()
    for article in articles:
        pipeline.article_records(article)
    total = time.perf_counter() - t
    print(json.dumps({"articles": len(articles), "total_s": round(total, 2),
                      **{f"{k}_s": round(v, 2) for k, v in seconds.items()},
                      "places_vs_spacy": round(seconds["extract_places"] / seconds["parse"], 3)}, indent=1))


if __name__ == "__main__":
    main()

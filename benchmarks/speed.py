"""Speed and memory on the seed: cold start (model, gazetteer) and per-article time. Prints JSON.

    .venv/bin/python benchmarks/speed.py [--repeat 20]
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    a = ap.parse_args()
    t0 = time.perf_counter()
    import mideast_analysis as mea
    from mideast_analysis.geocoding.base import default_gazetteer
    from mideast_analysis.nlp import get_nlp

    t_import = time.perf_counter() - t0
    t = time.perf_counter()
    get_nlp()
    t_model = time.perf_counter() - t
    t = time.perf_counter()
    default_gazetteer().index
    t_gaz = time.perf_counter() - t
    seed = next((ROOT / "seeds").glob("*.txt"))
    article = mea.load_article(seed)
    t = time.perf_counter()
    mea.analyze_article(article)
    t_first = time.perf_counter() - t
    t = time.perf_counter()
    for _ in range(a.repeat):
        mea.analyze_article(article)
    per = (time.perf_counter() - t) / a.repeat
    nlp = get_nlp()
    t = time.perf_counter()
    for _ in range(a.repeat):
        list(nlp.pipe([article.text]))
    spacy_only = (time.perf_counter() - t) / a.repeat
    print(json.dumps({
        "import_s": round(t_import, 3), "model_load_s": round(t_model, 3), "gazetteer_load_s": round(t_gaz, 3),
        "first_article_s": round(t_first, 3), "article_s": round(per, 4), "spacy_only_s": round(spacy_only, 4),
        "overhead_vs_spacy": round(per / spacy_only - 1, 2), "max_rss_mb": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1), "words": article.n_words}, indent=1))


if __name__ == "__main__":
    main()

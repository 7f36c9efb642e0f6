"""The contract invariants (mea.check_frames) on real articles: the 21 whole articles of
../shared/eval/articles and the 588 LGL articles. Prints JSON: articles, rejected inputs, violations,
the sources found (a sign that articles.source is not one value for all), and seconds per article.

    .venv/bin/python benchmarks/invariants.py
"""
from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import mideast_analysis as mea

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def run(name: str, articles: list[mea.Article]) -> dict:
    """Analyse each article and check its tables against its own text."""
    violations: list[str] = []
    rejected: list[str] = []
    sources: Counter[str] = Counter()
    started = time.perf_counter()
    for article in articles:
        try:
            frames = mea.analyze_article(article)
        except mea.InputError as exc:
            rejected.append(str(exc))
            continue
        violations += mea.contract_violations(frames, {article.article_id: article.text})
        sources[str(frames.articles.source.iloc[0])] += 1
    seconds = time.perf_counter() - started
    return {"set": name, "articles": len(articles), "rejected": rejected, "violations": len(violations),
            "first_violations": violations[:10], "sources": dict(sources.most_common(8)),
            "seconds_per_article": round(seconds / max(len(articles), 1), 3)}


def main() -> None:
    whole = [mea.load_article(p) for p in sorted((EVAL / "articles").glob("*.txt"))]
    lgl = [a for a in mea.load_articles([EVAL / "geo" / "lgl.jsonl"]) if isinstance(a, mea.Article)]
    print(json.dumps([run("eval/articles", whole), run("lgl", lgl)], indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

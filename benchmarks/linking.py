"""Linking events across articles: accuracy on the sample corpus's answer key, and speed at scale. JSON.

    .venv/bin/python benchmarks/linking.py [--events 100000] [--skip-sample]

- sample: `data/sample/articles.jsonl` through the whole pipeline (analyze_corpus), linked, and scored
  against `data/sample/answer_key.csv`: pairwise precision and recall of links between the key's reports;
- holdout: the same for `data/holdout/`, invented articles written apart from the rules and never read
  while writing them (the sample's errors were read: its figure flatters);
- scale: `--events` synthetic events (real events each told by 1-9 reports, a day apart or the same day,
  at the place, a point nearby or only the country, by the same actors or none; plus unrelated events on
  the same days), linked in a fresh process: seconds for link_events, peak RSS, and the synthetic truth's
  pairwise precision and recall.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SAMPLE, HOLDOUT = ROOT / "data" / "sample", ROOT / "data" / "holdout"
TYPES = ["ASSAULT", "ASSAULT", "ASSAULT", "PROTEST", "COERCE", "CONSULT", "AGREE", "AID", "ACCUSE", "THREATEN"]
GROUPS = [("Islamic State", "armed_group", "IRQ", "IRQREB"), ("Houthis", "armed_group", "YEM", "YEMREB"),
          ("Hezbollah", "armed_group", "LBN", "LBNREB"), ("Iraqi Army", "military", "IRQ", "IRQMIL"),
          ("Israel Defense Forces", "military", "ISR", "ISRMIL"), ("Turkish Armed Forces", "military", "TUR", "TURMIL"),
          ("Syrian Democratic Forces", "armed_group", "SYR", "SYRREB"), ("police", "government", "IRQ", "IRQCOP")]


def corpus(folder: Path) -> dict:
    """An invented corpus with its answer key (articles.jsonl, answer_key.csv), analysed, linked and scored."""
    import mideast_analysis as mea

    started = time.perf_counter()
    frames, errors = mea.analyze_corpus([folder / "articles.jsonl"], workers=2)
    analysed = time.perf_counter() - started
    links = mea.link_events(frames)
    texts = {json.loads(line)["id"]: json.loads(line)["text"]
             for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    key = pd.read_csv(folder / "answer_key.csv", dtype=str)
    scores = mea.evaluate_links(frames, links, key, texts)
    return {"articles": len(frames.articles), "errors": len(errors), "events": len(frames.events),
            "clusters": len(links.clusters), "multi_report_clusters": int((links.clusters["n_articles"] > 1).sum()),
            "analyse_s": round(analysed, 1), **scores}


def synthetic_frames(n_events: int, seed: int = 7):
    """ArticleFrames of about n_events synthetic reports, and the true event of each (article_id, event_id)."""
    import mideast_analysis as mea

    rng = np.random.default_rng(seed)
    places = rng.uniform([12.0, 30.0], [40.0, 60.0], size=(400, 2))
    rows: dict[str, list[dict]] = {"articles": [], "actors": [], "locations": [], "events": []}
    truth = {}
    day0 = pd.Timestamp("2025-01-01")
    n_real = 0
    while len(rows["events"]) < n_events:
        n_real += 1
        typ, day, place = TYPES[rng.integers(len(TYPES))], int(rng.integers(365)), places[rng.integers(len(places))]
        src, tgt = GROUPS[rng.integers(len(GROUPS))], GROUPS[rng.integers(len(GROUPS))]
        killed = int(rng.integers(0, 20))
        for k in range(int(rng.integers(1, 10))):
            aid, eid = f"a{n_real}-{k}", f"ev-{n_real}-{k}"
            shift = int(rng.choice([0, 0, 0, 1]))
            published = (day0 + pd.Timedelta(days=day + shift)).strftime("%Y-%m-%d")
            rows["articles"].append({"article_id": aid, "source": f"Outlet {rng.integers(30)}", "published": published,
                                     "language": "en"})
            how = rng.random()
            lat, lon, prec = (place[0], place[1], 10.0) if how < 0.7 else \
                (place[0] + rng.normal(0, 0.1), place[1] + rng.normal(0, 0.1), 5.0) if how < 0.9 else \
                (place[0] + rng.normal(0, 1.0), place[1] + rng.normal(0, 1.0), 400.0)
            rows["locations"].append({"article_id": aid, "location_id": "loc-1", "name": f"place {lat:.1f}",
                                      "feature": "city" if prec < 100 else "country", "lat": lat, "lon": lon,
                                      "precision_km": prec, "n_mentions": 1})
            actor_ids = {}
            for role, actor in (("source", src), ("target", tgt)):
                if rng.random() < 0.8:
                    actor_ids[role] = f"act-{role}"
                    rows["actors"].append({"article_id": aid, "actor_id": f"act-{role}", "name": actor[0],
                                           "kind": actor[1], "country": actor[2], "code": actor[3], "n_mentions": 1})
            date = (day0 + pd.Timedelta(days=day + int(rng.choice([0, 0, 0, 0, -1, 1])))).strftime("%Y-%m-%d")
            rows["events"].append({"article_id": aid, "event_id": eid, "type": typ, "date": date,
                                   "date_precision": "day", "source_actor_id": actor_ids.get("source"),
                                   "target_actor_id": actor_ids.get("target"), "location_id": "loc-1", "lat": lat,
                                   "lon": lon, "killed": killed + int(rng.integers(0, 3)), "trigger": typ.lower(),
                                   "start": 0, "end": 1, "confidence": 0.5, "modality": "asserted"})
            truth[(aid, eid)] = n_real
    return mea.ArticleFrames.from_records(**rows), truth


def pairwise(links, truth: dict) -> dict:
    """Pairwise precision and recall of the links against the synthetic truth (pairs within true events and
    within clusters, counted without listing all n^2 pairs)."""
    el = links.event_links.assign(true=[truth[k] for k in zip(links.event_links["article_id"], links.event_links["event_id"])])
    pairs = lambda sizes: int((sizes * (sizes - 1) // 2).sum())  # noqa: E731
    gold, linked = pairs(el.groupby("true").size()), pairs(el.groupby("cluster_id").size())
    both = pairs(el.groupby(["true", "cluster_id"]).size())
    return {"precision": round(both / linked, 3) if linked else 1.0, "recall": round(both / gold, 3) if gold else 1.0}


def scale(n_events: int) -> dict:
    """Link n_events synthetic reports (this process): seconds, peak RSS, precision and recall."""
    import mideast_analysis as mea

    frames, truth = synthetic_frames(n_events)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    started = time.perf_counter()
    links = mea.link_events(frames)
    seconds = time.perf_counter() - started
    return {"events": len(frames.events), "link_s": round(seconds, 2), "clusters": len(links.clusters),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "rss_before_mb": before,
            **pairwise(links, truth)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--skip-sample", action="store_true")
    ap.add_argument("--scale-only", action="store_true", help=argparse.SUPPRESS)  # the fresh process
    a = ap.parse_args()
    if a.scale_only:
        print(json.dumps(scale(a.events)))
        return
    result = {}
    if not a.skip_sample:
        result["sample"] = corpus(SAMPLE)
        if (HOLDOUT / "answer_key.csv").exists():
            result["holdout"] = corpus(HOLDOUT)
    out = subprocess.run([sys.executable, __file__, "--scale-only", "--events", str(a.events)], check=True,
                         capture_output=True, text=True)
    result["scale"] = json.loads(out.stdout)
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()

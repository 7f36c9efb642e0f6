"""Corpus throughput: `extract` against the bare spaCy floor, workers, memory, time to the first part. JSON.

    .venv/bin/python benchmarks/throughput.py [--sizes 1000,5000] [--skip-scaling] [--repeat 4] [--pause 15]

- ratio: articles/s of `extract --workers 1` on LGL as JSONL (588 articles, whole process, model load
  included) over the bare model (`en_core_web_sm`, `nlp.pipe`, same texts, one process); the same with
  two processes each; and two workers of `extract` over one. This machine's speed drifts by 10-20 % from
  one minute to the next, so each figure is the median over `--repeat` rounds of runs made back to back
  (the order reversed every other round: the run that goes first in a round was up to 20 % faster), each
  run after `--pause` seconds of rest, with every round's figure listed;
- memory: peak RSS of the largest process of `extract --workers 1` on LGL repeated with new ids to each
  size, and its growth from the first size to the last;
- first part: seconds from start to the first committed part of a Parquet dataset (warm cache).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
LGL = ROOT.parent / "shared" / "eval" / "geo" / "lgl.jsonl"
BARE = """
import json, sys, spacy
from mideast_analysis.nlp import MODEL_PACKAGES
nlp = next(spacy.load(p) for p in MODEL_PACKAGES if __import__("importlib").util.find_spec(p))
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
n = sum(1 for _ in nlp.pipe(texts, batch_size=32, n_process=int(sys.argv[2])))
print(n)
"""


def corpus(path: Path, size: int) -> int:
    """LGL as a JSONL corpus of `size` articles (repeated with new ids)."""
    records = [json.loads(line) for line in LGL.read_text(encoding="utf-8").split("\n") if line.strip()]
    with path.open("w", encoding="utf-8") as f:
        for i in range(size):
            r = records[i % len(records)]
            f.write(json.dumps({"id": f"{r['id']}-{i // len(records)}", "text": r["text"]}) + "\n")
    return size


WRAP = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True); "
        "sys.exit(r.stderr.decode()[-2000:]) if r.returncode > 1 else None; "  # 1: some inputs were bad
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def timed(cmd: list[str]) -> tuple[float, int]:
    """Seconds of a whole process, and the peak RSS (MB) of the largest process it ran (measured by a fresh
    parent, as the high-water mark of a process's children only grows)."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", WRAP, *cmd], check=True, capture_output=True, text=True)
    return time.perf_counter() - start, int(out.stdout.split()[-1]) // 1024


def extract(src: Path, out: Path, workers: int, fmt: str = "parquet") -> list[str]:
    return [PY, "-m", "mideast_analysis.cli", "extract", str(src), "--out", str(out), "--format", fmt,
            "--workers", str(workers), "--quiet"]


def first_part(src: Path, out: Path) -> float:
    """Seconds until the first manifest of a dataset appears."""
    start = time.perf_counter()
    proc = subprocess.Popen(extract(src, out, 1), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None and not list((out / "_manifest").glob("part-*.json")):
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    proc.kill()
    proc.wait()
    return round(seconds, 2)


def scaling(lgl: Path, tmp_path: Path, n: int, repeat: int, pause: float) -> dict:
    """The ratios to bare spaCy and between worker counts, each the median over `repeat` rounds of runs
    made back to back (bare, one worker, two workers, bare with two processes; reversed every other round),
    so that each round's figures share the machine's speed of the moment."""
    rounds = []
    for r in range(repeat):
        runs = {"bare_1": [PY, "-c", BARE, str(lgl), "1"], "extract_1": extract(lgl, tmp_path / f"one{r}", 1),
                "extract_2": extract(lgl, tmp_path / f"two{r}", 2), "bare_2": [PY, "-c", BARE, str(lgl), "2"]}
        order = list(runs) if r % 2 == 0 else list(reversed(runs))
        rounds.append({})
        for name in order:
            time.sleep(pause)  # the machine's boost drains over a run: each run starts from rest
            rounds[-1][name] = timed(runs[name])
    seconds = [{k: round(v[0], 1) for k, v in rd.items()} for rd in rounds]
    ratio_1 = [rd["bare_1"] / rd["extract_1"] for rd in seconds]
    ratio_2 = [rd["bare_2"] / rd["extract_2"] for rd in seconds]
    speedup = [rd["extract_1"] / rd["extract_2"] for rd in seconds]
    two = median([rd["extract_2"] for rd in seconds])
    return {"articles": n, "rounds_s": seconds,
            "ratio_vs_bare_1_worker": round(median(ratio_1), 3), "ratio_vs_bare_1_worker_rounds": _r(ratio_1),
            "ratio_vs_bare_2": round(median(ratio_2), 3), "ratio_vs_bare_2_rounds": _r(ratio_2),
            "speedup_2_workers": round(median(speedup), 2), "speedup_2_workers_rounds": _r(speedup),
            "peak_rss_mb_1_worker": max(rd["extract_1"][1] for rd in rounds),
            "articles_per_s_2_workers": round(n / two, 1)}


def _r(values: list[float]) -> list[float]:
    return [round(v, 3) for v in values]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,5000", help="corpus sizes for the memory figure")
    ap.add_argument("--skip-scaling", action="store_true", help="only the memory figures")
    ap.add_argument("--repeat", type=int, default=4, help="rounds of back-to-back runs for the ratios (even: "
                    "both orders equally often)")
    ap.add_argument("--pause", type=float, default=15.0, help="seconds of rest before each timed run")
    a = ap.parse_args()
    result: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        lgl = tmp_path / "lgl.jsonl"
        n = corpus(lgl, 588)
        if not a.skip_scaling:
            result.update(scaling(lgl, tmp_path, n, a.repeat, a.pause))
            result["first_part_s"] = first_part(lgl, tmp_path / "first")
        memory = {}
        for size in map(int, a.sizes.split(",")):
            src = tmp_path / f"c{size}.jsonl"
            corpus(src, size)
            seconds, rss = timed(extract(src, tmp_path / f"m{size}", 1))
            memory[size] = {"peak_rss_mb": rss, "seconds": round(seconds, 1)}
            print(json.dumps({"so_far": result, "memory": memory}), file=sys.stderr, flush=True)
            src.unlink()
        sizes = sorted(memory)
        result["memory_1_worker"] = memory
        result["rss_growth"] = round(memory[sizes[-1]]["peak_rss_mb"] / memory[sizes[0]]["peak_rss_mb"] - 1, 3)
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()

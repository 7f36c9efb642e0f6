"""Corpus throughput: `extract` against the bare spaCy floor, workers, memory, time to the first part. JSON.

    .venv/bin/python benchmarks/throughput.py [--sizes 1000,5000] [--skip-scaling]

- ratio: articles/s of `extract --workers 1` on LGL as JSONL (588 articles, whole process, model load
  included) over the bare model (`en_core_web_sm`, `nlp.pipe`, same texts, one process); the same with
  two processes each; and two workers of `extract` over one;
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,5000", help="corpus sizes for the memory figure")
    ap.add_argument("--skip-scaling", action="store_true", help="only the memory figures")
    a = ap.parse_args()
    result: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        lgl = tmp_path / "lgl.jsonl"
        n = corpus(lgl, 588)
        if not a.skip_scaling:
            t_bare1, _ = timed([PY, "-c", BARE, str(lgl), "1"])
            t_bare2, _ = timed([PY, "-c", BARE, str(lgl), "2"])
            t_one, rss_one = timed(extract(lgl, tmp_path / "one", 1))
            t_two, rss_two = timed(extract(lgl, tmp_path / "two", 2))
            result.update({
                "articles": n, "bare_spacy_s": round(t_bare1, 1), "bare_spacy_2proc_s": round(t_bare2, 1),
                "extract_1_worker_s": round(t_one, 1), "extract_2_workers_s": round(t_two, 1),
                "ratio_vs_bare_1_worker": round(t_bare1 / t_one, 3), "ratio_vs_bare_2": round(t_bare2 / t_two, 3),
                "speedup_2_workers": round(t_one / t_two, 2), "peak_rss_mb_1_worker": rss_one,
                "articles_per_s_2_workers": round(n / t_two, 1),
                "first_part_s": first_part(lgl, tmp_path / "first")})
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

"""Fuzz the package: hostile texts and JSONL corpora (the strategies of tests/fuzzing.py) with a fixed
seed, plus the named hostile sizes of issue #10. Prints JSON: crashes (any exception that is not an
InputError naming the input, or a broken contract invariant), outcomes, and the slowest inputs.

    .venv/bin/python benchmarks/fuzz.py [--examples 10000] [--seed 20261129]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing import check_corpus, check_text, jsonl_corpora, texts  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

import mideast_analysis as mea  # noqa: E402

CORPUS_SHARE = 10  # one example in ten is a JSONL corpus


def hostile_sizes() -> dict[str, str | bytes]:
    """The inputs issue #10 names: each must be analysed or rejected within the time bound."""
    return {
        "html_100000_nested_tags": "<html><body>" + "<div>" * 100_000 + "Rockets hit Baghdad on Sunday. " * 20
                                   + "</div>" * 100_000 + "</body></html>",
        "single_line_5MB": ("Rockets hit Baghdad on Sunday and police said " * 110_000)[:4_999_000],
        "baghdad_1000000_times": "Baghdad " * 1_000_000,
        "dates_10000_in_a_row": " ".join(f"on {d % 28 + 1} March 2021" for d in range(10_000)),
        "control_characters": "Rockets hit\x07 Baghdad\x1b[31m on Sunday\x0b, police said.\x00 " * 500,
        "words_10000_no_full_stop": " ".join(["Iraqi", "forces", "attacked", "Mosul", "and", "Hezbollah", "said",
                                              "rockets"] * 1250),
        "file_5MB_single_line": ("Rockets hit Baghdad on Sunday and police said " * 110_000)[:4_999_000].encode(),
    }


class Run:
    """Outcomes, crashes and timings of the fuzzed inputs."""

    def __init__(self) -> None:
        self.outcomes: dict[str, int] = {}
        self.crashes: list[dict] = []
        self.times: list[tuple[float, str, int]] = []

    def record(self, kind: str, value: str, check) -> None:
        start = time.perf_counter()
        try:
            outcome = check()
        except Exception as exc:  # noqa: BLE001 - every exception here is a finding
            outcome = "crash"
            self.crashes.append({"kind": kind, "error": f"{type(exc).__name__}: {str(exc)[:300]}",
                                 "where": traceback.format_exc(limit=-3)[-600:], "input": repr(value[:300]),
                                 "length": len(value)})
        seconds = time.perf_counter() - start
        self.outcomes[f"{kind}:{outcome}"] = self.outcomes.get(f"{kind}:{outcome}", 0) + 1
        self.times.append((seconds, f"{kind} {value[:120]!r}", len(value)))


def fuzz(run: Run, examples: int, seed_value: int, folder: Path) -> None:
    """Text and corpus examples from Hypothesis, generated only (never shrunk: every failure is recorded)."""
    common = dict(deadline=None, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))

    @seed(seed_value)
    @settings(max_examples=examples - examples // CORPUS_SHARE, **common)
    @given(texts())
    def on_text(text: str) -> None:
        run.record("text", text, lambda: check_text(text))

    @seed(seed_value)
    @settings(max_examples=examples // CORPUS_SHARE, **common)
    @given(jsonl_corpora())
    def on_corpus(content: str) -> None:
        run.record("corpus", content, lambda: check_corpus(content, folder))

    on_text()
    on_corpus()


def sizes(folder: Path) -> list[dict]:
    """Each named hostile size through analyze() (a str, or a file for bytes), timed."""
    out = []
    for name, value in hostile_sizes().items():
        target: str | Path = value if isinstance(value, str) else folder / f"{name}.txt"
        if isinstance(value, bytes):
            target.write_bytes(value)
        start = time.perf_counter()
        try:
            frames = mea.analyze(target, published="2024-03-05")
            result = repr(frames)
        except mea.InputError as exc:
            result = f"InputError: {exc.cause}"
        except Exception as exc:  # noqa: BLE001
            result = f"CRASH {type(exc).__name__}: {exc}"
        out.append({"input": name, "length": len(value), "seconds": round(time.perf_counter() - start, 2),
                    "result": result[:200]})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--examples", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=20261129)
    args = ap.parse_args()
    mea.analyze("Rockets hit Baghdad on Sunday, police said.")  # load the model and the gazetteer first
    run = Run()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        fuzz(run, args.examples, args.seed, Path(tmp))
        named = sizes(Path(tmp))
    seconds = sorted(t for t, _, _ in run.times)
    slowest = sorted(run.times, reverse=True)[:5]
    print(json.dumps({
        "examples": len(run.times), "seed": args.seed, "outcomes": run.outcomes,
        "crashes": len(run.crashes), "first_crashes": run.crashes[:10],
        "seconds_total": round(time.perf_counter() - started, 1),
        "seconds_median": round(statistics.median(seconds), 3) if seconds else None,
        "seconds_p99": round(seconds[int(0.99 * (len(seconds) - 1))], 2) if seconds else None,
        "over_10s": sum(t > 10 for t in seconds),
        "slowest": [{"seconds": round(t, 2), "input": what, "length": n} for t, what, n in slowest],
        "hostile_sizes": named,
    }, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

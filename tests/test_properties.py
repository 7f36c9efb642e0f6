"""Property-based tests (Hypothesis): no text or JSONL corpus crashes the package; every output keeps
the data contract (mea.check_frames) and every bad input is an InputError naming it. The budget here
is a few hundred examples, the same every run (derandomised); benchmarks/fuzz.py runs 10,000."""
from __future__ import annotations

import tempfile
from pathlib import Path

from fuzzing import check_corpus, check_text, jsonl_corpora, texts
from hypothesis import HealthCheck, given, settings

BUDGET = settings(deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                         HealthCheck.large_base_example])


@settings(BUDGET, max_examples=200)
@given(texts(huge_one_in=40))
def test_any_text_is_analysed_within_the_contract_or_rejected(text: str) -> None:
    assert check_text(text) in ("ok", "rejected")


@settings(BUDGET, max_examples=60)
@given(jsonl_corpora())
def test_any_jsonl_corpus_keeps_good_records_and_names_bad_lines(content: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        assert check_corpus(content, Path(folder)) in ("ok", "rejected")

"""Corpora: batches on several workers give the same dataset, a killed run resumes with every article once,
the dataset reads back filtered, and the progress bar shows only on a terminal."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import mideast_analysis as mea
from mideast_analysis.frames import TABLE_NAMES

CLI = [sys.executable, "-m", "mideast_analysis.cli", "extract"]
TEXTS = Path(__file__).parent / "texts"


def _corpus(path: Path, copies: int) -> list[str]:
    """A JSONL corpus of the test texts, each `copies` times with its own id and a day of March 2024."""
    ids = []
    with path.open("w", encoding="utf-8") as f:
        for k in range(copies):
            for n, text in enumerate(sorted(TEXTS.glob("*.txt"))):
                aid = f"{text.stem}-{k}"
                ids.append(aid)
                f.write(json.dumps({"id": aid, "text": text.read_text(encoding="utf-8"),
                                    "published": f"2024-03-{1 + (k * 5 + n) % 28:02d}"}) + "\n")
    return ids


def _extract(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + list(args), capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[str]]:
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    return path, _corpus(path, 2)


def test_one_and_two_workers_write_the_same_dataset(tmp_path, corpus):
    path, ids = corpus
    runs = {}
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}"
        r = _extract(str(path), "--out", str(out), "--format", "parquet", "--workers", workers, "--batch-size", "3")
        assert r.returncode == 0, r.stderr
        runs[workers] = out
    for table in TABLE_NAMES:
        parts = sorted(p.name for p in (runs["1"] / table).iterdir())
        assert parts == sorted(p.name for p in (runs["2"] / table).iterdir()) and len(parts) == -(-len(ids) // 3)
        for part in parts:
            assert (runs["1"] / table / part).read_bytes() == (runs["2"] / table / part).read_bytes()
    frames = mea.read_dataset(runs["2"])
    assert sorted(frames.articles.article_id) == sorted(ids) and len(frames.events) > 0


def test_csv_is_written_batch_by_batch_with_one_header(tmp_path, corpus):
    path, ids = corpus
    r = _extract(str(path), "--out", str(tmp_path), "--workers", "1", "--batch-size", "4")
    assert r.returncode == 0, r.stderr
    articles = (tmp_path / "articles.csv").read_text(encoding="utf-8").splitlines()
    assert articles[0].startswith("article_id,") and len(articles) == len(ids) + 1
    assert f"{len(ids)} article(s), 0 error(s)" in r.stdout


def test_a_run_killed_at_any_moment_resumes_with_every_article_once(tmp_path, corpus):
    path, ids = corpus
    out = tmp_path / "ds"
    proc = subprocess.Popen(CLI + [str(path), "--out", str(out), "--format", "parquet", "--workers", "1",
                                   "--batch-size", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and len(list((out / "_manifest").glob("part-*.json"))) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    written = len(list((out / "_manifest").glob("part-*.json")))
    assert 3 <= written < len(ids)
    again = _extract(str(path), "--out", str(out), "--format", "parquet", "--resume", "--batch-size", "2")
    assert again.returncode == 0, again.stderr
    assert f"{written} already done" in again.stdout
    frames = mea.read_dataset(out)
    assert sorted(frames.articles.article_id) == sorted(ids)  # nothing lost, nothing doubled
    assert not frames.events.duplicated(["article_id", "event_id"]).any()
    assert all(not p.name.startswith(".") for table in TABLE_NAMES for p in (out / table).iterdir())


def test_an_existing_dataset_needs_resume_and_resume_needs_parquet(tmp_path, corpus):
    path, _ = corpus
    out = tmp_path / "ds"
    assert _extract(str(path), "--out", str(out), "--format", "parquet", "--workers", "1").returncode == 0
    again = _extract(str(path), "--out", str(out), "--format", "parquet", "--workers", "1")
    assert again.returncode == 2 and "--resume" in again.stderr and str(out) in again.stderr
    csv = _extract(str(path), "--out", str(tmp_path / "csv"), "--resume", "--workers", "1")
    assert csv.returncode == 2 and "--format parquet" in csv.stderr


def test_read_dataset_filters_by_article_and_by_date(tmp_path, corpus):
    path, ids = corpus
    out = tmp_path / "ds"
    assert _extract(str(path), "--out", str(out), "--format", "parquet", "--batch-size", "5").returncode == 0
    everything = mea.read_dataset(out)
    two = mea.read_dataset(out, article_ids=ids[:2])
    assert sorted(two.articles.article_id) == sorted(ids[:2])
    assert set(two.events.article_id) <= set(ids[:2]) and len(two.events) < len(everything.events)
    early = mea.read_dataset(out, published_from="2024-03-01", published_to="2024-03-03")
    assert set(early.articles.published.str[:10]) <= {"2024-03-01", "2024-03-02", "2024-03-03"}
    assert 0 < len(early.articles) < len(ids)
    with pytest.raises(mea.InputError, match="no dataset"):
        mea.read_dataset(tmp_path / "nothing")


def test_duplicate_ids_are_counted_errors_and_no_progress_bar_off_a_terminal(tmp_path, corpus):
    path, ids = corpus
    doubled = tmp_path / "doubled.jsonl"
    doubled.write_text(path.read_text(encoding="utf-8") + path.read_text(encoding="utf-8").splitlines()[0] + "\n",
                       encoding="utf-8")
    r = _extract(str(doubled), "--out", str(tmp_path / "out"), "--workers", "2")
    assert r.returncode == 1 and "duplicate article id" in r.stderr
    assert f"{len(ids)} article(s), 1 error(s)" in r.stdout
    assert "article/s" not in r.stderr and "%|" not in r.stderr  # stderr is a pipe here: no bar


def test_a_two_worker_local_dask_cluster_writes_the_same_articles(tmp_path, corpus):
    distributed = pytest.importorskip("distributed")
    import dask.bag as db

    path, ids = corpus
    lines = path.read_text(encoding="utf-8").splitlines()
    halves = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]  # two input partitions
    halves[0].write_text("\n".join(lines[: len(lines) // 2]) + "\n", encoding="utf-8")
    halves[1].write_text("\n".join(lines[len(lines) // 2:]) + "\n", encoding="utf-8")
    local = tmp_path / "local"
    assert _extract(*map(str, halves), "--out", str(local), "--format", "parquet", "--workers", "1").returncode == 0
    with distributed.Client(distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                                     dashboard_address=None)) as client:
        summary = mea.dask.extract(halves, tmp_path / "files", client=client, batch_size=4)
        records = db.from_sequence([json.loads(line) for line in lines], npartitions=3)
        from_bag = mea.dask.extract(records, tmp_path / "bag", client=client, batch_size=4)
        # a run stopped before its second part was committed: --resume redoes that part's articles only
        lost = json.loads((tmp_path / "files" / "_manifest" / "part-00001.json").read_text())["article_ids"]
        (tmp_path / "files" / "_manifest" / "part-00001.json").unlink()
        resumed = mea.dask.extract(halves, tmp_path / "files", client=client, batch_size=4, resume=True)
    assert resumed.articles == len(lost) and resumed.skipped == len(ids) - len(lost)
    assert sorted(mea.read_dataset(tmp_path / "files").articles.article_id) == sorted(ids)  # each exactly once
    assert summary.articles == from_bag.articles == len(ids) and not summary.errors
    want = mea.read_dataset(local)
    for got in (mea.read_dataset(tmp_path / "files"), mea.read_dataset(tmp_path / "bag")):
        for table in TABLE_NAMES:  # a bag's records have no file: their `path` says partition and record
            a, b = (getattr(f, table).drop(columns=["path"], errors="ignore") for f in (want, got))
            a, b = (df.sort_values(list(df.columns[:2]), kind="stable").reset_index(drop=True) for df in (a, b))
            assert a.equals(b), table
    assert mea.read_dataset(tmp_path / "bag").articles.path.str.startswith("partition ").all()
    import dask.dataframe as dd
    assert len(dd.read_parquet(str(tmp_path / "bag" / "events")).compute()) == len(want.events)


def test_a_corpus_file_over_5_mb_is_read_line_by_line(tmp_path):
    path = tmp_path / "big.jsonl"
    text = (TEXTS / "agency_dateline.txt").read_text(encoding="utf-8")
    with path.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "good", "text": text}) + "\n")
        f.write(json.dumps({"id": "huge", "text": "word " * 1_200_000}) + "\n")  # one 6 MB line: its own error
        f.write(json.dumps({"id": "good-2", "text": text}) + "\n")
    assert path.stat().st_size > 5_000_000
    frames, errors = mea.analyze_corpus([path])
    assert sorted(frames.articles.article_id) == ["good", "good-2"]
    assert len(errors) == 1 and f"{path}:2" in str(errors[0])


def test_first_batch_is_small_and_the_rest_full_with_errors_kept_in_order():
    from mideast_analysis.article import Article
    from mideast_analysis.corpus import FIRST_BATCH, batches

    arts = [Article(text=f"Text {i}.", article_id=f"a{i}") for i in range(FIRST_BATCH + 9)]
    bad = mea.InputError("line 3", "not JSON")
    got = list(batches(arts[:2] + [bad] + arts[2:], 5, skip={"a1"}))
    assert [len(b) for b, _ in got] == [FIRST_BATCH, 5, 3] and [e for _, es in got for e in es] == [bad]
    assert [a.article_id for b, _ in got for a in b] == [a.article_id for a in arts if a.article_id != "a1"]


def test_resume_refuses_a_dataset_another_version_wrote(tmp_path, corpus):
    path, _ = corpus
    out = tmp_path / "ds"
    assert _extract(str(path), "--out", str(out), "--format", "parquet", "--workers", "1").returncode == 0
    manifests = sorted((out / "_manifest").glob("part-*.json"))
    assert {json.loads(m.read_text())["version"] for m in manifests} == {mea.__version__}
    again = _extract(str(path), "--out", str(out), "--format", "parquet", "--workers", "1", "--resume")
    assert again.returncode == 0  # the same version continues its dataset
    stale = json.loads(manifests[0].read_text())
    stale.pop("version")  # a dataset written before manifests recorded the version
    manifests[0].write_text(json.dumps(stale))
    refused = _extract(str(path), "--out", str(out), "--format", "parquet", "--workers", "1", "--resume")
    assert refused.returncode == 2 and "before 0.1.0" in refused.stderr and str(out) in refused.stderr
    assert mea.read_dataset(out).articles.article_id.is_unique  # nothing was written or lost

"""Many articles: batches parsed together (one nlp.pipe per batch), on every core, streamed to the output.

Batches are formed in reading order in this process and their results written in that order, so the
output is the same whatever the number of workers. Each worker loads the model and the gazetteer once.
Bad articles are reported and skipped, as for one article.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .article import Article, check_english, load_articles
from .errors import GeocoderError, InputError
from .frames import TABLE_NAMES, ArticleFrames
from .geocoding import Gazetteer
from .geocoding.nominatim import NominatimChain

BATCH_SIZE = 32  # articles parsed together: large enough for the model's batching, small for memory
FIRST_BATCH = 4  # the first batch is small, so that the first part is written seconds after the start
Geocoder = str | Gazetteer | NominatimChain


@dataclass
class Summary:
    """What a corpus run did: articles written, errors, rows per table, seconds."""

    articles: int = 0
    errors: list[InputError] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLE_NAMES, 0))
    skipped: int = 0  # already in the dataset (resume)
    seconds: float = 0.0

    def add(self, rows: dict[str, list[dict]], errors: list[InputError]) -> None:
        """Count a batch's rows and errors."""
        self.errors.extend(errors)
        self.articles += len(rows["articles"])
        for name in TABLE_NAMES:
            self.rows[name] += len(rows[name])

    def absorb(self, other: "Summary") -> None:
        """Add the counts of another run's part (a Dask task's)."""
        self.articles += other.articles
        self.skipped += other.skipped
        self.errors.extend(other.errors)
        for name in TABLE_NAMES:
            self.rows[name] += other.rows[name]

    def line(self) -> str:
        """The final line of a run."""
        rows = ", ".join(f"{n} {name}" for name, n in self.rows.items() if name != "articles")
        resumed = f", {self.skipped} already done" if self.skipped else ""
        return (f"{self.articles} article(s), {len(self.errors)} error(s){resumed}: {rows}; "
                f"{self.seconds:.1f} s")


def run_batch(articles: list[Article], geocoder: Geocoder = "gazetteer") -> tuple[dict[str, list[dict]], list[InputError]]:
    """The rows of a batch of articles (parsed with one nlp.pipe) and the errors of the bad ones."""
    from .nlp import parse_many
    from .pipeline import article_records

    good, errors = [], []
    for art in articles:
        try:
            check_english(art)
            good.append(art)
        except InputError as exc:
            errors.append(exc)
    rows: dict[str, list[dict]] = {name: [] for name in TABLE_NAMES}
    for art, parsed in zip(good, parse_many(good)):
        try:
            for name, records in article_records(art, geocoder, parsed).items():
                rows[name].extend(records)
        except InputError as exc:
            errors.append(exc)
    return rows, errors


def _warm_worker() -> None:
    """Load the model and the gazetteer once per worker process."""
    from .geocoding.base import default_gazetteer
    from .nlp import get_nlp

    get_nlp()
    default_gazetteer()


def batches(items: Iterable[Article | InputError], size: int, skip: set[str] | None = None,
            summary: Summary | None = None) -> Iterator[tuple[list[Article], list[InputError]]]:
    """Articles in batches of `size` (the first of at most FIRST_BATCH), with the input errors met while
    reading them; articles whose id is in `skip` (already written) are left out and counted in
    `summary.skipped`."""
    batch: list[Article] = []
    errors: list[InputError] = []
    full, size = size, min(size, FIRST_BATCH)
    for item in items:
        if isinstance(item, InputError):
            errors.append(item)
        elif skip and item.article_id in skip:
            if summary is not None:
                summary.skipped += 1
        else:
            batch.append(item)
        if len(batch) >= size:
            yield batch, errors
            batch, errors, size = [], [], full
    if batch or errors:
        yield batch, errors


def results(work: Iterable[tuple[list[Article], list[InputError]]], geocoder: Geocoder, workers: int
            ) -> Iterator[tuple[list[Article], dict[str, list[dict]], list[InputError]]]:
    """(batch, rows, errors) for each batch, in order, computed by `workers` processes."""
    if workers > 1 and (geocoder == "nominatim" or isinstance(geocoder, NominatimChain)):
        raise GeocoderError("the online geocoder keeps Nominatim's one request per second in one process "
                            "only: run it with one worker (--workers 1), or use the offline gazetteer")
    if workers > 1 and not isinstance(geocoder, str):
        raise GeocoderError("workers each load the gazetteer themselves: pass geocoder='gazetteer' (a name), "
                            "or run a geocoder object with workers=1")
    if workers <= 1:
        for batch, errors in work:
            rows, bad = run_batch(batch, geocoder)
            yield batch, rows, errors + bad
        return
    with multiprocessing.get_context("fork").Pool(workers, initializer=_warm_worker) as pool:
        in_flight: deque = deque()  # at most two batches per worker wait: memory stays flat
        for batch, errors in work:
            in_flight.append((batch, errors, pool.apply_async(run_batch, (batch, geocoder))))
            if len(in_flight) >= 2 * workers:
                yield _collected(in_flight.popleft())
        while in_flight:
            yield _collected(in_flight.popleft())


def _collected(waiting: tuple) -> tuple[list[Article], dict[str, list[dict]], list[InputError]]:
    """(batch, rows, errors) of a batch sent to a worker, once the worker has done it."""
    batch, errors, job = waiting
    rows, bad = job.get()
    return batch, rows, errors + bad


def progress_bar(quiet: bool, notebook: bool = False):
    """tqdm on stderr when it is a terminal (or the notebook bar); a disabled bar, which prints nothing, when
    quiet or not a terminal."""
    if notebook:
        from tqdm.auto import tqdm
    else:
        from tqdm import tqdm
    return tqdm(unit="article", file=sys.stderr, dynamic_ncols=True,
                disable=quiet or not (notebook or sys.stderr.isatty()))


def default_workers() -> int:
    """All the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def extract_corpus(paths: Iterable[str | Path], out: str | Path, fmt: str = "parquet", workers: int | None = None,
                   batch_size: int = BATCH_SIZE, resume: bool = False, quiet: bool = False,
                   geocoder: Geocoder = "gazetteer", encoding: str = "utf-8") -> Summary:
    """Files, folders and .jsonl corpora -> the tables under `out`, written batch by batch: a Parquet dataset
    (dataset.py; `resume` skips the articles already written) or CSV files appended to. Memory holds one
    batch per worker, whatever the corpus's size."""
    from .dataset import DatasetWriter

    started, summary = time.perf_counter(), Summary()
    if resume and fmt != "parquet":
        raise InputError(str(out), "--resume needs --format parquet (a CSV file has no record of its parts)")
    writer = DatasetWriter(Path(out), resume) if fmt == "parquet" else None
    csv = _CsvAppender(Path(out)) if writer is None else None
    work = batches(load_articles(paths, encoding=encoding), batch_size, writer.done if writer else None, summary)
    with progress_bar(quiet) as bar:
        for batch, rows, errors in results(work, geocoder, workers or default_workers()):
            if rows["articles"]:
                writer.write(rows) if writer is not None else csv.write(rows)
            summary.add(rows, errors)
            bar.update(len(batch))
    if csv is not None and not csv.started and not summary.errors:
        csv.write({name: [] for name in TABLE_NAMES})  # an empty corpus: the five tables with their headers
    summary.seconds = time.perf_counter() - started
    return summary


class _CsvAppender:
    """DIR/<table>.csv written batch by batch: the header with the first batch, rows appended after."""

    def __init__(self, out: Path) -> None:
        self.out, self.started = out, False

    def write(self, records: dict[str, list[dict]]) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        for name, df in ArticleFrames.from_records(**records).tables().items():
            df.to_csv(self.out / f"{name}.csv", index=False, encoding="utf-8", mode="a" if self.started else "w",
                      header=not self.started)
        self.started = True


def analyze_corpus(paths: Iterable[str | Path], geocoder: Geocoder = "gazetteer", encoding: str = "utf-8",
                   workers: int = 1, batch_size: int = BATCH_SIZE, progress: bool = False
                   ) -> tuple[ArticleFrames, list[InputError]]:
    """Files, folders and .jsonl corpora -> (the tables of every good article, the errors of the bad ones), in
    memory; for corpora larger than memory use extract_corpus (or `mideast-analysis extract`).
    `progress` shows a progress bar (the notebook's in Jupyter)."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLE_NAMES}
    errors: list[InputError] = []
    with progress_bar(quiet=not progress, notebook=progress) as bar:
        for batch, batch_rows, batch_errors in results(batches(load_articles(paths, encoding=encoding), batch_size),
                                                       geocoder, workers):
            errors.extend(batch_errors)
            for name in TABLE_NAMES:
                rows[name].extend(batch_rows[name])
            bar.update(len(batch))
    return ArticleFrames.from_records(**rows), errors

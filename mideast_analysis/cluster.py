"""Corpora on a Dask cluster (`mea.dask`): the batch function of corpus.py mapped over input partitions.

Each partition (a JSONL file, or a partition of a `dask.bag` of records) is read, batched and written by one
Dask task into the same Parquet dataset as `extract --format parquet`: partition P writes parts numbered
P * PARTS_PER_PARTITION + k, so tasks never touch each other's files and the dataset reads back in input
order. Scheduling, retries and placement are Dask's (`distributed`); nothing here schedules.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Iterable

from .article import CORPUS_SUFFIXES, article_from_record, iter_paths, load_articles
from .corpus import BATCH_SIZE, Summary, batches, run_batch
from .dataset import DatasetWriter, committed_parts, write_part
from .errors import InputError

PARTS_PER_PARTITION = 100_000


def _write_partition(items: list, index: int, first: int, out: str, done: set[str], batch_size: int) -> Summary:
    """One partition -> its parts, numbered from `first`; returns its counts and errors."""
    articles = []
    for k, item in enumerate(items):
        if isinstance(item, (str, Path)):  # a JSONL file
            articles.extend(load_articles([item]))
        else:  # a record of a bag: {"id", "text", "published"?, ...}
            try:
                articles.append(article_from_record(item, f"partition {index}, record {k + 1}"))
            except InputError as exc:
                articles.append(exc)
    summary = Summary()
    for n, (batch, errors) in enumerate(batches(articles, batch_size, done, summary)):
        rows, bad = run_batch(batch)
        if rows["articles"]:
            write_part(Path(out), first + n, rows)
        summary.add(rows, errors + bad)
    return summary


def extract(paths_or_bag: Iterable[str | Path] | object, out: str | Path, client: object = None,
            batch_size: int = BATCH_SIZE, resume: bool = False) -> Summary:
    """JSONL files (one partition each) or a `dask.bag` of records -> a Parquet dataset under `out`, written
    by the Dask workers of `client` (a `distributed.Client`; None starts a LocalCluster of one worker per
    core for the run). Read it with `mea.read_dataset(out)` or `dask.dataframe.read_parquet(out + "/events")`.
    Errors come back as the `InputError`s of the tasks in `Summary.errors`."""
    import dask
    import dask.bag as db
    from distributed import Client, LocalCluster

    started = time.perf_counter()
    writer = DatasetWriter(Path(out), resume)  # prepares the folders; refuses a dataset without resume
    if isinstance(paths_or_bag, db.Bag):
        partitions = paths_or_bag.to_delayed()
    else:
        files = [str(p) for p in iter_paths(paths_or_bag) if p.suffix.lower() in CORPUS_SUFFIXES]
        if not files:
            raise InputError(", ".join(map(str, paths_or_bag)), "holds no .jsonl corpus for the cluster")
        partitions = [[f] for f in files]
    taken = committed_parts(Path(out))  # a resumed partition goes on after its own parts
    firsts = [max((n + 1 for n in taken if i * PARTS_PER_PARTITION <= n < (i + 1) * PARTS_PER_PARTITION),
                  default=i * PARTS_PER_PARTITION) for i in range(len(partitions))]
    tasks = [dask.delayed(_write_partition)(part, i, firsts[i], str(out), writer.done, batch_size)
             for i, part in enumerate(partitions)]
    own = None
    if client is None:
        own = Client(LocalCluster(threads_per_worker=1, processes=True))
        client = own
    try:
        counts = client.gather(client.compute(tasks))
    finally:
        if own is not None:
            own.cluster.close()
            own.close()
    summary = Summary()
    for part in counts:
        summary.absorb(part)
    summary.seconds = time.perf_counter() - started
    return summary

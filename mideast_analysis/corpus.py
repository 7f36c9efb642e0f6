"""Batches over many articles: every article through analyze(); bad ones reported and skipped."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .article import load_articles
from .errors import InputError
from .frames import TABLE_NAMES, ArticleFrames
from .geocoding import Gazetteer
from .geocoding.nominatim import NominatimChain
from .pipeline import article_records


def analyze_corpus(paths: Iterable[str | Path], geocoder: str | Gazetteer | NominatimChain = "gazetteer",
                   encoding: str = "utf-8") -> tuple[ArticleFrames, list[InputError]]:
    """Files, folders and .jsonl corpora -> (the tables of every good article, the errors of the bad ones)."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLE_NAMES}
    errors = []
    for item in load_articles(paths, encoding=encoding):
        if isinstance(item, InputError):
            errors.append(item)
            continue
        try:
            for name, records in article_records(item, geocoder).items():
                rows[name].extend(records)
        except InputError as exc:
            errors.append(exc)
    return ArticleFrames.from_records(**rows), errors

"""A corpus's tables as a Parquet dataset: one folder per table (DIR/events/part-00000.parquet, ...), written
part by part, each part committed by its manifest (DIR/_manifest/part-00000.json, the article ids it
holds). A part is written to temporary files and renamed; the manifest is renamed last, so a run killed
at any moment leaves committed parts and at most one uncommitted part, which a resumed run removes.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable

import pandas as pd
import pyarrow.dataset as pads

from .errors import InputError
from .frames import TABLE_NAMES, ArticleFrames
from .schema import TABLES
from .version import __version__

MANIFEST_DIR = "_manifest"
PART_RE = re.compile(r"part-(\d{5,})\.(?:json|parquet)$")


def _part_name(number: int, suffix: str) -> str:
    return f"part-{number:05d}.{suffix}"


def committed_parts(out: Path) -> dict[int, list[str]]:
    """Part number -> the article ids of every committed part."""
    found = {}
    for path in sorted((out / MANIFEST_DIR).glob("part-*.json")):
        m = PART_RE.search(path.name)
        if m:
            found[int(m.group(1))] = json.loads(path.read_text(encoding="utf-8"))["article_ids"]
    return found


def written_by(out: Path) -> set[str]:
    """The package versions that wrote the committed parts ('before 0.1.0' for manifests without one)."""
    return {json.loads(path.read_text(encoding="utf-8")).get("version", "before 0.1.0")
            for path in (out / MANIFEST_DIR).glob("part-*.json") if PART_RE.search(path.name)}


@dataclass
class DatasetWriter:
    """Writes a corpus's rows part by part; with `resume`, continues a dataset and knows its articles."""

    out: Path
    resume: bool = False

    def __post_init__(self) -> None:
        self.out = Path(self.out)
        parts = committed_parts(self.out) if self.out.exists() else {}
        if parts and not self.resume:
            raise InputError(str(self.out), f"already holds a dataset of {len(parts)} part(s): pass --resume "
                                            "to continue it, or choose another --out")
        older = written_by(self.out) - {__version__} if parts else set()
        if older:
            raise InputError(str(self.out), f"holds parts written by mideast_analysis {', '.join(sorted(older))}, "
                                            f"and this is {__version__}: resuming would mix the rows of two "
                                            "versions; delete the folder (or choose another --out) to start anew")
        for name in (*TABLE_NAMES, MANIFEST_DIR):
            (self.out / name).mkdir(parents=True, exist_ok=True)
        self._remove_uncommitted(set(parts))
        self.done: set[str] = {aid for ids in parts.values() for aid in ids}
        self.next_part = max(parts, default=-1) + 1

    def _remove_uncommitted(self, committed: set[int]) -> None:
        """Parts and temporary files a killed run left without a manifest."""
        for name in (*TABLE_NAMES, MANIFEST_DIR):
            for path in (self.out / name).iterdir():
                m = PART_RE.search(path.name)
                if path.name.startswith(".") or m is None or int(m.group(1)) not in committed:
                    path.unlink()

    def write(self, records: dict[str, list[dict]]) -> int:
        """The next part; its articles count as done."""
        number = self.next_part
        self.done.update(write_part(self.out, number, records))
        self.next_part += 1
        return number


def write_part(out: Path, number: int, records: dict[str, list[dict]]) -> list[str]:
    """One part of a prepared dataset: every table (an empty one too, so each part has every schema), each
    written to a temporary file and renamed, then the manifest, the commit point. Returns the article ids.
    Processes writing different part numbers into one dataset never touch each other's files."""
    frames = ArticleFrames.from_records(**records)
    for name, df in frames.tables().items():
        final = Path(out) / name / _part_name(number, "parquet")
        tmp = final.with_name("." + final.name + ".tmp")
        df.to_parquet(tmp, index=False)
        os.replace(tmp, final)
    ids = list(frames.articles.article_id)
    manifest = Path(out) / MANIFEST_DIR / _part_name(number, "json")
    tmp = manifest.with_name("." + manifest.name + ".tmp")
    tmp.write_text(json.dumps({"article_ids": ids, "rows": {n: len(df) for n, df in frames.tables().items()},
                               "version": __version__}), encoding="utf-8")
    os.replace(tmp, manifest)
    return ids


def read_dataset(directory: str | Path, article_ids: Iterable[str] | None = None,
                 published_from: str | date | None = None, published_to: str | date | None = None) -> ArticleFrames:
    """A dataset written by `extract --format parquet` -> ArticleFrames, rows ordered by article then
    position. Only committed parts are read; `article_ids` and the publication range (ISO dates, both
    inclusive) filter while reading, so a slice of a large corpus does not load the rest."""
    out = Path(directory)
    parts = committed_parts(out)
    if not parts:
        raise InputError(str(out), "holds no dataset (no committed part under _manifest/)")
    files = {name: [str(out / name / _part_name(n, "parquet")) for n in sorted(parts)] for name in TABLE_NAMES}
    articles = pads.dataset(files["articles"], format="parquet")
    keep = pads.field("article_id").isin(list(article_ids)) if article_ids is not None else None
    if published_from is not None or published_to is not None:
        dated = pads.field("published").is_valid()
        if published_from is not None:
            dated &= pads.field("published") >= str(published_from)
        if published_to is not None:
            dated &= pads.field("published") < _day_after(str(published_to))
        ids = articles.to_table(columns=["article_id"], filter=dated if keep is None else keep & dated)
        keep = pads.field("article_id").isin(ids.column("article_id").to_pylist())
    tables = {}
    for name in TABLE_NAMES:
        table = pads.dataset(files[name], format="parquet").to_table(filter=keep)
        df = table.to_pandas()
        df = df.assign(_order=range(len(df))).sort_values(["article_id", "_order"], kind="stable")
        tables[name] = _typed(name, df.drop(columns="_order").reset_index(drop=True))
    return ArticleFrames(**tables)


def read_tables(directory: str | Path) -> ArticleFrames:
    """The tables under `directory`, however they were written: a Parquet dataset (`extract --format
    parquet`), or one file per table (`extract --format csv`, `frames.to_csv` / `to_parquet`)."""
    out = Path(directory)
    if committed_parts(out):
        return read_dataset(out)
    for suffix, read in ((".csv", _read_csv), (".parquet", pd.read_parquet)):
        paths = {name: out / f"{name}{suffix}" for name in TABLE_NAMES}
        if all(p.is_file() for p in paths.values()):
            return ArticleFrames(**{name: _typed(name, read(path)) for name, path in paths.items()})
    raise InputError(str(out), "holds no tables: neither a dataset (_manifest/) nor <table>.csv or .parquet files")


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")


def _typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """A table read back from a file, with the contract's column types (numbers come back from CSV as text)."""
    columns = TABLES[name]
    if list(df.columns) != list(columns):
        raise InputError(name, f"columns {list(df.columns)} are not the contract's {list(columns)}")
    numeric = {col: pd.to_numeric(df[col]) for col, dtype in columns.items() if dtype != "string"}
    return df.assign(**numeric).astype(dict(columns))


def _day_after(day: str) -> str:
    """The ISO day after `day` (a publication stamp on `day` with a time sorts below it)."""
    return (date.fromisoformat(day[:10]) + timedelta(days=1)).isoformat()

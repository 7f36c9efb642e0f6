"""ArticleFrames: the five tables of the data contract, validated against the one schema."""
from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Iterable

import pandas as pd

from .schema import TABLES, empty, table_from_records, validate

TABLE_NAMES = tuple(TABLES)


class Tables:
    """Tables written one file each: `tables()` gives them by name."""

    def tables(self) -> dict[str, pd.DataFrame]:
        raise NotImplementedError

    def to_csv(self, directory: str | Path) -> list[Path]:
        """Write DIR/<table>.csv (UTF-8, header row, empty cell = unknown); returns the paths."""
        return self._write(directory, "csv", lambda df, path: df.to_csv(path, index=False, encoding="utf-8"))

    def to_parquet(self, directory: str | Path) -> list[Path]:
        """Write DIR/<table>.parquet; returns the paths."""
        return self._write(directory, "parquet", lambda df, path: df.to_parquet(path, index=False))

    def _write(self, directory: str | Path, suffix: str, write) -> list[Path]:
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, df in self.tables().items():
            paths.append(out / f"{name}.{suffix}")
            write(df, paths[-1])
        return paths


@dataclass(frozen=True)
class ArticleFrames(Tables):
    """articles, mentions, actors, locations and events as typed DataFrames (see DESIGN.md)."""

    articles: pd.DataFrame
    mentions: pd.DataFrame
    actors: pd.DataFrame
    locations: pd.DataFrame
    events: pd.DataFrame

    def __post_init__(self) -> None:
        for f in fields(self):
            validate(f.name, getattr(self, f.name))

    @classmethod
    def from_records(cls, **records: list[dict]) -> "ArticleFrames":
        """Build from row dicts per table (missing tables are empty)."""
        return cls(**{name: table_from_records(name, records.get(name, [])) for name in TABLE_NAMES})

    @classmethod
    def empty(cls) -> "ArticleFrames":
        return cls(**{name: empty(name) for name in TABLE_NAMES})

    @classmethod
    def concat(cls, parts: Iterable["ArticleFrames"]) -> "ArticleFrames":
        """Stack the tables of many articles."""
        parts = list(parts)
        if not parts:
            return cls.empty()
        return cls(**{name: pd.concat([getattr(p, name) for p in parts], ignore_index=True).astype(dict(TABLES[name]))
                      for name in TABLE_NAMES})

    def named_events(self) -> pd.DataFrame:
        """The events with the names of their `source`, `target` and `place` beside the ids, for
        reading (ids repeat across articles, so the join is on article_id too)."""
        ev = self.events
        joins = (("source", self.actors, "actor_id", "source_actor_id"),
                 ("target", self.actors, "actor_id", "target_actor_id"),
                 ("place", self.locations, "location_id", "location_id"))
        for column, table, key, foreign in joins:
            names = table[["article_id", key, "name"]].drop_duplicates(["article_id", key])
            ev = ev.merge(names.rename(columns={key: foreign, "name": column}), on=["article_id", foreign], how="left")
        return ev

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in TABLE_NAMES}

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(df)} {name}" for name, df in self.tables().items())
        return f"ArticleFrames({counts})"

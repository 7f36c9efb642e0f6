"""Curated data shipped with the package (rules and knowledge as data, each row sourced)."""
from __future__ import annotations

import csv
from functools import lru_cache
from importlib.resources import files


@lru_cache(maxsize=None)
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of resources/NAME as dicts (read once, then cached; empty cells are '')."""
    with files(__name__).joinpath(name).open(encoding="utf-8", newline="") as f:
        return tuple(dict(row) for row in csv.DictReader(row for row in f if not row.startswith("#")))

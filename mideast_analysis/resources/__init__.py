"""Curated data shipped with the package (rules and knowledge as data, each row sourced).

Every table is read through `load_csv`, which checks it against its declaration in `SPECS` before
any rule uses it: the header, the column count of every row, required cells, regular expressions
(compiled), numbers, ISO dates and closed vocabularies. A malformed table is a `ResourceError`
naming the file, the line and the cause, never a rule that silently matches the wrong thing.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from ..errors import ResourceError
from ..schema import ACTOR_KINDS, EVENT_TYPES, PLACE_FEATURES, is_date

SECTORS = frozenset({"COP", "CVL", "ELI", "GOV", "JRN", "JUD", "LEG", "MIL", "PRM", "REB", "SPY", "UAF", "UNK"})
ALPHA2 = re.compile(r"[A-Z]{2}")
ALPHA3 = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Spec:
    """What one resource table must look like: its columns, in order, and the checks on its cells."""

    columns: tuple[str, ...]
    required: tuple[str, ...] = ()
    regex: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    patterns: dict[str, re.Pattern] = field(default_factory=dict)  # column -> the form a non-empty cell has
    choices: dict[str, frozenset[str]] = field(default_factory=dict)  # column -> allowed non-empty values


SPECS: dict[str, Spec] = {
    "actors.csv": Spec(
        ("actor_key", "name", "aliases", "kind", "country", "code", "role", "role_start", "role_end",
         "affiliation", "source"),
        required=("actor_key", "name", "kind", "source"), dates=("role_start", "role_end"),
        patterns={"country": ALPHA3, "code": re.compile(r"[A-Z]{3,6}")}, choices={"kind": ACTOR_KINDS}),
    "country_aliases.csv": Spec(("alias", "country"), required=("alias", "country"), patterns={"country": ALPHA2}),
    "country_points.csv": Spec(("country", "lat", "lon", "source"), required=("country", "lat", "lon", "source"),
                               numbers=("lat", "lon"), patterns={"country": ALPHA2}),
    "demonyms.csv": Spec(("demonym", "country"), required=("demonym", "country"), patterns={"country": ALPHA2}),
    "event_triggers.csv": Spec(
        ("lemma", "pos", "prep", "object_lemmas", "type", "mode", "cameo", "acled_event_type",
         "acled_sub_event_type", "weight", "note"),
        required=("lemma", "pos", "type"), numbers=("weight",), patterns={"cameo": re.compile(r"\d{2,4}")},
        choices={"pos": frozenset({"NOUN", "VERB"}), "type": EVENT_TYPES}),
    "facilities.csv": Spec(("phrase", "name", "seat", "reading", "owner"), required=("phrase", "name", "seat", "reading", "owner"),
                           choices={"seat": frozenset({"capital", "city"}), "reading": frozenset({"place", "institution"}),
                                    "owner": frozenset({"sender", "host", "none"})}),
    "entry_verbs.csv": Spec(("lemma",), required=("lemma",)),
    "institutions.csv": Spec(("lemma", "kind", "sector", "group"), required=("lemma", "kind", "sector", "group"),
                             choices={"kind": ACTOR_KINDS, "sector": SECTORS}),
    "macro_regions.csv": Spec(("name", "aliases", "source"), required=("name", "source")),
    "places.csv": Spec(("name", "aliases", "feature", "country", "lat", "lon", "precision_km", "parent", "source"),
                       required=("name", "feature", "lat", "lon", "source"), numbers=("lat", "lon", "precision_km"),
                       patterns={"country": ALPHA2}, choices={"feature": PLACE_FEATURES}),
    "sectors.csv": Spec(("keyword", "sector"), required=("keyword", "sector"), choices={"sector": SECTORS}),
    "short_names.csv": Spec(("short_name", "place", "source"), required=("short_name", "place", "source")),
    "sources.csv": Spec(("pattern", "source"), required=("pattern", "source"), regex=("pattern",)),
    "us_state_abbreviations.csv": Spec(("abbreviation", "state"), required=("abbreviation", "state"),
                                       patterns={"state": ALPHA2}),
}


def _cell_error(spec: Spec, column: str, value: str) -> str | None:
    """Why one cell breaks its table's declaration, or None."""
    if not value:
        return f"column {column!r} is empty" if column in spec.required else None
    if column in spec.regex:
        try:
            re.compile(value)
        except re.error as exc:
            return f"column {column!r}: {value!r} is not a regular expression ({exc})"
    if column in spec.numbers:
        try:
            float(value)
        except ValueError:
            return f"column {column!r}: {value!r} is not a number"
    if column in spec.dates and not is_date(value):
        return f"column {column!r}: {value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"
    if column in spec.patterns and not spec.patterns[column].fullmatch(value):
        return f"column {column!r}: {value!r} does not have the form {spec.patterns[column].pattern}"
    if column in spec.choices and value not in spec.choices[column]:
        return f"column {column!r}: {value!r} is not one of {sorted(spec.choices[column])}"
    return None


def parse_table(name: str, content: str) -> tuple[dict[str, str], ...]:
    """The rows of a resource table's text as dicts, checked against SPECS[name]. Lines starting
    with '#' are comments; a cell holding a comma must be quoted."""
    spec = SPECS.get(name)
    if spec is None:
        raise ResourceError(name, 0, "no declaration in resources.SPECS")
    # comments become blank lines, so the reader's line numbers are the file's
    lines = ("\n" if line.startswith("#") else line for line in io.StringIO(content))
    reader = csv.reader(lines)
    header: list[str] | None = None
    rows = []
    for cells in reader:
        if not cells:
            continue
        if header is None:
            header = cells
            if tuple(header) != spec.columns:
                raise ResourceError(name, reader.line_num, f"header {header} is not {list(spec.columns)}")
            continue
        if len(cells) != len(header):
            raise ResourceError(name, reader.line_num, f"{len(cells)} cells where the header has {len(header)} "
                                                       f"(a cell holding a comma must be quoted)")
        row = dict(zip(header, cells))
        for column, value in row.items():
            cause = _cell_error(spec, column, value)
            if cause:
                raise ResourceError(name, reader.line_num, cause)
        rows.append(row)
    if header is None:
        raise ResourceError(name, 0, "no header row")
    return tuple(rows)


@lru_cache(maxsize=None)
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of resources/NAME as dicts, validated (read once, then cached; empty cells are '')."""
    return parse_table(name, files(__name__).joinpath(name).read_text(encoding="utf-8"))

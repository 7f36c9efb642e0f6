"""The curated knowledge about actors, as data: the actor table (resources/actors.csv, with roles by
date), institution nouns, title words and their CAMEO sectors, and the kinds an organisation's name tells."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .geocoding.gazetteer import normalize
from .resources import load_csv

ORG_KIND_WORDS = [("armed_group", ("brigade", "brigades", "militia", "front", "battalion", "resistance", "league of")),
                  ("military", ("forces", "force", "army", "guard", "corps", "navy", "command")),
                  ("media", ("agency", "news", "times", "post", "tv", "television", "radio", "press", "monitor")),
                  ("government", ("ministry", "council", "parliament", "presidency", "government", "court",
                                  "office", "department", "embassy", "assembly", "cabinet"))]


@dataclass(frozen=True)
class Known:
    """One row of the curated actor table."""

    key: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str
    code: str
    role: str
    start: str
    end: str
    affiliation: str


@lru_cache(maxsize=1)
def knowledge() -> dict[str, list[Known]]:
    """Curated actors by normalized name and alias (several rows per person: one per role period)."""
    out: dict[str, list[Known]] = {}
    for r in load_csv("actors.csv"):
        k = Known(r["actor_key"], r["name"], tuple(a for a in r["aliases"].split("|") if a), r["kind"],
                  r["country"], r["code"], r["role"], r["role_start"], r["role_end"], r["affiliation"])
        for n in {normalize(k.name), *map(normalize, k.aliases)}:
            out.setdefault(n, []).append(k)
    return out


def known_actor(name: str, when: date | None) -> Known | None:
    """The curated row for a name, with the role held on `when` (else the latest role)."""
    rows = knowledge().get(normalize(name), [])
    if not rows or len({r.key for r in rows}) > 1:
        return None  # unknown, or ambiguous between two actors
    if when is not None:
        iso = when.isoformat()
        current = [r for r in rows if (not r.start or r.start <= iso) and (not r.end or iso <= r.end)]
        if current:
            return current[-1]
        before = [r for r in rows if r.start and r.start <= iso]
        rows = before or rows
    return sorted(rows, key=lambda r: r.start)[-1]


@lru_cache(maxsize=1)
def institutions() -> dict[str, dict[str, str]]:
    return {r["lemma"]: r for r in load_csv("institutions.csv")}


def sector_of(words: str) -> str | None:
    """CAMEO sector of a role or title ('Defence Minister' -> GOV), from resources/sectors.csv."""
    low = f" {normalize(words)} "
    for r in load_csv("sectors.csv"):
        if f" {r['keyword']} " in low:
            return r["sector"]
    return None


HONORIFICS = {"mr", "mrs", "ms", "dr", "sheikh", "shaikh", "ayatollah", "grand", "prince", "princess", "king", "queen",
              "emir", "sultan", "gen", "general", "col", "colonel", "maj", "major", "lt", "brig", "capt", "sgt",
              "imam", "cleric", "sayyed", "mullah", "senator", "sen", "rep"}


def is_title_word(word: str) -> bool:
    """'President', 'Sheikh', 'Gen.': a title spaCy may take for part of a name."""
    return word.rstrip(".").lower() in HONORIFICS or (word[:1].isupper() and sector_of(word) is not None)


def org_kind(name: str) -> str:
    """The kind of an organisation no table knows, from the words of its name ('... Brigades' -> armed_group)."""
    low = f" {name.lower()} "
    for kind, words in ORG_KIND_WORDS:
        if any(f" {w} " in low for w in words):
            return kind
    return "organization"

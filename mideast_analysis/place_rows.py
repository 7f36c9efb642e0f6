"""The `locations` table from an article's resolved places: which places get a row, and the rows."""
from __future__ import annotations

import math

from .place_resolver import ResolvedPlace
from .spans import Mention


def named_as_places(places: list[ResolvedPlace], used: set[str], text: str) -> list[ResolvedPlace]:
    """The places of the `locations` table: all but those the text names only inside a hyphenated modifier
    ('an Iran-backed militia', 'a US-led coalition'), which describes someone and stays in the actor's
    country, unless an event happened there; and the parents of those kept."""
    def describes(m: Mention) -> bool:
        return text.startswith("-", m.end)

    keep = {rp.location_id for rp in places
            if rp.location_id in used or not all(describes(m) for m in rp.mentions)}
    parent = {rp.location_id: rp.parent_id for rp in places}
    for lid in list(keep):
        while parent.get(lid) and parent[lid] not in keep:
            lid = parent[lid]
            keep.add(lid)
    return [rp for rp in places if rp.location_id in keep]


def location_rows(article_id: str, places: list[ResolvedPlace]) -> list[dict]:
    """Rows of the `locations` table, places named literally and often first."""
    rows = []
    for rp in sorted(places, key=lambda rp: (-rp.literal, -len(rp.mentions), rp.location_id)):
        p = rp.place
        aliases = sorted({m.text for m in rp.mentions} - {p.name})
        rows.append({"article_id": article_id, "location_id": rp.location_id, "name": p.name, "feature": p.feature,
                     "country": p.country or None, "lat": _num(p.lat), "lon": _num(p.lon),
                     "geonameid": p.geonameid or None, "source": p.source, "precision_km": _num(p.precision_km),
                     "confidence": rp.confidence,
                     "parent_id": rp.parent_id or None, "n_mentions": len(rp.mentions),
                     "aliases": "|".join(aliases) or None, "literal_mentions": rp.literal})
    return rows


def _num(x: float) -> float | None:
    return None if math.isnan(x) else x

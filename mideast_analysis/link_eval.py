"""Linking against an answer key: which reports are of one real event, pairwise precision and recall.

An answer key has one row per (real event, report): `event_key` (shared by every report of one event),
`article_id` and `anchor`, a short exact passage of that article naming the event ('car bomb exploded').
A report is the extracted event of that article whose trigger or merged mentions overlap the anchor (the
one of the key's type first, when the key gives a `type`), else the event of the key's type told in the
anchor's sentence by other words. A pair of reports is linked when their events
share a cluster; it should be when they share an event_key.
"""
from __future__ import annotations

from itertools import combinations

import pandas as pd

from .errors import InputError
from .frames import ArticleFrames
from .link import SAME_EVENT_TYPES, Links


def evaluate_links(frames: ArticleFrames, links: Links, key: pd.DataFrame, texts: dict[str, str]) -> dict:
    """Pairwise precision, recall and F1 of the links over the key's reports (`texts`: article_id -> text,
    to find the anchors); also the reports whose event was not found."""
    cluster = dict(zip(zip(links.event_links["article_id"], links.event_links["event_id"]),
                       links.event_links["cluster_id"]))
    found: list[tuple[str, str | None]] = []  # (event_key, cluster_id or None) per key row
    missing = []
    for row in key.itertuples(index=False):
        event_id = report_event(frames.events, row.article_id, texts, row.anchor, getattr(row, "type", None))
        cid = cluster.get((row.article_id, event_id)) if event_id else None
        found.append((row.event_key, cid))
        if cid is None:
            missing.append(f"{row.article_id}: {row.anchor}")
    gold = {p for p in combinations(range(len(found)), 2) if found[p[0]][0] == found[p[1]][0]}
    linked = {p for p in combinations(range(len(found)), 2)
              if found[p[0]][1] is not None and found[p[0]][1] == found[p[1]][1]}
    hits = len(gold & linked)
    precision = hits / len(linked) if linked else 1.0
    recall = hits / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "gold_pairs": len(gold), "linked_pairs": len(linked), "correct_pairs": hits,
            "reports": len(found), "reports_not_found": missing}


def report_event(events: pd.DataFrame, article_id: str, texts: dict[str, str], anchor: str,
                 event_type: str | None = None) -> str | None:
    """The id of the article's event whose trigger or mentions overlap the anchor passage, None if none."""
    text = texts.get(article_id)
    if text is None or anchor not in text:
        raise InputError(article_id, f"the answer key's anchor {anchor!r} is not in the article's text")
    a = text.index(anchor)
    b = a + len(anchor)
    ev = events[events["article_id"] == article_id]
    hits = [(r.type != event_type, r.event_id) for r in ev.itertuples(index=False)
            if any(s < b and a < e for s, e in _spans(r))]
    if not hits:  # the event told in the anchor's sentence by other words ('gathered … blocking traffic')
        hits = [(False, r.event_id) for r in ev.itertuples(index=False)
                if anchor in str(r.sentence) and _group(r.type) == _group(event_type)]
    return min(hits)[1] if hits else None


def _group(event_type: str | None) -> str | None:
    return SAME_EVENT_TYPES.get(event_type, event_type) if isinstance(event_type, str) else None


def _spans(event) -> list[tuple[int, int]]:
    """The event's trigger and merged mention offsets ('12-19|40-45' in `spans`)."""
    out = [(int(event.start), int(event.end))] if pd.notna(event.start) else []
    for part in str(event.spans if pd.notna(event.spans) else "").split("|"):
        if "-" in part:
            s, e = part.split("-", 1)
            if s.strip().isdigit() and e.strip().isdigit():
                out.append((int(s), int(e)))
    return out

"""Plain data shared by the stages: a mention of something in the text, and stable ids."""
from __future__ import annotations

import hashlib
from bisect import bisect_left
from dataclasses import dataclass


def stable_id(prefix: str, *parts: object) -> str:
    """An id derived from content (never from run order), so tables from different runs join."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}{digest}"


@dataclass(frozen=True)
class Mention:
    """A span of the article's text that refers to an actor, a location or a date."""

    kind: str        # actor | location | date
    ref_id: str      # actor_id, location_id, or the resolved date
    text: str
    label: str       # spaCy label or the rule that found it
    sentence: int    # index of the sentence in the article (over analysed segments)
    start: int       # offsets into Article.text
    end: int
    segment: str     # layout segment kind (title, caption, body, related)

    def row(self, article_id: str, context: str) -> dict:
        """The mention as a row of the `mentions` table; `context` is its sentence, for provenance."""
        return {"article_id": article_id, "mention_id": stable_id("m-", article_id, self.kind, self.start, self.end),
                "kind": self.kind, "ref_id": self.ref_id, "text": self.text, "label": self.label,
                "sentence": self.sentence, "start": self.start, "end": self.end, "segment": self.segment,
                "context": context}


CONTEXT_CHARS = 600  # longer sentences (run-on text, lists) are shown as a window around the mention


def context_of(sentence_start: int, sentence: str, mention: Mention) -> str:
    """The sentence of a mention, for provenance; around the mention only when the sentence is longer than
    CONTEXT_CHARS (a run-on text of 10,000 words would otherwise be copied into every mention's row)."""
    if len(sentence) <= CONTEXT_CHARS:
        return sentence
    half = CONTEXT_CHARS // 2
    lo = max(0, mention.start - sentence_start - half)
    hi = min(len(sentence), mention.end - sentence_start + half)
    return ("…" if lo else "") + sentence[lo:hi] + ("…" if hi < len(sentence) else "")


class SpanIndex:
    """Spans of the text -> ids, with the spans inside a range found by bisection (an article with
    thousands of mentions would otherwise be scanned once per event)."""

    def __init__(self, spans: dict[tuple[int, int], str]) -> None:
        self.spans = spans
        self._sorted = sorted(spans.items())
        self._starts = [start for (start, _), _ in self._sorted]

    def __contains__(self, span: object) -> bool:
        return span in self.spans

    def within(self, lo: int, hi: int) -> list[tuple[tuple[int, int], str]]:
        """The (span, id) pairs with lo <= start and end <= hi, in text order."""
        out = []
        for span, ref in self._sorted[bisect_left(self._starts, lo):]:
            if span[0] >= hi:
                break
            if span[1] <= hi:
                out.append((span, ref))
        return out

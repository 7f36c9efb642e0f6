"""Plain data shared by the stages: a mention of something in the text, and stable ids."""
from __future__ import annotations

import hashlib
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
